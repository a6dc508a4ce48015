/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-memmap.c - memory map parsing and loading (memmap.h).
 *
 * Fixtures live in tests/fixtures/<name>/ laid out as a sysroot; the
 * directory is found through $srcdir (automake) or the current directory.
 * Expected region lists below are written from the fixture text by hand
 * (inclusive end + 1), not taken from the parser.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1   /* strdup, open_memstream, mkdtemp, O_CLOEXEC */
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "memmap.h"
#include "tap.h"

struct want {
	uint64_t start, end;   /* half-open */
	enum mem_type type;
};

static char fixtures[4096];

static void check_map(const struct memmap *m, const struct want *w, size_t n,
		      const char *what)
{
	size_t i;
	int same = m->n == n;

	for (i = 0; same && i < n; i++)
		same = m->v[i].r.start == w[i].start &&
		       m->v[i].r.end == w[i].end && m->v[i].type == w[i].type;
	if (!ok(same, "%s: %zu regions as expected", what, n)) {
		for (i = 0; i < m->n; i++)
			printf("#   got  %#llx-%#llx type %d\n",
			       (unsigned long long)m->v[i].r.start,
			       (unsigned long long)m->v[i].r.end, m->v[i].type);
		for (i = 0; i < n; i++)
			printf("#   want %#llx-%#llx type %d\n",
			       (unsigned long long)w[i].start,
			       (unsigned long long)w[i].end, w[i].type);
	}
}

static void test_type_names(void)
{
	static const struct {
		const char *name;
		int rc;
		enum mem_type type;
	} t[] = {
		{ "System RAM", 0, MEM_RAM },
		{ "reserved", 0, MEM_RESERVED },
		{ "Reserved", 0, MEM_RESERVED },
		{ "RESERVED", 0, MEM_RESERVED },
		{ "ACPI Tables", 0, MEM_ACPI },
		{ "ACPI Non-volatile Storage", 0, MEM_NVS },
		{ "Unusable memory", 0, MEM_UNUSABLE },
		{ "Persistent Memory (legacy)", 0, MEM_PRAM },
		{ "Persistent Memory", 0, MEM_PMEM },
		{ "Soft Reserved", 0, MEM_RESERVED },
		{ "Unknown E820 type", 0, MEM_RESERVED },
		{ "Kernel code", -ENOENT, 0 },
		{ "Crash kernel", -ENOENT, 0 },
		{ "PCI Bus 0000:00", -ENOENT, 0 },
		{ "Local APIC", -ENOENT, 0 },
		{ "System RAM ", -ENOENT, 0 },
		{ "", -ENOENT, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		enum mem_type ty = (enum mem_type)-1;
		char desc[96];

		snprintf(desc, sizeof(desc), "type name \"%s\"", t[i].name);
		is_int(memmap_type_from_name(t[i].name, &ty), t[i].rc, desc);
		if (t[i].rc == 0)
			is_int(ty, t[i].type, desc);
	}
	is_int(memmap_type_from_name(NULL, NULL), -ENOENT, "NULL name");
}

static void test_add_merge(void)
{
	struct add { uint64_t s, e; enum mem_type t; };
	static const struct {
		const char *desc;
		struct add in[5];
		size_t nin;
		struct want out[5];
		size_t nout;
	} t[] = {
		{ "overlapping RAM merges",
		  { { 0x1000, 0x5fff, MEM_RAM }, { 0x4000, 0x8fff, MEM_RAM } }, 2,
		  { { 0x1000, 0x9000, MEM_RAM } }, 1 },
		{ "adjacent RAM merges (inclusive end + 1 == start)",
		  { { 0x0, 0xfff, MEM_RAM }, { 0x1000, 0x1fff, MEM_RAM } }, 2,
		  { { 0x0, 0x2000, MEM_RAM } }, 1 },
		{ "one-byte gap does not merge",
		  { { 0x0, 0xfff, MEM_RAM }, { 0x1001, 0x1fff, MEM_RAM } }, 2,
		  { { 0x0, 0x1000, MEM_RAM }, { 0x1001, 0x2000, MEM_RAM } }, 2 },
		{ "adjacent different types stay apart",
		  { { 0x0, 0xfff, MEM_RAM }, { 0x1000, 0x1fff, MEM_RESERVED } }, 2,
		  { { 0x0, 0x1000, MEM_RAM }, { 0x1000, 0x2000, MEM_RESERVED } }, 2 },
		{ "out-of-order input is sorted",
		  { { 0x9000, 0x9fff, MEM_ACPI }, { 0x0, 0xfff, MEM_RAM },
		    { 0x4000, 0x4fff, MEM_NVS } }, 3,
		  { { 0x0, 0x1000, MEM_RAM }, { 0x4000, 0x5000, MEM_NVS },
		    { 0x9000, 0xa000, MEM_ACPI } }, 3 },
		{ "a bridge region joins two RAM ranges across a reserved one",
		  { { 0x0, 0xfff, MEM_RAM }, { 0x800, 0x8ff, MEM_RESERVED },
		    { 0x2000, 0x2fff, MEM_RAM }, { 0x0800, 0x2000, MEM_RAM } }, 4,
		  { { 0x0, 0x3000, MEM_RAM }, { 0x800, 0x900, MEM_RESERVED } }, 2 },
		{ "contained duplicate is absorbed",
		  { { 0x0, 0xffff, MEM_RAM }, { 0x1000, 0x1fff, MEM_RAM } }, 2,
		  { { 0x0, 0x10000, MEM_RAM } }, 1 },
		{ "end at 2^64-1 is clamped, not wrapped",
		  { { 0xfffffffffffff000ull, UINT64_MAX, MEM_RESERVED } }, 1,
		  { { 0xfffffffffffff000ull, UINT64_MAX, MEM_RESERVED } }, 1 },
	};
	size_t i, k;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct memmap m = { 0 };
		int rc = 0;

		for (k = 0; k < t[i].nin; k++)
			rc |= memmap_add(NULL, &m, t[i].in[k].s, t[i].in[k].e,
					 t[i].in[k].t);
		is_int(rc, 0, t[i].desc);
		check_map(&m, t[i].out, t[i].nout, t[i].desc);
		memmap_free(&m);
	}
	{
		struct diag d = { 0 };
		struct memmap m = { 0 };

		is_int(memmap_add(&d, &m, 0x2000, 0x1fff, MEM_RAM), -EINVAL,
		       "start after end rejected");
		has_str(d.msg, "start is after end", "message says why");
		is_int(m.n, 0, "nothing added");
		memmap_free(&m);
	}
}

