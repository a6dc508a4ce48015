/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-plan.c - segment list checks and placement (plan.h). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1   /* open_memstream */
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "tap.h"

#define MAXU UINT64_MAX
#define PG 0x1000ull

/* The test machine: written out by hand, inclusive ends as in sysfs.
 *   RAM      0x00001000-0x0009ffff
 *   Reserved 0x000a0000-0x000fffff
 *   RAM      0x00100000-0x7fffffff
 *   ACPI     0x80000000-0x8000ffff
 *   (gap)
 *   RAM      0x100000000-0x1ffffffff */
static void machine(struct memmap *m)
{
	memset(m, 0, sizeof(*m));
	memmap_add(NULL, m, 0x1000, 0x9ffff, MEM_RAM);
	memmap_add(NULL, m, 0xa0000, 0xfffff, MEM_RESERVED);
	memmap_add(NULL, m, 0x100000, 0x7fffffff, MEM_RAM);
	memmap_add(NULL, m, 0x80000000, 0x8000ffff, MEM_ACPI);
	memmap_add(NULL, m, 0x100000000, 0x1ffffffff, MEM_RAM);
	m->source = "test";
}

static const char data[0x3000];

static void test_add(void)
{
	struct plan p;
	struct diag d = { 0 };
	static const struct {
		uint64_t memsz, want;
		const char *desc;
	} rnd[] = {
		{ 0, 0, "memsz 0 stays 0" },
		{ 1, PG, "memsz 1 -> one page" },
		{ 0x1000, 0x1000, "one page unchanged" },
		{ 0x1234, 0x2000, "0x1234 -> two pages" },
		{ MAXU - 0xfff, MAXU - 0xfff, "largest page multiple" },
	};
	size_t i;
	char *owned;

	plan_init(&p);
	is_u64(p.mem_min, 0, "init: mem_min 0");
	is_u64(p.mem_max, MAXU, "init: mem_max unset");
	is_int(p.nseg, 0, "init: no segments");

	for (i = 0; i < sizeof(rnd) / sizeof(rnd[0]); i++) {
		plan_init(&p);
		is_int(plan_add(&p, &d, NULL, 0, 0x100000, rnd[i].memsz, "s", 0),
		       0, rnd[i].desc);
		is_u64(p.seg[0].memsz, rnd[i].want, rnd[i].desc);
	}

	plan_init(&p);
	is_int(plan_add(&p, &d, data, 16, 0x100800, 0x1000, "initrd", 0),
	       -EINVAL, "unaligned destination refused");
	has_str(d.msg, "initrd: destination 0x100800 is not page aligned",
		"message names label and address");
	is_int(p.nseg, 0, "nothing added");

	diag_clear(&d);
	is_int(plan_add(&p, &d, NULL, 0, 0x100000, MAXU - 0xffe, "big", 0),
	       -EINVAL, "memsz rounding overflow refused");
	has_str(d.msg, "big: memsz 0xfffffffffffff001 overflows", "overflow message");

	/* ownership passes even on failure (ASan reports a leak otherwise) */
	diag_clear(&d);
	owned = malloc(32);
	is_int(plan_add(&p, &d, owned, 32, 0x123, 0x1000, "owned", 1), -EINVAL,
	       "owned buffer, bad address");

	plan_init(&p);
	diag_clear(&d);
	for (i = 0; i < 17; i++)
		if (plan_add(&p, &d, NULL, 0, 0x100000 + i * PG, PG, "s", 0))
			break;
	is_int(i, 17, "17 segments are accepted by plan_add");
	owned = malloc(8);
	is_int(plan_add(&p, &d, owned, 8, 0x200000, PG, "eighteenth", 1), -E2BIG,
	       "18th segment refused");
	has_str(d.msg, "eighteenth: too many segments", "18th: message");
	diag_clear(&d);
	is_int(plan_finalize(&p, &d, NULL, 1), -E2BIG, "17 segments fail finalize");
	has_str(d.msg, "too many segments: 17, the kernel accepts at most 16",
		"finalize count message");
	plan_free(&p);

	/* plan_free frees owned buffers and accepts an empty plan */
	plan_init(&p);
	owned = malloc(100);
	is_int(plan_add(&p, &d, owned, 100, 0x100000, 100, "o", 1), 0, "owned add");
	plan_free(&p);
	is_int(p.nseg, 0, "plan_free empties the plan");
	plan_free(&p);
	plan_free(NULL);
}

