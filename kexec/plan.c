/* SPDX-License-Identifier: GPL-2.0-or-later */
/* plan.c - the segment list and the one gate every loader passes through
 * before kexec_load (plan.h).
 *
 * plan_finalize() repeats the kernel's own checks (doc/abi.md 1.4:
 * count, wrap-around, page alignment, i386 4 GiB limit, overlap, bufsz <=
 * memsz, at most half of RAM) so a bad plan fails with a message naming
 * the segment instead of a bare EINVAL/EADDRNOTAVAIL, and adds the checks
 * the kernel leaves to user space: destinations wholly in System RAM and
 * inside [mem_min, mem_max], and an entry point that lands in a segment.
 *
 * All address arithmetic is overflow-checked: segment values come from
 * untrusted image headers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

typedef unsigned long long ull;

void plan_init(struct plan *p)
{
	memset(p, 0, sizeof(*p));
	p->mem_min = 0;
	p->mem_max = UINT64_MAX;
}

int plan_add(struct plan *p, struct diag *d, const void *buf, size_t bufsz,
	     uint64_t mem, uint64_t memsz, const char *what, int owned)
{
	struct segment *s;
	uint64_t rounded;

	if (!what)
		what = "segment";
	/* One slot beyond the kernel limit is accepted so plan_finalize()
	 * reports the overflow with the whole plan visible. */
	if (p->nseg >= KEXEC_SEGMENT_MAX + 1) {
		if (owned)
			free((void *)buf);
		return diag_fail(d, -E2BIG,
				 "%s: too many segments (the kernel accepts at most %d)",
				 what, KEXEC_SEGMENT_MAX);
	}
	if (mem % KJ_PAGE_SIZE) {
		if (owned)
			free((void *)buf);
		return diag_fail(d, -EINVAL,
				 "%s: destination 0x%llx is not page aligned (must be a multiple of 0x%x)",
				 what, (ull)mem, KJ_PAGE_SIZE);
	}
	if (range_align_up(memsz, KJ_PAGE_SIZE, &rounded)) {
		if (owned)
			free((void *)buf);
		return diag_fail(d, -EINVAL,
				 "%s: memsz 0x%llx overflows when rounded up to a page",
				 what, (ull)memsz);
	}
	s = &p->seg[p->nseg++];
	memset(s, 0, sizeof(*s));
	s->buf = buf;
	s->bufsz = bufsz;
	s->mem = mem;
	s->memsz = rounded;
	s->owned = owned;
	snprintf(s->what, sizeof(s->what), "%s", what);
	return 0;
}

static const char *type_name(enum mem_type t)
{
	switch (t) {
	case MEM_RAM: return "System RAM";
	case MEM_RESERVED: return "Reserved";
	case MEM_ACPI: return "ACPI Tables";
	case MEM_NVS: return "ACPI Non-volatile Storage";
	case MEM_UNUSABLE: return "Unusable memory";
	case MEM_PMEM: return "Persistent Memory";
	case MEM_PRAM: return "Persistent Memory (legacy)";
	}
	return "unknown type";
}

/* Say what lies in @r that is not RAM, for the error message. */
static void describe_not_ram(const struct memmap *m, struct range r,
			     char *buf, size_t n)
{
	uint64_t cur = r.start;
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct mem_region *g = &m->v[i];

		if (g->type != MEM_RAM && range_overlaps(g->r, r)) {
			snprintf(buf, n, "%s at 0x%llx-0x%llx",
				 type_name(g->type), (ull)g->r.start,
				 (ull)(g->r.end - 1));
			return;
		}
	}
	for (i = 0; i < m->n && cur < r.end; i++) {
		const struct mem_region *g = &m->v[i];

		if (g->type == MEM_RAM && g->r.start <= cur && g->r.end > cur)
			cur = g->r.end;
	}
	snprintf(buf, n, "0x%llx is not in the memory map", (ull)cur);
}

