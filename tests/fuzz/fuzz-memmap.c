/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-memmap.c - libFuzzer harness for the memory-map text parsers
 * (/proc/iomem and one /sys/firmware/memmap entry), the region list
 * invariants of memmap_add, memmap_is_ram and plan_find_space.
 *
 * Build and run (from the top of the tree; clang >= 14):
 *   clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
 *     -fno-sanitize-recover=all -Ikexec -Iinclude -o fuzz-memmap \
 *     tests/fuzz/fuzz-memmap.c kexec/{diag,range,memmap,plan,image,elf,report,loader}.c \
 *     kexec/arch/x86/elf-x86.c
 *   mkdir -p /tmp/memmap-corpus && ./fuzz-memmap /tmp/memmap-corpus \
 *     tests/fuzz/corpus/memmap -max_len=16384 -jobs=$(nproc) \
 *     -workers=$(nproc) -max_total_time=14400
 * The input is used whole as /proc/iomem text, and split at NUL bytes
 * into start/end/type texts for a sysfs entry.  Crashes land as crash-*
 * in the current directory (replay: `./fuzz-memmap crash-...`); the
 * harness aborts on broken invariants (unsorted or unmerged regions, an
 * error without a message, a placed segment outside RAM), so those count
 * as crashes too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crash.h"
#include "memmap.h"
#include "plan.h"

static void check_invariants(const struct memmap *m)
{
	size_t i, j;

	for (i = 0; i < m->n; i++) {
		if (m->v[i].r.start >= m->v[i].r.end)
			abort();
		if (i && m->v[i - 1].r.start > m->v[i].r.start)
			abort();
		for (j = i + 1; j < m->n; j++)
			if (m->v[i].type == m->v[j].type &&
			    m->v[i].r.start <= m->v[j].r.end &&
			    m->v[j].r.start <= m->v[i].r.end)
				abort();   /* same type touching: not merged */
	}
}

static void exercise(const struct memmap *m, const uint8_t *data, size_t size)
{
	struct diag d = { 0 };
	struct plan p;
	uint64_t addr, v[4] = { 0, 0, 0, 0 };
	size_t i;
	int top;

	check_invariants(m);
	memcpy(v, data, size < sizeof(v) ? size : sizeof(v));
	(void)memmap_is_ram(m, (struct range){ v[0], v[1] });
	(void)memmap_is_ram(m, (struct range){ v[0] & ~0xfffull,
					      (v[0] & ~0xfffull) + 0x1000 });
	plan_init(&p);
	p.mem_min = v[2] & 0xffffffffff000ull;
	for (top = 0; top < 2; top++) {
		uint64_t size_req = (v[3] & 0xfffffff) + 1;

		diag_clear(&d);
		if (plan_find_space(&p, &d, m, size_req, 0x1000ull << (v[3] >> 60),
				    0, UINT64_MAX, top, &addr) == 0) {
			uint64_t sz = (size_req + 0xfff) & ~0xfffull;

			if (addr % 0x1000 || addr < p.mem_min ||
			    !memmap_is_ram(m, (struct range){ addr, addr + sz }))
				abort();
			if (plan_add(&p, &d, NULL, 0, addr, sz, "placed", 0))
				abort();
		} else if (!d.msg[0]) {
			abort();
		}
	}
	/* two placements must not overlap */
	if (p.nseg == 2 &&
	    range_overlaps((struct range){ p.seg[0].mem, p.seg[0].mem + p.seg[0].memsz },
			   (struct range){ p.seg[1].mem, p.seg[1].mem + p.seg[1].memsz }))
		abort();
	for (i = 0; i < p.nseg; i++)
		p.entry = p.seg[i].mem;
	diag_clear(&d);
	if (plan_finalize(&p, &d, m, 0) && !d.msg[0])
		abort();
	plan_free(&p);
}

/* The panic load's use of /proc/iomem (crash.h): the "Crash kernel"
 * ranges, the dumped RAM, ELF core headers of both classes, and the
 * capture kernel's map; every result is checked for what must hold. */
static void crash_path(const uint8_t *data, size_t size)
{
	static struct range ram[CRASH_MAX_RAM];
	struct diag d = { 0 };
	struct memmap m = { 0 }, c = { 0 }, cap = { 0 };
	struct crash_elf_in in;
	struct range region, hdr;
	size_t n = 0, i, k;
	uint8_t *h = NULL;
	size_t hl = 0;
	uint64_t hm = 0;
	int rc;

	rc = memmap_parse_iomem_crash(&d, "iomem", (const char *)data, size,
				      &m, &c);
	if (rc && !d.msg[0])
		abort();
	if (rc) {
		memmap_free(&m);
		memmap_free(&c);
		return;
	}
	diag_clear(&d);
	if (crash_dump_ranges(&d, &m, &c, ram, CRASH_MAX_RAM, &n) == 0) {
		for (i = 0; i < n; i++) {
			if (ram[i].start >= ram[i].end || ram[i].start < CRASH_LOW_END)
				abort();
			for (k = 0; k < c.n; k++)
				if (range_overlaps(ram[i], c.v[k].r))
					abort();
		}
		memset(&in, 0, sizeof(in));
		in.ram = ram;
		in.nram = n;
		for (in.elf64 = 0; in.elf64 <= 1; in.elf64++) {
			diag_clear(&d);
			if (crash_elf_build(&d, &in, &h, &hl, &hm) == 0) {
				if (hl > hm || hm % 4096)
					abort();
				free(h);
			} else if (!d.msg[0]) {
				abort();
			}
		}
	}
	if (crash_load_region(&c, &region) == 0) {
		hdr = (struct range){ region.start, region.start + 4096 };
		diag_clear(&d);
		if (crash_capture_map(&d, &m, &c, region, hdr, &cap) == 0) {
			for (i = 0; i < cap.n; i++)
				if (cap.v[i].type == MEM_RAM &&
				    range_overlaps(cap.v[i].r, hdr) &&
				    hdr.end <= region.end)
					abort();
			memmap_free(&cap);
		} else if (!d.msg[0]) {
			abort();
		}
	}
	memmap_free(&m);
	memmap_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = { 0 };
	struct memmap m = { 0 };
	char *copy, *parts[3] = { "", "", "" };
	size_t i, np = 0;
	int rc;

	rc = memmap_parse_iomem(&d, "iomem", (const char *)data, size, &m);
	if (rc && !d.msg[0])
		abort();
	if (rc == 0)
		exercise(&m, data, size);
	memmap_free(&m);
	crash_path(data, size);

	/* sysfs entry: NUL-separated start, end, type */
	copy = malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	parts[np++] = copy;
	for (i = 0; i < size && np < 3; i++)
		if (copy[i] == '\0')
			parts[np++] = copy + i + 1;
	diag_clear(&d);
	rc = memmap_parse_sysfs_entry(&d, "memmap/0", parts[0], parts[1],
				      parts[2], &m);
	if (rc && !d.msg[0])
		abort();
	if (rc == 0) {
		/* add a couple more regions to exercise merging */
		memmap_add(&d, &m, 0x0, 0x9ffff, MEM_RAM);
		memmap_add(&d, &m, 0x100000, 0x7fffffff, MEM_RAM);
		exercise(&m, data, size);
	}
	memmap_free(&m);
	free(copy);
	return 0;
}
