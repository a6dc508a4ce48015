/* SPDX-License-Identifier: GPL-2.0-or-later */
/* range.h - pure physical address interval algebra.
 * All ranges are half-open [start, end); addresses are uint64_t. */
#ifndef KJ_RANGE_H
#define KJ_RANGE_H

#include <stddef.h>
#include <stdint.h>

struct range {
	uint64_t start;   /* first byte */
	uint64_t end;     /* one past the last byte; end >= start */
};

/* 1 if [a) and [b) share at least one byte. */
int range_overlaps(struct range a, struct range b);
/* 1 if @inner lies wholly inside @outer. */
int range_contains(struct range outer, struct range inner);
/* Round helpers; return 0 on success, -ERANGE on uint64_t overflow. */
int range_align_up(uint64_t v, uint64_t align, uint64_t *out);
uint64_t range_align_down(uint64_t v, uint64_t align);

#endif
