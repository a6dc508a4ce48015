/* SPDX-License-Identifier: GPL-2.0-or-later */
/* purgatory.c - what the purgatory does on every `kexec -e` (both widths).
 *
 * The entry code (entry64.S / entry32.S) has saved R, the kernel's
 * re-entry point, in kj_jump_back and switched to our own stack.  Here:
 *
 *   1. find the parameter block at kj_params_pa (written by kexec) and
 *      validate it with purgatory_params_check(); if it is unusable, set
 *      status = KJ_PP_ST_BAD_PARAMS (when there is a block to write to),
 *      say so on COM1 and return without calling anything;
 *   2. unless KJ_PP_F_NO_CHECKS, or KJ_PP_F_VERIFY_ONCE and this is not
 *      the first call: sha256 every region (SHA-NI with SSE enabled for it
 *      when the CPU has it, simd.c); on a mismatch record the
 *      region and the computed digest, print both digests on the serial
 *      port and return without calling the program;
 *   3. call_count++, out_len = 0, call the program as
 *      int program(struct purgatory_params *) and store its result with
 *      status = KJ_PP_ST_RETURNED.
 *
 * Then the entry code returns to the kernel.
 *
 * With KJ_PP_F_BOOT_LINUX (a normal kexec of a Linux kernel) step 3 is
 * kj_boot_linux() instead: the entry code's boot trampoline loads a GDT
 * with __BOOT_CS/__BOOT_DS and jumps to the kernel with ESI/RSI =
 * boot_params; nothing returns.  A sha256 mismatch then halts the CPU
 * (kj_halt): a normal kexec has no Linux left to return to, and booting
 * corrupted memory is worse than stopping with a message on the serial
 * port.  Pointers are physical
 * addresses: identity-mapped on x86_64 (doc/abi.md 3.3), paging off on
 * i386 (3.2).  Address 0 is a valid place here, hence
 * -fno-delete-null-pointer-checks in the build.
 */
#include "purgatory-abi.h"
#include "sha256.h"
#include "purgatory.h"

/* Patched by kexec after relocation; 8 bytes in .data on both widths. */
__attribute__((section(".data"), aligned(8)))
uint64_t kj_params_pa = 0;

/* Set by the entry code on each entry. */
__attribute__((section(".data"), aligned(8)))
uint64_t kj_jump_back = 0;

/* Where to complain when there is no trustworthy block to read a port
 * from: COM1.  Output only, polled and bounded (console.c). */
#define FALLBACK_PORT 0x3f8

/* kexec's upper bound of the parameter segment (block + --append text +
 * output buffer); larger offsets in a block are treated as out of range. */
#define MAX_AVAIL (UINT64_C(64) << 20)

#define MSG "kexec-jump purgatory: "

/* the modes that start an image and never come back */
#define BOOTS (KJ_PP_F_BOOT_LINUX | KJ_PP_F_BOOT_REGS)

/* Can [start, start + len) be reached through a pointer on this width? */
static int addressable(uint64_t start, uint64_t len)
{
#if UINTPTR_MAX == 0xffffffffu
	return start <= UINT32_MAX && len <= UINT32_MAX &&
	       start + len <= UINT64_C(0x100000000);
#else
	return len <= UINT64_MAX - start;
#endif
}

/* The extent of the segment the block lives in is not recorded in the
 * block: take the furthest end its own text/buffer fields claim, bounded
 * by MAX_AVAIL.  purgatory_params_check() then validates the fields
 * against that (order, NUL terminator, overlap, no wrap-around). */
static uint64_t block_avail(const struct purgatory_params *p)
{
	uint64_t avail = KJ_PP_SIZE, end;

	if (p->append_size) {
		end = (uint64_t)p->append_off + p->append_size;
		if (end > avail)
			avail = end;
	}
	if (p->out_size) {
		end = (uint64_t)p->out_off + p->out_size;
		if (end > avail)
			avail = end;
	}
	return avail > MAX_AVAIL ? MAX_AVAIL : avail;
}