static int check_segment(struct plan *p, struct diag *d,
			 const struct memmap *m, const struct segment *s)
{
	char why[160];
	uint64_t mend;

	if (__builtin_add_overflow(s->mem, s->memsz, &mend))
		return diag_fail(d, -EADDRNOTAVAIL,
				 "%s: 0x%llx + memsz 0x%llx wraps around the address space",
				 s->what, (ull)s->mem, (ull)s->memsz);
	if (s->mem % KJ_PAGE_SIZE)
		return diag_fail(d, -EADDRNOTAVAIL,
				 "%s: destination 0x%llx is not page aligned",
				 s->what, (ull)s->mem);
	if (s->memsz % KJ_PAGE_SIZE)
		return diag_fail(d, -EADDRNOTAVAIL,
				 "%s: memsz 0x%llx is not a multiple of the page size",
				 s->what, (ull)s->memsz);
	if ((uint64_t)s->bufsz > s->memsz)
		return diag_fail(d, -EINVAL,
				 "%s: bufsz 0x%llx is larger than memsz 0x%llx",
				 s->what, (ull)s->bufsz, (ull)s->memsz);
	if (s->bufsz && !s->buf)
		return diag_fail(d, -EINVAL, "%s: bufsz 0x%llx but no data",
				 s->what, (ull)s->bufsz);
	if (s->memsz == 0)
		return 0;        /* empty segments occupy nothing */
	/* i386 kernel: KEXEC_DESTINATION_MEMORY_LIMIT is 0xffffffff. */
	if (p->arch == KEXEC_ARCH_386 && mend > 0xffffffffu)
		return diag_fail(d, -EADDRNOTAVAIL,
				 "%s: 0x%llx-0x%llx reaches 4 GiB; an i386 kernel only loads below 0xffffffff",
				 s->what, (ull)s->mem, (ull)(mend - 1));
	if (s->mem < p->mem_min || mend - 1 > p->mem_max)
		return diag_fail(d, -EADDRNOTAVAIL,
				 "%s: 0x%llx-0x%llx is outside the allowed window 0x%llx-0x%llx (--mem-min/--mem-max)",
				 s->what, (ull)s->mem, (ull)(mend - 1),
				 (ull)p->mem_min, (ull)p->mem_max);
	if (m && !memmap_is_ram(m, (struct range){ s->mem, mend })) {
		describe_not_ram(m, (struct range){ s->mem, mend }, why,
				 sizeof(why));
		return diag_fail(d, -EADDRNOTAVAIL,
				 "%s: 0x%llx-0x%llx is not System RAM (%s)",
				 s->what, (ull)s->mem, (ull)(mend - 1), why);
	}
	return 0;
}

int plan_finalize(struct plan *p, struct diag *d, const struct memmap *m,
		  int entry_anywhere)
{
	uint64_t total = 0, ram = 0, maxend = 0;
	size_t i, j, maxi = 0;
	int rc;

	if (p->nseg > KEXEC_SEGMENT_MAX)
		return diag_fail(d, -E2BIG,
				 "too many segments: %zu, the kernel accepts at most %d",
				 p->nseg, KEXEC_SEGMENT_MAX);
	for (i = 0; i < p->nseg; i++) {
		rc = check_segment(p, d, m, &p->seg[i]);
		if (rc)
			return rc;
		/* cannot overflow: each segment fits below 2^64 and they
		 * are disjoint (checked below), but be explicit anyway */
		if (__builtin_add_overflow(total, p->seg[i].memsz, &total))
			total = UINT64_MAX;
	}

	/* Sort by destination (insertion sort: stable, n <= 16). */
	for (i = 1; i < p->nseg; i++) {
		struct segment tmp = p->seg[i];

		for (j = i; j > 0 && p->seg[j - 1].mem > tmp.mem; j--)
			p->seg[j] = p->seg[j - 1];
		p->seg[j] = tmp;
	}
	for (i = 0; i < p->nseg; i++) {
		const struct segment *s = &p->seg[i];

		if (s->memsz == 0)
			continue;
		if (maxend > s->mem) {
			const struct segment *o = &p->seg[maxi];

			return diag_fail(d, -EINVAL,
					 "segments overlap: %s 0x%llx-0x%llx and %s 0x%llx-0x%llx",
					 o->what, (ull)o->mem,
					 (ull)(o->mem + o->memsz - 1), s->what,
					 (ull)s->mem,
					 (ull)(s->mem + s->memsz - 1));
		}
		if (s->mem + s->memsz > maxend) {
			maxend = s->mem + s->memsz;
			maxi = i;
		}
	}

	if (m) {
		for (i = 0; i < m->n; i++)
			if (m->v[i].type == MEM_RAM)
				ram += m->v[i].r.end - m->v[i].r.start;
		/* The kernel refuses more than totalram/2 (doc/abi.md 1.4
		 * rule 5); totalram is below the firmware RAM size, so this
		 * is a necessary condition only. */
		if (total > ram / 2)
			return diag_fail(d, -EINVAL,
					 "segments need 0x%llx bytes, more than half of System RAM (0x%llx bytes); the kernel refuses that",
					 (ull)total, (ull)ram);
	}

	if (!entry_anywhere) {
		for (i = 0; i < p->nseg; i++) {
			const struct segment *s = &p->seg[i];

			if (p->entry >= s->mem && p->entry - s->mem < s->memsz)
				break;
		}
		if (i == p->nseg)
			return diag_fail(d, -EINVAL,
					 "entry point 0x%llx (%s) is not inside any loaded segment",
					 (ull)p->entry,
					 p->entry_what[0] ? p->entry_what : "entry");
	}
	return 0;
}

