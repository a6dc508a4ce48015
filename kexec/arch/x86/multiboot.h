/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multiboot.h - what the Multiboot 1 (multiboot.c) and Multiboot2
 * (multiboot2.c) loaders share (multiboot-common.c): loading the kernel
 * (ELF program headers, or the a.out kludge / address tag: fixed load
 * addresses in the header), placing the modules, the memory map and the
 * command line.  doc/abi.md "Multiboot" lists the facts used.
 */
#ifndef KJ_MULTIBOOT_H
#define KJ_MULTIBOOT_H

#include <stddef.h>
#include <stdint.h>
#include "loader.h"

/* Everything a multiboot image gets lies below 4 GiB (32-bit entry,
 * paging off, 32-bit address fields). */
#define MB_LIMIT 0x100000000ull
/* "kexec", as kexec-tools names itself to multiboot kernels */
#define MB_LOADER_NAME "kexec"

/* Fixed load addresses from the header (MB1 flags bit 16: the a.out
 * kludge; MB2: the address tag).  hdr_off is the header's offset in the
 * file; load_end 0 = to the end of the file, bss_end 0 = no bss. */
struct mb_addr {
	uint32_t hdr_off;
	uint32_t header_addr, load_addr, load_end, bss_end;
};

/* The kernel as loaded: [lo, hi) covers every byte of it. */
struct mb_kernel {
	uint64_t lo, hi;
	uint64_t entry;
};

/* Refusals common to both versions: a jump (--load-preserve-context),
 * a panic load (-p); names the file and @what ("multiboot"). */
int mb_check_opts(struct diag *d, const struct image *img,
		  const struct load_opts *o, const char *what);

/* Load an ELF32/ELF64 kernel at its p_paddr (one segment per non-empty
 * PT_LOAD, any alignment), entry e_entry (physical, or virtual inside a
 * PT_LOAD's vaddr range); everything below 4 GiB. */
int mb_load_elf(struct diag *d, const struct image *img, const char *what,
		struct plan *p, struct mb_kernel *k);

/* Load [load_addr, load_end) from the file and zero up to bss_end, with
 * every relation checked against the header's place in the file; @entry
 * must lie in [load_addr, load_end). */
int mb_load_addr(struct diag *d, const struct image *img, const char *what,
		 const struct mb_addr *a, uint32_t entry, struct plan *p,
		 struct mb_kernel *k);

/* Place o->modules[] page aligned, each at the lowest free address at or
 * above @min (below 4 GiB), in order; pa[i] gets each one's address. */
int mb_place_modules(struct diag *d, const struct image *img,
		     const struct load_opts *o, const struct memmap *m,
		     struct plan *p, uint64_t min, uint64_t *pa);

/* mem_lower (KiB of RAM from 0, at most 640) and mem_upper (KiB of RAM
 * from 1 MiB up to the first hole) from the memory map. */
void mb_mem_sizes(const struct memmap *m, uint32_t *lower, uint32_t *upper);

/* The kernel's command line: "FILE" or "FILE ARGS" (the image's name as
 * given, then o->cmdline), as GRUB Legacy and kexec-tools pass it.
 * malloc'd, NULL on ENOMEM. */
char *mb_cmdline(const struct image *img, const struct load_opts *o);

/* Put the info segment (@buf, @len, owned) at @pa (from
 * mb_find_info()), set the register boot: EAX = @magic, EBX = @pa,
 * EIP = k->entry, 32-bit protected mode. */
int mb_finish(struct diag *d, const struct image *img, struct plan *p,
	      const struct mb_kernel *k, uint32_t magic, uint8_t *buf,
	      size_t len, uint64_t pa, const char *label);

/* Room for @len bytes of boot information at or above @min: *pa, and
 * a zeroed buffer for them in *buf. */
int mb_info_alloc(struct diag *d, const struct image *img,
		  const struct plan *p, const struct memmap *m, size_t len,
		  uint64_t min, uint64_t *pa, uint8_t **buf);

/* One memory map entry's u64 base, u64 length, u32 type at @e (the
 * layout both versions share, after MB1's size field). */
void mb_put_region(uint8_t *e, const struct mem_region *r);

/* A header to search for: @magic at a multiple of @align in the first
 * @search bytes, whose first @nsum u32 words sum to 0; with @arch0 the
 * second word (the architecture) must be 0 too. */
struct mb_magic {
	const char *what;       /* "multiboot", "multiboot2" */
	uint32_t magic;
	unsigned align, nsum;
	size_t search;
	int arch0;
};

/* Find it: 0 with *off, or -ENOEXEC with @why filled. */
int mb_find(const struct image *img, const struct mb_magic *h,
	    uint32_t *off, char *why, size_t whylen);

/* struct loader .probe for @h (the reason in a debug line) */
int mb_probe(struct diag *d, const struct image *img,
	     const struct mb_magic *h, const char *loader);

/* struct loader .load around @fn: a failure leaves the plan as it was
 * (every segment @fn added dropped). */
int mb_load_whole(struct diag *d, const struct image *img,
		  const struct load_opts *o, const struct memmap *m,
		  struct plan *p,
		  int (*fn)(struct diag *, const struct image *,
			    const struct load_opts *, const struct memmap *,
			    struct plan *));

#endif
