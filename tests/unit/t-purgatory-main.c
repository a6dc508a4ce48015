/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-purgatory-main.c - the purgatory's C logic, run on the host.
 *
 * purgatory/purgatory.c and purgatory/console.c are compiled into this
 * test (the same sources as the freestanding build) with fake port I/O
 * that records what would go out on each UART.  The entry code is not run
 * (it needs CPL 0): the test plays its part by setting kj_jump_back and
 * kj_params_pa, then calls purgatory_main().  "Physical" addresses are host
 * pointers, which is what they are to the purgatory too (identity map on
 * x86_64, paging off on i386); on the -m32 tool build this runs the i386
 * variant of the address checks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* ---- fake port I/O for console.c ---- */
#define KJ_PURGATORY_TEST_IO 1
static char uart_out[2][8192];   /* [0] = 0x3f8, [1] = 0x2f8 */
static size_t uart_len[2];
static unsigned long other_port_writes, lsr_polls;
static int uart_stuck;           /* LSR never reports THR empty */
static uint8_t uart_lcr[2];      /* line control, for DLAB */
static unsigned uart_div[2];     /* divisor latch */

static int uart_idx(uint16_t base)
{
	return base == 0x3f8 ? 0 : base == 0x2f8 ? 1 : -1;
}

/* ---- fake VGA card for vga.c: the registers the mode-3 reset and the
 * console touch, with the card's rules that matter (CRTC 0-7 ignore
 * writes while CRTC 0x11 bit 7 is set; the attribute port alternates
 * index/data, and an input-status read sets it back to index; the CRTC
 * answers at 0x3d4 or 0x3b4 as the misc register's bit 0 says) ---- */
static uint8_t vga_misc, vga_seq_idx, vga_seq[8], vga_gc_idx, vga_gc[16];
static uint8_t vga_crtc_idx, vga_crtc[32], vga_attr_idx, vga_attr[32];
static int vga_attr_data;          /* next 0x3c0 write is data */
static int vga_attr_pas;           /* last index written had bit 5 */
static unsigned vga_ios;           /* VGA port accesses */
static unsigned vga_dropped;       /* writes a real card would ignore */
static unsigned vga_live_clock;    /* seq 1 written outside a sync reset */
static uint16_t vga_mem[2][16384]; /* [0] at 0xb8000, [1] at 0xb0000 */

static volatile uint16_t *vga_text_mem(int mono)
{
	return vga_mem[mono ? 1 : 0];
}

static int vga_out(uint16_t port, uint8_t v)
{
	uint16_t crtc = (vga_misc & 1) ? 0x3d4 : 0x3b4;

	switch (port) {
	case 0x3c2: vga_misc = v; break;
	case 0x3c4: vga_seq_idx = v; break;
	case 0x3c5:
		if ((vga_seq_idx & 7) == 1 && (vga_seq[0] & 3) == 3)
			vga_live_clock++;
		vga_seq[vga_seq_idx & 7] = v;
		break;
	case 0x3ce: vga_gc_idx = v; break;
	case 0x3cf: vga_gc[vga_gc_idx & 15] = v; break;
	case 0x3c0:
		if (vga_attr_data) {
			vga_attr[vga_attr_idx] = v;
		} else {
			vga_attr_idx = v & 0x1f;
			vga_attr_pas = (v & 0x20) != 0;
		}
		vga_attr_data = !vga_attr_data;
		break;
	case 0x3d4: case 0x3b4: case 0x3d5: case 0x3b5:
		if ((port & ~1u) != crtc) {
			vga_dropped++;
		} else if (port & 1) {
			if (vga_crtc_idx <= 7 && (vga_crtc[0x11] & 0x80))
				vga_dropped++;
			else
				vga_crtc[vga_crtc_idx & 31] = v;
		} else {
			vga_crtc_idx = v;
		}
		break;
	default:
		return 0;
	}
	vga_ios++;
	return 1;
}

static int vga_in(uint16_t port, uint8_t *v)
{
	uint16_t crtc = (vga_misc & 1) ? 0x3d4 : 0x3b4;

	switch (port) {
	case 0x3cc: *v = vga_misc; break;
	case 0x3c5: *v = vga_seq[vga_seq_idx & 7]; break;
	case 0x3cf: *v = vga_gc[vga_gc_idx & 15]; break;
	case 0x3da: case 0x3ba: vga_attr_data = 0; *v = 0; break;
	case 0x3d5: case 0x3b5:
		*v = (port - 1) == crtc ? vga_crtc[vga_crtc_idx & 31] : 0xff;
		break;
	default:
		return 0;
	}
	vga_ios++;
	return 1;
}

/* a card left in some other state, the screen full of 'X' */
static void vga_mess(int mono)
{
	size_t i;

	vga_misc = mono ? 0x66 : 0x67;
	memset(vga_seq, 0x5a, sizeof(vga_seq));
	memset(vga_gc, 0x5a, sizeof(vga_gc));
	memset(vga_crtc, 0x5a, sizeof(vga_crtc));
	memset(vga_attr, 0x5a, sizeof(vga_attr));
	vga_seq[0] = 0x03;
	vga_crtc[0x11] = 0x80;         /* CRTC 0-7 locked */
	vga_crtc[0x0c] = vga_crtc[0x0d] = 0;
	vga_crtc[0x0e] = vga_crtc[0x0f] = 0;
	vga_attr_data = 1;             /* flip-flop left on "data" */
	vga_ios = vga_dropped = vga_live_clock = 0;
	for (i = 0; i < 16384; i++)
		vga_mem[0][i] = vga_mem[1][i] = 0x1f00 | 'X';
}

static void vga_set_cursor(unsigned start, unsigned cursor)
{
	vga_crtc[0x0c] = (uint8_t)(start >> 8);
	vga_crtc[0x0d] = (uint8_t)start;
	vga_crtc[0x0e] = (uint8_t)(cursor >> 8);
	vga_crtc[0x0f] = (uint8_t)cursor;
}

static unsigned vga_cursor(void)
{
	return (unsigned)vga_crtc[0x0e] << 8 | vga_crtc[0x0f];
}

/* row @row of the page at cell @start, characters only, trailing blanks
 * cut */
static const char *vga_row(int mono, unsigned start, unsigned row)
{
	static char line[81];
	int i;

	for (i = 0; i < 80; i++)
		line[i] = (char)(vga_mem[mono][start + row * 80 + (unsigned)i] & 0xff);
	line[80] = 0;
	for (i = 79; i >= 0 && line[i] == ' '; i--)
		line[i] = 0;
	return line;
}

