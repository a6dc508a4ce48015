/* bzimage.c - a Linux bzImage booted by a normal kexec (kexec-abi.md 5).
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
 *                      pref_address), lowest fit; below 0x38000000 for
 *                      the 32-bit entry (kexec-tools' i386 bound), below
 *                      4 GiB for the 64-bit one unless
 *                      XLF_CAN_BE_LOADED_ABOVE_4G.  Not relocatable: at
 *                      pref_address (2.10+) or 1 MiB.
 *   "initrd"           page aligned, at or above 16 MiB, ending at or
 *                      below initrd_addr_max (0x37FFFFFF before 2.03),
 *                      highest fit.
 *   "boot_params"      [boot_params, 4 KiB][command line, NUL]
 *                      [SETUP_E820_EXT node when the map has more than 128
 *                      entries], top-down in [1 MiB, 2 GiB) like the
 *                      purgatory (its address travels in a u32).
 * Differences from kexec-tools (5.6): the x86_64 kernel goes lowest fit,
 * not highest (it then sits where a boot loader would put it, at
 * pref_address, and the initrd keeps the top); boot_params is never below
 * 1 MiB.
 *
 * boot_params: all zero, then the setup header copied from the file
 * (0x1F1 up to 0x202 + the byte at 0x201, capped at 0x26F), then what the
 * loader owns: type_of_loader 0xD0 (kexec-tools' ID), CAN_USE_HEAP
 * cleared, cmd_line_ptr (+ ext_), ramdisk_image/size (+ ext_), setup_data,
 * hardware_subarch(_data), e820 from the memory map, alt_mem_k,
 * screen_info and acpi_rsdp_addr from the running kernel's boot_params
 * when readable (screen_info defaults to 80x25 VGA text, 16-point font).
 * EFI runtime state (efi_info, SETUP_EFI) is not passed.
 *
 * Every header-derived offset or size is checked against the file before
 * use; header fields past the header's own end read as 0.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "le.h"
#include "loader.h"

typedef unsigned long long ull;

/* setup header (file offsets = boot_params offsets), kexec-abi.md 5.2 */
#define H_SETUP_SECTS        0x1f1
#define H_BOOT_FLAG          0x1fe
#define H_JUMP_LEN           0x201   /* byte: header ends at 0x202 + it */
#define H_HEADER             0x202
#define H_VERSION            0x206
#define H_TYPE_OF_LOADER     0x210
#define H_LOADFLAGS          0x211
#define H_RAMDISK_IMAGE      0x218
#define H_RAMDISK_SIZE       0x21c
#define H_CMD_LINE_PTR       0x228
#define H_INITRD_ADDR_MAX    0x22c
#define H_KERNEL_ALIGNMENT   0x230
#define H_RELOCATABLE        0x234
#define H_XLOADFLAGS         0x236
#define H_CMDLINE_SIZE       0x238
#define H_HW_SUBARCH         0x23c
#define H_HW_SUBARCH_DATA    0x240
#define H_SETUP_DATA         0x250
#define H_PREF_ADDRESS       0x258
#define H_INIT_SIZE          0x260
#define H_END_CAP            0x270   /* copy at most 0x1F1..0x26F */

#define HDRS_MAGIC           0x53726448u   /* "HdrS" */
#define BOOT_FLAG_MAGIC      0xaa55u
#define LOADED_HIGH          0x01u
#define CAN_USE_HEAP         0x80u
#define XLF_KERNEL_64        0x0001u
#define XLF_CAN_BE_LOADED_ABOVE_4G 0x0002u
#define LOADER_TYPE_KEXEC    0xd0u

/* boot_params ("zero page"), kexec-abi.md 5.4 */
#define BP_SIZE              4096u
#define BP_SCREEN_INFO       0x000
#define BP_SCREEN_INFO_LEN   0x40
#define BP_ACPI_RSDP         0x070
#define BP_EXT_RAMDISK_IMAGE 0x0c0
#define BP_EXT_RAMDISK_SIZE  0x0c4
#define BP_EXT_CMD_LINE_PTR  0x0c8
#define BP_ALT_MEM_K         0x1e0
#define BP_E820_ENTRIES      0x1e8
#define BP_E820_TABLE        0x2d0
#define E820_ENTRY_SIZE      20
#define E820_MAX             128
#define SETUP_E820_EXT       1u
#define SETUP_HDR_SIZE       16

/* screen_info fields used for the defaults */
#define SI_VIDEO_COLS        0x07
#define SI_VIDEO_LINES       0x0e
#define SI_VIDEO_ISVGA       0x0f
#define SI_VIDEO_POINTS      0x10

