/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multiboot.c - Multiboot 1 kernels (specification 0.6.96), type
 * multiboot-x86 (doc/abi.md "Multiboot").
 *
 * The header: magic 0x1BADB002, flags, checksum (the three sum to 0
 * mod 2^32), 4-byte aligned within the first 8192 bytes of the file.
 * Flags bits 0-15 are requirements: a loader that cannot meet one must
 * refuse.  We meet bit 0 (modules page aligned: always) and bit 1
 * (mem_lower/mem_upper and the memory map: always); we refuse bit 2
 * (video mode information: we set no mode and have no VBE or
 * framebuffer information to give) and any other bit below 16.  Bit 16
 * (the "a.out kludge"): the load addresses follow in the header, and
 * are used instead of the file's ELF headers; without it the file must
 * be an ELF executable.  Bits 17-31 are ignored, as the spec allows.
 *
 * The kernel starts in 32-bit protected mode, paging off, EAX =
 * 0x2BADB002, EBX = the physical address of the information structure
 * (through the purgatory's register boot, plan.h).  The structure
 * carries mem_lower/mem_upper (flags bit 0), the command line (bit 2),
 * the modules (bit 3), the memory map (bit 6) and the boot loader name
 * (bit 9); all in one segment below 4 GiB.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "le.h"
#include "multiboot.h"

#define MB1_MAGIC        0x1BADB002u
#define MB1_BOOT_MAGIC   0x2BADB002u
#define MB1_SEARCH       8192u
#define MB1_HDR_AOUT     32u     /* ... + the five address fields */

#define MB1_F_PAGE_ALIGN 0x1u
#define MB1_F_MEMINFO    0x2u
#define MB1_F_VIDEO      0x4u
#define MB1_F_AOUT       0x10000u
#define MB1_F_REQUIRED   0xffffu

/* the information structure (offsets) */
#define MBI_FLAGS        0
#define MBI_MEM_LOWER    4
#define MBI_MEM_UPPER    8
#define MBI_CMDLINE      16
#define MBI_MODS_COUNT   20
#define MBI_MODS_ADDR    24
#define MBI_MMAP_LENGTH  44
#define MBI_MMAP_ADDR    48
#define MBI_LOADER_NAME  64
#define MBI_SIZE         120     /* through the framebuffer fields, 8-aligned */
#define MBI_F_MEM        (1u << 0)
#define MBI_F_CMDLINE    (1u << 2)
#define MBI_F_MODS       (1u << 3)
#define MBI_F_MMAP       (1u << 6)
#define MBI_F_LOADER     (1u << 9)
#define MB1_MOD_SIZE     16
#define MB1_MMAP_SIZE    24      /* the size field (20) and 20 bytes */

static const struct mb_magic mb1_magic = {
	"multiboot", MB1_MAGIC, 4, 3, MB1_SEARCH, 0
};

static int mb1_probe(struct diag *d, const struct image *img)
{
	return mb_probe(d, img, &mb1_magic, "multiboot-x86");
}

static int mb1_load_plan(struct diag *d, const struct image *img,
		    const struct load_opts *o, const struct memmap *m,
		    struct plan *p)
{
	uint64_t mod_pa[OPT_MAX_MODULES], info_pa;
	uint32_t off, flags, lower, upper;
	struct mb_kernel k;
	size_t len, pos, str_off, i, nmap = m->n;
	uint8_t *b;
	char why[96], *cmd;
	int rc;

	rc = mb_check_opts(d, img, o, "multiboot");
	if (rc)
		return rc;
	rc = mb_find(img, &mb1_magic, &off, why, sizeof(why));
	if (rc)
		return diag_fail(d, rc, "%s: not a multiboot kernel (%s)",
				 img->name, why);
	flags = (uint32_t)get_le(img->data + off + 4, 4);
	if (flags & MB1_F_VIDEO)
		return diag_fail(d, -ENOTSUP,
				 "%s: the multiboot header requires video mode information (flags bit 2), which kexec cannot provide (it sets no video mode)",
				 img->name);
	if (flags & MB1_F_REQUIRED & ~(MB1_F_PAGE_ALIGN | MB1_F_MEMINFO))
		return diag_fail(d, -ENOTSUP,
				 "%s: the multiboot header requires features this loader does not know (flags 0x%08x, unknown required bits 0x%04x)",
				 img->name, flags,
				 flags & MB1_F_REQUIRED &
				 ~(MB1_F_PAGE_ALIGN | MB1_F_MEMINFO | MB1_F_VIDEO));
	if (flags & MB1_F_AOUT) {
		const uint8_t *h = img->data + off;
		struct mb_addr a;

		if (img->len - off < MB1_HDR_AOUT)
			return diag_fail(d, -EINVAL,
					 "%s: the multiboot header at 0x%x has flags bit 16 (load addresses), but the file ends %zu bytes into it, before the %u bytes of address fields",
					 img->name, off, img->len - off,
					 MB1_HDR_AOUT);
		a.hdr_off = off;
		a.header_addr = (uint32_t)get_le(h + 12, 4);
		a.load_addr = (uint32_t)get_le(h + 16, 4);
		a.load_end = (uint32_t)get_le(h + 20, 4);
		a.bss_end = (uint32_t)get_le(h + 24, 4);
		rc = mb_load_addr(d, img, "multiboot", &a,
				  (uint32_t)get_le(h + 28, 4), p, &k);
	} else {
		rc = mb_load_elf(d, img, "multiboot", p, &k);
	}
	if (rc)
		return rc;
	rc = mb_place_modules(d, img, o, m, p, k.hi, mod_pa);
	if (rc)
		return rc;

	/* the information segment: structure, modules, memory map, strings */
	cmd = mb_cmdline(img, o);
	if (!cmd)
		return diag_fail(d, -ENOMEM, "out of memory");
	str_off = MBI_SIZE + o->nmodules * MB1_MOD_SIZE + nmap * MB1_MMAP_SIZE;
	len = str_off + sizeof(MB_LOADER_NAME) + strlen(cmd) + 1;
	for (i = 0; i < o->nmodules; i++)
		len += strlen(o->opt.modules[i]) + 1;
	rc = mb_info_alloc(d, img, p, m, len, k.hi, &info_pa, &b);
	if (rc) {
		free(cmd);
		return rc;
	}
	mb_mem_sizes(m, &lower, &upper);
	put_le(b + MBI_FLAGS, MBI_F_MEM | MBI_F_CMDLINE | MBI_F_MODS |
	       MBI_F_MMAP | MBI_F_LOADER, 4);
	put_le(b + MBI_MEM_LOWER, lower, 4);
	put_le(b + MBI_MEM_UPPER, upper, 4);
	pos = str_off;
	memcpy(b + pos, MB_LOADER_NAME, sizeof(MB_LOADER_NAME));
	put_le(b + MBI_LOADER_NAME, info_pa + pos, 4);
	pos += sizeof(MB_LOADER_NAME);
	memcpy(b + pos, cmd, strlen(cmd) + 1);
	put_le(b + MBI_CMDLINE, info_pa + pos, 4);
	pos += strlen(cmd) + 1;
	free(cmd);
	put_le(b + MBI_MODS_COUNT, o->nmodules, 4);
	put_le(b + MBI_MODS_ADDR, info_pa + MBI_SIZE, 4);
	for (i = 0; i < o->nmodules; i++) {
		uint8_t *e = b + MBI_SIZE + i * MB1_MOD_SIZE;
		size_t n = strlen(o->opt.modules[i]) + 1;

		put_le(e, mod_pa[i], 4);
		put_le(e + 4, mod_pa[i] + o->modules[i].len, 4);
		put_le(e + 8, info_pa + pos, 4);
		memcpy(b + pos, o->opt.modules[i], n);
		pos += n;
	}
	put_le(b + MBI_MMAP_LENGTH, nmap * MB1_MMAP_SIZE, 4);
	put_le(b + MBI_MMAP_ADDR,
	       info_pa + MBI_SIZE + o->nmodules * MB1_MOD_SIZE, 4);
	for (i = 0; i < nmap; i++) {
		uint8_t *e = b + MBI_SIZE + o->nmodules * MB1_MOD_SIZE +
			     i * MB1_MMAP_SIZE;

		put_le(e, MB1_MMAP_SIZE - 4, 4);
		mb_put_region(e + 4, &m->v[i]);
	}
	return mb_finish(d, img, p, &k, MB1_BOOT_MAGIC, b, len, info_pa,
			 "multiboot information");
}

static int mb1_load(struct diag *d, const struct image *img,
		    const struct load_opts *o, const struct memmap *m,
		    struct plan *p)
{
	return mb_load_whole(d, img, o, m, p, mb1_load_plan);
}

const struct loader multiboot_x86_loader = {
	.name = "multiboot-x86",
	.summary = "Multiboot 1 kernel (ELF or a.out kludge), --module",
	.flags = 0,
	.takes = OPT_G(OPT_G_APPEND) | OPT_G(OPT_G_REUSE_CMDLINE) |
		 OPT_G(OPT_G_MODULE),
	.probe = mb1_probe,
	.load = mb1_load,
};
