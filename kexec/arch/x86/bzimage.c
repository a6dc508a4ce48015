/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bzimage.c - a Linux bzImage booted by a normal kexec (doc/abi.md 5).
 *
 * One loader for both widths.  The entry width follows the RUNNING kernel,
 * because the purgatory that jumps into the new kernel has the running
 * kernel's width (purgatory-load.c): an x86_64 kernel enters the purgatory
 * in long mode, which then uses the 64-bit entry at A + 0x200 (needs
 * XLF_KERNEL_64, protocol 2.12+); an i386 kernel uses the 32-bit entry at
 * A.  Any bzImage, x86_64 ones included, has the 32-bit entry.
 *
 * Three segments, all placed by the planner:
 *   "bzImage kernel"   the protected-mode code (file offset
 *                      (setup_sects + 1) * 512 to the end) at A, memsz =
 *                      page-rounded max(init_size, file size), so the
 *                      kernel's decompression room is ours and, on x86_64,
 *                      identity-mapped (5.3).  Relocatable: aligned to
 *                      kernel_alignment, at or above max(1 MiB,
 *                      pref_address); the 64-bit entry highest fit,
 *                      below 4 GiB unless XLF_CAN_BE_LOADED_ABOVE_4G (as
 *                      kexec-tools); the 32-bit one lowest fit, below
 *                      0x38000000 (kexec-tools' i386 bound; 4 GiB for
 *                      --entry-32bit).  Not relocatable: at
 *                      pref_address (2.10+) or 1 MiB.
 *   "initrd"           page aligned, at or above 16 MiB, ending at or
 *                      below initrd_addr_max (0x37FFFFFF before 2.03),
 *                      highest fit.
 *   "boot_params"      [boot_params, 4 KiB][command line, NUL]
 *                      [SETUP_E820_EXT node when the map has more than 128
 *                      entries], top-down in [1 MiB, 2 GiB) like the
 *                      purgatory (its address travels in a u32).
 * --real-mode (5.7) replaces "boot_params" by "real-mode setup" (the
 * setup sectors, heap and command line in one 64 KiB segment below
 * 640 KiB) and "real-mode trampoline" (rm-stub.S, one page below it),
 * which the purgatory's 32-bit register boot enters.
 * Differences from kexec-tools (5.6): boot_params is never below 1 MiB.
 *
 * boot_params and the initrd are built by linux-params.c (shared with the
 * ELF vmlinux loader); the setup header is copied from the file (0x1F1 up
 * to 0x202 + the byte at 0x201, capped at 0x26F).
 *
 * Every header-derived offset or size is checked against the file before
 * use; header fields past the header's own end read as 0.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "le.h"
#include "linux-params.h"

typedef unsigned long long ull;

#define XLF_KERNEL_64        0x0001u
#define XLF_CAN_BE_LOADED_ABOVE_4G 0x0002u

#define KERNEL_LOW           0x100000ull     /* 1 MiB */
#define KERNEL32_MAX         0x37ffffffull
#define INITRD_MAX_OLD       0x37ffffffull   /* protocol < 2.03 */
#define CMDLINE_SIZE_OLD     255u            /* protocol < 2.06 */
#define MAX_ALIGN            0x40000000ull   /* 1 GiB */
#define PROTO_MIN            0x0202u

/* --real-mode (doc/abi.md 5.7): the real-mode part at X, its heap and
 * stack up to X + RM_HEAP_END, the command line there; all below 640 KiB
 * and at or above 64 KiB (the vector table, BIOS data and boot sector
 * areas stay as the BIOS left them) */
#define H_CODE32_START       0x214
#define H_HEAP_END_PTR       0x224
#define CAN_USE_HEAP         0x80u
#define RM_SETUP_MAX         0x8000u
#define RM_HEAP_END          0xe000u
#define RM_SEG_MIN           0x10000u
#define RM_LOW               0x10000ull
#define RM_HIGH              0x9ffffull

/* the trampoline (rm-stub.S) */
extern const uint8_t kj_rm_stub[], kj_rm_stub_end[];

/* What the header says, after bounds checks. */
struct bz {
	uint8_t hdr[H_END_CAP];   /* file bytes 0..hdr_end, zero after */
	size_t hdr_end;           /* exclusive, <= H_END_CAP */
	unsigned version;
	size_t pm_off, pm_len;    /* protected-mode code in the file */
};

/* A header field; 0 when it lies past the header's end. */
static uint64_t hdr_get(const struct bz *z, size_t off, int n)
{
	if (off + (size_t)n > z->hdr_end)
		return 0;
	return get_le(z->hdr + off, n);
}

