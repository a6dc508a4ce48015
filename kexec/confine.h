/* SPDX-License-Identifier: GPL-2.0-or-later */
/* confine.h - keeping kernel B out of kernel A's memory in a
 * Linux-to-Linux kexec jump (A loads B with --load-preserve-context).
 *
 * B gets a set of RAM ranges, "B's RAM": the window the planner picks
 * (or [--mem-min, --mem-max]) plus A's low RAM below 1 MiB (Linux needs
 * some there for its real-mode trampoline).  Three things follow:
 *   - every page of B's RAM is a destination page of A's image (B's own
 *     segments, and empty "backup" segments for the rest), so the kernel
 *     swaps A's data out of it on every jump to B and back in on every
 *     return (doc/abi.md 3.5): whatever B does there, A gets its
 *     memory back;
 *   - B's e820 (boot_params) shows only B's RAM as usable; A's other RAM
 *     is "reserved", so B never touches it;
 *   - non-RAM ranges keep their types (B still needs its ACPI tables).
 * kexec-tools leaves B the whole memory map unless asked otherwise
 * (doc/abi.md 4.1): B can then overwrite A.
 */
#ifndef KJ_CONFINE_H
#define KJ_CONFINE_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "memmap.h"
#include "plan.h"
#include "range.h"

#define CONFINE_MAX_RAM 2
#define CONFINE_LOW_LIMIT 0x100000u       /* "low" RAM: below 1 MiB */
#define CONFINE_DEFAULT_SIZE (128u << 20) /* window when none is given */
#define CONFINE_ALIGN (2u << 20)          /* window alignment */
#define CONFINE_HOLE_SIZE (128u << 10)    /* purgatory + parameters */

struct confine {
	struct range ram[CONFINE_MAX_RAM]; /* B's RAM: [0] low, [1] window */
	size_t nram;
	struct range window;               /* == ram[nram - 1] */
	/* The top of the window, kept from B: the purgatory and its
	 * parameter block go here, and B's map calls it ACPI data, so B
	 * leaves it alone but its kexec identity map covers it (the jump
	 * back runs through it).  Empty until confine_reserve_top(). */
	struct range hole;
};

/* Reserve the hole: the highest @size bytes (page multiple) of the
 * window that end at or below @below (exclusive; the purgatory's limit).
 * Returns 0, or -EADDRNOTAVAIL with a message when the window has no
 * @size bytes below @below. */
int confine_reserve_top(struct diag *d, struct confine *c, uint64_t size,
			uint64_t below);

/* Pick B's RAM.  With @have_min/@have_max the window is the RAM inside
 * [min, max] (inclusive; one contiguous RAM range is required); otherwise
 * the highest 2 MiB-aligned @size bytes of one RAM range below @limit
 * (exclusive; 4 GiB keeps every boot-protocol pointer 32-bit).  The low
 * range is the RAM below 1 MiB, page aligned, from 0x1000.  Returns 0 or
 * -errno with a message. */
int confine_pick(struct diag *d, const struct memmap *m, uint64_t size,
		 int have_min, uint64_t min, int have_max, uint64_t max,
		 uint64_t limit, struct confine *c);

/* B's memory map: @m with RAM outside B's RAM turned into
 * MEM_RESERVED and the hole into MEM_ACPI, sorted, same-type neighbours merged.  Writes at most @cap
 * regions to @out and sets *@n; -E2BIG with a message when more are
 * needed. */
int confine_e820(struct diag *d, const struct memmap *m,
		 const struct confine *c, struct mem_region *out, size_t cap,
		 size_t *n);

/* Add empty (zero-filled, bufsz 0) segments covering every page of B's
 * RAM that no segment of @p covers.  Segments of @p outside B's RAM are
 * an error (B would run on A's memory).  Returns 0 or -errno (-E2BIG from
 * plan_add when the kernel's 16-segment limit is exceeded). */
int confine_fill(struct diag *d, const struct confine *c, struct plan *p);

#endif