static void outb(uint16_t port, uint8_t v)
{
	int i = uart_idx(port);
	int b;

	if (vga_out(port, v))
		return;

	for (b = 0; b < 2; b++) {
		uint16_t base = b ? 0x2f8 : 0x3f8;

		if (port == base + 3) {
			uart_lcr[b] = v;
			return;
		}
		if ((uart_lcr[b] & 0x80) && (port == base || port == base + 1)) {
			if (port == base)
				uart_div[b] = (uart_div[b] & 0xff00u) | v;
			else
				uart_div[b] = (uart_div[b] & 0xffu) | ((unsigned)v << 8);
			return;
		}
	}
	if (i < 0) {
		other_port_writes++;
		return;
	}
	if (uart_len[i] < sizeof(uart_out[i]) - 1)
		uart_out[i][uart_len[i]++] = (char)v;
}

static uint8_t inb(uint16_t port)
{
	uint8_t v;

	if (vga_in(port, &v))
		return v;
	lsr_polls++;
	if (uart_idx((uint16_t)(port - 5)) < 0)
		other_port_writes++;   /* not an LSR of a known UART */
	return uart_stuck ? 0x00 : 0x60;
}

#include <setjmp.h>
#include <sys/mman.h>

/* ---- fake CR0/CR4 and CPUID for simd.c: every access is logged in
 * cpu_log ("r0 w0=VALUE r4 w4=VALUE fxsave fxrstor hash=IMPL ...");
 * FXSAVE/FXRSTOR are real (they need no privilege). ---- */
#define KJ_PURGATORY_TEST_CPU 1
#include "sha256.h"
#include "../../purgatory/purgatory.h"
static uintptr_t fake_cr0, fake_cr4;
static int fake_shani;          /* what the fake CPUID reports */
static char cpu_log[1024];
static int hash_bad_state;      /* a SHA-NI hash ran without SSE enabled */

static void cpu_note(const char *fmt, unsigned long v)
{
	size_t n = strlen(cpu_log);
	snprintf(cpu_log + n, sizeof(cpu_log) - n, fmt, v);
}

static uintptr_t kj_read_cr0(void) { cpu_note("r0 ", 0); return fake_cr0; }
static uintptr_t kj_read_cr4(void) { cpu_note("r4 ", 0); return fake_cr4; }
static void kj_write_cr0(uintptr_t v) { cpu_note("w0=%lx ", v); fake_cr0 = v; }
static void kj_write_cr4(uintptr_t v) { cpu_note("w4=%lx ", v); fake_cr4 = v; }
/* logged, then the real instruction (simd.c's kj_fx*_cpu) */
static void kj_fxsave(uint8_t *area);
static void kj_fxrstor(const uint8_t *area);
/* the fake CPUID can only claim what the host really has */
#define kj_simd_cpu_ok() (fake_shani && sha256_cpu_has_shani())

/* purgatory.c's hashing, logged with the CPU state it ran in */
static int logged_sha256_with(enum sha256_impl impl, const void *data,
			      size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	cpu_note("hash=%lu ", (unsigned long)impl);
	if (impl == SHA256_IMPL_SHANI &&
	    ((fake_cr0 & (KJ_CR0_EM | KJ_CR0_TS)) || !(fake_cr4 & KJ_CR4_OSFXSR)))
		hash_bad_state++;
	return sha256_with(impl, data, len, out);
}
#define sha256_with logged_sha256_with

#include "../../purgatory/console.c"
#include "../../purgatory/vga.c"
#include "../../purgatory/simd.c"

static void kj_fxsave(uint8_t *area)
{
	cpu_note("fxsave ", 0);
	if ((fake_cr0 & (KJ_CR0_EM | KJ_CR0_TS)) || !(fake_cr4 & KJ_CR4_OSFXSR))
		cpu_note("(#UD/#NM) ", 0);
	if ((uintptr_t)area & 15)
		cpu_note("(misaligned: #GP) ", 0);
	kj_fxsave_cpu(area);
}

static void kj_fxrstor(const uint8_t *area)
{
	cpu_note("fxrstor ", 0);
	if ((uintptr_t)area & 15)
		cpu_note("(misaligned: #GP) ", 0);
	kj_fxrstor_cpu(area);
}
#include "../../purgatory/purgatory.c"
#undef sha256_with

/* ---- fake boot trampoline and halt (entry*.S in the real build) ---- */
static jmp_buf out_of_purgatory;
static int booted, halted;
static uintptr_t boot_entry, boot_bp;

void kj_boot_linux(uintptr_t entry, uintptr_t boot_params)
{
	booted++;
	boot_entry = entry;
	boot_bp = boot_params;
	longjmp(out_of_purgatory, 1);
}

void kj_halt(void)
{
	halted++;
	longjmp(out_of_purgatory, 2);
}

/* the register boot (entry32.S / entry64.S): record what it was given */
static struct purgatory_params *regs_booted;
void kj_boot_regs(struct purgatory_params *p)
{
	booted++;
	regs_booted = p;
	longjmp(out_of_purgatory, 3);
}

#if UINTPTR_MAX > 0xffffffffu
/* entry64.S's 32-bit call: record the arguments, return a value */
static int call32_calls;
static uint32_t call32_entry, call32_params;
int kj_call32(uint32_t entry, uint32_t params)
{
	call32_calls++;
	call32_entry = entry;
	call32_params = params;
	return -7;
}
#endif

#if UINTPTR_MAX == 0xffffffffu
/* entry32.S's Linux-to-Linux stub and the patched GDT descriptor */
uint8_t kj_kernel_gdt[16];
void kj_to_a_stub(void) {}
#endif

/* Run purgatory_main(): 0 = it returned, 1 = it booted, 2 = it halted. */
static int run_main(void)
{
	int how;

	booted = halted = 0;
	boot_entry = boot_bp = 0;
	how = setjmp(out_of_purgatory);
	if (how == 0)
		purgatory_main();
	return how;
}

static void uart_reset(void)
{
	memset(uart_out, 0, sizeof(uart_out));
	uart_len[0] = uart_len[1] = 0;
	other_port_writes = lsr_polls = 0;
	uart_stuck = 0;
	uart_lcr[0] = uart_lcr[1] = 0;
	uart_div[0] = uart_div[1] = 0;
}

