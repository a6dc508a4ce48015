/* SPDX-License-Identifier: GPL-2.0-or-later */
/* plan.h - the segment list handed to kexec_load, built by loaders and
 * checked before the syscall against what the kernel will check
 * (doc/abi.md 1.4) plus what it does not (destinations in System RAM).
 */
#ifndef KJ_PLAN_H
#define KJ_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "memmap.h"

#define KJ_PAGE_SIZE 4096u
#define KEXEC_SEGMENT_MAX 16

/* kexec_load flags (doc/abi.md 1.3) */
#define KEXEC_ON_CRASH          0x00000001u
#define KEXEC_PRESERVE_CONTEXT  0x00000002u
#define KEXEC_ARCH_MASK         0xffff0000u
#define KEXEC_ARCH_DEFAULT      0x00000000u
#define KEXEC_ARCH_386          0x00030000u
#define KEXEC_ARCH_X86_64       0x003e0000u

struct segment {
	const void *buf;       /* data to copy (may be NULL when bufsz == 0) */
	size_t bufsz;          /* bytes of buf; <= memsz */
	uint64_t mem;          /* destination physical address, page aligned */
	uint64_t memsz;        /* destination size, multiple of the page size */
	char what[64];         /* origin label for plans: "ELF64 PT_LOAD #0" */
	int owned;             /* plan_free() frees buf */
	int no_hash;           /* the purgatory does not check it: the
				  kernel may rewrite it after the load (a
				  panic load's ELF core headers, --hotplug) */
};

/* How the purgatory starts an image it boots and never returns from
 * (purgatory-load.h), after the sha256 checks:
 *   PLAN_BOOT_32: 32-bit protected mode, paging off, flat 4 GiB code
 *     selector 0x10 and data selector 0x18 loaded in DS/ES/FS/GS/SS,
 *     IF = 0, from either kernel width;
 *   PLAN_BOOT_64: long mode on the kernel's identity map, the same
 *     selectors with 0x10 a 64-bit code segment (x86_64 kernels only).
 * The general registers get reg[] (the low 32 bits in 32-bit mode), all
 * others 0; ESP/RSP points at stack[0], stack[1] above it and so on
 * (nstack words, each 4 bytes in 32-bit mode and 8 in 64-bit mode), on
 * a stack of the purgatory's with room below (16 KiB, below 2 GiB);
 * EIP/RIP = plan.entry, below 4 GiB for PLAN_BOOT_32.  There is no
 * IDT to rely on (an exception resets or halts the machine).  The exact
 * state is in doc/abi.md 10.7. */
enum plan_boot_mode { PLAN_BOOT_NONE = 0, PLAN_BOOT_32 = 32, PLAN_BOOT_64 = 64 };
enum { PLAN_REG_AX, PLAN_REG_BX, PLAN_REG_CX, PLAN_REG_DX, PLAN_REG_SI,
       PLAN_REG_DI, PLAN_REG_BP, PLAN_NREGS };
#define PLAN_BOOT_STACK_MAX 4
struct plan_boot {
	int mode;                           /* enum plan_boot_mode */
	uint64_t reg[PLAN_NREGS];
	uint64_t stack[PLAN_BOOT_STACK_MAX];
	unsigned nstack;
};

struct plan {
	uint64_t entry;        /* physical entry address */
	uint32_t flags;        /* KEXEC_* without the arch field */
	uint32_t arch;         /* KEXEC_ARCH_* field to send */
	struct segment seg[KEXEC_SEGMENT_MAX + 1]; /* +1 so overflow is reported, not UB */
	size_t nseg;
	uint64_t mem_min;      /* placement / validity window, inclusive */
	uint64_t mem_max;      /* UINT64_MAX when unset */
	char entry_what[64];   /* label for the entry line, e.g. "e_entry" */
	/* Set by the Linux loader (bzimage.c): physical address of the
	 * boot_params it placed.  Non-zero asks kexec to add the purgatory
	 * in Linux-boot mode, which jumps to `entry` with ESI/RSI = this. */
	uint64_t boot_params;
	/* The width of the code at `entry` when it differs from the
	 * running kernel's: 32 for an ELF32 program or 32-bit blob that an
	 * x86_64 kernel calls through the purgatory (which leaves long mode
	 * for it and comes back); 0 = the kernel's own width. */
	int entry_bits;
	/* Set by a loader that has the purgatory START a non-Linux image
	 * (no return): multiboot, ELF boot notes, a bzImage's 32-bit entry.
	 * See struct plan_boot. */
	struct plan_boot boot;
};

/* Initialise an empty plan (mem_min 0, mem_max UINT64_MAX). */
void plan_init(struct plan *p);

/* Append a segment at a fixed address.  memsz is rounded up to the page
 * size here; mem must already be page aligned (else -EINVAL with message).
 * If @owned, the plan takes ownership of @buf even on failure. */
int plan_add(struct plan *p, struct diag *d, const void *buf, size_t bufsz,
	     uint64_t mem, uint64_t memsz, const char *what, int owned);

/* Find room for @size bytes (rounded to pages) aligned to @align (>= page),
 * inside RAM, inside [min, max] (inclusive) and the plan's mem window, not
 * overlapping existing segments.  Highest fit if @top_down, else lowest.
 * Returns 0 and sets *addr, or -EADDRNOTAVAIL with a message. */
int plan_find_space(const struct plan *p, struct diag *d,
		    const struct memmap *m, uint64_t size, uint64_t align,
		    uint64_t min, uint64_t max, int top_down, uint64_t *addr);

/* Check everything before the syscall: at most 16 segments, page
 * alignment, bufsz <= memsz, no wrap-around, no overlap, every segment in
 * System RAM and in [mem_min, mem_max], entry inside a loaded segment
 * (unless @entry_anywhere, used by the jump-back helper).  Sorts segments
 * by address.  Each failure names the segment(s) by their label. */
int plan_finalize(struct plan *p, struct diag *d, const struct memmap *m,
		  int entry_anywhere);

/* Drop the segments from index @nseg on (freeing owned buffers). */
void plan_truncate(struct plan *p, size_t nseg);

void plan_free(struct plan *p);

#endif
