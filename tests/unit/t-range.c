/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-range.c - interval algebra (range.h). */
#include <errno.h>
#include <stdint.h>

#include "range.h"
#include "tap.h"

#define R(a, b) { (a), (b) }
#define MAXU UINT64_MAX

int main(void)
{
	static const struct {
		struct range a, b;
		int overlaps;
		const char *desc;
	} ov[] = {
		{ R(0, 10), R(5, 15), 1, "partial overlap" },
		{ R(5, 15), R(0, 10), 1, "partial overlap, swapped" },
		{ R(0, 10), R(10, 20), 0, "adjacent: half-open ends do not touch" },
		{ R(10, 20), R(0, 10), 0, "adjacent, swapped" },
		{ R(0, 100), R(40, 41), 1, "one byte inside" },
		{ R(0, 10), R(20, 30), 0, "disjoint" },
		{ R(5, 5), R(0, 10), 0, "empty range overlaps nothing" },
		{ R(0, 10), R(5, 5), 0, "empty range overlaps nothing, swapped" },
		{ R(MAXU - 1, MAXU), R(0, MAXU), 1, "top byte of the space" },
		{ R(0, MAXU), R(0, MAXU), 1, "identical" },
	};
	static const struct {
		struct range outer, inner;
		int contains;
		const char *desc;
	} ct[] = {
		{ R(0, 10), R(0, 10), 1, "equal ranges" },
		{ R(0, 10), R(2, 8), 1, "strictly inside" },
		{ R(0, 10), R(5, 11), 0, "sticks out at the end" },
		{ R(5, 10), R(4, 8), 0, "sticks out at the start" },
		{ R(0, 10), R(10, 10), 1, "empty at the end edge" },
		{ R(0, 10), R(11, 11), 0, "empty beyond the end" },
		{ R(0, 10), R(8, 4), 0, "inverted inner is never contained" },
		{ R(0, MAXU), R(MAXU - 4096, MAXU), 1, "near 2^64" },
	};
	static const struct {
		uint64_t v, align, want;
		int rc;
		const char *desc;
	} up[] = {
		{ 0, 4096, 0, 0, "0 stays 0" },
		{ 1, 4096, 4096, 0, "1 -> one page" },
		{ 4096, 4096, 4096, 0, "aligned value unchanged" },
		{ 4097, 4096, 8192, 0, "just past a page" },
		{ 0x12345, 0x10000, 0x20000, 0, "64 KiB alignment" },
		{ 7, 3, 9, 0, "non power of two" },
		{ 7, 0, 7, 0, "align 0 means none" },
		{ 7, 1, 7, 0, "align 1 means none" },
		{ MAXU - 4095, 4096, MAXU - 4095, 0, "highest aligned page start" },
		{ MAXU - 4094, 4096, 0, -ERANGE, "overflow past 2^64" },
		{ MAXU, 2, 0, -ERANGE, "2^64-1 up to 2" },
	};
	static const struct {
		uint64_t v, align, want;
		const char *desc;
	} down[] = {
		{ 4095, 4096, 0, "below a page -> 0" },
		{ 8191, 4096, 4096, "round down" },
		{ 8192, 4096, 8192, "aligned unchanged" },
		{ MAXU, 4096, MAXU - 4095, "2^64-1" },
		{ 10, 4, 8, "align 4" },
		{ 10, 3, 9, "non power of two" },
		{ 10, 0, 10, "align 0 means none" },
	};
	size_t i;

	for (i = 0; i < sizeof(ov) / sizeof(ov[0]); i++) {
		is_int(range_overlaps(ov[i].a, ov[i].b), ov[i].overlaps,
		       ov[i].desc);
	}
	for (i = 0; i < sizeof(ct) / sizeof(ct[0]); i++)
		is_int(range_contains(ct[i].outer, ct[i].inner), ct[i].contains,
		       ct[i].desc);
	for (i = 0; i < sizeof(up) / sizeof(up[0]); i++) {
		uint64_t out = 0xdeadbeef;
		int rc = range_align_up(up[i].v, up[i].align, &out);

		is_int(rc, up[i].rc, up[i].desc);
		if (rc == 0)
			is_u64(out, up[i].want, up[i].desc);
	}
	for (i = 0; i < sizeof(down) / sizeof(down[0]); i++)
		is_u64(range_align_down(down[i].v, down[i].align), down[i].want,
		       down[i].desc);
	return tap_done();
}