/* ---- a program and its memory ---- */
static int prog_calls;
static uint64_t prog_saw_count;
static uint32_t prog_saw_out_len;
static char prog_saw_text[64];
static int prog_ret = 42;

static int program(struct purgatory_params *p)
{
	const char *text = purgatory_params_append(p);
	char *out = purgatory_params_output(p);

	prog_calls++;
	prog_saw_count = p->call_count;
	prog_saw_out_len = p->out_len;
	snprintf(prog_saw_text, sizeof(prog_saw_text), "%s", text ? text : "");
	if (out) {
		int n = snprintf(out, p->out_size, "call %u", (unsigned)p->call_count);
		p->out_len = (uint32_t)n;
	}
	return prog_ret;
}

#define OUT_SIZE 256
static union {
	struct purgatory_params p;
	uint8_t bytes[KJ_PP_SIZE + 64 + OUT_SIZE];
	uint64_t align;
} blk;
static uint8_t seg_a[5000], seg_b[64];

static struct purgatory_params *setup(uint32_t flags, uint16_t port)
{
	struct purgatory_params *p = &blk.p;
	static const char text[] = "hello purgatory";

	memset(&blk, 0, sizeof(blk));
	p->magic = KJ_PP_MAGIC;
	p->version = KJ_PP_VERSION;
	p->size = KJ_PP_SIZE;
	p->flags = flags;
	p->entry = (uint64_t)(uintptr_t)program;
	p->append_off = KJ_PP_SIZE;
	p->append_size = sizeof(text);
	memcpy(blk.bytes + KJ_PP_SIZE, text, sizeof(text));
	p->out_off = KJ_PP_SIZE + 64;
	p->out_size = OUT_SIZE;
	p->out_len = 0xdead;
	p->serial_port = port;
	p->serial_baud = 115200;
	p->nr_regions = 3;
	p->regions[0].start = (uint64_t)(uintptr_t)seg_a;
	p->regions[0].len = sizeof(seg_a);
	sha256(seg_a, sizeof(seg_a), p->regions[0].sha256);
	p->regions[1].start = (uint64_t)(uintptr_t)seg_b;
	p->regions[1].len = sizeof(seg_b);
	sha256(seg_b, sizeof(seg_b), p->regions[1].sha256);
	p->regions[2].start = 0;       /* empty region: digest of "" */
	p->regions[2].len = 0;
	sha256(NULL, 0, p->regions[2].sha256);
	kj_params_pa = (uint64_t)(uintptr_t)p;
	kj_jump_back = UINT64_C(0x12345678);
	prog_calls = 0;
	prog_ret = 42;
	uart_reset();
	return p;
}

/* Show captured UART output as TAP comments, one per line. */
static void show(const char *name, const char *s)
{
	printf("# %s: ", name);
	for (; *s; s++) {
		if (*s == '\r')
			continue;
		putchar(*s);
		if (*s == '\n' && s[1])
			printf("# %s: ", name);
	}
}

static void hex(char *dst, const uint8_t *b)
{
	int i;

	for (i = 0; i < 32; i++)
		sprintf(dst + 2 * i, "%02x", b[i]);
}

/* 11. SHA-NI in the purgatory (simd.c): SSE enabled only around the
 * hashing, only when CPUID says so, and CR0/CR4/x87-SSE state given back. */
static void simd_tests(void)
{
	struct purgatory_params *p;
	int host = sha256_cpu_has_shani();
	char want[512];

	/* the pure CR computations */
	is_u64(kj_simd_cr0(0x8000001d), 0x80000013, "simd cr0: EM and TS cleared, MP set");
	is_u64(kj_simd_cr0(0x80050033), 0x80050033, "simd cr0: already usable, unchanged");
	is_u64(kj_simd_cr0(0x11), 0x13, "simd cr0: i386 paging off, MP set");
	is_u64(kj_simd_cr4(0x20), 0x220, "simd cr4: OSFXSR added to PAE");
	is_u64(kj_simd_cr4(0x6f0), 0x6f0, "simd cr4: already has OSFXSR");

	/* no SHA-NI in CPUID: nothing touched, portable hashing */
	fake_shani = 0;
	fake_cr0 = 0x8000001d;
	fake_cr4 = 0x20;
	cpu_log[0] = '\0';
	p = setup(KJ_PP_F_CONSOLE_SERIAL, 0x3f8);
	purgatory_main();
	is_str(cpu_log, "hash=1 hash=1 hash=1 ", "no SHA-NI: portable, no CR access, no FXSAVE");
	is_int(p->status, KJ_PP_ST_RETURNED, "no SHA-NI: checks pass, program called");
	has_str(uart_out[0], "sha256 ok, 3 regions (portable)\r\n", "no SHA-NI: debug line names the portable code");

	if (!host) {
		printf("# this CPU has no SHA-NI: the SHA-NI purgatory path is not run here\n");
		return;
	}
	/* SHA-NI, SSE off, TS and EM set (the worst case) */
	fake_shani = 1;
	fake_cr0 = 0x8000001d;
	fake_cr4 = 0x20;
	cpu_log[0] = '\0';
	hash_bad_state = 0;
	p = setup(KJ_PP_F_CONSOLE_SERIAL, 0x3f8);
	purgatory_main();
	is_str(cpu_log, "r0 r4 w4=220 w0=80000013 fxsave hash=2 hash=2 hash=2 fxrstor r0 w0=8000001d r4 w4=20 ",
	       "SHA-NI: SSE on, state saved, hashed, state restored, CR0/CR4 back");
	is_int(hash_bad_state, 0, "SHA-NI: every hash ran with SSE enabled");
	is_u64(fake_cr0, 0x8000001d, "SHA-NI: CR0 as found");
	is_u64(fake_cr4, 0x20, "SHA-NI: CR4 as found");
	is_int(p->status, KJ_PP_ST_RETURNED, "SHA-NI: digests match, program called");
	has_str(uart_out[0], "sha256 ok, 3 regions (sha-ni)\r\n", "SHA-NI: debug line names sha-ni");

	/* SSE already usable: no CR writes at all */
	fake_cr0 = 0x80050033;
	fake_cr4 = 0x6f0;
	cpu_log[0] = '\0';
	p = setup(0, 0x3f8);
	purgatory_main();
	is_str(cpu_log, "r0 r4 fxsave hash=2 hash=2 hash=2 fxrstor r0 r4 ",
	       "SHA-NI, SSE already on: CR0/CR4 read, not written");

	/* a mismatch found by SHA-NI: reported, CPU restored before the
	 * message and the return; the computed digest is the portable one */
	fake_cr0 = 0x11;
	fake_cr4 = 0;
	cpu_log[0] = '\0';
	p = setup(0, 0x3f8);
	seg_a[4999] ^= 1;
	purgatory_main();
	{
		uint8_t d[32];

		sha256_with(SHA256_IMPL_PORTABLE, seg_a, sizeof(seg_a), d);
		ok(memcmp(p->bad_sha256, d, 32) == 0, "SHA-NI mismatch: bad_sha256 = portable digest of the bytes");
	}
	seg_a[4999] ^= 1;
	is_int(p->status, KJ_PP_ST_SHA256_MISMATCH, "SHA-NI mismatch: detected in the last byte");
	is_int(prog_calls, 0, "SHA-NI mismatch: program not called");
	snprintf(want, sizeof(want), "r0 r4 w4=200 w0=13 fxsave hash=2 fxrstor r0 w0=11 r4 w4=0 ");
	is_str(cpu_log, want, "SHA-NI mismatch (i386, paging off): first region fails, CPU restored");

	/* boot mode, mismatch: restored before kj_halt */
	fake_cr0 = 0x8000001d;
	fake_cr4 = 0x20;
	cpu_log[0] = '\0';
	p = setup(KJ_PP_F_BOOT_LINUX, 0x3f8);
	p->boot_params = 0x90000;
	p->out_size = 0;
	p->out_off = 0;
	seg_a[0] ^= 1;
	is_int(run_main(), 2, "SHA-NI, boot mode mismatch: halts");
	seg_a[0] ^= 1;
	is_u64(fake_cr0, 0x8000001d, "SHA-NI, boot mode mismatch: CR0 restored before the halt");
	is_u64(fake_cr4, 0x20, "SHA-NI, boot mode mismatch: CR4 restored before the halt");

	/* control: the logging hook does notice SHA-NI hashing with SSE off */
	fake_cr4 = 0;
	hash_bad_state = 0;
	{
		uint8_t d[32];

		logged_sha256_with(SHA256_IMPL_SHANI, "abc", 3, d);
	}
	is_int(hash_bad_state, 1, "control: a SHA-NI hash with CR4.OSFXSR clear is caught");
	fake_shani = 0;
}