static int same_digest(const uint8_t *a, const uint8_t *b)
{
	unsigned int i;
	uint8_t diff = 0;

	for (i = 0; i < SHA256_DIGEST_SIZE; i++)
		diff |= (uint8_t)(a[i] ^ b[i]);
	return diff == 0;
}

static void bad_params(struct purgatory_params *p, uint64_t pa, int why)
{
	if (p) {
		p->jump_back = kj_jump_back;
		p->bad_region = (uint32_t)why;
		p->status = KJ_PP_ST_BAD_PARAMS;
	}
	con_puts(FALLBACK_PORT, MSG "unusable parameter block at ");
	con_puthex(FALLBACK_PORT, pa);
	con_puts(FALLBACK_PORT, " (reason ");
	con_putdec(FALLBACK_PORT, (uint64_t)why);
	con_puts(FALLBACK_PORT, "); not calling the program\n");
}

/* boot_params offsets (doc/abi.md 5.2, 5.4) */
#define BP_EXT_CMD_LINE_PTR 0x0c8
#define BP_VERSION          0x206
#define BP_CMD_LINE_PTR     0x228
#define BP_CMDLINE_SIZE     0x238

static uint64_t le(const uint8_t *b, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | b[n];
	return v;
}

static char *put_str(char *d, const char *s)
{
	while (*s)
		*d++ = *s++;
	return d;
}

static char *put_hex16(char *d, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";

	d = put_str(d, "0x");
	for (int sh = 60; sh >= 0; sh -= 4)
		*d++ = hex[(v >> sh) & 15];
	return d;
}

/*
 * KJ_PP_F_JUMP_BACK_ARG: tell the kernel we boot how to come back
 * (doc/abi.md 4.2, 4.3).  R, the re-entry point of the kernel that
 * jumped here, goes on the new kernel's command line as
 * kexec_jump_back_entry= (for `kexec --load-jump-back-helper --entry=`
 * there), and R's page as a 4 KiB "ACPI data" range (memmap=4K#addr):
 * the new kernel's memory map shows the caller's memory as reserved,
 * and its kexec identity map covers ACPI ranges but not reserved ones,
 * so without it the jump back faults on R.  Returns 0, or 1 when the
 * text does not fit (the kernel then boots without it).
 */
static int append_jump_back(const struct purgatory_params *p, uint16_t port)
{
	const uint8_t *bp = (const uint8_t *)(uintptr_t)p->boot_params;
	uint64_t cmd = le(bp + BP_CMD_LINE_PTR, 4) |
		       le(bp + BP_EXT_CMD_LINE_PTR, 4) << 32;
	uint64_t max = le(bp + BP_VERSION, 2) >= 0x0206 ?
		       le(bp + BP_CMDLINE_SIZE, 4) : 255;
	char text[KJ_PP_CMDLINE_SPARE], *e = text, *c;
	uint64_t len = 0;

#if UINTPTR_MAX == 0xffffffffu
	/* i386 with the repair (entry32.S): B comes back through
	 * kj_to_a_stub, and its jump-back helper leaves B's GDT in the
	 * mailbox page after the parameter block */
	if (kj_kernel_gdt[0] | kj_kernel_gdt[1]) {
		e = put_str(e, " kexec_jump_back_entry=");
		e = put_hex16(e, (uintptr_t)kj_to_a_stub);
		e = put_str(e, " kexec_jump_back_mailbox=");
		e = put_hex16(e, kj_params_pa + 4096);
	} else
#endif
	{
		e = put_str(e, " kexec_jump_back_entry=");
		e = put_hex16(e, kj_jump_back);
		e = put_str(e, " memmap=4K#");
		e = put_hex16(e, kj_jump_back & ~(uint64_t)0xfff);
	}
	if (!cmd || !addressable(cmd, max + 1))
		return 1;
	c = (char *)(uintptr_t)cmd;
	while (len <= max && c[len])
		len++;
	if (len + (uint64_t)(e - text) > max) {
		if (p->flags & KJ_PP_F_CONSOLE_SERIAL)
			con_puts(port, MSG "no room for kexec_jump_back_entry= on the command line\n");
		return 1;
	}
	for (char *t = text; t < e; t++)
		c[len++] = *t;
	c[len] = '\0';
	return 0;
}

