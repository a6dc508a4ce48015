/* SPDX-License-Identifier: GPL-2.0-or-later */
/* crash.c - ELF core headers and the capture kernel's map (crash.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crash.h"
#include "le.h"

#define EH64_SIZE 64u
#define PH64_SIZE 56u
#define EH32_SIZE 52u
#define PH32_SIZE 32u
#define PT_LOAD 1u
#define PT_NOTE 4u
#define PF_RWX 7u
#define ET_CORE 4u
#define EM_386 3u
#define EM_X86_64 62u

int crash_load_region(const struct memmap *crash, struct range *r)
{
	size_t i, best = 0;

	if (!crash || crash->n == 0)
		return -ENOENT;
	for (i = 1; i < crash->n; i++)
		if (crash->v[i].r.start > crash->v[best].r.start)
			best = i;
	*r = crash->v[best].r;
	return 0;
}

int crash_dump_ranges(struct diag *d, const struct memmap *ram,
		      const struct memmap *crash, struct range *out,
		      size_t cap, size_t *n)
{
	size_t i, k, cnt = 0;

	for (i = 0; i < ram->n; i++) {
		struct range cur = ram->v[i].r;

		if (ram->v[i].type != MEM_RAM)
			continue;
		if (cur.start < CRASH_LOW_END)
			cur.start = CRASH_LOW_END;
		/* cut the crash ranges out of cur, left to right (they
		 * are sorted and disjoint) */
		for (k = 0; cur.start < cur.end && crash && k < crash->n; k++) {
			struct range c = crash->v[k].r;

			if (c.end <= cur.start || c.start >= cur.end)
				continue;
			if (c.start > cur.start) {
				if (cnt == cap)
					goto full;
				out[cnt++] = (struct range){ cur.start, c.start };
			}
			cur.start = c.end;
		}
		if (cur.start < cur.end) {
			if (cnt == cap)
				goto full;
			out[cnt++] = cur;
		}
	}
	*n = cnt;
	return 0;
full:
	return diag_fail(d, -E2BIG,
			 "more than %zu ranges of System RAM to describe in the crash dump headers",
			 cap);
}

static void put_phdr(uint8_t *ph, int elf64, uint32_t type, uint64_t off,
		     uint64_t va, uint64_t pa, uint64_t size)
{
	uint32_t flags = type == PT_LOAD ? PF_RWX : 0;

	if (elf64) {
		put_le(ph + 0, type, 4);
		put_le(ph + 4, flags, 4);
		put_le(ph + 8, off, 8);
		put_le(ph + 16, va, 8);
		put_le(ph + 24, pa, 8);
		put_le(ph + 32, size, 8);
		put_le(ph + 40, size, 8);
		put_le(ph + 48, 0, 8);
	} else {
		put_le(ph + 0, type, 4);
		put_le(ph + 4, off, 4);
		put_le(ph + 8, va, 4);
		put_le(ph + 12, pa, 4);
		put_le(ph + 16, size, 4);
		put_le(ph + 20, size, 4);
		put_le(ph + 24, flags, 4);
		put_le(ph + 28, 0, 4);
	}
}