int main(void)
{
	struct purgatory_params *p;
	uint8_t good[32], bad[32];
	char want[80];
	size_t i;

	for (i = 0; i < sizeof(seg_a); i++)
		seg_a[i] = (uint8_t)(i * 7 + 3);
	memset(seg_b, 0x5a, sizeof(seg_b));

	/* 1. A normal first call. */
	p = setup(KJ_PP_F_VERIFY_ONCE, 0x3f8);
	purgatory_main();
	is_int(prog_calls, 1, "valid block: program called once");
	is_int(p->status, KJ_PP_ST_RETURNED, "status RETURNED");
	is_int(p->ret, 42, "ret = the program's return value");
	is_u64(p->call_count, 1, "call_count 1 after the first call");
	is_u64(prog_saw_count, 1, "the program saw call_count 1");
	is_int(prog_saw_out_len, 0, "out_len reset to 0 before the call");
	is_int(p->out_len, 6, "out_len as the program set it");
	is_str((char *)blk.bytes + p->out_off, "call 1", "output buffer written");
	is_str(prog_saw_text, "hello purgatory", "program reads the --append text");
	is_u64(p->jump_back, 0x12345678, "jump_back = R saved by the entry code");
	is_int(uart_len[0] + uart_len[1], 0, "no serial output without --console-serial");
	is_int(other_port_writes, 0, "no other I/O port touched");

	/* 2. VERIFY_ONCE: the second call does not hash (the program may
	 * have changed its segments). */
	seg_b[3] ^= 1;
	kj_jump_back = UINT64_C(0x87654321);
	prog_ret = -5;
	purgatory_main();
	is_int(prog_calls, 2, "VERIFY_ONCE: second call runs despite a changed segment");
	is_u64(p->call_count, 2, "call_count 2");
	is_int(p->ret, -5, "negative return value kept");
	is_str((char *)blk.bytes + p->out_off, "call 2", "output of the second call");
	is_u64(p->jump_back, 0x87654321, "jump_back updated on every call");

	/* 3. Checked every time: a mismatch stops the call. */
	sha256(seg_b, sizeof(seg_b), bad);
	seg_b[3] ^= 1;
	sha256(seg_b, sizeof(seg_b), good);
	seg_b[3] ^= 1;                 /* corrupt again */
	p = setup(0, 0x2f8);
	memcpy(p->regions[1].sha256, good, 32);
	purgatory_main();
	is_int(prog_calls, 0, "mismatch: program not called");
	is_int(p->status, KJ_PP_ST_SHA256_MISMATCH, "status SHA256_MISMATCH");
	is_int(p->bad_region, 1, "bad_region = 1");
	ok(memcmp(p->bad_sha256, bad, 32) == 0, "bad_sha256 = computed digest");
	is_u64(p->call_count, 0, "call_count unchanged on mismatch");
	is_int(uart_len[0], 0, "nothing on COM1 when the block names COM2");
	has_str(uart_out[1], "sha256 mismatch in region 1 at 0x", "message names the region (COM2)");
	hex(want, good);
	has_str(uart_out[1], want, "message has the expected digest");
	hex(want, bad);
	has_str(uart_out[1], want, "message has the computed digest");
	snprintf(want, sizeof(want), "0x%llx bytes\r\n", (unsigned long long)sizeof(seg_b));
	has_str(uart_out[1], want, "message has the length, lines end in CRLF");
	show("COM2", uart_out[1]);

	/* 4. Same, serial_port 0: silent but recorded. */
	p = setup(0, 0);
	memcpy(p->regions[1].sha256, good, 32);
	purgatory_main();
	is_int(p->status, KJ_PP_ST_SHA256_MISMATCH, "port 0: mismatch still recorded");
	is_int(uart_len[0] + uart_len[1] + (int)lsr_polls, 0, "port 0: no port I/O at all");

	/* 5. NO_CHECKS: corrupted data is not looked at. */
	p = setup(KJ_PP_F_NO_CHECKS, 0x3f8);
	memcpy(p->regions[1].sha256, good, 32);
	purgatory_main();
	is_int(prog_calls, 1, "NO_CHECKS: program called despite a mismatch");
	is_int(p->status, KJ_PP_ST_RETURNED, "NO_CHECKS: status RETURNED");
	seg_b[3] ^= 1;                 /* repair */

	/* 6. VERIFY_ONCE but the first call failed: the next one checks
	 * again (call_count is still 0). */
	p = setup(KJ_PP_F_VERIFY_ONCE, 0x3f8);
	seg_a[100] ^= 0x80;
	purgatory_main();
	is_int(p->status, KJ_PP_ST_SHA256_MISMATCH, "VERIFY_ONCE first call: mismatch caught");
	is_int(p->bad_region, 0, "bad_region = 0");
	purgatory_main();
	is_int(prog_calls, 0, "VERIFY_ONCE: still checked while call_count is 0");
	seg_a[100] ^= 0x80;
	purgatory_main();
	is_int(prog_calls, 1, "repaired: called");
	is_int(p->status, KJ_PP_ST_RETURNED, "repaired: RETURNED");

	/* 7. --console-serial debug lines. */
	p = setup(KJ_PP_F_CONSOLE_SERIAL, 0x3f8);
	prog_ret = -7;
	purgatory_main();
	has_str(uart_out[0], "call 1: program 0x", "debug: call line");
	has_str(uart_out[0], "return to 0x12345678\r\n", "debug: R in hex");
	has_str(uart_out[0], "sha256 ok, 3 regions", "debug: verification line");
	has_str(uart_out[0], "program returned -7, out_len 6\r\n", "debug: result line");
	show("COM1", uart_out[0]);
	/* --serial-baud: divisor = 115200 / baud, then 8N1 with DLAB off */
	is_int(uart_div[0], 1, "debug at 115200 baud: divisor 1");
	is_int(uart_lcr[0], 0x03, "debug: LCR back to 8N1, DLAB clear");
	is_int(uart_div[1], 0, "debug: the other UART untouched");
	p = setup(KJ_PP_F_CONSOLE_SERIAL, 0x3f8);
	p->serial_baud = 9600;
	purgatory_main();
	is_int(uart_div[0], 12, "debug at 9600 baud: divisor 12");
	has_str(uart_out[0], "call 1: program 0x", "debug at 9600: still prints");
	p = setup(KJ_PP_F_CONSOLE_SERIAL, 0x3f8);
	p->serial_baud = 0;
	purgatory_main();
	is_int(uart_lcr[0], 0, "baud 0: the UART is not reprogrammed");
	p = setup(0, 0x3f8);
	p->serial_baud = 9600;
	purgatory_main();
	is_int(uart_lcr[0], 0, "no --console-serial: the UART is not reprogrammed");

	/* 8. Bad blocks: nothing called, the reason recorded. */
	p = setup(0, 0x2f8);
	p->magic ^= 1;
	purgatory_main();
	is_int(prog_calls, 0, "bad magic: not called");
	is_int(p->status, KJ_PP_ST_BAD_PARAMS, "bad magic: status BAD_PARAMS");
	is_int(p->bad_region, KJ_PP_CHK_MAGIC, "bad magic: reason KJ_PP_CHK_MAGIC");
	has_str(uart_out[0], "unusable parameter block", "bad block: message on COM1");

	p = setup(0, 0x3f8);
	p->nr_regions = KJ_PP_MAX_REGIONS + 1;
	purgatory_main();
	is_int(p->bad_region, KJ_PP_CHK_REGIONS, "too many regions: KJ_PP_CHK_REGIONS");

	p = setup(0, 0x3f8);
	blk.bytes[KJ_PP_SIZE + p->append_size - 1] = 'x';
	purgatory_main();
	is_int(p->bad_region, KJ_PP_CHK_APPEND, "unterminated text: KJ_PP_CHK_APPEND");

	p = setup(0, 0x3f8);
	p->out_off = KJ_PP_SIZE + 8;   /* overlaps the text */
	purgatory_main();
	is_int(p->bad_region, KJ_PP_CHK_OVERLAP, "overlapping text/buffer: KJ_PP_CHK_OVERLAP");

	p = setup(0, 0x3f8);
	p->out_off = 0xfffffff0u;      /* far past any segment */
	purgatory_main();
	is_int(p->bad_region, KJ_PP_CHK_OUTPUT, "buffer 4 GiB away: KJ_PP_CHK_OUTPUT");
	is_int(prog_calls, 0, "bad blocks: program never called");

	p = setup(0, 0x3f8);
	kj_params_pa = 0;
	purgatory_main();
	is_int(prog_calls, 0, "kj_params_pa 0: not called");
	is_int(p->status, KJ_PP_ST_NONE, "kj_params_pa 0: nothing written");
	has_str(uart_out[0], "unusable parameter block at 0x0 ", "kj_params_pa 0: message");

#if UINTPTR_MAX == 0xffffffffu
	p = setup(0, 0x3f8);
	p->regions[0].start = UINT64_C(0x100000000);
	purgatory_main();
	is_int(p->status, KJ_PP_ST_BAD_PARAMS, "i386: region above 4 GiB is BAD_PARAMS");
	is_int(p->bad_region, KJ_PP_CHK_REGIONS, "i386: reason KJ_PP_CHK_REGIONS");
	p = setup(0, 0x3f8);
	p->entry = UINT64_C(0x100001000);
	purgatory_main();
	is_int(p->status, KJ_PP_ST_BAD_PARAMS, "i386: entry above 4 GiB is BAD_PARAMS");
	is_int(prog_calls, 0, "i386: not called");
#endif

	/* 10. Linux-boot mode: checks pass -> kj_boot_linux(entry,
	 * boot_params), the program is never called. */
	p = setup(KJ_PP_F_BOOT_LINUX, 0x3f8);
	p->boot_params = 0x90000;
	p->out_size = 0;
	p->out_off = 0;
	is_int(run_main(), 1, "boot mode: jumps to the kernel");
	is_int(prog_calls, 0, "boot mode: the entry is not called as a program");
	is_u64(boot_entry, (uint64_t)(uintptr_t)program, "boot mode: entry passed to the trampoline");
	is_u64(boot_bp, 0x90000, "boot mode: boot_params passed to the trampoline");
	is_int(halted, 0, "boot mode: not halted");
	is_int(uart_len[0], 0, "boot mode: silent without --console-serial");
	/* with --console-serial: one line saying where it goes */
	p = setup(KJ_PP_F_BOOT_LINUX | KJ_PP_F_CONSOLE_SERIAL, 0x3f8);
	p->boot_params = 0x7ffe0000;
	is_int(run_main(), 1, "boot mode, console: jumps");
	has_str(uart_out[0], "booting Linux at 0x", "boot mode, console: says it boots");
	has_str(uart_out[0], "kexec-jump purgatory: Linux kernel entry 0x", "boot mode, console: first line names the kernel entry");
	ok(!strstr(uart_out[0], "program"), "boot mode, console: no program-call wording");
	has_str(uart_out[0], "boot_params 0x7ffe0000", "boot mode, console: names boot_params");
	/* a corrupted segment: halt with the digests, never boot */
	p = setup(KJ_PP_F_BOOT_LINUX, 0x3f8);
	p->boot_params = 0x90000;
	seg_a[100] ^= 0x40;
	is_int(run_main(), 2, "boot mode, sha256 mismatch: halts");
	seg_a[100] ^= 0x40;
	is_int(booted, 0, "boot mode, sha256 mismatch: the kernel is not entered");
	is_int(p->status, KJ_PP_ST_SHA256_MISMATCH, "boot mode, mismatch: status recorded");
	has_str(uart_out[0], "sha256 mismatch in region 0", "boot mode, mismatch: reported on COM1");
	has_str(uart_out[0], "not booting the kernel; halted", "boot mode, mismatch: says it halts");
	/* -i: no check, boots even with the corrupted byte */
	p = setup(KJ_PP_F_BOOT_LINUX | KJ_PP_F_NO_CHECKS, 0x3f8);
	p->boot_params = 0x90000;
	seg_a[100] ^= 0x40;
	is_int(run_main(), 1, "boot mode with -i: boots without checking");
	seg_a[100] ^= 0x40;
	/* BOOT_LINUX without boot_params is an unusable block: no boot */
	p = setup(KJ_PP_F_BOOT_LINUX, 0x3f8);
	is_int(run_main(), 0, "boot mode without boot_params: returns (entry code halts when R is 0)");
	is_int(booted, 0, "boot mode without boot_params: not booted");
	is_int(p->status, KJ_PP_ST_BAD_PARAMS, "boot mode without boot_params: BAD_PARAMS");
	is_int(p->bad_region, KJ_PP_CHK_BOOT, "boot mode without boot_params: reason CHK_BOOT");

	/* 10b. KJ_PP_F_JUMP_BACK_ARG: R and its page appended to the command
	 * line in boot_params before booting (a Linux-to-Linux jump).  The
	 * block holds boot_params as a u32: the buffer must lie below 4 GiB. */
	{
		uint8_t *bp;
		char *cmd;
		uint32_t bpa;

#if UINTPTR_MAX > 0xffffffffu
		bp = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
		if (bp == MAP_FAILED)
			bp = NULL;
#else
		bp = calloc(1, 8192);
#endif
		ok(bp != NULL, "jump-back arg: a boot_params buffer below 4 GiB");
		if (bp) {
			bpa = (uint32_t)(uintptr_t)bp;
			cmd = (char *)bp + 4096;
			memset(bp, 0, 8192);
			bp[0x206] = 0x0f; bp[0x207] = 0x02;        /* protocol 2.15 */
			bp[0x238] = 0xff; bp[0x239] = 0x07;        /* cmdline_size 2047 */
			memcpy(bp + 0x228, &(uint32_t){ bpa + 4096 }, 4);
			strcpy(cmd, "console=ttyS0");

			p = setup(KJ_PP_F_BOOT_LINUX | KJ_PP_F_JUMP_BACK_ARG | KJ_PP_F_JUMP, 0x3f8);
			p->boot_params = bpa;
			kj_jump_back = UINT64_C(0x7ff3abc);
			is_int(run_main(), 1, "jump-back arg: boots");
			is_str(cmd, "console=ttyS0 kexec_jump_back_entry=0x0000000007ff3abc memmap=4K#0x0000000007ff3000",
			       "jump-back arg: R and a 4 KiB ACPI window over R's page appended");
			ok(strlen(cmd) - strlen("console=ttyS0") <= KJ_PP_CMDLINE_SPARE,
			   "jump-back arg: fits the spare bytes the loader leaves");

#if UINTPTR_MAX == 0xffffffffu
			/* i386 with the repair: B comes back through the stub,
			 * and the mailbox follows the parameter block */
			strcpy(cmd, "console=ttyS0");
			kj_kernel_gdt[0] = 0xff;
			p = setup(KJ_PP_F_BOOT_LINUX | KJ_PP_F_JUMP_BACK_ARG | KJ_PP_F_JUMP, 0x3f8);
			p->boot_params = bpa;
			is_int(run_main(), 1, "i386 repair: boots");
			{
				char want[200];

				snprintf(want, sizeof(want),
					 "console=ttyS0 kexec_jump_back_entry=0x%016llx kexec_jump_back_mailbox=0x%016llx",
					 (unsigned long long)(uintptr_t)kj_to_a_stub,
					 (unsigned long long)kj_params_pa + 4096);
				is_str(cmd, want, "i386 repair: the stub as the way back, the mailbox after the block");
			}
			ok(strlen(cmd) - strlen("console=ttyS0") <= KJ_PP_CMDLINE_SPARE,
			   "i386 repair: fits the spare bytes");
			kj_kernel_gdt[0] = 0;
#endif
			strcpy(cmd, "console=ttyS0");
			p = setup(KJ_PP_F_BOOT_LINUX, 0x3f8);
			p->boot_params = bpa;
			is_int(run_main(), 1, "no jump-back flag: boots");
			is_str(cmd, "console=ttyS0", "no jump-back flag: command line untouched");

			bp[0x238] = 40; bp[0x239] = 0;               /* cmdline_size 40 */
			p = setup(KJ_PP_F_BOOT_LINUX | KJ_PP_F_JUMP_BACK_ARG | KJ_PP_F_JUMP | KJ_PP_F_CONSOLE_SERIAL, 0x3f8);
			p->boot_params = bpa;
			kj_jump_back = UINT64_C(0x7ff3abc);
			is_int(run_main(), 1, "no room: still boots");
			is_str(cmd, "console=ttyS0", "no room: command line untouched (cmdline_size respected)");
			has_str(uart_out[0], "no room for kexec_jump_back_entry=", "no room: says so on the console");
#if UINTPTR_MAX > 0xffffffffu
			munmap(bp, 8192);
#else
			free(bp);
#endif
		}
	}

	/* 11. Register boots (KJ_PP_F_BOOT_REGS): checked, then handed to
	 * kj_boot_regs with the block; the program is never called. */
	/* (a block of this test lies above 4 GiB on x86_64: a 64-bit boot
	 * there, a 32-bit one on i386) */
	p = setup(KJ_PP_F_BOOT_REGS | KJ_PP_F_CONSOLE_SERIAL |
		  (sizeof(void *) == 4 ? KJ_PP_F_PROG32 : 0), 0x3f8);
	p->out_size = 0;
	p->out_off = 0;
	p->boot_nstack = 2;
	p->entry = 0x1000000;   /* 32-bit code lies below 4 GiB */
	regs_booted = NULL;
	is_int(run_main(), 3, "register boot: started through kj_boot_regs");
	ok(regs_booted == p, "register boot: given the block");
	is_int(prog_calls, 0, "register boot: not called as a program");
	is_u64(p->call_count, 1, "register boot: call_count 1");
	has_str(uart_out[0], sizeof(void *) == 4 ?
		"kexec-jump purgatory: register boot, 32-bit entry 0x" :
		"kexec-jump purgatory: register boot, 64-bit entry 0x",
		"register boot: console names the mode");
	has_str(uart_out[0], "sha256 ok, 3 regions", "register boot: checked first");
	p = setup(KJ_PP_F_BOOT_REGS, 0x3f8);
	seg_b[3] ^= 1;
	is_int(run_main(), 2, "register boot, sha256 mismatch: halts");
	seg_b[3] ^= 1;
	is_int(booted, 0, "register boot, sha256 mismatch: not started");
	has_str(uart_out[0], "not booting the kernel; halted", "register boot, mismatch: says it halts");
	p = setup(KJ_PP_F_BOOT_REGS, 0x3f8);
	p->boot_nstack = 5;
	is_int(run_main(), 0, "register boot with 5 stack words: returns");
	is_int(booted, 0, "register boot with 5 stack words: not started");
	is_int(p->bad_region, KJ_PP_CHK_BOOT, "register boot with 5 stack words: CHK_BOOT");

#if UINTPTR_MAX > 0xffffffffu
	/* 12. KJ_PP_F_PROG32 on x86_64: the program goes through kj_call32
	 * with its entry and the block's address, both below 4 GiB. */
	{
		struct purgatory_params *low;

		setup(KJ_PP_F_PROG32 | KJ_PP_F_VERIFY_ONCE, 0);
		low = mmap(NULL, sizeof(blk), PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
		ok(low != MAP_FAILED, "prog32: a block below 4 GiB");
		if (low != MAP_FAILED) {
			memcpy(low, &blk, sizeof(blk));
			low->entry = 0x1000000;
			kj_params_pa = (uint64_t)(uintptr_t)low;
			is_int(run_main(), 0, "prog32: returns");
			is_int(call32_calls, 1, "prog32: called through kj_call32");
			is_int(prog_calls, 0, "prog32: not called as 64-bit code");
			is_u64(call32_entry, 0x1000000, "prog32: the entry");
			is_u64(call32_params, (uint64_t)(uintptr_t)low, "prog32: the block's address");
			is_int(low->ret, -7, "prog32: its return value recorded");
			is_int(low->status, KJ_PP_ST_RETURNED, "prog32: RETURNED");
			/* an entry above 4 GiB cannot be 32-bit code */
			memcpy(low, &blk, sizeof(blk));
			low->entry = UINT64_C(0x100000000);
			call32_calls = 0;
			is_int(run_main(), 0, "prog32, entry at 4 GiB: returns");
			is_int(call32_calls, 0, "prog32, entry at 4 GiB: not called");
			is_int(low->status, KJ_PP_ST_BAD_PARAMS, "prog32, entry at 4 GiB: BAD_PARAMS");
			is_int(low->bad_region, KJ_PP_CHK_SIZE, "prog32, entry at 4 GiB: CHK_SIZE");
			munmap(low, sizeof(blk));
		}
	}
#endif

	/* 13. --reset-vga: mode 3 from a card left in another state.  The
	 * expected values are the standard VGA mode 3 (80x25 colour text)
	 * register set. */
	{
		static const uint8_t seq3[5] = { 0x03, 0x00, 0x03, 0x00, 0x02 };
		static const uint8_t crtc3[25] = {
			0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00,
			0x4f, 0x0d, 0x0e, 0x00, 0x00, 0x00, 0x00, 0x9c, 0x8e,
			0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff };
		static const uint8_t gc3[9] = {
			0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x00, 0xff };
		static const uint8_t attr3[21] = {
			0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38,
			0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x0c, 0x00,
			0x0f, 0x08, 0x00 };
		unsigned blank = 0;

		vga_mess(1);               /* monochrome I/O addresses, locked */
		p = setup(KJ_PP_F_RESET_VGA, 0x3f8);
		is_int(run_main(), 0, "reset-vga: the program is called and returns");
		is_int(prog_calls, 1, "reset-vga: program called once");
		is_int(vga_misc, 0x67, "reset-vga: misc output 0x67 (colour, 28 MHz)");
		ok(memcmp(vga_seq, seq3, sizeof(seq3)) == 0, "reset-vga: sequencer 0-4 as mode 3");
		is_int(vga_live_clock, 0, "reset-vga: clocking mode written inside a sync reset");
		ok(memcmp(vga_crtc, crtc3, sizeof(crtc3)) == 0, "reset-vga: CRTC 0-0x18 as mode 3 (0-7 despite the lock)");
		is_int(vga_crtc[0x11] & 0x80, 0x80, "reset-vga: CRTC 0-7 locked again");
		ok(memcmp(vga_gc, gc3, sizeof(gc3)) == 0, "reset-vga: graphics controller as mode 3");
		ok(memcmp(vga_attr, attr3, sizeof(attr3)) == 0, "reset-vga: attribute controller 0-0x14 as mode 3");
		is_int(vga_attr_pas, 1, "reset-vga: display on (PAS set last)");
		for (i = 0; i < 2000; i++)
			blank += vga_mem[0][i] == 0x0720;
		is_int(blank, 2000, "reset-vga: the 80x25 page is blank");
		is_int(vga_mem[0][2000], 0x1f00 | 'X', "reset-vga: nothing written past the page");
		is_int(vga_mem[1][0], 0x1f00 | 'X', "reset-vga: the monochrome buffer is not touched");
		is_int(uart_len[0], 0, "reset-vga: nothing on the UART");
	}

	/* 14. --console-vga: the messages at the cursor, on a line of their
	 * own; the rows above stay; the UART stays silent without
	 * --console-serial. */
	vga_mess(0);
	vga_set_cursor(0, 3 * 80 + 5);
	p = setup(KJ_PP_F_CONSOLE_VGA, 0x3f8);
	is_int(run_main(), 0, "console-vga: returns");
	is_str(vga_row(0, 0, 3), "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
	       "console-vga: the row with the cursor keeps its text");
	{
		char line[200], got[200];

		snprintf(line, sizeof(line),
			 "kexec-jump purgatory: call 1: program 0x%llx, parameters 0x%llx, return to 0x12345678",
			 (unsigned long long)(uintptr_t)program, (unsigned long long)(uintptr_t)p);
		/* row 4 whole (a full row: its trailing blank counts) */
		for (i = 0; i < 80; i++)
			got[i] = (char)(vga_mem[0][4 * 80 + i] & 0xff);
		snprintf(got + 80, sizeof(got) - 80, "%s", vga_row(0, 0, 5));
		is_int(strlen(line) > 80, 1, "console-vga: the call line is longer than a row");
		is_str(got, line, "console-vga: call line on rows 4 and 5, wrapped at column 80");
	}
	is_str(vga_row(0, 0, 6), "kexec-jump purgatory: sha256 ok, 3 regions (portable)", "console-vga: sha256 line");
	is_str(vga_row(0, 0, 7), "kexec-jump purgatory: program returned 42, out_len 6", "console-vga: result line");
	is_int(vga_mem[0][7 * 80] >> 8, 0x07, "console-vga: light grey on black");
	is_int(vga_cursor(), 8 * 80, "console-vga: hardware cursor after the last line");
	is_int(uart_len[0], 0, "console-vga: nothing on the UART without --console-serial");
	is_int(vga_mem[1][0], 0x1f00 | 'X', "console-vga: colour card: the monochrome buffer not touched");

	/* with --console-serial too: the same text on both */
	vga_mess(0);
	p = setup(KJ_PP_F_CONSOLE_VGA | KJ_PP_F_CONSOLE_SERIAL, 0x3f8);
	run_main();
	has_str(uart_out[0], "sha256 ok, 3 regions (portable)\r\n", "console-vga + serial: UART has the lines");
	is_str(vga_row(0, 0, 2), "kexec-jump purgatory: sha256 ok, 3 regions (portable)", "console-vga + serial: so has the screen");

	/* scrolling: the cursor on the last row */
	vga_mess(0);
	for (i = 0; i < 80; i++)
		vga_mem[0][24 * 80 + i] = 0x0700 | 'L';
	vga_mem[0][1 * 80] = 0x0700 | 'A';
	vga_set_cursor(0, 24 * 80 + 80 - 1);
	p = setup(KJ_PP_F_CONSOLE_VGA, 0);
	run_main();
	is_str(vga_row(0, 0, 24), "", "scroll: the last row is left blank for the cursor");
	is_str(vga_row(0, 0, 23), "kexec-jump purgatory: program returned 42, out_len 6", "scroll: last message on row 23");
	is_int(vga_cursor(), 24 * 80, "scroll: cursor at the start of row 24");
	is_str(vga_row(0, 0, 19), "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL"
	       "LLLLLLLLLLLLLLLL", "scroll: the old last row moved up five rows (one blank line + four of text)");
	is_int(vga_mem[0][2000], 0x1f00 | 'X', "scroll: nothing written past the page");

	/* a page that starts at cell 2000 (Linux scrolled by moving the
	 * start address) and a monochrome card */
	vga_mess(1);
	vga_set_cursor(2000, 2000);
	p = setup(KJ_PP_F_CONSOLE_VGA, 0);
	run_main();
	ok(strncmp(vga_row(1, 2000, 0), "kexec-jump purgatory: call 1", 28) == 0,
	   "mono, start 2000: text at the page's first row in the 0xb0000 buffer");
	is_int(vga_mem[0][2000], 0x1f00 | 'X', "mono: the colour buffer not touched");
	is_int(vga_cursor(), 2000 + 4 * 80, "mono: cursor through 0x3b4");
	is_int(vga_dropped, 0, "mono: no write to the wrong CRTC");

	/* a failure reaches the screen too */
	vga_mess(0);
	p = setup(KJ_PP_F_CONSOLE_VGA, 0);
	p->regions[0].sha256[0] ^= 1;
	run_main();
	is_int(p->status, KJ_PP_ST_SHA256_MISMATCH, "console-vga: mismatch recorded");
	for (i = 0; i < 25; i++)
		if (strncmp(vga_row(0, 0, (unsigned)i), "kexec-jump purgatory: sha256 mismatch in region 0 at", 52) == 0)
			break;
	ok(i < 25, "console-vga: the mismatch is on the screen");
	if (i == 25)
		for (i = 0; i < 8; i++)
			printf("# row %u: %s\n", (unsigned)i, vga_row(0, 0, (unsigned)i));

	/* neither flag: the card is not touched */
	vga_mess(0);
	p = setup(KJ_PP_F_CONSOLE_SERIAL, 0x3f8);
	run_main();
	is_int(vga_ios, 0, "no VGA flag: no VGA port touched");
	is_int(vga_mem[0][0], 0x1f00 | 'X', "no VGA flag: the screen not touched");

	/* 9. Console formatting and the bounded spin. */
	uart_reset();
	con_putdec(0x3f8, UINT64_MAX);
	con_putc(0x3f8, ' ');
	con_putdec(0x3f8, 0);
	con_putc(0x3f8, ' ');
	con_puthex(0x3f8, 0);
	con_putc(0x3f8, ' ');
	con_puthex(0x3f8, UINT64_C(0xfedcba9876543210));
	con_putc(0x3f8, ' ');
	con_putsdec(0x3f8, INT32_MIN);
	is_str(uart_out[0], "18446744073709551615 0 0x0 0xfedcba9876543210 -2147483648",
	       "putdec/puthex/putsdec edge values");
	uart_reset();
	uart_stuck = 1;
	con_putc(0x3f8, 'A');
	is_int(lsr_polls, 0x10000, "stuck UART: LSR polled 0x10000 times, no more");
	is_str(uart_out[0], "A", "stuck UART: the byte is written anyway");

	simd_tests();
	return tap_done();
}