struct seg_in {
	uint64_t mem, memsz;
	size_t bufsz;
	const char *what;
};

static void test_finalize(void)
{
	static const struct {
		const char *desc;
		struct seg_in s[4];
		size_t n;
		uint64_t entry;
		uint64_t mem_min, mem_max;
		uint32_t arch;
		int entry_anywhere;
		int rc;
		const char *msg;
	} t[] = {
		{ "one good segment", { { 0x100000, 0x2000, 0x1800, "A" } }, 1,
		  0x100000, 0, MAXU, 0, 0, 0, "" },
		{ "entry on the last byte", { { 0x100000, 0x2000, 0, "A" } }, 1,
		  0x101fff, 0, MAXU, 0, 0, 0, "" },
		{ "entry one past the end",
		  { { 0x100000, 0x2000, 0, "A" } }, 1, 0x102000, 0, MAXU, 0, 0,
		  -EINVAL, "entry point 0x102000 (e_entry) is not inside any loaded segment" },
		{ "entry below, but entry_anywhere",
		  { { 0x100000, 0x2000, 0, "A" } }, 1, 0x1000, 0, MAXU, 0, 1, 0, "" },
		{ "adjacent segments are fine",
		  { { 0x102000, 0x1000, 0, "B" }, { 0x100000, 0x2000, 0, "A" } }, 2,
		  0x102000, 0, MAXU, 0, 0, 0, "" },
		{ "overlap",
		  { { 0x100000, 0x3000, 0, "first" }, { 0x102000, 0x1000, 0, "second" } }, 2,
		  0x100000, 0, MAXU, 0, 0,
		  -EINVAL, "segments overlap: first 0x100000-0x102fff and second 0x102000-0x102fff" },
		{ "overlap found after sorting, not adjacent in input",
		  { { 0x200000, 0x1000, 0, "c" }, { 0x300000, 0x1000, 0, "d" },
		    { 0x100000, 0x101000, 0, "wide" } }, 3,
		  0x100000, 0, MAXU, 0, 0,
		  -EINVAL, "segments overlap: wide 0x100000-0x200fff and c 0x200000" },
		{ "unaligned mem",
		  { { 0x100200, 0x1000, 0, "odd" } }, 1, 0x100200, 0, MAXU, 0, 0,
		  -EADDRNOTAVAIL, "odd: destination 0x100200 is not page aligned" },
		{ "unaligned memsz",
		  { { 0x100000, 0x1800, 0, "odd" } }, 1, 0x100000, 0, MAXU, 0, 0,
		  -EADDRNOTAVAIL, "odd: memsz 0x1800 is not a multiple of the page size" },
		{ "bufsz > memsz",
		  { { 0x100000, 0x2000, 0x2001, "fat" } }, 1, 0x100000, 0, MAXU, 0, 0,
		  -EINVAL, "fat: bufsz 0x2001 is larger than memsz 0x2000" },
		{ "wrap-around",
		  { { 0xfffffffffffff000ull, 0x2000, 0, "wrap" } }, 1, 0, 0, MAXU, 0, 1,
		  -EADDRNOTAVAIL, "wrap: 0xfffffffffffff000 + memsz 0x2000 wraps around" },
		{ "in Reserved",
		  { { 0xa0000, 0x1000, 0, "low" } }, 1, 0xa0000, 0, MAXU, 0, 0,
		  -EADDRNOTAVAIL, "low: 0xa0000-0xa0fff is not System RAM (Reserved at 0xa0000-0xfffff)" },
		{ "runs from RAM into ACPI",
		  { { 0x7ffff000, 0x2000, 0, "edge" } }, 1, 0x7ffff000, 0, MAXU, 0, 0,
		  -EADDRNOTAVAIL, "edge: 0x7ffff000-0x80000fff is not System RAM (ACPI Tables at 0x80000000-0x8000ffff)" },
		{ "in a hole of the map",
		  { { 0x90000000, 0x1000, 0, "hole" } }, 1, 0x90000000, 0, MAXU, 0, 0,
		  -EADDRNOTAVAIL, "hole: 0x90000000-0x90000fff is not System RAM (0x90000000 is not in the memory map)" },
		{ "runs past the end of RAM",
		  { { 0x1fffff000ull, 0x2000, 0, "top" } }, 1, 0x1fffff000ull, 0, MAXU, 0, 0,
		  -EADDRNOTAVAIL, "(0x200000000 is not in the memory map)" },
		{ "below --mem-min",
		  { { 0x100000, 0x1000, 0, "A" } }, 1, 0x100000, 0x200000, MAXU, 0, 0,
		  -EADDRNOTAVAIL, "A: 0x100000-0x100fff is outside the allowed window 0x200000-0xffffffffffffffff" },
		{ "last byte equals --mem-max",
		  { { 0x100000, 0x2000, 0, "A" } }, 1, 0x100000, 0, 0x101fff, 0, 0, 0, "" },
		{ "one byte above --mem-max",
		  { { 0x100000, 0x2000, 0, "A" } }, 1, 0x100000, 0, 0x101ffe, 0, 0,
		  -EADDRNOTAVAIL, "outside the allowed window 0x0-0x101ffe" },
		{ "i386 kernel, segment above 4 GiB",
		  { { 0x100000000ull, 0x1000, 0, "hi" } }, 1, 0x100000000ull, 0, MAXU,
		  KEXEC_ARCH_386, 0,
		  -EADDRNOTAVAIL, "hi: 0x100000000-0x100000fff reaches 4 GiB" },
		{ "i386 kernel, the last page below 4 GiB (kernel: mend must be < 0xffffffff)",
		  { { 0xfffff000, 0x1000, 0, "last" } }, 1, 0xfffff000, 0, MAXU,
		  KEXEC_ARCH_386, 0,
		  -EADDRNOTAVAIL, "last: 0xfffff000-0xffffffff reaches 4 GiB" },
		{ "x86_64 kernel, segment above 4 GiB",
		  { { 0x100000000ull, 0x1000, 0, "hi" } }, 1, 0x100000000ull, 0, MAXU,
		  KEXEC_ARCH_X86_64, 0, 0, "" },
		{ "i386 kernel, last page below 4 GiB is fine as far as the limit goes",
		  { { 0x7ffff000, 0x1000, 0, "lo" } }, 1, 0x7ffff000, 0, MAXU,
		  KEXEC_ARCH_386, 0, 0, "" },
		{ "empty segment anywhere (jump-back helper)",
		  { { 0x0, 0x0, 0, "helper" } }, 1, 0xdeadbeef, 0, 0x1000, 0, 1, 0, "" },
		{ "an empty segment does not hold the entry",
		  { { 0x100000, 0x0, 0, "helper" } }, 1, 0x100000, 0, MAXU, 0, 0,
		  -EINVAL, "entry point 0x100000 (e_entry) is not inside" },
		{ "more than half of RAM",
		  { { 0x100000000ull, 0xc0000000ull, 0, "huge" } }, 1, 0x100000000ull,
		  0, MAXU, 0, 0, -EINVAL, "more than half of System RAM" },
	};
	struct memmap m;
	size_t i, k;

	machine(&m);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct diag d = { 0 };
		struct plan p;

		plan_init(&p);
		for (k = 0; k < t[i].n; k++) {
			/* set fields directly: plan_add would round/refuse */
			struct segment *s = &p.seg[p.nseg++];

			s->buf = t[i].s[k].bufsz ? data : NULL;
			s->bufsz = t[i].s[k].bufsz;
			s->mem = t[i].s[k].mem;
			s->memsz = t[i].s[k].memsz;
			snprintf(s->what, sizeof(s->what), "%s", t[i].s[k].what);
		}
		p.entry = t[i].entry;
		snprintf(p.entry_what, sizeof(p.entry_what), "e_entry");
		p.mem_min = t[i].mem_min;
		p.mem_max = t[i].mem_max;
		p.arch = t[i].arch;
		is_int(plan_finalize(&p, &d, &m, t[i].entry_anywhere), t[i].rc,
		       t[i].desc);
		if (t[i].rc)
			has_str(d.msg, t[i].msg, t[i].desc);
		else
			is_str(d.msg, "", t[i].desc);
		plan_free(&p);
	}

	{
		struct diag d = { 0 };
		struct plan p;

		plan_init(&p);
		plan_add(&p, &d, NULL, 0, 0x300000, PG, "c", 0);
		plan_add(&p, &d, NULL, 0, 0x100000, PG, "a", 0);
		plan_add(&p, &d, NULL, 0, 0x200000, PG, "b", 0);
		p.entry = 0x200000;
		is_int(plan_finalize(&p, &d, &m, 0), 0, "sorting plan finalizes");
		ok(p.seg[0].mem == 0x100000 && p.seg[1].mem == 0x200000 &&
		   p.seg[2].mem == 0x300000 && strcmp(p.seg[0].what, "a") == 0 &&
		   strcmp(p.seg[2].what, "c") == 0,
		   "segments sorted by address, labels follow");

		/* NULL buffer with a non-zero bufsz */
		plan_init(&p);
		p.seg[0] = (struct segment){ NULL, 0x10, 0x100000, PG, "nobuf", 0, 0 };
		p.nseg = 1;
		p.entry = 0x100000;
		is_int(plan_finalize(&p, &d, &m, 0), -EINVAL, "bufsz without buf");
		has_str(d.msg, "nobuf: bufsz 0x10 but no data", "bufsz without buf: message");

		/* no memory map: RAM checks skipped, the rest still done */
		diag_clear(&d);
		plan_init(&p);
		plan_add(&p, &d, NULL, 0, 0xa0000, PG, "x", 0);
		p.entry = 0xa0000;
		is_int(plan_finalize(&p, &d, NULL, 0), 0, "NULL memmap skips the RAM check");
	}
	memmap_free(&m);
}

