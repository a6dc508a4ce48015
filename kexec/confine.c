/* SPDX-License-Identifier: GPL-2.0-or-later */
/* confine.c - kernel B's memory in a Linux-to-Linux jump (confine.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "confine.h"

typedef unsigned long long ull;

int confine_pick(struct diag *d, const struct memmap *m, uint64_t size,
		 int have_min, uint64_t min, int have_max, uint64_t max,
		 uint64_t limit, struct confine *c)
{
	struct range low = { 0, 0 }, win = { 0, 0 };
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < m->n; i++) {
		struct range r = m->v[i].r;

		if (m->v[i].type != MEM_RAM || r.start >= CONFINE_LOW_LIMIT)
			continue;
		r.start = r.start < 0x1000 ? 0x1000 : r.start;
		r.start = (r.start + 0xfff) & ~(uint64_t)0xfff;
		r.end = range_align_down(r.end < CONFINE_LOW_LIMIT ? r.end :
					 CONFINE_LOW_LIMIT, 0x1000);
		if (r.end > r.start && r.end - r.start > low.end - low.start)
			low = r;
	}
	if (low.end == low.start)
		return diag_fail(d, -ENOMEM,
				 "no RAM below 1 MiB to give the jumped-to kernel (Linux needs some for its real-mode trampoline)");

	if (have_min || have_max) {
		uint64_t lo = have_min ? min : CONFINE_LOW_LIMIT;
		uint64_t hi = have_max ? max : UINT64_MAX;   /* inclusive */

		if (lo < CONFINE_LOW_LIMIT)
			lo = CONFINE_LOW_LIMIT;
		for (i = 0; i < m->n; i++) {
			struct range r = m->v[i].r;

			if (m->v[i].type != MEM_RAM || r.end <= lo || r.start > hi)
				continue;
			if (r.start < lo)
				r.start = lo;
			if (hi != UINT64_MAX && r.end > hi + 1)
				r.end = hi + 1;
			r.start = (r.start + 0xfff) & ~(uint64_t)0xfff;
			r.end = range_align_down(r.end, 0x1000);
			if (r.end <= r.start)
				continue;
			if (win.end != win.start)
				return diag_fail(d, -EINVAL,
						 "--mem-min/--mem-max 0x%llx-0x%llx span more than one RAM range; the jumped-to kernel's memory must be one range",
						 (ull)lo, (ull)hi);
			win = r;
		}
		if (win.end == win.start)
			return diag_fail(d, -EINVAL,
					 "no RAM inside --mem-min/--mem-max 0x%llx-0x%llx for the jumped-to kernel",
					 (ull)lo, (ull)hi);
	} else {
		for (i = 0; i < m->n; i++) {
			struct range r = m->v[i].r;
			uint64_t end, start;

			if (m->v[i].type != MEM_RAM)
				continue;
			end = range_align_down(r.end < limit ? r.end : limit,
					       CONFINE_ALIGN);
			if (end < size)
				continue;
			start = end - size;
			if (start < r.start || start < CONFINE_LOW_LIMIT)
				continue;
			if (start > win.start)   /* highest fit */
				win = (struct range){ start, end };
		}
		if (win.end == win.start)
			return diag_fail(d, -ENOMEM,
					 "no RAM range below 0x%llx holds %llu MiB for the jumped-to kernel; give --mem-min/--mem-max",
					 (ull)limit, (ull)(size >> 20));
	}
	c->ram[0] = low;
	c->ram[1] = win;
	c->nram = 2;
	c->window = win;
	return 0;
}

int confine_reserve_top(struct diag *d, struct confine *c, uint64_t size,
			uint64_t below)
{
	uint64_t end = c->window.end < below ? c->window.end : below;

	end = range_align_down(end, 0x1000);
	if (end < c->window.start || end - c->window.start < size)
		return diag_fail(d, -EADDRNOTAVAIL,
				 "the jumped-to kernel's memory 0x%llx-0x%llx has no %llu KiB below 0x%llx for the purgatory; give --mem-min/--mem-max a window that reaches below 0x%llx",
				 (ull)c->window.start, (ull)c->window.end,
				 (ull)(size >> 10), (ull)below, (ull)below);
	c->hole = (struct range){ end - size, end };
	return 0;
}