/* Identify and bound the image.  -ENOEXEC (with @why) = not a bzImage;
 * -EINVAL = a bzImage we cannot use (message recorded). */
static int bz_parse(struct diag *d, const struct image *img, struct bz *z,
		    char *why, size_t whylen)
{
	const uint8_t *b = img->data;
	size_t sects, end;
	uint64_t syssize;

	memset(z, 0, sizeof(*z));
	if (img->len < H_VERSION + 2) {
		snprintf(why, whylen, "%zu bytes, too short for a setup header",
			 img->len);
		return -ENOEXEC;
	}
	if (get_le(b + H_BOOT_FLAG, 2) != BOOT_FLAG_MAGIC) {
		snprintf(why, whylen, "no boot_flag 0xAA55 at 0x1FE");
		return -ENOEXEC;
	}
	if (get_le(b + H_HEADER, 4) != HDRS_MAGIC) {
		snprintf(why, whylen, "no \"HdrS\" at 0x202");
		return -ENOEXEC;
	}
	z->version = (unsigned)get_le(b + H_VERSION, 2);
	if (z->version < PROTO_MIN)
		return diag_fail(d, -EINVAL,
				 "%s: boot protocol %u.%02u is too old (2.02 or later is needed for a command line)",
				 img->name, z->version >> 8, z->version & 0xff);
	end = (size_t)H_HEADER + b[H_JUMP_LEN];
	if (end > H_END_CAP)
		end = H_END_CAP;
	if (end > img->len)
		return diag_fail(d, -EINVAL,
				 "%s: truncated: the setup header ends at 0x%zx, the file at 0x%zx",
				 img->name, end, img->len);
	if (end < H_VERSION + 2)
		return diag_fail(d, -EINVAL,
				 "%s: the setup header claims to end at 0x%zx, before its own version field",
				 img->name, end);
	memcpy(z->hdr, b, end);
	z->hdr_end = end;
	sects = b[H_SETUP_SECTS] ? b[H_SETUP_SECTS] : 4;
	z->pm_off = (sects + 1) * 512;
	if (z->pm_off >= img->len)
		return diag_fail(d, -EINVAL,
				 "%s: truncated: %zu setup sectors put the kernel at file offset 0x%zx, but the file has only 0x%zx bytes",
				 img->name, sects, z->pm_off, img->len);
	z->pm_len = img->len - z->pm_off;
	/* syssize (16-byte units; a 16-bit field before 2.04): the kernel
	 * build writes exactly that many bytes after the setup, so a
	 * shorter payload is a cut file that would boot a broken kernel */
	syssize = hdr_get(z, H_SYSSIZE, z->version >= 0x0204 ? 4 : 2) * 16;
	if (syssize > z->pm_len)
		return diag_fail(d, -EINVAL,
				 "%s: truncated: the header's syssize says %llu bytes of kernel after the setup, but the file has only %zu",
				 img->name, (ull)syssize, z->pm_len);
	if (!(hdr_get(z, H_LOADFLAGS, 1) & LOADED_HIGH))
		return diag_fail(d, -EINVAL,
				 "%s: a zImage (loaded low, LOADED_HIGH clear) cannot be booted; only bzImages",
				 img->name);
	return 0;
}

static int bz_probe(struct diag *d, const struct image *img)
{
	struct bz z;
	char why[128];
	int rc = bz_parse(d, img, &z, why, sizeof(why));

	if (rc == -ENOEXEC && (!d || d->rc == 0))
		diag_debug(d, "bzImage: %s: %s", img->name, why);
	return rc;
}

