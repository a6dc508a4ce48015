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
 * 80x25 VGA text, 16-point font).  EFI runtime state (efi_info,
 * SETUP_EFI) is not passed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
#define SETUP_E820_EXT       1u
#define SETUP_HDR_SIZE       16

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
#define SYNTH_CMDLINE_SIZE   2047u
#define SYNTH_INITRD_MAX     0x7fffffffu

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
		if (m->v[i].type == MEM_RAM && m->v[i].r.start <= ONE_MIB &&
		    m->v[i].r.end > ONE_MIB)
			alt_k = (m->v[i].r.end - ONE_MIB) >> 10;
	put_le(bp + BP_ALT_MEM_K, alt_k > 0xffffffffu ? 0xffffffffu : alt_k, 4);

	if (l->cmd_len)
		memcpy(bp + l->cmd_off, o->cmdline, l->cmd_len);
	bp[l->cmd_off + l->cmd_len] = '\0';
}

int linux_cmdline_check(struct diag *d, const char *name,
			const struct linux_hdr *h, const struct load_opts *o)
{
	size_t len = o->cmdline ? strlen(o->cmdline) : 0;

	/* cmdline_size counts without the NUL */
	if (len > h->cmdline_max)
		return diag_fail(d, -E2BIG,
				 "%s: the command line is %zu bytes, but this kernel accepts at most %llu (cmdline_size)",
				 name, len, (ull)h->cmdline_max);
	if (o->cmdline_spare && len + o->cmdline_spare > h->cmdline_max)
		return diag_fail(d, -E2BIG,
				 "%s: the command line is %zu bytes; a jump needs %zu more for kexec_jump_back_entry=, and this kernel accepts at most %llu (cmdline_size)",
				 name, len, o->cmdline_spare, (ull)h->cmdline_max);
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
	uint8_t *bp;
	int rc;

	if (h->end <= H_SETUP_SECTS || h->end > H_END_CAP)
		return diag_fail(d, -EINVAL,
				 "%s: internal error: setup header end 0x%zx",
				 name, h->end);
	rc = linux_cmdline_check(d, name, h, o);
	if (rc)
		return rc;
	l.cmd_len = o->cmdline ? strlen(o->cmdline) : 0;

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
	l.cmd_off = BP_SIZE;
	l.ext_n = bm->n > E820_MAX ? bm->n - E820_MAX : 0;
	l.ext_off = (l.cmd_off + l.cmd_len + 1 + o->cmdline_spare + 15) &
		    ~(size_t)15;
	l.used = l.ext_n ? l.ext_off + SETUP_HDR_SIZE + l.ext_n * E820_ENTRY_SIZE
			 : l.cmd_off + l.cmd_len + 1 + o->cmdline_spare;
	if (l.ext_n * E820_ENTRY_SIZE > 0xffffffffu)
		return diag_fail(d, -E2BIG, "%s: %zu memory map entries are too many",
				 name, bm->n);
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
	h->initrd_max = SYNTH_INITRD_MAX;
}