static void test_is_ram(void)
{
	struct memmap m = { 0 };
	static const struct {
		uint64_t s, e;
		int want;
		const char *desc;
	} t[] = {
		{ 0x100000, 0x200000, 1, "inside RAM" },
		{ 0x0, 0x2000, 1, "across two adjacent RAM entries" },
		{ 0x9f000, 0xa0000, 0, "runs into Reserved" },
		{ 0xa0000, 0xb0000, 0, "gap not in the map" },
		{ 0x400000, 0x402000, 0, "RAM overlapped by a Reserved entry" },
		{ 0x3ff000, 0x400000, 1, "just below that Reserved entry" },
		{ 0x100000, 0x100000, 1, "empty range" },
		{ 0x7ffff000, 0x80001000, 0, "past the end of RAM" },
	};
	size_t i;

	memmap_add(NULL, &m, 0x0, 0xfff, MEM_RAM);
	memmap_add(NULL, &m, 0x1000, 0x9fbff, MEM_RAM);
	memmap_add(NULL, &m, 0x9fc00, 0x9ffff, MEM_RESERVED);
	memmap_add(NULL, &m, 0x100000, 0x7fffffff, MEM_RAM);
	/* a buggy firmware map: Reserved overlapping RAM */
	memmap_add(NULL, &m, 0x400000, 0x400fff, MEM_RESERVED);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		is_int(memmap_is_ram(&m, (struct range){ t[i].s, t[i].e }),
		       t[i].want, t[i].desc);
	memmap_free(&m);
}

/* A map built by hand (not through memmap_add) may hold adjacent RAM
 * entries; they still count as one. */