static int is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* Place the protected-mode kernel; sets *addr and *memsz. */
static int place_kernel(struct diag *d, const struct image *img,
			const struct bz *z, const struct load_opts *o,
			const struct memmap *m, struct plan *p, uint64_t *addr,
			uint64_t *memsz)
{
	uint64_t init_size = 0, pref = 0, size, align, min, max;
	int relocatable, entry64;

	if (z->version >= 0x020a) {
		init_size = hdr_get(z, H_INIT_SIZE, 4);
		pref = hdr_get(z, H_PREF_ADDRESS, 8);
	}
	size = init_size > z->pm_len ? init_size : (uint64_t)z->pm_len;
	if (range_align_up(size, KJ_PAGE_SIZE, &size))
		return diag_fail(d, -EINVAL, "%s: kernel size overflows",
				 img->name);
	*memsz = size;
	relocatable = z->version >= 0x0205 && hdr_get(z, H_RELOCATABLE, 1);
	if (!relocatable) {
		*addr = pref ? pref : KERNEL_LOW;
		if (*addr % KJ_PAGE_SIZE)
			return diag_fail(d, -EINVAL,
					 "%s: not relocatable, and its load address 0x%llx (pref_address) is not page aligned",
					 img->name, (ull)*addr);
		diag_debug(d, "bzImage: not relocatable: fixed at 0x%llx",
			   (ull)*addr);
		return 0;
	}
	align = hdr_get(z, H_KERNEL_ALIGNMENT, 4);
	if (!is_pow2(align) || align > MAX_ALIGN)
		return diag_fail(d, -EINVAL,
				 "%s: kernel_alignment 0x%llx is not a power of two up to 1 GiB",
				 img->name, (ull)align);
	min = pref > KERNEL_LOW ? pref : KERNEL_LOW;
	entry64 = o->kernel_64 && !o->opt.entry_32bit && !o->opt.real_mode;
	if (!o->kernel_64 || o->opt.real_mode)   /* startup_32 */
		max = KERNEL32_MAX;
	else if (!entry64)      /* --entry-32bit: paging off */
		max = 0xffffffffull;
	else if (hdr_get(z, H_XLOADFLAGS, 2) & XLF_CAN_BE_LOADED_ABOVE_4G)
		max = UINT64_MAX;
	else
		max = 0xffffffffull;
	/* the 64-bit entry: highest fit, as kexec-tools and the kernel's
	 * own file loader place it (5.6); a 32-bit one: lowest fit, as
	 * kexec-tools does for i386.  (Under QEMU's TCG the low placement
	 * also cost time: the relocation copy writes over the running
	 * kernel's code at pref_address, and every such write makes TCG
	 * drop translated code: 430 against 160 ms before the purgatory
	 * ran, bzImage + 64 MiB initrd, tests/bench.) */
	if (plan_find_space(p, d, m, size, align, min, max, entry64, addr)) {
		diag_prefix(d, "%s: no room for the kernel (init_size 0x%llx, file 0x%zx bytes): ",
			    img->name, (ull)init_size, z->pm_len);
		return -EADDRNOTAVAIL;
	}
	return 0;
}

/* --real-mode: replace the boot_params segment linux_params_add() just
 * added (the last one; its setup header has the initrd and loader type
 * to pass on) by the real-mode part with the header filled in as the
 * boot protocol asks of a 16-bit loader, and add the trampoline that the
 * purgatory's 32-bit register boot enters (rm-stub.S). */
static int real_mode_add(struct diag *d, const char *name,
			 const struct image *img, const struct bz *z,
			 const struct load_opts *o, const struct memmap *m,
			 struct plan *p, uint64_t kaddr)
{
	const size_t stub_len = (size_t)(kj_rm_stub_end - kj_rm_stub);
	struct segment *bs = &p->seg[p->nseg - 1];
	const uint8_t *bp = bs->buf;
	size_t clen = o->cmdline ? strlen(o->cmdline) : 0;
	uint64_t size, x, s;
	uint8_t *rm;
	int rc;

	if (p->nseg == 0 || strcmp(bs->what, "boot_params") != 0 ||
	    bs->bufsz < H_END_CAP)
		return diag_fail(d, -EINVAL,
				 "%s: --real-mode: internal error: no boot_params segment",
				 name);
	if (z->pm_off > RM_SETUP_MAX)
		return diag_fail(d, -EINVAL,
				 "%s: --real-mode: the real-mode setup code is 0x%zx bytes, more than the 0x%x that fit below its heap",
				 name, z->pm_off, RM_SETUP_MAX);
	size = RM_HEAP_END + clen + 1;
	if (size < RM_SEG_MIN)
		size = RM_SEG_MIN;
	size = (size + KJ_PAGE_SIZE - 1) & ~(uint64_t)(KJ_PAGE_SIZE - 1);
	rm = calloc(1, (size_t)size);
	if (!rm)
		return diag_fail(d, -ENOMEM, "out of memory");
	memcpy(rm, img->data, z->pm_off);
	memcpy(rm + H_TYPE_OF_LOADER, bp + H_TYPE_OF_LOADER, 1);
	memcpy(rm + H_RAMDISK_IMAGE, bp + H_RAMDISK_IMAGE, 8); /* + size */
	/* the boot_params segment goes: the setup code builds its own */
	if (bs->owned)
		free((void *)bs->buf);
	memset(bs, 0, sizeof(*bs));
	p->nseg--;

