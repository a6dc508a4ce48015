/* SPDX-License-Identifier: GPL-2.0-or-later */
/* linux-params.c - the initrd and boot_params segments of a Linux boot
 * (linux-params.h; doc/abi.md 5.4, 5.5), for bzimage.c and the ELF
 * vmlinux path of elf-x86.c.
 *
 * boot_params: all zero, then the setup header (from the bzImage, or made
 * up for a vmlinux), then what the loader owns: type_of_loader 0xD0
 * (kexec-tools' ID), CAN_USE_HEAP cleared, cmd_line_ptr (+ ext_),
 * ramdisk_image/size (+ ext_), setup_data, hardware_subarch(_data), e820
 * from the memory map, alt_mem_k, screen_info and acpi_rsdp_addr from the
 * running kernel's boot_params when readable (screen_info defaults to
 * 80x25 VGA text, 16-point font).
 *
 * setup_data (protocol 2.09+; doc/abi.md 17), each node 16-aligned after
 * the command line and chained in this order: SETUP_E820_EXT (map
 * entries past 128), SETUP_EFI with efi_info and the runtime map (an EFI
 * boot whose new kernel sets XLF_EFI_KEXEC, without --noefi), SETUP_DTB
 * (--dtb), SETUP_RNG_SEED (o->rng_seed).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "efi.h"
#include "le.h"
#include "linux-params.h"

typedef unsigned long long ull;

#define CAN_USE_HEAP         0x80u
#define LOADER_TYPE_KEXEC    0xd0u

/* boot_params ("zero page"), doc/abi.md 5.4 */
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
#define BP_SECURE_BOOT       0x1ec
#define BP_EFI_INFO          0x1c0
#define EI_SIGNATURE         0x00    /* offsets in efi_info */
#define EI_SYSTAB            0x04
#define EI_MEMDESC_SIZE      0x08
#define EI_MEMDESC_VERSION   0x0c
#define EI_MEMMAP            0x10
#define EI_MEMMAP_SIZE       0x14
#define EI_SYSTAB_HI         0x18
#define EI_MEMMAP_HI         0x1c
#define EI_SIZE              0x20
#define EFI_SIG_EL64         0x34364c45u     /* "EL64" */
#define SETUP_E820_EXT       1u
#define SETUP_DTB            2u
#define SETUP_EFI            4u
#define SETUP_RNG_SEED       9u
#define SETUP_HDR_SIZE       16
#define EFI_SETUP_DATA_SIZE  112             /* struct efi_setup_data */
#define XLF_EFI_KEXEC        0x0010u
#define PROTO_SETUP_DATA     0x0209u
#define PROTO_XLOADFLAGS     0x020cu
#define MAX_NODES            4

/* screen_info fields used for the defaults */
#define SI_VIDEO_COLS        0x07
#define SI_VIDEO_LINES       0x0e
#define SI_VIDEO_ISVGA       0x0f
#define SI_VIDEO_POINTS      0x10

#define ONE_MIB              0x100000ull
#define INITRD_LOW           0x1000000ull    /* 16 MiB */
#define BP_MIN_ADDR          0x100000ull
#define BP_MAX_ADDR          0x7fffffffull

/* the made-up header of a vmlinux */
#define SYNTH_VERSION        0x020fu
#define SYNTH_END            0x26c           /* 2.15: kernel_info_offset */
#define SYNTH_CMDLINE_SIZE   X86_CMDLINE_MAX
#define SYNTH_INITRD_MAX     0x7fffffffu

/* The boot_params segment: sizes of its parts. */
struct bp_layout {
	size_t cmd_off, cmd_len;     /* text without the NUL */
	size_t ext_off, ext_n;       /* SETUP_E820_EXT node, entries in it */
	size_t efimap_off, efimap_len; /* EFI descriptors, 0 = no EFI */
	uint32_t desc_size;          /* efi_memdesc_size */
	size_t efi_off;              /* SETUP_EFI node */
	size_t dtb_off, dtb_len;     /* SETUP_DTB node, its payload */
	size_t rng_off;              /* SETUP_RNG_SEED node */
	size_t node[MAX_NODES];      /* setup_data nodes in chain order */
	size_t nnodes;
	size_t used;
};