static int in_b_ram(const struct confine *c, uint64_t a)
{
	for (size_t i = 0; i < c->nram; i++)
		if (a >= c->ram[i].start && a < c->ram[i].end)
			return 1;
	return 0;
}

/* Append [s, e) of @type, merging with the previous region. */
static int emit(struct diag *d, struct mem_region *out, size_t cap, size_t *n,
		uint64_t s, uint64_t e, enum mem_type type)
{
	if (e <= s)
		return 0;
	if (*n && out[*n - 1].type == type && out[*n - 1].r.end == s) {
		out[*n - 1].r.end = e;
		return 0;
	}
	if (*n >= cap)
		return diag_fail(d, -E2BIG,
				 "the jumped-to kernel's memory map needs more than %zu entries",
				 cap);
	out[*n].r = (struct range){ s, e };
	out[(*n)++].type = type;
	return 0;
}

int confine_e820(struct diag *d, const struct memmap *m,
		 const struct confine *c, struct mem_region *out, size_t cap,
		 size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < m->n; i++) {
		struct range r = m->v[i].r;
		uint64_t a = r.start;
		int rc;

		if (m->v[i].type != MEM_RAM) {
			rc = emit(d, out, cap, n, r.start, r.end, m->v[i].type);
			if (rc)
				return rc;
			continue;
		}
		/* split the RAM range at B's RAM and hole boundaries */
		while (a < r.end) {
			uint64_t b = r.end;
			int mine = in_b_ram(c, a);
			int hole = a >= c->hole.start && a < c->hole.end;

			for (size_t k = 0; k < c->nram; k++) {
				if (c->ram[k].start > a && c->ram[k].start < b)
					b = c->ram[k].start;
				if (c->ram[k].end > a && c->ram[k].end < b)
					b = c->ram[k].end;
			}
			if (c->hole.start > a && c->hole.start < b)
				b = c->hole.start;
			if (c->hole.end > a && c->hole.end < b)
				b = c->hole.end;
			rc = emit(d, out, cap, n, a, b,
				  hole ? MEM_ACPI : mine ? MEM_RAM : MEM_RESERVED);
			if (rc)
				return rc;
			a = b;
		}
	}
	return 0;
}

static int seg_cmp(const void *x, const void *y)
{
	const struct range *a = x, *b = y;

	return a->start < b->start ? -1 : a->start > b->start;
}

int confine_fill(struct diag *d, const struct confine *c, struct plan *p)
{
	struct range used[KEXEC_SEGMENT_MAX + 1];
	size_t nu = p->nseg, i, k;
	int rc;

	for (i = 0; i < nu; i++) {
		struct range s = { p->seg[i].mem, p->seg[i].mem + p->seg[i].memsz };
		int inside = 0;

		for (k = 0; k < c->nram; k++)
			inside |= range_contains(c->ram[k], s);
		if (!inside)
			return diag_fail(d, -EINVAL,
					 "%s at 0x%llx-0x%llx lies outside the jumped-to kernel's memory (0x%llx-0x%llx)",
					 p->seg[i].what, (ull)s.start, (ull)s.end,
					 (ull)c->window.start, (ull)c->window.end);
		used[i] = s;
	}
	qsort(used, nu, sizeof(used[0]), seg_cmp);
	for (k = 0; k < c->nram; k++) {
		uint64_t a = c->ram[k].start;

		for (i = 0; i <= nu; i++) {
			uint64_t b = i < nu ? used[i].start : c->ram[k].end;

			if (b > c->ram[k].end)
				b = c->ram[k].end;
			if (b > a) {
				rc = plan_add(p, d, NULL, 0, a, b - a,
					      "backup of the caller's memory", 0);
				if (rc)
					return rc;
			}
			if (i < nu && used[i].end > a)
				a = used[i].end;
			if (a >= c->ram[k].end)
				break;
		}
	}
	return 0;
}