static void test_find_space(void)
{
	static const struct {
		const char *desc;
		uint64_t size, align, min, max;
		int top_down;
		uint64_t mem_min, mem_max;
		int with_seg;          /* add a segment at 0x100000-0x1fffff */
		int rc;
		uint64_t want;
		const char *msg;
	} t[] = {
		{ "lowest page", PG, 0, 0, MAXU, 0, 0, MAXU, 0, 0, 0x1000, "" },
		{ "lowest, 1 MiB aligned skips the low region",
		  PG, 0x100000, 0, MAXU, 0, 0, MAXU, 0, 0, 0x100000, "" },
		{ "highest page overall", PG, 0, 0, MAXU, 1, 0, MAXU, 0, 0,
		  0x1fffff000ull, "" },
		{ "highest below 4 GiB", PG, 0, 0, 0xffffffff, 1, 0, MAXU, 0, 0,
		  0x7ffff000, "" },
		{ "highest, 2 MiB aligned, 3 pages, below 2 GiB",
		  0x3000, 0x200000, 0, 0x7fffffff, 1, 0, MAXU, 0, 0, 0x7fe00000, "" },
		{ "size rounds up to pages", 1, 0, 0, 0x7fffffff, 1, 0, MAXU, 0, 0,
		  0x7ffff000, "" },
		{ "plan window (--mem-min/--mem-max), lowest",
		  PG, 0, 0, MAXU, 0, 0x200000, 0x2fffff, 0, 0, 0x200000, "" },
		{ "plan window, highest",
		  PG, 0, 0, MAXU, 1, 0x200000, 0x2fffff, 0, 0, 0x2ff000, "" },
		{ "intersection of min/max and the window",
		  PG, 0, 0x280000, MAXU, 0, 0x200000, 0x2fffff, 0, 0, 0x280000, "" },
		{ "existing segment is skipped, lowest",
		  PG, 0, 0x100000, MAXU, 0, 0, MAXU, 1, 0, 0x200000, "" },
		{ "existing segment is skipped, highest below it",
		  PG, 0, 0, 0x1fffff, 1, 0, MAXU, 1, 0, 0x9f000, "" },
		{ "exact fit of the low RAM region",
		  0x9f000, 0, 0, 0xfffff, 0, 0, MAXU, 0, 0, 0x1000, "" },
		{ "one page too big for the low RAM region",
		  0xa0000, 0, 0, 0xfffff, 0, 0, MAXU, 0,
		  -EADDRNOTAVAIL, 0, "no free System RAM for 0xa0000 bytes (alignment 0x1000) in 0x0-0xfffff" },
		{ "never in Reserved/ACPI",
		  PG, 0, 0xa0000, 0xfffff, 0, 0, MAXU, 0,
		  -EADDRNOTAVAIL, 0, "no free System RAM" },
		{ "empty window",
		  PG, 0, 0x300000, 0x2fffff, 0, 0, MAXU, 0,
		  -EINVAL, 0, "asked for an empty window 0x300000-0x2fffff" },
		{ "below 2 GiB and above 3 GiB: said, not searched",
		  PG, 0, 0x100000, 0x7fffffff, 1, 0xc0000000ull, MAXU, 0,
		  -EADDRNOTAVAIL, 0,
		  "must lie in 0x100000-0x7fffffff, but this load's memory limits (--mem-min/--mem-max or a jumped-to kernel's window) allow only 0xc0000000-0xffffffffffffffff" },
		{ "limits disjoint the other way",
		  PG, 0, 0x100000000ull, MAXU, 0, 0, 0xfffffff, 0,
		  -EADDRNOTAVAIL, 0, "allow only 0x0-0xfffffff" },
		{ "zero size", 0, 0, 0, MAXU, 0, 0, MAXU, 0, -EINVAL, 0,
		  "cannot place an empty segment" },
		{ "size near 2^64", MAXU - 5, 0, 0, MAXU, 1, 0, MAXU, 0,
		  -EADDRNOTAVAIL, 0, "larger than the address space" },
		{ "alignment not a page multiple", PG, 0x1800, 0, MAXU, 0, 0, MAXU, 0,
		  -EINVAL, 0, "alignment 0x1800 is not a multiple of the page size" },
		{ "huge alignment, lowest: align-up overflows, no fit",
		  PG, 0x8000000000000000ull, 0x100000001ull, MAXU, 0, 0, MAXU, 0,
		  -EADDRNOTAVAIL, 0, "no free System RAM" },
		{ "huge alignment, highest: only 0 qualifies but is not RAM",
		  PG, 0x8000000000000000ull, 0, MAXU, 1, 0, MAXU, 0,
		  -EADDRNOTAVAIL, 0, "no free System RAM" },
	};
	struct memmap m;
	size_t i;

	machine(&m);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct diag d = { 0 };
		struct plan p;
		uint64_t addr = 0x5a5a;
		int rc;

		plan_init(&p);
		p.mem_min = t[i].mem_min;
		p.mem_max = t[i].mem_max;
		if (t[i].with_seg)
			plan_add(&p, &d, NULL, 0, 0x100000, 0x100000, "k", 0);
		rc = plan_find_space(&p, &d, &m, t[i].size, t[i].align, t[i].min,
				     t[i].max, t[i].top_down, &addr);
		is_int(rc, t[i].rc, t[i].desc);
		if (t[i].rc == 0)
			is_u64(addr, t[i].want, t[i].desc);
		else
			has_str(d.msg, t[i].msg, t[i].desc);
	}
	memmap_free(&m);

	/* RAM up to the very top of the address space: the map clamps the
	 * end to 2^64-1 (exclusive), so the top page 0xfffffffffffff000
	 * lacks its last byte and the highest whole page is one lower. */
	{
		struct diag d = { 0 };
		struct plan p;
		uint64_t addr = 0;

		memset(&m, 0, sizeof(m));
		memmap_add(NULL, &m, 0xffffffff00000000ull, MAXU, MEM_RAM);
		plan_init(&p);
		is_int(plan_find_space(&p, &d, &m, PG, 0, 0, MAXU, 1, &addr), 0,
		       "top of the address space, highest");
		is_u64(addr, 0xffffffffffffe000ull, "top of the address space, highest");
		is_int(plan_find_space(&p, &d, &m, 0x2000, 0x100000000ull, 0, MAXU, 0,
				       &addr), 0, "top of the address space, lowest, 4 GiB aligned");
		is_u64(addr, 0xffffffff00000000ull, "lowest 4 GiB aligned");
		/* a bogus wrapping segment in the plan must not break placement */
		p.seg[0] = (struct segment){ NULL, 0, 0xfffffffffff00000ull,
					     0x200000, "wrap", 0, 0 };
		p.nseg = 1;
		is_int(plan_find_space(&p, &d, &m, PG, 0, 0, MAXU, 1, &addr), 0,
		       "wrapping segment: still finds space");
		is_u64(addr, 0xfffffffffffff000ull - 0x100000, "below the wrapping segment");
		memmap_free(&m);
	}

	/* Reserved overlapping RAM is avoided; adjacent RAM entries form
	 * one hole */
	{
		struct mem_region v[3] = {
			{ { 0x0, 0x1000 }, MEM_RAM },
			{ { 0x1000, 0x100000 }, MEM_RAM },
			{ { 0x80000, 0x81000 }, MEM_RESERVED },
		};
		struct memmap hm = { v, 3, 3, "test" };
		struct diag d = { 0 };
		struct plan p;
		uint64_t addr = 0;

		plan_init(&p);
		is_int(plan_find_space(&p, &d, &hm, 0x2000, 0, 0, MAXU, 0, &addr),
		       0, "adjacent RAM entries: lowest");
		is_u64(addr, 0, "a 2-page hole spans two adjacent RAM entries");
		is_int(plan_find_space(&p, &d, &hm, 0x2000, 0, 0x7f000, MAXU, 0,
				       &addr), 0, "around Reserved: lowest");
		is_u64(addr, 0x81000, "skips the overlapping Reserved page");
		is_int(plan_find_space(&p, &d, &hm, 0x2000, 0, 0, 0x80fff, 1,
				       &addr), 0, "around Reserved: highest");
		is_u64(addr, 0x7e000, "ends right below the Reserved page");
	}
}

