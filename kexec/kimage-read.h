/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kimage-read.h - read what a kexec-jump callee left at a destination
 * physical address, after the jump returned, from the loaded image's
 * source pages (doc/abi.md 1.5, 3.5).
 *
 * On return from a preserve-context jump the kernel swaps every
 * destination page D with its source page S once more: D gets Linux's
 * data back and S holds what the callee left in D.  Root can find S for
 * D without reloading:
 *   1. <sysroot>/proc/kallsyms gives the address of the `kexec_image`
 *      variable (a data symbol: needs CONFIG_KALLSYMS_ALL; addresses read
 *      as 0 for non-root or under kptr_restrict);
 *   2. <sysroot>/proc/kcore (an ELF core file of the running kernel,
 *      CONFIG_PROC_KCORE) reads the pointer, then `head`, the first
 *      word of struct kimage;
 *   3. the entry list starting at head (PA | flag words, kernel word
 *      size) is walked page by page, read by physical address through
 *      the kcore PT_LOAD headers that carry a physical address.
 *
 * Everything read from the files is untrusted and bounds-checked; any
 * inconsistency is an error with a message, never silently wrong data.
 */
#ifndef KJ_KIMAGE_READ_H
#define KJ_KIMAGE_READ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "diag.h"

/* Entry flags of the kimage list (include/linux/kexec.h, 6.1 and 6.12:
 * IND_*_BIT 0..3). */
#define KIMAGE_IND_DESTINATION 0x1u
#define KIMAGE_IND_INDIRECTION 0x2u
#define KIMAGE_IND_DONE        0x4u
#define KIMAGE_IND_SOURCE      0x8u

#define KIMAGE_PAGE_SIZE 4096u

/* Walk limits: entries visited, and distinct indirection pages. */
#define KIMAGE_MAX_ENTRIES (1u << 20)
#define KIMAGE_MAX_IND_PAGES (1u << 12)

/* Largest accepted e_phnum of a kcore file. */
#define KCORE_MAX_PHNUM 8192u

struct kcore;

/* Open an ELF core file (ELFCLASS64/EM_X86_64 or ELFCLASS32/EM_386,
 * little-endian, ET_CORE) and index its PT_LOAD headers.  A missing file
 * fails with -ENOENT and "this kernel has no /proc/kcore
 * (CONFIG_PROC_KCORE)". */
int kcore_open(struct diag *d, const char *path, struct kcore **out);

/* The same over a memory buffer, which must outlive the handle (tests,
 * fuzzing).  @name is used in messages. */
int kcore_open_mem(struct diag *d, const void *buf, size_t len,
		   const char *name, struct kcore **out);

void kcore_close(struct kcore *kc);

/* Kernel word size implied by the ELF class: 8 or 4. */
unsigned kcore_word_size(const struct kcore *kc);

/* The @i-th PT_LOAD (0-based): its p_vaddr, p_paddr (UINT64_MAX when
 * the kernel gives none) and p_filesz.  -ENOENT past the last. */
int kcore_load_seg(const struct kcore *kc, size_t i, uint64_t *vaddr,
		   uint64_t *paddr, uint64_t *size);

/* Read @len bytes at kernel virtual address @va (any PT_LOAD, by
 * p_vaddr).  A range may span adjacent segments. */
int kcore_read_va(struct diag *d, struct kcore *kc, uint64_t va,
		  void *buf, size_t len);

/* Read @len bytes at physical address @pa, through PT_LOADs with a valid
 * p_paddr only (not all-ones, not 0; see kimage-read.c). */
int kcore_read_pa(struct diag *d, struct kcore *kc, uint64_t pa,
		  void *buf, size_t len);

/* Find @symbol in a /proc/kallsyms text ("ADDR TYPE NAME [MODULE]").
 * Exact name match; a vmlinux symbol wins over module symbols; two
 * vmlinux symbols of that name at different addresses are an error.
 * -ENOENT if absent; a zero address is -EPERM, "addresses hidden (run as
 * root; kptr_restrict)". */
int kallsyms_lookup(struct diag *d, const char *path, const char *symbol,
		    uint64_t *addr);
/* The same on an open stream; @name is used in messages. */
int kallsyms_lookup_stream(struct diag *d, FILE *f, const char *name,
			   const char *symbol, uint64_t *addr);

/* Copy @len bytes at destination physical address @dest_pa of the
 * currently loaded kexec image out of its source pages, using
 * <sysroot>/proc/kallsyms and <sysroot>/proc/kcore (sysroot NULL or "" on
 * a real system).  Every page of the range must be a destination page of
 * the image.  On error @buf contents are unspecified. */
int kimage_read_dest(struct diag *d, const char *sysroot, uint64_t dest_pa,
		     void *buf, size_t len);

/* The same with an open kcore and the address of the kexec_image
 * variable already known. */
int kimage_read_dest_kcore(struct diag *d, struct kcore *kc,
			   uint64_t kexec_image_va, uint64_t dest_pa,
			   void *buf, size_t len);

#endif