/* Reserve @len bytes 16-aligned at the end of @l; returns the offset. */
static size_t lay(struct bp_layout *l, size_t len)
{
	size_t off = (l->used + 15) & ~(size_t)15;

	l->used = off + len;
	return off;
}

static size_t lay_node(struct bp_layout *l, size_t payload)
{
	size_t off = lay(l, SETUP_HDR_SIZE + payload);

	l->node[l->nnodes++] = off;
	return off;
}

static void node_put(uint8_t *node, uint32_t type, size_t len)
{
	put_le(node + 8, type, 4);
	put_le(node + 12, len, 4);
}

/* Whether the new kernel gets the running kernel's EFI state, and the
 * descriptor size; 0 = no, -errno with a message = broken. */
static int efi_wanted(struct diag *d, const char *name,
		      const struct linux_hdr *h, const struct load_opts *o,
		      uint32_t *desc_size)
{
	unsigned version = (unsigned)get_le(h->bytes + H_VERSION, 2);
	const uint8_t *ei;
	uint64_t xlf = 0;

	if (!o->efi || o->opt.noefi || version < PROTO_SETUP_DATA)
		return 0;
	if (!o->host_bp || o->host_bp_len < BP_EFI_INFO + EI_SIZE)
		return 0;
	ei = o->host_bp + BP_EFI_INFO;
	if (get_le(ei + EI_MEMMAP_SIZE, 4) == 0)
		return 0;                /* not booted by EFI */
	if (version >= PROTO_XLOADFLAGS && h->end >= H_XLOADFLAGS + 2)
		xlf = get_le(h->bytes + H_XLOADFLAGS, 2);
	if (!(xlf & XLF_EFI_KEXEC)) {
		diag_debug(d, "%s: no XLF_EFI_KEXEC in xloadflags: the new kernel gets no EFI runtime state",
			   name);
		return 0;
	}
	if (get_le(ei + EI_SIGNATURE, 4) != EFI_SIG_EL64) {
		diag_debug(d, "%s: the running kernel was not booted by 64-bit EFI (efi_loader_signature 0x%08llx): no EFI runtime state passed",
			   name, (ull)get_le(ei + EI_SIGNATURE, 4));
		return 0;
	}
	if (o->efi->n > EFI_MAX_ENTRIES)
		return diag_fail(d, -E2BIG,
				 "%s: %zu EFI runtime map entries are too many (at most %u); load with --noefi",
				 name, o->efi->n, EFI_MAX_ENTRIES);
	*desc_size = (uint32_t)get_le(ei + EI_MEMDESC_SIZE, 4);
	if (*desc_size < EFI_MD_MIN_SIZE || *desc_size > EFI_MD_MAX_SIZE ||
	    *desc_size % 8)
		return diag_fail(d, -EINVAL,
				 "%s: the running kernel's efi_memdesc_size %u is not a multiple of 8 in [40, 4096]; load with --noefi",
				 name, *desc_size);
	return 1;
}