/* diag.c conventions the plan messages rely on */
static void test_diag(void)
{
	struct diag d = { 0 };
	char *log = NULL, big[700];
	size_t len = 0;

	is_int(diag_fail(&d, -EINVAL, "first %d", 1), -EINVAL, "diag_fail returns rc");
	is_int(diag_fail(&d, -ENOMEM, "second"), -ENOMEM, "later failure returns its own rc");
	is_int(d.rc, -EINVAL, "first error wins (rc)");
	is_str(d.msg, "first 1", "first error wins (message)");
	diag_prefix(&d, "loading %s: ", "x.elf");
	is_str(d.msg, "loading x.elf: first 1", "diag_prefix prepends");
	diag_clear(&d);
	is_int(d.rc, 0, "diag_clear resets rc");
	is_str(d.msg, "", "diag_clear empties the message");
	diag_prefix(&d, "ignored: ");
	is_str(d.msg, "", "diag_prefix without an error is a no-op");

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	diag_fail(&d, -EINVAL, "%s", big);
	diag_prefix(&d, "pre: ");
	ok(strlen(d.msg) == DIAG_MSG_MAX - 1 && strncmp(d.msg, "pre: aaa", 8) == 0,
	   "long messages are truncated to DIAG_MSG_MAX, prefix kept");
	is_int(diag_fail(NULL, -EIO, "x"), -EIO, "NULL diag tolerated");

	d.out = open_memstream(&log, &len);
	d.debug = 0;
	diag_debug(&d, "hidden %d", 1);
	diag_info(&d, "shown %d", 2);
	d.debug = 1;
	diag_debug(&d, "debug %d", 3);
	fclose(d.out);
	is_str(log, "shown 2\ndebug 3\n", "debug only when enabled; newline appended");
	free(log);
}

int main(void)
{
	test_diag();
	test_add();
	test_finalize();
	test_find_space();
	return tap_done();
}