static void test_is_ram_unmerged(void)
{
	struct mem_region v[3] = {
		{ { 0x0, 0x1000 }, MEM_RAM },
		{ { 0x1000, 0x2000 }, MEM_RAM },
		{ { 0x2000, 0x3000 }, MEM_RAM },
	};
	struct memmap m = { v, 3, 3, "test" };

	is_int(memmap_is_ram(&m, (struct range){ 0x800, 0x2800 }), 1,
	       "range across three adjacent unmerged RAM entries");
	is_int(memmap_is_ram(&m, (struct range){ 0x800, 0x3001 }), 0,
	       "one byte past the last of them");
}

static void test_sysfs_fixture(void)
{
	static const struct want w[] = {
		{ 0x0, 0x9fc00, MEM_RAM },
		{ 0x9fc00, 0xa0000, MEM_RESERVED },
		{ 0xf0000, 0x100000, MEM_RESERVED },
		{ 0x100000, 0xbffe0000, MEM_RAM },
		{ 0xbffe0000, 0xc0000000, MEM_RESERVED },
		{ 0xfeffc000, 0xff000000, MEM_RESERVED },
		{ 0xfffc0000, 0x100000000, MEM_RESERVED },
		{ 0x100000000, 0x140000000, MEM_RAM },
	};
	struct diag d = { 0 };
	struct memmap m;
	char root[4200];

	/* this sysroot also has a /proc/iomem (booted with mem=1G); the
	 * firmware map must win */
	snprintf(root, sizeof(root), "%s/qemu-x86_64", fixtures);
	is_int(memmap_load(&d, root, &m), 0, "qemu-x86_64: load");
	is_str(d.msg, "", "qemu-x86_64: no message");
	is_str(m.source, "sysfs", "qemu-x86_64: sysfs preferred over iomem");
	check_map(&m, w, sizeof(w) / sizeof(w[0]), "qemu-x86_64 sysfs");
	is_int(memmap_is_ram(&m, (struct range){ 0x100000000, 0x140000000 }), 1,
	       "high RAM above 4 GiB (absent from the mem=1G iomem)");
	memmap_free(&m);
}

static void test_iomem_fixture(void)
{
	static const struct want w[] = {
		{ 0x0, 0x1000, MEM_RESERVED },
		{ 0x1000, 0x9fc00, MEM_RAM },
		{ 0x9fc00, 0xa0000, MEM_RESERVED },
		{ 0xf0000, 0x100000, MEM_RESERVED },
		{ 0x100000, 0x7ffdc000, MEM_RAM },
		{ 0x7ffdc000, 0x80000000, MEM_RESERVED },
		{ 0xb0000000, 0xc0000000, MEM_RESERVED }, /* under PCI MMCONFIG */
		{ 0xfed1c000, 0xfed20000, MEM_RESERVED },
		{ 0xfee00000, 0xfee01000, MEM_RESERVED }, /* under Local APIC */
		{ 0xfeffc000, 0xff000000, MEM_RESERVED },
		{ 0xfffc0000, 0x100000000, MEM_RESERVED },
		{ 0x100000000, 0x180000000, MEM_RAM },
	};
	struct diag d = { 0 };
	struct memmap m;
	char root[4200];

	snprintf(root, sizeof(root), "%s/iomem-only", fixtures);
	is_int(memmap_load(&d, root, &m), 0, "iomem-only: load");
	is_str(m.source, "iomem", "iomem-only: fell back to /proc/iomem");
	check_map(&m, w, sizeof(w) / sizeof(w[0]), "iomem-only");
	/* nested children of System RAM do not punch holes */
	is_int(memmap_is_ram(&m, (struct range){ 0x5f000000, 0x6f000000 }), 1,
	       "nested Crash kernel is still RAM");
	is_int(memmap_is_ram(&m, (struct range){ 0x7f000000, 0x7f100000 }), 1,
	       "nested 'reserved' inside System RAM is ignored");
	is_int(memmap_is_ram(&m, (struct range){ 0x1b000000, 0x1d000000 }), 1,
	       "kernel image lines are not memory types");
	is_int(memmap_is_ram(&m, (struct range){ 0x0, 0x2000 }), 0,
	       "page 0 is Reserved here");
	memmap_free(&m);

	snprintf(root, sizeof(root), "%s/iomem-hidden", fixtures);
	memset(&d, 0, sizeof(d));
	is_int(memmap_load(&d, root, &m), -EPERM, "iomem-hidden: refused");
	has_str(d.msg, "addresses are hidden", "iomem-hidden: says hidden");
	has_str(d.msg, "CAP_SYS_ADMIN", "iomem-hidden: names the capability");
	has_str(d.msg, "iomem-hidden/proc/iomem", "iomem-hidden: names the file");
	is_int(m.n, 0, "iomem-hidden: map left empty");
}