static void fill_setup_data(uint8_t *bp, uint64_t pa,
			    const struct load_opts *o,
			    const struct bp_layout *l)
{
	size_t i;

	if (l->efimap_len) {
		const uint8_t *hei = o->host_bp + BP_EFI_INFO;
		uint8_t *ei = bp + BP_EFI_INFO, *n = bp + l->efi_off;
		uint64_t mpa = pa + l->efimap_off;

		memcpy(ei + EI_SIGNATURE, hei + EI_SIGNATURE, 4);
		memcpy(ei + EI_SYSTAB, hei + EI_SYSTAB, 4);
		memcpy(ei + EI_SYSTAB_HI, hei + EI_SYSTAB_HI, 4);
		memcpy(ei + EI_MEMDESC_VERSION, hei + EI_MEMDESC_VERSION, 4);
		put_le(ei + EI_MEMDESC_SIZE, l->desc_size, 4);
		put_le(ei + EI_MEMMAP, mpa & 0xffffffffu, 4);
		put_le(ei + EI_MEMMAP_HI, mpa >> 32, 4);
		put_le(ei + EI_MEMMAP_SIZE, l->efimap_len, 4);
		if (o->host_bp_len > BP_SECURE_BOOT)
			bp[BP_SECURE_BOOT] = o->host_bp[BP_SECURE_BOOT];
		efi_md_write(bp + l->efimap_off, o->efi->md, o->efi->n,
			     l->desc_size);
		node_put(n, SETUP_EFI, EFI_SETUP_DATA_SIZE);
		put_le(n + SETUP_HDR_SIZE, o->efi->fw_vendor, 8);
		put_le(n + SETUP_HDR_SIZE + 16, o->efi->tables, 8);
		put_le(n + SETUP_HDR_SIZE + 24, o->efi->smbios, 8);
	}
	if (l->dtb_len) {
		node_put(bp + l->dtb_off, SETUP_DTB, l->dtb_len);
		memcpy(bp + l->dtb_off + SETUP_HDR_SIZE, o->dtb->data,
		       l->dtb_len);
	}
	if (l->rng_off) {
		node_put(bp + l->rng_off, SETUP_RNG_SEED, o->rng_seed_len);
		memcpy(bp + l->rng_off + SETUP_HDR_SIZE, o->rng_seed,
		       o->rng_seed_len);
	}
	/* the chain, in layout order */
	put_le(bp + H_SETUP_DATA, l->nnodes ? pa + l->node[0] : 0, 8);
	for (i = 0; i + 1 < l->nnodes; i++)
		put_le(bp + l->node[i], pa + l->node[i + 1], 8);
}

static void e820_put(uint8_t *e, const struct mem_region *r)
{
	put_le(e, r->r.start, 8);
	put_le(e + 8, r->r.end - r->r.start, 8);
	put_le(e + 16, (uint64_t)r->type, 4);
}

/* Fill boot_params at @bp (segment at @pa). */
static void fill_boot_params(uint8_t *bp, uint64_t pa,
			     const struct linux_hdr *h,
			     const struct load_opts *o, const struct memmap *m,
			     const struct bp_layout *l, uint64_t initrd_pa,
			     uint64_t initrd_len)
{
	uint64_t cmd_pa = pa + l->cmd_off, rsdp = o->acpi_rsdp;
	uint64_t alt_k = 0;
	size_t i, n_main;
	uint8_t lf;

	memcpy(bp + H_SETUP_SECTS, h->bytes + H_SETUP_SECTS,
	       h->end - H_SETUP_SECTS);
	bp[H_TYPE_OF_LOADER] = LOADER_TYPE_KEXEC;
	lf = bp[H_LOADFLAGS];
	bp[H_LOADFLAGS] = (uint8_t)(lf & ~CAN_USE_HEAP);
	put_le(bp + H_CMD_LINE_PTR, cmd_pa & 0xffffffffu, 4);
	put_le(bp + BP_EXT_CMD_LINE_PTR, cmd_pa >> 32, 4);
	put_le(bp + H_RAMDISK_IMAGE, initrd_pa & 0xffffffffu, 4);
	put_le(bp + BP_EXT_RAMDISK_IMAGE, initrd_pa >> 32, 4);
	put_le(bp + H_RAMDISK_SIZE, initrd_len & 0xffffffffu, 4);
	put_le(bp + BP_EXT_RAMDISK_SIZE, initrd_len >> 32, 4);
	/* ours alone: nothing the file says about setup_data is true here
	 * (fill_setup_data sets it) */
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

		node_put(node, SETUP_E820_EXT, l->ext_n * E820_ENTRY_SIZE);
		for (i = 0; i < l->ext_n; i++)
			e820_put(node + SETUP_HDR_SIZE + i * E820_ENTRY_SIZE,
				 &m->v[E820_MAX + i]);
	}
	/* alt_mem_k: KiB of RAM contiguous from 1 MiB (legacy field) */
	for (i = 0; i < m->n; i++)
		if (m->v[i].type == MEM_RAM && m->v[i].r.start <= ONE_MIB &&
		    m->v[i].r.end > ONE_MIB)
			alt_k = (m->v[i].r.end - ONE_MIB) >> 10;
	put_le(bp + BP_ALT_MEM_K, alt_k > 0xffffffffu ? 0xffffffffu : alt_k, 4);

	if (l->cmd_len)
		memcpy(bp + l->cmd_off, o->cmdline, l->cmd_len);
	bp[l->cmd_off + l->cmd_len] = '\0';
	fill_setup_data(bp, pa, o, l);
}