#define KERNEL_LOW           0x100000ull     /* 1 MiB */
#define KERNEL32_MAX         0x37ffffffull
#define INITRD_LOW           0x1000000ull    /* 16 MiB */
#define INITRD_MAX_OLD       0x37ffffffull   /* protocol < 2.03 */
#define CMDLINE_SIZE_OLD     255u            /* protocol < 2.06 */
#define BP_MIN_ADDR          0x100000ull
#define BP_MAX_ADDR          0x7fffffffull
#define MAX_ALIGN            0x40000000ull   /* 1 GiB */
#define PROTO_MIN            0x0202u

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
	int relocatable;

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
	if (!o->kernel_64)
		max = KERNEL32_MAX;
	else if (hdr_get(z, H_XLOADFLAGS, 2) & XLF_CAN_BE_LOADED_ABOVE_4G)
		max = UINT64_MAX;
	else
		max = 0xffffffffull;
	if (plan_find_space(p, d, m, size, align, min, max, 0, addr)) {
		diag_prefix(d, "%s: no room for the kernel (init_size 0x%llx, file 0x%zx bytes): ",
			    img->name, (ull)init_size, z->pm_len);
		return -EADDRNOTAVAIL;
	}
	return 0;
}

/* The boot_params segment: sizes of its parts. */
struct bp_layout {
	size_t cmd_off, cmd_len;     /* text without the NUL */
	size_t ext_off, ext_n;       /* SETUP_E820_EXT node, entries in it */
	size_t used;
};

static void e820_put(uint8_t *e, const struct mem_region *r)
{
	put_le(e, r->r.start, 8);
	put_le(e + 8, r->r.end - r->r.start, 8);
	put_le(e + 16, (uint64_t)r->type, 4);
}

/* Fill boot_params at @bp (segment at @pa) from the header and the rest. */
static void fill_boot_params(uint8_t *bp, uint64_t pa, const struct bz *z,
			     const struct load_opts *o, const struct memmap *m,
			     const struct bp_layout *l, uint64_t initrd_pa,
			     uint64_t initrd_len)
{
	uint64_t cmd_pa = pa + l->cmd_off, rsdp = o->acpi_rsdp;
	uint64_t alt_k = 0;
	size_t i, n_main;
	uint8_t lf;

	memcpy(bp + H_SETUP_SECTS, z->hdr + H_SETUP_SECTS,
	       z->hdr_end - H_SETUP_SECTS);
	bp[H_TYPE_OF_LOADER] = LOADER_TYPE_KEXEC;
	lf = bp[H_LOADFLAGS];
	bp[H_LOADFLAGS] = (uint8_t)(lf & ~CAN_USE_HEAP);
	put_le(bp + H_CMD_LINE_PTR, cmd_pa & 0xffffffffu, 4);
	put_le(bp + BP_EXT_CMD_LINE_PTR, cmd_pa >> 32, 4);
	put_le(bp + H_RAMDISK_IMAGE, initrd_pa & 0xffffffffu, 4);
	put_le(bp + BP_EXT_RAMDISK_IMAGE, initrd_pa >> 32, 4);
	put_le(bp + H_RAMDISK_SIZE, initrd_len & 0xffffffffu, 4);
	put_le(bp + BP_EXT_RAMDISK_SIZE, initrd_len >> 32, 4);
	/* ours alone: nothing the file says about setup_data is true here */
	put_le(bp + H_SETUP_DATA, l->ext_n ? pa + l->ext_off : 0, 8);
	/* the running kernel's platform (PC = 0 when unknown) */
	put_le(bp + H_HW_SUBARCH, 0, 4);
	put_le(bp + H_HW_SUBARCH_DATA, 0, 8);
	if (o->host_bp && o->host_bp_len >= H_HW_SUBARCH_DATA + 8) {
		memcpy(bp + H_HW_SUBARCH, o->host_bp + H_HW_SUBARCH, 4);
		memcpy(bp + H_HW_SUBARCH_DATA, o->host_bp + H_HW_SUBARCH_DATA, 8);
	}
	/* screen_info: the running kernel's, else 80x25 VGA text */
	if (o->host_bp && o->host_bp_len >= BP_SCREEN_INFO_LEN) {
		memcpy(bp + BP_SCREEN_INFO, o->host_bp + BP_SCREEN_INFO,
		       BP_SCREEN_INFO_LEN);
	} else {
		bp[BP_SCREEN_INFO + SI_VIDEO_COLS] = 80;
		bp[BP_SCREEN_INFO + SI_VIDEO_LINES] = 25;
		bp[BP_SCREEN_INFO + SI_VIDEO_ISVGA] = 1;
		put_le(bp + BP_SCREEN_INFO + SI_VIDEO_POINTS, 16, 2);
	}
	if (o->host_bp && o->host_bp_len >= BP_ACPI_RSDP + 8 &&
	    get_le(o->host_bp + BP_ACPI_RSDP, 8))
		rsdp = get_le(o->host_bp + BP_ACPI_RSDP, 8);
	put_le(bp + BP_ACPI_RSDP, rsdp, 8);

	/* e820: the first 128 entries here, the rest in the E820_EXT node */
	n_main = m->n < E820_MAX ? m->n : E820_MAX;
	for (i = 0; i < n_main; i++)
		e820_put(bp + BP_E820_TABLE + i * E820_ENTRY_SIZE, &m->v[i]);
	bp[BP_E820_ENTRIES] = (uint8_t)n_main;
	if (l->ext_n) {
		uint8_t *node = bp + l->ext_off;

		put_le(node, 0, 8);
		put_le(node + 8, SETUP_E820_EXT, 4);
		put_le(node + 12, l->ext_n * E820_ENTRY_SIZE, 4);
		for (i = 0; i < l->ext_n; i++)
			e820_put(node + SETUP_HDR_SIZE + i * E820_ENTRY_SIZE,
				 &m->v[E820_MAX + i]);
	}
	/* alt_mem_k: KiB of RAM contiguous from 1 MiB (legacy field) */
	for (i = 0; i < m->n; i++)
		if (m->v[i].type == MEM_RAM && m->v[i].r.start <= KERNEL_LOW &&
		    m->v[i].r.end > KERNEL_LOW)
			alt_k = (m->v[i].r.end - KERNEL_LOW) >> 10;
	put_le(bp + BP_ALT_MEM_K, alt_k > 0xffffffffu ? 0xffffffffu : alt_k, 4);

	if (l->cmd_len)
		memcpy(bp + l->cmd_off, o->cmdline, l->cmd_len);
	bp[l->cmd_off + l->cmd_len] = '\0';
}

