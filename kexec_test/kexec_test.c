/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kexec_test.c - a freestanding image that checks, on every call, the
 * environment the purgatory promises a program (include/purgatory-abi.h,
 * doc/abi.md 3.2/3.3) and reports each check on COM1 and in the
 * output buffer.  Returns the number of failed checks (0 = all passed), so
 * `kexec -e`'s exit status is the verdict.
 *
 *   kexec --load-preserve-context --type=phys --load-addr=0x3000000 \
 *         --append=kexec_test kexec_test64.bin
 *   kexec -e ; kexec -e ; kexec -e
 *
 * One source for both widths; only inline asm that must differ is under
 * #ifdef __x86_64__.  No libc, no SSE, no 64-bit division (i386 would need
 * libgcc): numbers are printed in hex with shifts, decimals are 32-bit.
 * Everything it keeps between calls lives in its own segment (.data and
 * .bss, folded into the blob by kexec_test.lds).
 */
#include <stddef.h>
#include <stdint.h>
#include "kj-portio.h"
#include "purgatory-abi.h"

#define KT_MEM_SIZE    4096
#define KT_STACK_PAT   1024
#define KT_CANARY      0x4b544341u  /* set on the first call */
#define KT_DATA_WORD   0x6b6a7464u  /* initialised .data, must never change */
#define KT_PUR_STACK   16384u       /* purgatory stack size (entry*.S) */
#define KT_APPEND_WANT "kexec_test"

/* ---- the entry: record the stack pointer the purgatory gave us, then
 * tail-jump to kt_main with the stack (and so the argument) unchanged. ---- */
int kj_program(struct purgatory_params *p);
int kt_main(struct purgatory_params *p);
unsigned long kt_entry_sp;

#ifdef __x86_64__
__asm__(".section .text.entry,\"ax\",@progbits\n"
	".globl kj_program\n"
	".type kj_program,@function\n"
	"kj_program:\n"
	"\tmovq %rsp, kt_entry_sp(%rip)\n"
	"\tjmp kt_main\n"
	".size kj_program, .-kj_program\n"
	".previous\n");
#define KT_SP_ALIGN_OFF 8u   /* SysV: RSP+8 is 16-byte aligned at entry */
#else
__asm__(".section .text.entry,\"ax\",@progbits\n"
	".globl kj_program\n"
	".type kj_program,@function\n"
	"kj_program:\n"
	"\tmovl %esp, kt_entry_sp\n"
	"\tjmp kt_main\n"
	".size kj_program, .-kj_program\n"
	".previous\n");
#define KT_SP_ALIGN_OFF 4u   /* i386 SysV (gcc): ESP+4 16-byte aligned */
#endif

/* ---- persistent state (inside the loaded blob) ---- */
static uint8_t kt_mem[KT_MEM_SIZE];     /* .bss: pattern of the last call */
static uint32_t kt_canary;              /* .bss: KT_CANARY after call 1 */
static uint32_t kt_calls;               /* .bss: our own call counter */
static volatile uint32_t kt_data_word = KT_DATA_WORD; /* .data */

/* ---- CPU access (same text for both widths: unsigned long is the
 * register width) ---- */
static inline unsigned long read_cr0(void)
{
	unsigned long v;
	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline unsigned long read_cr3(void)
{
	unsigned long v;
	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline unsigned long read_cr4(void)
{
	unsigned long v;
	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline unsigned long read_flags(void)
{
	unsigned long v;
	__asm__ volatile("pushf\n\tpop %0" : "=r"(v) : : "memory");
	return v;
}

static inline uint16_t read_cs(void)
{
	uint16_t v;
	__asm__ volatile("mov %%cs, %0" : "=r"(v));
	return v;
}

#ifdef __x86_64__
static inline uint64_t read_efer(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xC0000080u));
	return ((uint64_t)hi << 32) | lo;
}

/* Only decodes as intended in a 64-bit code segment: a full 64-bit
 * immediate moved into a register, shifted and recombined. */
static inline uint64_t probe_64bit(void)
{
	uint64_t a, b;
	__asm__ volatile("movabsq $0x0123456789abcdef, %0\n\t"
			 "movq %0, %1\n\t"
			 "shrq $32, %1\n\t"
			 "shlq $32, %1\n\t"
			 "xorq %1, %0\n\t"       /* low half only */
			 "orq %1, %0\n\t"        /* and back */
			 : "=&r"(a), "=&r"(b));
	return a;
}
#endif

/* ---- output: serial (polled, bounded, never reprogrammed) + buffer ---- */
struct kt_out {
	uint16_t port;
	char *buf;          /* NULL if the block is not trusted */
	uint32_t cap, len;
	uint32_t call;
	unsigned checks, failed;
};

static void putc_both(struct kt_out *o, char c)
{
	if (c == '\n')
		kj_uart_putc(o->port, '\r');
	kj_uart_putc(o->port, c);
	if (o->buf && o->len < o->cap)
		o->buf[o->len++] = c;
}

static void puts_both(struct kt_out *o, const char *s)
{
	while (*s)
		putc_both(o, *s++);
}

static void put_dec(struct kt_out *o, uint32_t v)
{
	char tmp[11];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10u);   /* 32-bit: no libgcc */
		v /= 10u;
	} while (v);
	while (n)
		putc_both(o, tmp[--n]);
}

