/* SPDX-License-Identifier: GPL-2.0-or-later */
/* range.c - pure physical address interval algebra (see range.h).
 * Ranges are half-open [start, end).  An empty range overlaps nothing. */
#include <errno.h>
#include <stdint.h>

#include "range.h"

int range_overlaps(struct range a, struct range b)
{
	if (a.start >= a.end || b.start >= b.end)
		return 0;
	return a.start < b.end && b.start < a.end;
}

int range_contains(struct range outer, struct range inner)
{
	return inner.start >= outer.start && inner.end <= outer.end &&
	       inner.start <= inner.end;
}

/* @align need not be a power of two; 0 and 1 mean "no alignment". */
int range_align_up(uint64_t v, uint64_t align, uint64_t *out)
{
	uint64_t rem;

	if (align <= 1) {
		*out = v;
		return 0;
	}
	rem = v % align;
	if (rem == 0) {
		*out = v;
		return 0;
	}
	if (__builtin_add_overflow(v, align - rem, out))
		return -ERANGE;
	return 0;
}

uint64_t range_align_down(uint64_t v, uint64_t align)
{
	if (align <= 1)
		return v;
	return v - v % align;
}