static int bz_load(struct diag *d, const struct image *img,
		   const struct load_opts *o, const struct memmap *m,
		   struct plan *p)
{
	const char *name = img->name;
	const size_t nseg0 = p->nseg;
	/* the map the new kernel is told about (confined for a jump) */
	const struct memmap *bm = o->boot_e820 ? o->boot_e820 : m;
	struct bz z;
	struct bp_layout l;
	char why[128];
	uint64_t kaddr = 0, kmemsz = 0, entry, cmd_max, iaddr = 0, ilen = 0;
	uint64_t bpa = 0;
	uint64_t bpsz, imax;
	uint16_t xlf;
	uint8_t *bp;
	int rc;

	rc = bz_parse(d, img, &z, why, sizeof(why));
	if (rc == -ENOEXEC && (!d || d->rc == 0))
		return diag_fail(d, rc, "%s: not a bzImage (%s)", name, why);
	if (rc)
		return rc;
	if (o->args_none)
		return diag_fail(d, -ENOTSUP,
				 "%s: a bzImage is entered through the purgatory; --args-none does not apply to it",
				 name);
	if (o->preserve_context && !o->boot_e820)
		return diag_fail(d, -ENOTSUP,
				 "%s: a Linux-to-Linux jump needs the new kernel confined to its own memory (internal: no memory map for it)",
				 name);
	if (o->have_entry || o->have_load_addr)
		return diag_fail(d, -EINVAL,
				 "%s: --entry/--load-addr do not apply to a bzImage (the boot protocol gives the entry)",
				 name);

	/* the entry the running kernel's purgatory can use */
	xlf = (uint16_t)(z.version >= 0x020c ? hdr_get(&z, H_XLOADFLAGS, 2) : 0);
	if (o->kernel_64 && !(xlf & XLF_KERNEL_64))
		return diag_fail(d, -ENOEXEC,
				 "%s: this x86_64 kernel can only enter a new kernel through its 64-bit entry point, which this image lacks (boot protocol %u.%02u, xloadflags 0x%x: XLF_KERNEL_64 needs 2.12+); a 32-bit kernel is booted from an i386 kernel",
				 name, z.version >> 8, z.version & 0xff, xlf);

	/* the command line against cmdline_size (without the NUL) */
	l.cmd_len = o->cmdline ? strlen(o->cmdline) : 0;
	cmd_max = z.version >= 0x0206 ? hdr_get(&z, H_CMDLINE_SIZE, 4)
				      : CMDLINE_SIZE_OLD;
	if (l.cmd_len > cmd_max)
		return diag_fail(d, -E2BIG,
				 "%s: the command line is %zu bytes, but this kernel accepts at most %llu (cmdline_size)",
				 name, l.cmd_len, (ull)cmd_max);
	if (o->cmdline_spare && l.cmd_len + o->cmdline_spare > cmd_max)
		return diag_fail(d, -E2BIG,
				 "%s: the command line is %zu bytes; a jump needs %zu more for kexec_jump_back_entry=, and this kernel accepts at most %llu (cmdline_size)",
				 name, l.cmd_len, o->cmdline_spare, (ull)cmd_max);

