/* SPDX-License-Identifier: GPL-2.0-or-later */
/* efi.h - what a Linux kernel booted by kexec needs of the running
 * kernel's EFI boot (doc/abi.md 17): the runtime memory map from
 * /sys/firmware/efi/runtime-map and the firmware pointers for SETUP_EFI;
 * and the header check of a --dtb file (a flattened device tree for
 * SETUP_DTB).  Pure parsers: the files are read by sysenv.c. */
#ifndef KJ_EFI_H
#define KJ_EFI_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"

/* One runtime-map entry (efi_memory_desc_t without its padding) */
struct efi_md {
	uint32_t type;
	uint64_t phys, virt, pages, attr;
};

#define EFI_MD_MIN_SIZE   40u    /* efi_memory_desc_t */
#define EFI_MD_MAX_SIZE   4096u  /* sanity bound on efi_memdesc_size */
#define EFI_MAX_ENTRIES   4096u  /* sanity bound on runtime-map entries */
#define EFI_PAGE_SHIFT    12

/* The running kernel's EFI state for the new kernel (env_efi_state) */
struct efi_state {
	uint64_t fw_vendor;      /* /sys/firmware/efi/fw_vendor (PA) */
	uint64_t runtime;        /* /sys/firmware/efi/runtime (PA), info */
	uint64_t tables;         /* /sys/firmware/efi/config_table (PA) */
	uint64_t smbios;         /* SMBIOS= in /sys/firmware/efi/systab, 0 */
	struct efi_md *md;       /* runtime-map/0.. in order (malloc'd) */
	size_t n;
};

/* One runtime-map entry from the texts of its five files (each
 * NUL-terminated, as read): hex numbers ("0x..." with an optional
 * newline).  Checks: every field a number that fits its width, at least
 * one page, phys and virt page aligned, phys + pages * 4 KiB without
 * overflow.  @name (e.g. ".../runtime-map/3") starts the message. */
int efi_md_parse(struct diag *d, const char *name, const char *type,
		 const char *phys, const char *virt, const char *pages,
		 const char *attr, struct efi_md *out);

/* A number from a sysfs text (hex with 0x, or decimal; one trailing
 * newline allowed): 0, or -EINVAL. */
int efi_parse_u64(const char *text, uint64_t *v);

/* The descriptors the new kernel's efi_info.efi_memmap points at: @n
 * entries of @desc_size bytes (>= 40, a multiple of 8, <= 4096), each
 * type, pad, phys, virt, pages, attr little-endian, zero after byte 40.
 * @buf holds n * desc_size bytes. */
void efi_md_write(uint8_t *buf, const struct efi_md *md, size_t n,
		  uint32_t desc_size);

void efi_state_free(struct efi_state *e);

/* Flattened device tree header (big-endian): magic 0xd00dfeed at 0,
 * totalsize at 4; version 16/17 layout: off_dt_struct 8, off_dt_strings
 * 12, off_mem_rsvmap 16, version 20, last_comp_version 24 ... 40 bytes
 * in all for version 17. */
#define FDT_MAGIC         0xd00dfeedu
#define FDT_HEADER_SIZE   40u

/* Check the FDT header of @data (@len bytes, the file @name): magic,
 * totalsize within the file and at least the header, the structure,
 * strings and reserve-map offsets inside totalsize, version 16 or
 * later, last_comp_version 17 or less (libfdt's limit), for version 17
 * the block sizes inside totalsize.  0, or -EINVAL with one line.
 * *size gets totalsize (what the kernel is given). */
int fdt_check(struct diag *d, const char *name, const uint8_t *data,
	      size_t len, size_t *size);

#endif