int linux_cmdline_check(struct diag *d, const char *name,
			const struct linux_hdr *h, const struct load_opts *o)
{
	size_t len = o->cmdline ? strlen(o->cmdline) : 0;
	const char *why = h->cmdline_why ? h->cmdline_why : "cmdline_size";

	/* cmdline_size counts without the NUL */
	if (len > h->cmdline_max)
		return diag_fail(d, -E2BIG,
				 "%s: the command line is %zu bytes, but this kernel accepts at most %llu (%s)",
				 name, len, (ull)h->cmdline_max, why);
	if (o->cmdline_spare && len + o->cmdline_spare > h->cmdline_max)
		return diag_fail(d, -E2BIG,
				 "%s: the command line is %zu bytes; a jump needs %zu more for kexec_jump_back_entry=, and this kernel accepts at most %llu (%s)",
				 name, len, o->cmdline_spare, (ull)h->cmdline_max,
				 why);
	return 0;
}

int linux_params_add(struct diag *d, const char *name,
		     const struct linux_hdr *h, const struct load_opts *o,
		     const struct memmap *m, struct plan *p, uint64_t entry,
		     const char *entry_what)
{
	/* the map the new kernel is told about (confined for a jump) */
	const struct memmap *bm = o->boot_e820 ? o->boot_e820 : m;
	struct bp_layout l;
	uint64_t iaddr = 0, ilen = 0, bpa = 0, bpsz;
	unsigned version;
	uint8_t *bp;
	int rc;

	if (h->end <= H_SETUP_SECTS || h->end > H_END_CAP)
		return diag_fail(d, -EINVAL,
				 "%s: internal error: setup header end 0x%zx",
				 name, h->end);
	rc = linux_cmdline_check(d, name, h, o);
	if (rc)
		return rc;
	version = (unsigned)get_le(h->bytes + H_VERSION, 2);

	if (o->initrd && o->initrd->len) {
		ilen = o->initrd->len;
		if (plan_find_space(p, d, m, ilen, KJ_PAGE_SIZE, INITRD_LOW,
				    h->initrd_max, 1, &iaddr)) {
			diag_prefix(d, "%s: no room for the initrd %s (%llu bytes) between 16 MiB and initrd_addr_max 0x%llx: ",
				    name, o->initrd->name, (ull)ilen,
				    (ull)h->initrd_max);
			return -EADDRNOTAVAIL;
		}
		rc = plan_add(p, d, o->initrd->data, o->initrd->len, iaddr,
			      ilen, "initrd", 0);
		if (rc)
			return rc;
	}

	/* boot_params segment */
	memset(&l, 0, sizeof(l));
	l.cmd_len = o->cmdline ? strlen(o->cmdline) : 0;
	l.cmd_off = BP_SIZE;
	l.used = l.cmd_off + l.cmd_len + 1 + o->cmdline_spare;
	l.ext_n = bm->n > E820_MAX ? bm->n - E820_MAX : 0;
	if (l.ext_n * E820_ENTRY_SIZE > 0xffffffffu)
		return diag_fail(d, -E2BIG, "%s: %zu memory map entries are too many",
				 name, bm->n);
	if (l.ext_n)
		l.ext_off = lay_node(&l, l.ext_n * E820_ENTRY_SIZE);
	rc = efi_wanted(d, name, h, o, &l.desc_size);
	if (rc < 0)
		return rc;
	if (rc && o->efi->n) {
		l.efimap_len = o->efi->n * l.desc_size;
		l.efimap_off = lay(&l, l.efimap_len);
		l.efi_off = lay_node(&l, EFI_SETUP_DATA_SIZE);
	}
	if (o->dtb) {
		rc = fdt_check(d, o->dtb->name, o->dtb->data, o->dtb->len,
			       &l.dtb_len);
		if (rc)
			return rc;
		if (version < PROTO_SETUP_DATA)
			return diag_fail(d, -EINVAL,
					 "%s: boot protocol %u.%02u has no setup_data (2.09+), so it cannot take --dtb",
					 name, version >> 8, version & 0xff);
		l.dtb_off = lay_node(&l, l.dtb_len);
	}
	if (o->rng_seed_len && version >= PROTO_SETUP_DATA)
		l.rng_off = lay_node(&l, o->rng_seed_len);
	bpsz = l.used;
	if (range_align_up(bpsz, KJ_PAGE_SIZE, &bpsz))
		return diag_fail(d, -E2BIG, "%s: boot_params too large", name);
	if (plan_find_space(p, d, m, bpsz, KJ_PAGE_SIZE, BP_MIN_ADDR,
			    BP_MAX_ADDR, 1, &bpa)) {
		diag_prefix(d, "%s: no room for boot_params and the command line: ",
			    name);
		return -EADDRNOTAVAIL;
	}
	bp = calloc(1, l.used);
	if (!bp)
		return diag_fail(d, -ENOMEM, "out of memory");
	fill_boot_params(bp, bpa, h, o, bm, &l, iaddr, ilen);
	rc = plan_add(p, d, bp, l.used, bpa, bpsz, "boot_params", 1);
	if (rc)
		return rc;
	p->boot_params = bpa;
	p->entry = entry;
	snprintf(p->entry_what, sizeof(p->entry_what), "%s", entry_what);
	p->arch = o->kernel_64 ? KEXEC_ARCH_X86_64 : KEXEC_ARCH_386;
	diag_debug(d, "%s: initrd 0x%llx (%llu bytes), boot_params 0x%llx, %zu e820 entries",
		   name, (ull)iaddr, (ull)ilen, (ull)bpa, bm->n);
	return 0;
}

void linux_hdr_synthetic(uint8_t *buf, struct linux_hdr *h)
{
	memset(buf, 0, H_END_CAP);
	put_le(buf + H_BOOT_FLAG, BOOT_FLAG_MAGIC, 2);
	buf[H_JUMP] = 0xeb;                       /* jmp short */
	buf[H_JUMP_LEN] = (uint8_t)(SYNTH_END - H_HEADER);
	put_le(buf + H_HEADER, HDRS_MAGIC, 4);
	put_le(buf + H_VERSION, SYNTH_VERSION, 2);
	buf[H_LOADFLAGS] = LOADED_HIGH;
	put_le(buf + H_INITRD_ADDR_MAX, SYNTH_INITRD_MAX, 4);
	put_le(buf + H_CMDLINE_SIZE, SYNTH_CMDLINE_SIZE, 4);
	h->bytes = buf;
	h->end = SYNTH_END;
	h->cmdline_max = SYNTH_CMDLINE_SIZE;
	h->cmdline_why = NULL;
	h->initrd_max = SYNTH_INITRD_MAX;
}