/* Hash every region with @impl; 0 if all match.  On failure the block
 * says why. */
static int verify_with(struct purgatory_params *p, uint16_t port, int boot,
		       enum sha256_impl impl)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	uint32_t i, j;

	for (i = 0; i < p->nr_regions; i++) {
		const struct purgatory_region *r = &p->regions[i];

		if (!addressable(r->start, r->len)) {
			bad_params(p, kj_params_pa, KJ_PP_CHK_REGIONS);
			return -1;
		}
		sha256_with(impl, (const void *)(uintptr_t)r->start,
			    (size_t)r->len, digest);
		if (same_digest(digest, r->sha256))
			continue;
		for (j = 0; j < SHA256_DIGEST_SIZE; j++)
			p->bad_sha256[j] = digest[j];
		p->bad_region = i;
		p->status = KJ_PP_ST_SHA256_MISMATCH;
		con_puts(port, MSG "sha256 mismatch in region ");
		con_putdec(port, i);
		con_puts(port, " at ");
		con_puthex(port, r->start);
		con_puts(port, ", ");
		con_puthex(port, r->len);
		con_puts(port, " bytes\n" MSG "  expected ");
		con_putbytes(port, r->sha256, SHA256_DIGEST_SIZE);
		con_puts(port, "\n" MSG "  computed ");
		con_putbytes(port, digest, SHA256_DIGEST_SIZE);
		con_puts(port, boot ?
			 "\n" MSG "not booting the kernel; halted\n" :
			 "\n" MSG "not calling the program; back to Linux\n");
		return -1;
	}
	return 0;
}

/* verify_with() SHA-NI when the CPU has it (SSE enabled around it and
 * the CPU given back as found, simd.c), else the portable code.  *@impl
 * says which one ran. */
static int verify(struct purgatory_params *p, uint16_t port, int boot,
		  enum sha256_impl *impl)
{
	struct kj_simd simd;
	int rc;

	*impl = kj_simd_begin(&simd) ? SHA256_IMPL_SHANI
				     : SHA256_IMPL_PORTABLE;
	rc = verify_with(p, port, boot, *impl);
	kj_simd_end(&simd);
	return rc;
}