static void test_iomem_text(void)
{
	static const struct {
		const char *text;
		int rc;
		const char *msg;      /* distinctive part */
		const char *desc;
	} t[] = {
		{ "00000000-00000fff : System RAM\n"
		  "00001000-00001fff : System RAM\n"
		  "00002000-00002fff System RAM\n",
		  -EINVAL, "x:3: malformed line", "missing ' : ' on line 3" },
		{ "00000000-0000zfff : System RAM\n",
		  -EINVAL, "x:1: malformed line", "non-hex digit" },
		{ "\n\nfoo\n", -EINVAL, "x:3: malformed", "garbage after blank lines" },
		{ "00000000 : System RAM\n", -EINVAL, "x:1: malformed", "no end" },
		{ "00000000000000000-1 : System RAM\n", -EINVAL, "x:1: malformed",
		  "17 hex digits overflow" },
		{ "00002000-00001fff : System RAM\n", -EINVAL,
		  "x:1: start 0x2000 is after end 0x1fff", "inverted range" },
		{ "", -ENOENT, "no resource lines", "empty file" },
		{ "\n  \n", -ENOENT, "no resource lines", "only blank lines" },
		{ "000a0000-000bffff : PCI Bus 0000:00\n"
		  "fec00000-fec003ff : IOAPIC 0\n",
		  -ENOENT, "no memory ranges", "no memory-typed line at all" },
		{ "00000000-00000000 : System RAM\n"
		  "  00000000-00000000 : Kernel code\n",
		  -EPERM, "addresses are hidden", "all zero" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct diag d = { 0 };
		struct memmap m = { 0 };

		is_int(memmap_parse_iomem(&d, "x", t[i].text, strlen(t[i].text),
					  &m), t[i].rc, t[i].desc);
		has_str(d.msg, t[i].msg, t[i].desc);
		memmap_free(&m);
	}

	{
		/* CRLF, trailing blanks, no final newline, wide addresses,
		 * a non-memory parent with a memory child, and a length that
		 * cuts the text (it need not be NUL-terminated). */
		static const char txt[] =
			"00000000-0009ffff : System RAM\r\n"
			"\n"
			"000a0000-000fffff : PCI Bus 0000:00  \n"
			"  000f0000-000fffff : reserved\n"
			"    000f0000-000fffff : System ROM\n"
			"100000000-1ffffffff : System RAM"
			"\n200000000-2ffffffff : System RAM";
		static const struct want w[] = {
			{ 0x0, 0xa0000, MEM_RAM },
			{ 0xf0000, 0x100000, MEM_RESERVED },
			{ 0x100000000, 0x200000000, MEM_RAM },
		};
		struct diag d = { 0 };
		struct memmap m = { 0 };
		size_t cut = strlen(txt) - strlen("\n200000000-2ffffffff : System RAM");

		is_int(memmap_parse_iomem(&d, "x", txt, cut, &m), 0,
		       "iomem text variants parse");
		is_str(d.msg, "", "no message");
		check_map(&m, w, 3, "iomem text variants");
		memmap_free(&m);
	}
	{
		/* a child of System RAM nested two levels deep, then a new
		 * top-level line: the nesting stack must pop correctly */
		static const char txt[] =
			"00100000-00ffffff : System RAM\n"
			"  00200000-002fffff : Kernel code\n"
			"    00200000-00200fff : reserved\n"
			"  00400000-004fffff : reserved\n"
			"01000000-01000fff : reserved\n";
		static const struct want w[] = {
			{ 0x100000, 0x1000000, MEM_RAM },
			{ 0x1000000, 0x1001000, MEM_RESERVED },
		};
		struct memmap m = { 0 };

		is_int(memmap_parse_iomem(NULL, "x", txt, strlen(txt), &m), 0,
		       "nesting stack parse");
		check_map(&m, w, 2, "nesting stack");
		memmap_free(&m);
	}
}

static void test_sysfs_entry(void)
{
	static const struct {
		const char *s, *e, *t;
		int rc;
		const char *msg;
		const char *desc;
	} t[] = {
		{ "0x100000\n", "0x1fffff\n", "System RAM\n", 0, "", "normal entry" },
		{ "100000", "1FFFFF", " System RAM ", 0, "", "no 0x, upper case, spaces" },
		{ "0xzz\n", "0x1fffff\n", "System RAM\n", -EINVAL,
		  "D/start: not a hex address: \"0xzz\"", "bad start" },
		{ "0x0\n", "\n", "System RAM\n", -EINVAL,
		  "D/end: not a hex address", "empty end" },
		{ "0x0\n", "0x10 0x20\n", "System RAM\n", -EINVAL,
		  "D/end: not a hex address", "two numbers" },
		{ "0x0\n", "0x", "System RAM\n", -EINVAL,
		  "D/end: not a hex address", "bare 0x" },
		{ "0x2000\n", "0x1fff\n", "Reserved\n", -EINVAL,
		  "D: start 0x2000 is after end 0x1fff", "inverted" },
		{ "0x0\n", "0xfff\n", "\n", -EINVAL, "D/type: empty", "empty type" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct diag d = { 0 };
		struct memmap m = { 0 };

		is_int(memmap_parse_sysfs_entry(&d, "D", t[i].s, t[i].e, t[i].t,
						&m), t[i].rc, t[i].desc);
		if (t[i].rc)
			has_str(d.msg, t[i].msg, t[i].desc);
		else
			ok(m.n == 1 && m.v[0].r.start == 0x100000 &&
			   m.v[0].r.end == 0x200000 && m.v[0].type == MEM_RAM,
			   "%s: region", t[i].desc);
		memmap_free(&m);
	}
	{
		struct memmap m = { 0 };

		is_int(memmap_parse_sysfs_entry(NULL, "D", "0x0", "0xfff",
						"Uncached RAM", &m), 0,
		       "unknown sysfs type accepted");
		ok(m.n == 1 && m.v[0].type == MEM_RESERVED,
		   "unknown sysfs type becomes Reserved, never a destination");
		memmap_free(&m);
	}
}

/* --- temporary sysroots for memmap_load error paths --- */

static void put(const char *root, const char *rel, const char *text)
{
	char path[4096], *p;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	if (text) {
		f = fopen(path, "w");
		if (f) {
			fputs(text, f);
			fclose(f);
		}
	} else {
		mkdir(path, 0755);
	}
}

static void put_entry(const char *root, int n, const char *s, const char *e,
		      const char *t)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "sys/firmware/memmap/%d/start", n);
	put(root, rel, s);
	snprintf(rel, sizeof(rel), "sys/firmware/memmap/%d/end", n);
	put(root, rel, e);
	snprintf(rel, sizeof(rel), "sys/firmware/memmap/%d/type", n);
	if (t)
		put(root, rel, t);
}