/* A growable list of half-open ranges, for plan_find_space(). */
struct rlist {
	struct range *v;
	size_t n, cap;
};

static int rlist_push(struct rlist *l, struct range r)
{
	if (r.start >= r.end)
		return 0;
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 32;
		struct range *nv;

		if (ncap > SIZE_MAX / sizeof(*nv))
			return -ENOMEM;
		nv = realloc(l->v, ncap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		l->v = nv;
		l->cap = ncap;
	}
	l->v[l->n++] = r;
	return 0;
}

/* Remove @h from every range in @l (may split one range in two). */
static int rlist_subtract(struct rlist *l, struct range h)
{
	size_t i, n = l->n;
	int rc;

	if (h.start >= h.end)
		return 0;
	for (i = 0; i < n; i++) {
		struct range f = l->v[i];

		if (!range_overlaps(f, h))
			continue;
		/* keep the left part in place, append the right part */
		l->v[i].end = h.start > f.start ? h.start : f.start;
		if (h.end < f.end) {
			rc = rlist_push(l, (struct range){ h.end, f.end });
			if (rc)
				return rc;
		}
	}
	return 0;
}

int plan_find_space(const struct plan *p, struct diag *d,
		    const struct memmap *m, uint64_t size, uint64_t align,
		    uint64_t min, uint64_t max, int top_down, uint64_t *addr)
{
	struct rlist free_l = { NULL, 0, 0 };
	uint64_t lo, hi, best = 0;
	int found = 0, rc = 0;
	size_t i, j;

	lo = min > p->mem_min ? min : p->mem_min;
	hi = max < p->mem_max ? max : p->mem_max;
	if (size == 0)
		return diag_fail(d, -EINVAL, "cannot place an empty segment");
	/* Never look for the impossible: say which two limits exclude
	 * each other instead of searching an empty (reversed) window. */
	if (min > max)
		return diag_fail(d, -EINVAL,
				 "cannot place 0x%llx bytes: asked for an empty window 0x%llx-0x%llx",
				 (ull)size, (ull)min, (ull)max);
	if (lo > hi)
		return diag_fail(d, -EADDRNOTAVAIL,
				 "no room for 0x%llx bytes: they must lie in 0x%llx-0x%llx, but this load's memory limits (--mem-min/--mem-max or a jumped-to kernel's window) allow only 0x%llx-0x%llx",
				 (ull)size, (ull)min, (ull)max,
				 (ull)p->mem_min, (ull)p->mem_max);
	if (range_align_up(size, KJ_PAGE_SIZE, &size))
		return diag_fail(d, -EADDRNOTAVAIL,
				 "no room for 0x%llx bytes: larger than the address space",
				 (ull)size);
	if (align < KJ_PAGE_SIZE)
		align = KJ_PAGE_SIZE;
	if (align % KJ_PAGE_SIZE)
		return diag_fail(d, -EINVAL,
				 "alignment 0x%llx is not a multiple of the page size",
				 (ull)align);

	/* 1. RAM, 2. minus everything else in the map, 3. minus segments */
	for (i = 0; i < m->n && rc == 0; i++)
		if (m->v[i].type == MEM_RAM)
			rc = rlist_push(&free_l, m->v[i].r);
	for (i = 0; i < m->n && rc == 0; i++)
		if (m->v[i].type != MEM_RAM)
			rc = rlist_subtract(&free_l, m->v[i].r);
	for (i = 0; i < p->nseg && i <= KEXEC_SEGMENT_MAX && rc == 0; i++) {
		const struct segment *s = &p->seg[i];
		uint64_t e;

		if (__builtin_add_overflow(s->mem, s->memsz, &e))
			e = UINT64_MAX;
		rc = rlist_subtract(&free_l, (struct range){ s->mem, e });
	}
	if (rc) {
		free(free_l.v);
		return diag_fail(d, rc, "out of memory while placing a segment");
	}
	/* Drop the empty leftovers of subtraction. */
	for (i = 0, j = 0; i < free_l.n; i++)
		if (free_l.v[i].start < free_l.v[i].end)
			free_l.v[j++] = free_l.v[i];
	free_l.n = j;
	/* Adjacent RAM regions count as one: merge touching free ranges
	 * (sort first: subtraction appends out of order). */
	for (i = 1; i < free_l.n; i++) {
		struct range t = free_l.v[i];

		for (j = i; j > 0 && free_l.v[j - 1].start > t.start; j--)
			free_l.v[j] = free_l.v[j - 1];
		free_l.v[j] = t;
	}
	for (i = 0; i + 1 < free_l.n;) {
		if (free_l.v[i].end >= free_l.v[i + 1].start) {
			if (free_l.v[i + 1].end > free_l.v[i].end)
				free_l.v[i].end = free_l.v[i + 1].end;
			memmove(&free_l.v[i + 1], &free_l.v[i + 2],
				(free_l.n - i - 2) * sizeof(free_l.v[0]));
			free_l.n--;
		} else {
			i++;
		}
	}

	/* 4. clip to [lo, hi] (inclusive), align, pick lowest/highest */
	for (i = 0; i < free_l.n && lo <= hi; i++) {
		uint64_t clo, clast, a;

		if (free_l.v[i].start >= free_l.v[i].end)
			continue;
		clo = free_l.v[i].start > lo ? free_l.v[i].start : lo;
		clast = free_l.v[i].end - 1 < hi ? free_l.v[i].end - 1 : hi;
		if (clo > clast || clast - clo < size - 1)
			continue;
		if (top_down) {
			a = range_align_down(clast - (size - 1), align);
			if (a < clo)
				continue;
			if (!found || a > best)
				best = a;
		} else {
			if (range_align_up(clo, align, &a) || a > clast ||
			    clast - a < size - 1)
				continue;
			if (!found || a < best)
				best = a;
		}
		found = 1;
	}
	free(free_l.v);
	if (!found)
		return diag_fail(d, -EADDRNOTAVAIL,
				 "no free System RAM for 0x%llx bytes (alignment 0x%llx) in 0x%llx-0x%llx",
				 (ull)size, (ull)align, (ull)lo, (ull)hi);
	*addr = best;
	return 0;
}

void plan_truncate(struct plan *p, size_t nseg)
{
	size_t i;

	if (!p)
		return;
	for (i = nseg; i < p->nseg && i <= KEXEC_SEGMENT_MAX; i++) {
		if (p->seg[i].owned)
			free((void *)p->seg[i].buf);
		memset(&p->seg[i], 0, sizeof(p->seg[i]));
	}
	if (p->nseg > nseg)
		p->nseg = nseg;
}

void plan_free(struct plan *p)
{
	plan_truncate(p, 0);
}