static void put_hex(struct kt_out *o, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	int s = 60;

	while (s > 0 && !((v >> s) & 15))
		s -= 4;
	puts_both(o, "0x");
	for (; s >= 0; s -= 4)
		putc_both(o, digits[(v >> s) & 15]);
}

/* Printable, bounded copy of untrusted text. */
static void put_text(struct kt_out *o, const char *s, uint32_t max)
{
	for (uint32_t i = 0; i < max && s[i]; i++)
		putc_both(o, (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?');
}

static void line_start(struct kt_out *o, int ok, const char *name)
{
	o->checks++;
	if (!ok)
		o->failed++;
	puts_both(o, "kexec_test: call ");
	put_dec(o, o->call);
	puts_both(o, ok ? ": ok " : ": FAIL ");
	puts_both(o, name);
	puts_both(o, " (");
}

static void line_end(struct kt_out *o)
{
	puts_both(o, ")\n");
}

/* " key=0x..." */
static void kv_hex(struct kt_out *o, const char *key, uint64_t v)
{
	putc_both(o, ' ');
	puts_both(o, key);
	putc_both(o, '=');
	put_hex(o, v);
}

/* ---- helpers ---- */
static uint8_t pattern(uint32_t call, uint32_t i)
{
	if (call == 0)
		return 0;               /* as loaded */
	return (uint8_t)((call * 151u) ^ (i * 7u) ^ (i >> 8) ^ 0xa5u);
}

static int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static uint64_t params_avail(const struct purgatory_params *p)
{
	uint64_t a = (uint64_t)p->append_off + p->append_size;
	uint64_t b = (uint64_t)p->out_off + p->out_size;

	if (p->append_size == 0)
		a = 0;
	if (p->out_size == 0)
		b = 0;
	return a > b ? a : b;
}

/* ---- the checks ---- */
static void check_mode(struct kt_out *o)
{
	unsigned long cr0 = read_cr0(), cr3 = read_cr3(), cr4 = read_cr4();
	int ok = (cr0 & 1u) != 0;                       /* PE */
#ifdef __x86_64__
	uint64_t efer = read_efer();
	uint64_t probe = probe_64bit();

	ok = ok && (cr0 & 0x80000000u) != 0;            /* PG */
	ok = ok && (efer & (1u << 10)) != 0;            /* LMA */
	ok = ok && (cr4 & (1u << 5)) != 0;              /* PAE */
	ok = ok && probe == 0x0123456789abcdefull;
	line_start(o, ok, "mode");
	puts_both(o, "x86_64 long mode:");
	kv_hex(o, "cr0", cr0);
	kv_hex(o, "cr3", cr3);
	kv_hex(o, "cr4", cr4);
	kv_hex(o, "efer", efer);
	kv_hex(o, "cs", read_cs());
	kv_hex(o, "probe64", probe);
#else
	ok = ok && (cr0 & 0x80000000u) == 0;            /* paging off */
	line_start(o, ok, "mode");
	puts_both(o, "i386 protected mode, paging off:");
	kv_hex(o, "cr0", cr0);
	kv_hex(o, "cr3", cr3);
	kv_hex(o, "cr4", cr4);
	kv_hex(o, "cs", read_cs());
#endif
	line_end(o);
}

static void check_irq(struct kt_out *o)
{
	unsigned long fl = read_flags();
	int ok = !(fl & (1u << 9));                    /* IF */

	line_start(o, ok, "interrupts-off");
	puts_both(o, ok ? "IF=0:" : "IF=1:");
	kv_hex(o, "eflags", fl);
	line_end(o);
}

static void check_stack(struct kt_out *o, const struct purgatory_params *p,
			int params_ok)
{
	volatile uint8_t buf[KT_STACK_PAT];
	unsigned long sp = kt_entry_sp;
	unsigned long at = (unsigned long)(uintptr_t)buf;
	uint32_t bad = 0;
	int aligned, in_stack = 1, ok;

	for (uint32_t i = 0; i < KT_STACK_PAT; i++)
		buf[i] = (uint8_t)(i * 29u + o->call + 0x3cu);
	for (uint32_t i = 0; i < KT_STACK_PAT; i++)
		if (buf[i] != (uint8_t)(i * 29u + o->call + 0x3cu))
			bad++;
	aligned = ((sp + KT_SP_ALIGN_OFF) & 15u) == 0;
	/* the array lies below the entry SP, not too far below */
	if (!(at < sp && sp - at <= 4096u))
		in_stack = 0;
	/* the entry SP lies inside the purgatory's stack */
	if (params_ok && p->stack_top != 0 &&
	    !((uint64_t)sp < p->stack_top &&
	      (uint64_t)sp >= p->stack_top - KT_PUR_STACK))
		in_stack = 0;
	ok = bad == 0 && aligned && in_stack;
	line_start(o, ok, "stack");
	puts_both(o, "1 KiB pattern ");
	puts_both(o, bad ? "mismatch" : "read back");
	if (bad) {
		puts_both(o, " bad=");
		put_dec(o, bad);
	}
	kv_hex(o, "sp", sp);
	puts_both(o, aligned ? " aligned" : " MISALIGNED");
	kv_hex(o, "array", at);
	if (params_ok)
		kv_hex(o, "stack_top", p->stack_top);
	if (!in_stack)
		puts_both(o, " OUTSIDE-STACK");
	line_end(o);
}

static void check_memory(struct kt_out *o, int first)
{
	uint32_t prev = o->call - 1, bad = 0, first_bad = 0;
	int canary_ok, data_ok, ok;

	for (uint32_t i = 0; i < KT_MEM_SIZE; i++)
		if (kt_mem[i] != pattern(prev, i)) {
			if (!bad)
				first_bad = i;
			bad++;
		}
	canary_ok = kt_canary == (first ? 0u : KT_CANARY);
	data_ok = kt_data_word == KT_DATA_WORD;
	ok = bad == 0 && canary_ok && data_ok;
	line_start(o, ok, "memory");
	puts_both(o, "4 KiB ");
	if (prev == 0)
		puts_both(o, "zero as loaded");
	else {
		puts_both(o, "pattern of call ");
		put_dec(o, prev);
	}
	if (bad) {
		puts_both(o, ": bad=");
		put_dec(o, bad);
		puts_both(o, " first at ");
		put_dec(o, first_bad);
	} else
		puts_both(o, " intact");
	kv_hex(o, "canary", kt_canary);
	if (!canary_ok)
		puts_both(o, " WRONG");
	kv_hex(o, "data", kt_data_word);
	if (!data_ok)
		puts_both(o, " WRONG");
	line_end(o);
}

static void check_params(struct kt_out *o, const struct purgatory_params *p,
			 uint64_t avail, int chk)
{
	const char *why = NULL;
	const char *text = NULL;

	if (p->magic != KJ_PP_MAGIC)
		why = "magic";
	else if (p->version != KJ_PP_VERSION)
		why = "version";
	else if (p->size != KJ_PP_SIZE)
		why = "size";
	else if (chk != KJ_PP_CHK_OK)
		why = "purgatory_params_check";
	else if (p->call_count != o->call)
		why = "call_count";
	else if (p->out_size < 512u)
		why = "out_size<512";
	if (!why && p->append_size > 0) {
		text = purgatory_params_append(p);
		if (!str_eq(text, KT_APPEND_WANT))
			why = "append";
	}
	line_start(o, why == NULL, "params");
	if (why) {
		puts_both(o, "bad ");
		puts_both(o, why);
		putc_both(o, ':');
	} else
		puts_both(o, "sane:");
	kv_hex(o, "magic", p->magic);
	kv_hex(o, "version", p->version);
	kv_hex(o, "size", p->size);
	kv_hex(o, "check", (uint32_t)chk);
	kv_hex(o, "avail", avail);
	kv_hex(o, "flags", p->flags);
	puts_both(o, " call_count=");
	put_hex(o, p->call_count);
	puts_both(o, " own=");
	put_dec(o, o->call);
	if (chk == KJ_PP_CHK_OK) {
		puts_both(o, " out_size=");
		put_dec(o, p->out_size);
		puts_both(o, " append_size=");
		put_dec(o, p->append_size);
		if (p->append_size > 0) {
			puts_both(o, " append='");
			put_text(o, purgatory_params_append(p), 64);
			putc_both(o, '\'');
		}
	}
	line_end(o);
}

int kt_main(struct purgatory_params *p)
{
	struct kt_out o = { 0x3f8, NULL, 0, 0, 0, 0, 0 };
	uint64_t avail;
	int chk, first;

	/* Trust nothing in the block until it checks out; the serial line
	 * always works (the port field is read only if the magic fits). */
	avail = params_avail(p);
	chk = purgatory_params_check(p, avail);
	if (p->magic == KJ_PP_MAGIC && p->serial_port != 0)
		o.port = p->serial_port;
	if (chk == KJ_PP_CHK_OK && p->out_size != 0) {
		o.buf = purgatory_params_output(p);
		o.cap = p->out_size;
	}

	first = kt_calls == 0;
	o.call = ++kt_calls;

	check_mode(&o);
	check_irq(&o);
	check_stack(&o, p, chk == KJ_PP_CHK_OK);
	check_memory(&o, first);
	check_params(&o, p, avail, chk);

	/* Leave this call's pattern for the next call to verify. */
	for (uint32_t i = 0; i < KT_MEM_SIZE; i++)
		kt_mem[i] = pattern(o.call, i);
	if (first)
		kt_canary = KT_CANARY;

	puts_both(&o, "kexec_test: call ");
	put_dec(&o, o.call);
	puts_both(&o, ": ");
	put_dec(&o, o.checks);
	puts_both(&o, " checks, ");
	put_dec(&o, o.failed);
	puts_both(&o, " failed\n");
	if (o.buf)
		p->out_len = o.len;
	return (int)o.failed;
}