static char *mkroot(void)
{
	char *r = strdup("/tmp/t-memmap.XXXXXX");

	if (!r || !mkdtemp(r)) {
		perror("mkdtemp");
		exit(2);
	}
	return r;
}

static void rmroot(char *r)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", r);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", r);
	free(r);
}

static void test_load_paths(void)
{
	struct diag d;
	struct memmap m;
	char *r;

	/* entries 0, 1, 2 and 10, plus a non-numeric name; order of
	 * directories must not matter */
	r = mkroot();
	put_entry(r, 10, "0x100000000\n", "0x13fffffff\n", "System RAM\n");
	put_entry(r, 0, "0x0\n", "0x9fbff\n", "System RAM\n");
	put_entry(r, 2, "0x100000\n", "0x7fffffff\n", "System RAM\n");
	put_entry(r, 1, "0x9fc00\n", "0x9ffff\n", "Reserved\n");
	put(r, "sys/firmware/memmap/README", "not an entry\n");
	put(r, "proc/iomem", "garbage that must not be read\n");
	memset(&d, 0, sizeof(d));
	is_int(memmap_load(&d, r, &m), 0, "sysfs with 10 > 2 entries");
	ok(m.n == 4 && m.v[0].r.start == 0 && m.v[3].r.start == 0x100000000 &&
	   m.v[3].type == MEM_RAM, "all four entries, sorted");
	memmap_free(&m);
	rmroot(r);

	/* an unreadable entry file (a directory in its place: root can
	 * read everything, so chmod would not do) */
	r = mkroot();
	put_entry(r, 0, "0x0\n", "0x9fbff\n", "System RAM\n");
	put(r, "sys/firmware/memmap/1/start", "0x100000\n");
	put(r, "sys/firmware/memmap/1/end", NULL);
	put(r, "sys/firmware/memmap/1/type", "System RAM\n");
	memset(&d, 0, sizeof(d));
	is_int(memmap_load(&d, r, &m), -EISDIR, "unreadable end file");
	has_str(d.msg, "/sys/firmware/memmap/1/end: cannot read",
		"message names the unreadable path");
	is_int(m.n, 0, "map freed on failure");
	rmroot(r);

	/* missing type file */
	r = mkroot();
	put_entry(r, 0, "0x0\n", "0x9fbff\n", NULL);
	memset(&d, 0, sizeof(d));
	is_int(memmap_load(&d, r, &m), -ENOENT, "missing type file");
	has_str(d.msg, "/sys/firmware/memmap/0/type: cannot read",
		"message names the missing file");
	rmroot(r);

	/* malformed content */
	r = mkroot();
	put_entry(r, 0, "0x0\n", "0x9fbff\n", "System RAM\n");
	put_entry(r, 1, "banana\n", "0x1fffff\n", "System RAM\n");
	memset(&d, 0, sizeof(d));
	is_int(memmap_load(&d, r, &m), -EINVAL, "malformed start");
	has_str(d.msg, "/sys/firmware/memmap/1/start: not a hex address: \"banana\"",
		"message names the path and the text");
	rmroot(r);

	/* the directory exists but is empty: no silent fallback */
	r = mkroot();
	put(r, "sys/firmware/memmap", NULL);
	put(r, "proc/iomem", "00000000-7fffffff : System RAM\n");
	memset(&d, 0, sizeof(d));
	is_int(memmap_load(&d, r, &m), -ENOENT, "empty sysfs memmap");
	has_str(d.msg, "sys/firmware/memmap: no memory map entries",
		"empty sysfs directory is an error, iomem not used");
	rmroot(r);

	/* no sysfs memmap: fall back to iomem, and its errors name it */
	r = mkroot();
	put(r, "sys/firmware", NULL);
	put(r, "proc/iomem", "00000000-7fffffff : System RAM\nbad line\n");
	memset(&d, 0, sizeof(d));
	is_int(memmap_load(&d, r, &m), -EINVAL, "iomem fallback, malformed");
	has_str(d.msg, "/proc/iomem:2: malformed line",
		"iomem error names file and line");
	rmroot(r);

	/* nothing at all */
	r = mkroot();
	memset(&d, 0, sizeof(d));
	is_int(memmap_load(&d, r, &m), -ENOENT, "no memory map source");
	has_str(d.msg, "no memory map: neither", "says both sources are missing");
	has_str(d.msg, "/sys/firmware/memmap nor", "names the sysfs path");
	has_str(d.msg, "/proc/iomem exists", "names the iomem path");
	rmroot(r);
}

int main(void)
{
	const char *srcdir = getenv("srcdir");

	snprintf(fixtures, sizeof(fixtures), "%s/tests/fixtures",
		 srcdir && *srcdir ? srcdir : ".");
	test_type_names();
	test_add_merge();
	test_is_ram();
	test_is_ram_unmerged();
	test_sysfs_fixture();
	test_iomem_fixture();
	test_iomem_text();
	test_sysfs_entry();
	test_load_paths();
	return tap_done();
}