void purgatory_main(void)
{
	uint64_t pa = kj_params_pa;
	struct purgatory_params *p;
	uint16_t port, iport;
	uint32_t flags;
	int chk, ret, info;

	if (pa == 0) {
		bad_params(NULL, pa, KJ_PP_CHK_SIZE);
		return;
	}
	if (!addressable(pa, KJ_PP_SIZE)) {
		/* i386 only: a block above 4 GiB cannot be reached. */
		bad_params(NULL, pa, KJ_PP_CHK_SIZE);
		return;
	}
	p = (struct purgatory_params *)(uintptr_t)pa;
	chk = addressable(pa, block_avail(p))
		? purgatory_params_check(p, block_avail(p)) : KJ_PP_CHK_SIZE;
	if (chk == KJ_PP_CHK_OK && !addressable(p->entry, 1))
		chk = KJ_PP_CHK_SIZE;   /* i386: entry above 4 GiB */
	/* 32-bit code and the block it is given must be below 4 GiB */
	if (chk == KJ_PP_CHK_OK && (p->flags & KJ_PP_F_PROG32) &&
	    (p->entry > UINT32_MAX || pa > UINT32_MAX - KJ_PP_SIZE))
		chk = KJ_PP_CHK_SIZE;
	if (chk != KJ_PP_CHK_OK) {
		bad_params(p, pa, chk);
		return;
	}
	p->jump_back = kj_jump_back;
	flags = p->flags;
	port = p->serial_port;
	/* progress messages: on the UART with --console-serial, on the
	 * screen with --console-vga; failures go to the UART always */
	info = (flags & (KJ_PP_F_CONSOLE_SERIAL | KJ_PP_F_CONSOLE_VGA)) != 0;
	iport = (flags & KJ_PP_F_CONSOLE_SERIAL) ? port : 0;

	if (flags & KJ_PP_F_RESET_VGA)
		vga_reset();
	con_vga((flags & KJ_PP_F_CONSOLE_VGA) != 0);
	if (flags & KJ_PP_F_CONSOLE_SERIAL)
		/* --serial-baud; 0 leaves the UART as Linux programmed it */
		con_set_baud(port, p->serial_baud);
	if (info) {
		if (flags & KJ_PP_F_BOOT_REGS) {
			con_puts(iport, MSG "register boot, ");
			con_puts(iport, (flags & KJ_PP_F_PROG32) ? "32" : "64");
			con_puts(iport, "-bit entry ");
			con_puthex(iport, p->entry);
			con_puts(iport, ", parameters ");
			con_puthex(iport, pa);
			con_puts(iport, "\n");
		} else if (flags & KJ_PP_F_BOOT_LINUX) {
			con_puts(iport, MSG "Linux kernel entry ");
			con_puthex(iport, p->entry);
			con_puts(iport, ", parameters ");
			con_puthex(iport, pa);
			con_puts(iport, "\n");
		} else {
			con_puts(iport, MSG "call ");
			con_putdec(iport, p->call_count + 1);
			con_puts(iport, ": program ");
			con_puthex(iport, p->entry);
			con_puts(iport, ", parameters ");
			con_puthex(iport, pa);
			con_puts(iport, ", return to ");
			con_puthex(iport, kj_jump_back);
			con_puts(iport, "\n");
		}
	}

	if (!(flags & KJ_PP_F_NO_CHECKS) &&
	    !((flags & KJ_PP_F_VERIFY_ONCE) && p->call_count != 0)) {
		enum sha256_impl impl;

		if (verify(p, port, (flags & BOOTS) != 0, &impl)) {
			if (flags & BOOTS)
				kj_halt();
			return;
		}
		if (info) {
			con_puts(iport, MSG "sha256 ok, ");
			con_putdec(iport, p->nr_regions);
			con_puts(iport, " regions (");
			con_puts(iport, sha256_impl_name(impl));
			con_puts(iport, ")\n");
		}
	}

	if (flags & KJ_PP_F_BOOT_LINUX) {
		/* purgatory_params_check() made boot_params non-zero; it is a
		 * u32, so reachable on both widths (entry was checked above) */
		p->call_count++;
		if ((flags & KJ_PP_F_JUMP_BACK_ARG) && kj_jump_back)
			append_jump_back(p, port);
		if (info) {
			con_puts(iport, MSG "booting Linux at ");
			con_puthex(iport, p->entry);
			con_puts(iport, ", boot_params ");
			con_puthex(iport, p->boot_params);
			con_puts(iport, "\n");
		}
		kj_boot_linux((uintptr_t)p->entry, (uintptr_t)p->boot_params);
	}

	if (flags & KJ_PP_F_BOOT_REGS) {
		p->call_count++;
		if (info) {
			con_puts(iport, MSG "starting ");
			con_puthex(iport, p->entry);
			con_puts(iport, " with its registers\n");
		}
		kj_boot_regs(p);
	}

	p->call_count++;
	p->out_len = 0;
	p->status = KJ_PP_ST_NONE;
#if UINTPTR_MAX != 0xffffffffu
	if (flags & KJ_PP_F_PROG32)
		ret = kj_call32((uint32_t)p->entry, (uint32_t)pa);
	else
#endif
	ret = ((kj_program_fn *)(uintptr_t)p->entry)(p);
	p->ret = ret;
	p->status = KJ_PP_ST_RETURNED;

	if (info) {
		con_puts(iport, MSG "program returned ");
		con_putsdec(iport, ret);
		con_puts(iport, ", out_len ");
		con_putdec(iport, p->out_len);
		con_puts(iport, "\n");
	}
}