	if (plan_find_space(p, d, m, size, KJ_PAGE_SIZE, RM_LOW, RM_HIGH, 1,
			    &x)) {
		free(rm);
		diag_prefix(d, "%s: --real-mode: no room below 640 KiB for the real-mode part (0x%llx bytes): ",
			    name, (ull)size);
		return -EADDRNOTAVAIL;
	}
	rm[H_LOADFLAGS] |= CAN_USE_HEAP;
	put_le(rm + H_CODE32_START, kaddr, 4);
	put_le(rm + H_HEAP_END_PTR, RM_HEAP_END - 0x200, 2);
	put_le(rm + H_CMD_LINE_PTR, x + RM_HEAP_END, 4);
	if (z->version >= 0x0209)
		memset(rm + H_SETUP_DATA, 0, 8);
	if (clen)
		memcpy(rm + RM_HEAP_END, o->cmdline, clen);
	rc = plan_add(p, d, rm, (size_t)size, x, size, "real-mode setup", 1);
	if (rc)
		return rc;
	if (plan_find_space(p, d, m, KJ_PAGE_SIZE, KJ_PAGE_SIZE, RM_LOW,
			    RM_HIGH, 1, &s)) {
		diag_prefix(d, "%s: --real-mode: no room below 640 KiB for the real-mode trampoline: ",
			    name);
		return -EADDRNOTAVAIL;
	}
	rc = plan_add(p, d, kj_rm_stub, stub_len, s, KJ_PAGE_SIZE,
		      "real-mode trampoline", 0);
	if (rc)
		return rc;
	/* the purgatory enters the trampoline in 32-bit protected mode */
	memset(&p->boot, 0, sizeof(p->boot));
	p->boot.mode = PLAN_BOOT_32;
	p->boot.reg[PLAN_REG_BX] = s;
	p->boot.reg[PLAN_REG_DX] = x >> 4;
	p->boot.reg[PLAN_REG_SI] = RM_HEAP_END;
	p->entry = s;
	snprintf(p->entry_what, sizeof(p->entry_what), "real-mode trampoline");
	p->boot_params = x;
	diag_debug(d, "%s: --real-mode: setup code at 0x%llx (entered at %04llx:0000, SP 0x%x), trampoline at 0x%llx, code32_start 0x%llx",
		   name, (ull)x, (ull)(x >> 4) + 0x20, RM_HEAP_END, (ull)s,
		   (ull)kaddr);
	return 0;
}

static int bz_load(struct diag *d, const struct image *img,
		   const struct load_opts *o, const struct memmap *m,
		   struct plan *p)
{
	const char *name = img->name;
	const size_t nseg0 = p->nseg;
	struct bz z;
	struct linux_hdr h;
	char why[128];
	uint64_t kaddr = 0, kmemsz = 0, entry;
	uint16_t xlf;
	int rc;

	rc = bz_parse(d, img, &z, why, sizeof(why));
	if (rc == -ENOEXEC && (!d || d->rc == 0))
		return diag_fail(d, rc, "%s: not a bzImage (%s)", name, why);
	if (rc)
		return rc;
	if (o->opt.args_none)
		return diag_fail(d, -ENOTSUP,
				 "%s: a bzImage is entered through the purgatory; --args-none does not apply to it",
				 name);
	if (o->opt.entry_32bit && o->kernel_64 && o->opt.preserve_context)
		return diag_fail(d, -ENOTSUP,
				 "%s: --entry-32bit: a Linux-to-Linux jump from this x86_64 kernel enters the new kernel through its 64-bit entry only; leave out --entry-32bit",
				 name);
	if (o->opt.real_mode && o->opt.crash)
		return diag_fail(d, -ENOTSUP,
				 "%s: Can't use bzImage for crash dump purposes with real mode entry",
				 name);
	if (o->opt.real_mode && o->opt.preserve_context)
		return diag_fail(d, -ENOTSUP,
				 "%s: --real-mode boots the kernel through the BIOS and cannot come back; leave out --load-preserve-context",
				 name);
	if (o->opt.real_mode && o->dtb)
		return diag_fail(d, -ENOTSUP,
				 "%s: --real-mode: the kernel's setup code builds boot_params itself and gets no setup_data, so --dtb cannot reach it",
				 name);
	if (o->opt.real_mode && o->efi)
		return diag_fail(d, -ENOTSUP,
				 "%s: --real-mode: this system was booted by EFI firmware, and the kernel's real-mode setup code needs a PC BIOS (--noefi skips this check)",
				 name);
	if (o->opt.real_mode && o->opt.entry_32bit)
		return diag_fail(d, -EINVAL,
				 "%s: --real-mode and --entry-32bit pick different entries; give one",
				 name);
	if (o->opt.preserve_context && !o->boot_e820)
		return diag_fail(d, -ENOTSUP,
				 "%s: a Linux-to-Linux jump needs the new kernel confined to its own memory (internal: no memory map for it)",
				 name);
	if (o->opt.have_entry || o->opt.have_load_addr)
		return diag_fail(d, -EINVAL,
				 "%s: --entry/--load-addr do not apply to a bzImage (the boot protocol gives the entry)",
				 name);