	rc = place_kernel(d, img, &z, o, m, p, &kaddr, &kmemsz);
	if (rc)
		return rc;
	rc = plan_add(p, d, img->data + z.pm_off, z.pm_len, kaddr, kmemsz,
		      "bzImage kernel", 0);
	if (rc) {
		diag_prefix(d, "%s: ", name);
		return rc;
	}
	entry = o->kernel_64 ? kaddr + 0x200 : kaddr;

	if (o->initrd && o->initrd->len) {
		ilen = o->initrd->len;
		imax = z.version >= 0x0203 ? hdr_get(&z, H_INITRD_ADDR_MAX, 4)
					   : INITRD_MAX_OLD;
		if (plan_find_space(p, d, m, ilen, KJ_PAGE_SIZE, INITRD_LOW,
				    imax, 1, &iaddr)) {
			diag_prefix(d, "%s: no room for the initrd %s (%llu bytes) between 16 MiB and initrd_addr_max 0x%llx: ",
				    name, o->initrd->name, (ull)ilen, (ull)imax);
			rc = -EADDRNOTAVAIL;
			goto fail;
		}
		rc = plan_add(p, d, o->initrd->data, o->initrd->len, iaddr,
			      ilen, "initrd", 0);
		if (rc)
			goto fail;
	}

	/* boot_params segment */
	l.cmd_off = BP_SIZE;
	l.ext_n = bm->n > E820_MAX ? bm->n - E820_MAX : 0;
	l.ext_off = (l.cmd_off + l.cmd_len + 1 + o->cmdline_spare + 15) &
		    ~(size_t)15;
	l.used = l.ext_n ? l.ext_off + SETUP_HDR_SIZE + l.ext_n * E820_ENTRY_SIZE
			 : l.cmd_off + l.cmd_len + 1 + o->cmdline_spare;
	if (l.ext_n * E820_ENTRY_SIZE > 0xffffffffu) {
		rc = diag_fail(d, -E2BIG, "%s: %zu memory map entries are too many",
			       name, bm->n);
		goto fail;
	}
	bpsz = l.used;
	if (range_align_up(bpsz, KJ_PAGE_SIZE, &bpsz)) {
		rc = diag_fail(d, -E2BIG, "%s: boot_params too large", name);
		goto fail;
	}
	if (plan_find_space(p, d, m, bpsz, KJ_PAGE_SIZE, BP_MIN_ADDR,
			    BP_MAX_ADDR, 1, &bpa)) {
		diag_prefix(d, "%s: no room for boot_params and the command line: ",
			    name);
		rc = -EADDRNOTAVAIL;
		goto fail;
	}
	bp = calloc(1, l.used);
	if (!bp) {
		rc = diag_fail(d, -ENOMEM, "out of memory");
		goto fail;
	}
	fill_boot_params(bp, bpa, &z, o, bm, &l, iaddr, ilen);
	rc = plan_add(p, d, bp, l.used, bpa, bpsz, "boot_params", 1);
	if (rc)
		goto fail;

	p->entry = entry;
	snprintf(p->entry_what, sizeof(p->entry_what), "%s",
		 o->kernel_64 ? "64-bit entry" : "32-bit entry");
	p->boot_params = bpa;
	p->arch = o->kernel_64 ? KEXEC_ARCH_X86_64 : KEXEC_ARCH_386;
	diag_debug(d, "%s: bzImage protocol %u.%02u, kernel at 0x%llx (0x%llx bytes), entry 0x%llx, initrd 0x%llx (%llu bytes), boot_params 0x%llx, %zu e820 entries",
		   name, z.version >> 8, z.version & 0xff, (ull)kaddr,
		   (ull)kmemsz, (ull)entry, (ull)iaddr, (ull)ilen, (ull)bpa,
		   m->n);
	return 0;
fail:
	while (p->nseg > nseg0) {
		struct segment *s = &p->seg[--p->nseg];

		if (s->owned)
			free((void *)s->buf);
		memset(s, 0, sizeof(*s));
	}
	return rc;
}

const struct loader bzimage_loader = {
	.name = "bzImage",
	.summary = "Linux bzImage (boot protocol 2.02+), booted by kexec -l; kexec -e",
	.probe = bz_probe,
	.load = bz_load,
};