int crash_elf_build(struct diag *d, const struct crash_elf_in *in,
		    uint8_t **out, size_t *len, uint64_t *memsz)
{
	const int e64 = in->elf64;
	const size_t ehsz = e64 ? EH64_SIZE : EH32_SIZE;
	const size_t phsz = e64 ? PH64_SIZE : PH32_SIZE;
	size_t phnum, i, total, room;
	uint8_t *buf, *ph;

	if (in->nram > CRASH_MAX_RAM || in->nnotes > CRASH_MAX_CPUS ||
	    in->spare_phdrs > CRASH_MAX_CPUS + CRASH_MAX_RAM)
		return diag_fail(d, -E2BIG,
				 "too many CPUs or memory ranges for the crash dump headers");
	phnum = in->nnotes + (in->vmcoreinfo.size ? 1 : 0) +
		(in->have_text ? 1 : 0) + in->nram;
	if (phnum == 0 || phnum > 0xfffe)
		return diag_fail(d, -EINVAL,
				 "nothing to describe in the crash dump headers");
	if (!e64) {   /* everything must fit 32 bits */
		for (i = 0; i < in->nram; i++)
			if (in->ram[i].end > UINT64_C(0x100000000))
				return diag_fail(d, -ERANGE,
						 "ELF32 core headers cannot describe RAM at or above 4 GiB (0x%llx-0x%llx); use --elf64-core-headers",
						 (unsigned long long)in->ram[i].start,
						 (unsigned long long)in->ram[i].end - 1);
		for (i = 0; i < in->nnotes; i++)
			if (in->notes[i].pa + in->notes[i].size > UINT64_C(0x100000000))
				return diag_fail(d, -ERANGE,
						 "ELF32 core headers cannot point at crash notes above 4 GiB; use --elf64-core-headers");
	}
	total = ehsz + phnum * phsz;
	room = ehsz + (phnum + in->spare_phdrs) * phsz;
	buf = calloc(1, total);
	if (!buf)
		return diag_fail(d, -ENOMEM, "out of memory");
	memcpy(buf, "\177ELF", 4);
	buf[4] = e64 ? 2 : 1;          /* class */
	buf[5] = 1;                    /* little-endian */
	buf[6] = 1;                    /* EV_CURRENT */
	put_le(buf + 16, ET_CORE, 2);
	put_le(buf + 18, in->x86_64 ? EM_X86_64 : EM_386, 2);
	put_le(buf + 20, 1, 4);
	if (e64) {
		put_le(buf + 32, EH64_SIZE, 8);          /* e_phoff */
		put_le(buf + 52, EH64_SIZE, 2);          /* e_ehsize */
		put_le(buf + 54, PH64_SIZE, 2);
		put_le(buf + 56, phnum, 2);
	} else {
		put_le(buf + 28, EH32_SIZE, 4);
		put_le(buf + 40, EH32_SIZE, 2);
		put_le(buf + 42, PH32_SIZE, 2);
		put_le(buf + 44, phnum, 2);
	}
	ph = buf + ehsz;
	/* notes first: the CPUs', then VMCOREINFO (as Linux orders them) */
	for (i = 0; i < in->nnotes; i++, ph += phsz)
		put_phdr(ph, e64, PT_NOTE, in->notes[i].pa, 0, in->notes[i].pa,
			 in->notes[i].size);
	if (in->vmcoreinfo.size) {
		put_phdr(ph, e64, PT_NOTE, in->vmcoreinfo.pa, 0,
			 in->vmcoreinfo.pa, in->vmcoreinfo.size);
		ph += phsz;
	}
	if (in->have_text) {
		put_phdr(ph, e64, PT_LOAD, in->text_pa, in->text_va,
			 in->text_pa, in->text_size);
		ph += phsz;
	}
	for (i = 0; i < in->nram; i++, ph += phsz) {
		uint64_t pa = in->ram[i].start;
		uint64_t va = (!in->vaddr_limit || pa < in->vaddr_limit) ?
			      in->page_offset + pa : 0;

		if (!e64 && va > UINT32_MAX)
			va = 0;
		put_phdr(ph, e64, PT_LOAD, pa, va, pa,
			 in->ram[i].end - in->ram[i].start);
	}
	*out = buf;
	*len = total;
	*memsz = ((uint64_t)room + 4095) & ~(uint64_t)4095;
	return 0;
}

static int add_range(struct diag *d, struct memmap *m, uint64_t s,
		     uint64_t e, enum mem_type t)
{
	if (e <= s)
		return 0;
	return memmap_add(d, m, s, e - 1, t);
}

/* [s, e) less @hole, as @t */
static int add_minus(struct diag *d, struct memmap *m, uint64_t s,
		     uint64_t e, enum mem_type t, struct range hole)
{
	int rc;

	if (hole.end <= s || hole.start >= e || hole.end <= hole.start)
		return add_range(d, m, s, e, t);
	rc = add_range(d, m, s, hole.start > s ? hole.start : s, t);
	if (rc == 0)
		rc = add_range(d, m, hole.end < e ? hole.end : e, e, t);
	return rc;
}

int crash_capture_map(struct diag *d, const struct memmap *host,
		      const struct memmap *crash, struct range load,
		      struct range hdr, struct memmap *out)
{
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	/* what the capture kernel must not use but may need: ACPI, NVS,
	 * reserved ranges, as they are */
	for (i = 0; rc == 0 && i < host->n; i++)
		if (host->v[i].type != MEM_RAM)
			rc = add_range(d, out, host->v[i].r.start,
				       host->v[i].r.end, host->v[i].type);
	/* the RAM of the first MiB, which the panicked kernel did not use
	 * (outside the load region, which comes last) */
	for (i = 0; rc == 0 && i < host->n; i++)
		if (host->v[i].type == MEM_RAM &&
		    host->v[i].r.start < CRASH_LOW_END)
			rc = add_minus(d, out, host->v[i].r.start,
				       host->v[i].r.end < CRASH_LOW_END ?
				       host->v[i].r.end : CRASH_LOW_END,
				       MEM_RAM, load);
	/* the other reservations (crashkernel=...,low) */
	for (i = 0; rc == 0 && crash && i < crash->n; i++)
		if (crash->v[i].r.start != load.start)
			rc = add_minus(d, out, crash->v[i].r.start,
				       crash->v[i].r.end, MEM_RAM, load);
	/* the load region, less the headers (the capture kernel reads
	 * them through elfcorehdr=; they are not its RAM) */
	if (rc == 0)
		rc = add_minus(d, out, load.start, load.end, MEM_RAM, hdr);
	if (rc) {
		memmap_free(out);
		return rc;
	}
	out->source = "capture";
	return 0;
}