	/* the entry the running kernel's purgatory can use */
	xlf = (uint16_t)(z.version >= 0x020c ? hdr_get(&z, H_XLOADFLAGS, 2) : 0);
	if (o->kernel_64 && !o->opt.entry_32bit && !o->opt.real_mode &&
	    !(xlf & XLF_KERNEL_64))
		return diag_fail(d, -ENOEXEC,
				 "%s: this x86_64 kernel can only enter a new kernel through its 64-bit entry point, which this image lacks (boot protocol %u.%02u, xloadflags 0x%x: XLF_KERNEL_64 needs 2.12+); boot a 32-bit kernel with --entry-32bit",
				 name, z.version >> 8, z.version & 0xff, xlf);

	h.bytes = z.hdr;
	h.end = z.hdr_end;
	h.cmdline_why = NULL;
	h.cmdline_max = z.version >= 0x0206 ? hdr_get(&z, H_CMDLINE_SIZE, 4)
					    : CMDLINE_SIZE_OLD;
	/* the smaller of cmdline_size and what x86 Linux keeps */
	if (h.cmdline_max > X86_CMDLINE_MAX) {
		h.cmdline_max = X86_CMDLINE_MAX;
		h.cmdline_why = "x86 Linux keeps at most 2048 bytes with the NUL, whatever cmdline_size says";
	}
	h.initrd_max = z.version >= 0x0203 ? hdr_get(&z, H_INITRD_ADDR_MAX, 4)
					   : INITRD_MAX_OLD;
	/* a too long command line is refused before anything is placed */
	rc = linux_cmdline_check(d, name, &h, o);
	if (rc)
		return rc;

	rc = place_kernel(d, img, &z, o, m, p, &kaddr, &kmemsz);
	if (rc)
		return rc;
	rc = plan_add(p, d, img->data + z.pm_off, z.pm_len, kaddr, kmemsz,
		      "bzImage kernel", 0);
	if (rc) {
		diag_prefix(d, "%s: ", name);
		return rc;
	}
	entry = o->kernel_64 && !o->opt.entry_32bit && !o->opt.real_mode ?
		kaddr + 0x200 : kaddr;

	rc = linux_params_add(d, name, &h, o, m, p, entry,
			      entry != kaddr ? "64-bit entry" : "32-bit entry");
	if (rc)
		goto fail;
	if (o->opt.entry_32bit && o->kernel_64) {
		/* --entry-32bit from a 64-bit kernel: the purgatory leaves
		 * long mode and enters startup_32 as the 32-bit boot
		 * protocol asks (doc/abi.md 5.3): paging off, flat
		 * __BOOT_CS 0x10 / __BOOT_DS 0x18, ESI = boot_params, EBX =
		 * EBP = EDI = 0 (a register boot, plan.h) */
		if (kaddr + kmemsz > UINT64_C(0x100000000)) {
			rc = diag_fail(d, -ERANGE,
				       "%s: --entry-32bit: the kernel at 0x%llx-0x%llx must lie below 4 GiB",
				       name, (ull)kaddr, (ull)(kaddr + kmemsz - 1));
			goto fail;
		}
		p->boot.mode = PLAN_BOOT_32;
		p->boot.reg[PLAN_REG_SI] = p->boot_params;
	}
	if (o->opt.real_mode) {
		rc = real_mode_add(d, name, img, &z, o, m, p, kaddr);
		if (rc)
			goto fail;
	}
	diag_debug(d, "%s: bzImage protocol %u.%02u, kernel at 0x%llx (0x%llx bytes), entry 0x%llx",
		   name, z.version >> 8, z.version & 0xff, (ull)kaddr,
		   (ull)kmemsz, (ull)entry);
	return 0;
fail:
	plan_truncate(p, nseg0);
	return rc;
}

const struct loader bzimage_loader = {
	.name = "bzImage",
	.flags = LOADER_F_LINUX | LOADER_F_JUMP | LOADER_F_FILE_LOAD,
	.takes = OPT_G_LINUX | OPT_G(OPT_G_REAL_MODE) | OPT_G(OPT_G_ENTRY_32BIT),
	.summary = "Linux bzImage (boot protocol 2.02+), booted by kexec -l; kexec -e",
	.probe = bz_probe,
	.load = bz_load,
};
