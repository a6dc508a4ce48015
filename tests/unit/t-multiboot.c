/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-multiboot.c - the Multiboot 1 and Multiboot2 loaders
 * (arch/x86/multiboot.c, multiboot2.c) on synthetic kernels: the plan,
 * the register boot and the boot information read back byte by byte as
 * the specifications lay it out; hostile headers; the whole tool on the
 * fake kernel. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf.h"
#include "elfbuild.h"
#include "loader.h"
#include "mbbuild.h"
#include "runmain.h"
#include "sysroot.h"
#include "tap.h"

static struct memmap ram;
static struct image mods[2];
static const char *const modstr[2] = { "/boot/m0 alpha beta", "/boot/m1" };

static void setup(void)
{
	uint8_t m0[5000], m1[3];
	size_t i;

	memmap_add(NULL, &ram, 0x0, 0x9fbff, MEM_RAM);
	memmap_add(NULL, &ram, 0x9fc00, 0x9ffff, MEM_RESERVED);
	memmap_add(NULL, &ram, 0xf0000, 0xfffff, MEM_RESERVED);
	memmap_add(NULL, &ram, 0x100000, 0x7ffdffff, MEM_RAM);
	memmap_add(NULL, &ram, 0x7ffe0000, 0x7fffffff, MEM_ACPI);
	memmap_add(NULL, &ram, 0xfffc0000, 0xffffffff, MEM_RESERVED);
	memmap_add(NULL, &ram, 0x100000000ull, 0x13fffffffull, MEM_RAM);
	for (i = 0; i < sizeof(m0); i++)
		m0[i] = (uint8_t)(i * 13 + 5);
	memcpy(m1, "abc", 3);
	if (image_from_buffer(NULL, "/boot/m0", m0, sizeof(m0), &mods[0]) ||
	    image_from_buffer(NULL, "/boot/m1", m1, sizeof(m1), &mods[1]))
		abort();
}

static struct load_opts opts(unsigned nmod)
{
	struct load_opts o;
	unsigned i;

	memset(&o, 0, sizeof(o));
	o.kernel_64 = 1;
	o.cmdline = "console=ttyS0 x=1";
	for (i = 0; i < nmod; i++)
		o.opt.modules[i] = modstr[i];
	o.opt.nmodules = nmod;
	o.modules = mods;
	o.nmodules = nmod;
	return o;
}

static int load(const char *name, const uint8_t *b, size_t len,
		const struct load_opts *o, struct plan *p, struct diag *d)
{
	static struct image img;   /* the plan points into it */

	image_free(&img);
	if (image_from_buffer(NULL, name, b, len, &img))
		abort();
	plan_init(p);
	diag_clear(d);
	return loader_load(d, &img, o, &ram, p);
}

/* The bytes at physical @pa (@n of them) in the plan, or NULL. */
static const uint8_t *at(const struct plan *p, uint64_t pa, size_t n)
{
	size_t i;

	for (i = 0; i < p->nseg; i++) {
		const struct segment *s = &p->seg[i];

		if (pa >= s->mem && pa - s->mem + n <= s->bufsz)
			return (const uint8_t *)s->buf + (pa - s->mem);
	}
	return NULL;
}

static const struct segment *seg_at(const struct plan *p, uint64_t pa)
{
	size_t i;

	for (i = 0; i < p->nseg; i++)
		if (p->seg[i].mem == pa)
			return &p->seg[i];
	return NULL;
}

/* The string at @pa, or "" */
static const char *str_at(const struct plan *p, uint64_t pa)
{
	const uint8_t *s = at(p, pa, 1);

	return s && memchr(s, 0, 4096) ? (const char *)s : "";
}

/* Modules: placed page aligned, their bytes, and [start, end) */
static void check_module(const struct plan *p, unsigned i, uint64_t start,
			 uint64_t end, const char *str, const char *what)
{
	const uint8_t *b = at(p, start, mods[i].len);

	ok(start % 4096 == 0, "%s: module %u page aligned (0x%llx)", what, i,
	   (unsigned long long)start);
	is_intf(end - start, mods[i].len, "%s: module %u length", what, i);
	ok(b && memcmp(b, mods[i].data, mods[i].len) == 0,
	   "%s: module %u bytes", what, i);
	is_str(str_at(p, 0) == str ? "" : str, modstr[i], "module string");
	(void)str;
}

/* The Multiboot 1 information at @pa, checked field by field */
static void check_mbi(const struct plan *p, uint64_t pa, const char *name,
		      unsigned nmod, uint64_t kernel_end)
{
	const uint8_t *mbi = at(p, pa, 88), *e;
	uint32_t flags, i, mlen, maddr, prev_end = (uint32_t)kernel_end;
	char want[128];

	if (!ok(mbi != NULL, "MB1 info inside a segment"))
		return;
	flags = mbb_get32(mbi);
	ok((flags & 0x24d) == 0x24d, "MB1 flags 0x%x have mem, cmdline, mods, mmap, loader name", flags);
	is_int(mbb_get32(mbi + 4), 0x9fc00 / 1024, "mem_lower: 639 KiB");
	is_int(mbb_get32(mbi + 8), (0x7ffe0000 - 0x100000) / 1024,
	       "mem_upper: 1 MiB to the first hole");
	snprintf(want, sizeof(want), "%s console=ttyS0 x=1", name);
	is_str(str_at(p, mbb_get32(mbi + 16)), want, "cmdline: file name, then the command line");
	is_str(str_at(p, mbb_get32(mbi + 64)), "kexec", "boot loader name");
	is_int(mbb_get32(mbi + 20), nmod, "mods_count");
	for (i = 0; i < nmod; i++) {
		const uint8_t *m = at(p, mbb_get32(mbi + 24) + 16 * i, 16);

		if (!ok(m != NULL, "module entry %u readable", i))
			continue;
		check_module(p, i, mbb_get32(m), mbb_get32(m + 4),
			     str_at(p, mbb_get32(m + 8)), "MB1");
		is_str(str_at(p, mbb_get32(m + 8)), modstr[i], "MB1 module string: the whole --module text");
		ok(mbb_get32(m) >= prev_end, "module %u after the kernel and the one before", i);
		prev_end = mbb_get32(m + 4);
	}
	mlen = mbb_get32(mbi + 44);
	maddr = mbb_get32(mbi + 48);
	is_int(mlen, 7 * 24, "mmap_length: 7 entries of 24 bytes");
	e = at(p, maddr, mlen);
	if (!ok(e != NULL, "mmap readable"))
		return;
	for (i = 0; i < 7; i++) {
		is_int(mbb_get32(e + 24 * i), 20, "mmap entry size field 20");
		is_u64(mbb_get64(e + 24 * i + 4), ram.v[i].r.start, "mmap base");
		is_u64(mbb_get64(e + 24 * i + 12), ram.v[i].r.end - ram.v[i].r.start, "mmap length");
		is_int(mbb_get32(e + 24 * i + 20), ram.v[i].type, "mmap type (e820 numbers)");
	}
}

static void test_mb1_aout(void)
{
	struct load_opts o = opts(2);
	struct diag d = { 0 };
	struct plan p;
	uint8_t *b = mbb_aout(MBB_AOUT_LEN, 0x10003, 0x101800, 0x104000, 0x100080);
	const struct segment *k;
	int rc;

	rc = load("mb1.bin", b, MBB_AOUT_LEN, &o, &p, &d);
	is_int(rc, 0, "MB1 a.out kludge: loads");
	if (rc)
		printf("# %s\n", d.msg);
	k = seg_at(&p, 0x100000);
	ok(k && k->bufsz == 0x1800 && k->memsz == 0x4000,
	   "kernel segment: load_addr..load_end_addr from the file, bss to bss_end_addr");
	ok(k && memcmp(k->buf, b, 0x1800) == 0, "kernel bytes: the file from offset 0 (0x40 - (header_addr - load_addr))");
	is_u64(p.entry, 0x100080, "entry: entry_addr");
	is_int(p.boot.mode, PLAN_BOOT_32, "register boot, 32-bit protected mode");
	is_u64(p.boot.reg[PLAN_REG_AX], 0x2BADB002, "EAX = 0x2BADB002");
	ok(p.boot.reg[PLAN_REG_BX] && p.boot.reg[PLAN_REG_BX] < 0x100000000ull &&
	   p.boot.reg[PLAN_REG_BX] % 8 == 0, "EBX: the info, below 4 GiB");
	check_mbi(&p, p.boot.reg[PLAN_REG_BX], "mb1.bin", 2, 0x104000);
	rc = plan_finalize(&p, &d, &ram, 0);
	is_int(rc, 0, "the plan passes plan_finalize");
	plan_free(&p);

	/* load_end_addr 0: to the end of the file; bss_end 0: none */
	free(b);
	b = mbb_aout(MBB_AOUT_LEN, 0x10000, 0, 0, 0x100080);
	o = opts(0);
	rc = load("mb1.bin", b, MBB_AOUT_LEN, &o, &p, &d);
	is_int(rc, 0, "load_end_addr 0 and bss_end_addr 0: loads");
	k = seg_at(&p, 0x100000);
	ok(k && k->bufsz == MBB_AOUT_LEN && k->memsz == MBB_AOUT_LEN,
	   "load_end_addr 0: the whole file, no bss");
	check_mbi(&p, p.boot.reg[PLAN_REG_BX], "mb1.bin", 0, MBB_AOUT_LEN + 0x100000);
	plan_free(&p);
	free(b);
}

/* Every a.out field relation; every truncation of the header */
static void test_mb1_hostile(void)
{
	static const struct {
		const char *desc;
		uint32_t flags, load_end, bss_end, entry;
		const char *msg;
	} t[] = {
		{ "video mode required (bit 2)", 0x10007, 0, 0, 0x100080, "video mode information (flags bit 2)" },
		{ "unknown required bit 3", 0x10008, 0, 0, 0x100080, "unknown required bits 0x0008" },
		{ "load_end_addr below load_addr", 0x10000, 0xff000, 0, 0x100080, "is not above load_addr" },
		{ "load_end_addr past the file", 0x10000, 0x102001, 0, 0x100080, "past the end of the file" },
		{ "load_end_addr overflowing", 0x10000, 0xffffffff, 0, 0x100080, "past the end of the file" },
		{ "bss_end_addr below load_end_addr", 0x10000, 0x101000, 0x100800, 0x100080, "bss_end_addr 0x100800 is below" },
		{ "entry before the image", 0x10000, 0, 0, 0xfffff, "entry_addr 0xfffff is not in the loaded part" },
		{ "entry in the bss", 0x10000, 0x101000, 0x104000, 0x101000, "entry_addr 0x101000 is not in the loaded part" },
		{ "header outside the loaded part", 0x10000, 0x100020, 0, 0x100010, "header_addr 0x100040 is not in the loaded part" },
	};
	struct load_opts o = opts(0);
	struct diag d = { 0 };
	struct plan p;
	uint8_t *b;
	size_t i, n;
	int rc;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		b = mbb_aout(MBB_AOUT_LEN, t[i].flags, t[i].load_end,
			     t[i].bss_end, t[i].entry);
		rc = load("bad.bin", b, MBB_AOUT_LEN, &o, &p, &d);
		ok(rc < 0 && rc != -ENOEXEC, "%s: refused (%d)", t[i].desc, rc);
		has_str(d.msg, "bad.bin: ", "names the file");
		has_str(d.msg, t[i].msg, t[i].desc);
		ok(!strchr(d.msg, '\n'), "one line");
		is_int(p.nseg, 0, "no segment left in the plan");
		plan_free(&p);
		free(b);
	}
	/* load_addr above header_addr; load_addr too far before it */
	b = mbb_aout(MBB_AOUT_LEN, 0x10000, 0, 0, 0x100080);
	mbb_put32(b, 0x40 + 16, 0x100044);
	rc = load("bad.bin", b, MBB_AOUT_LEN, &o, &p, &d);
	has_str(d.msg, "load_addr 0x100044 is above header_addr", "load_addr above header_addr");
	plan_free(&p);
	mbb_put32(b, 0x40 + 16, 0xff000);
	rc = load("bad.bin", b, MBB_AOUT_LEN, &o, &p, &d);
	has_str(d.msg, "header is only 0x40 bytes into the file", "load_addr before the file's start");
	plan_free(&p);
	/* 4 GiB: load_addr 0xffffff00 with the rest of the file */
	mbb_mb1_header(b, 0x40, 0x10000, (const uint32_t[]){ 0xffffff40, 0xffffff00, 0, 0, 0xffffff80 });
	rc = load("bad.bin", b, MBB_AOUT_LEN, &o, &p, &d);
	has_str(d.msg, "past 4 GiB", "an image crossing 4 GiB");
	plan_free(&p);
	free(b);

	/* truncated: before and inside the header it is not multiboot at
	 * all; inside the address fields, one line saying so */
	b = mbb_aout(MBB_AOUT_LEN, 0x10000, 0, 0, 0x100080);
	for (n = 0; n <= 0x40 + 32; n++) {
		rc = load("cut.bin", b, n, &o, &p, &d);
		if (n < 0x40 + 12)
			ok(rc == -ENOEXEC && strstr(d.msg, "not a recognised kernel image"),
			   "cut at %zu: not recognised", n);
		else if (n < 0x40 + 32)
			ok(rc == -EINVAL && strstr(d.msg, "cut.bin: the multiboot header at 0x40 has flags bit 16") &&
			   strstr(d.msg, "before the 32 bytes"), "cut at %zu: the address fields are missing", n);
		else
			ok(rc == -EINVAL && strstr(d.msg, "entry_addr 0x100080 is not in the loaded part"),
			   "cut at %zu (header only): the entry lies past the data", n);
		is_int(p.nseg, 0, "nothing planned");
		plan_free(&p);
	}
	/* a bad checksum is no header */
	mbb_put32(b, 0x48, 0);
	rc = load("sum.bin", b, MBB_AOUT_LEN, &o, &p, &d);
	is_int(rc, -ENOEXEC, "bad checksum: not multiboot");
	plan_free(&p);
	/* the header past 8192 bytes is not searched */
	free(b);
	b = calloc(1, 0x4000);
	mbb_mb1_header(b, 8192, 0x10000, (const uint32_t[]){ 0x102000, 0x100000, 0, 0, 0x100000 });
	rc = load("far.bin", b, 0x4000, &o, &p, &d);
	is_int(rc, -ENOEXEC, "header at 8192: not found");
	plan_free(&p);
	mbb_mb1_header(b, 8192 - 12, 0x10000, (const uint32_t[]){ 0x101ff4, 0x100000, 0, 0, 0x100000 });
	rc = load("near.bin", b, 0x4000, &o, &p, &d);
	is_int(rc, 0, "header ending at 8192: found and loaded");
	plan_free(&p);
	free(b);
}

/* ELF32 kernel, MB1 header in its first PT_LOAD's data */
static uint8_t *mb1_elf(size_t *len, uint64_t entry, int cls)
{
	struct eb_spec s = { 0 };
	uint8_t *b;

	s.cls = cls;
	s.type = ET_EXEC;
	s.machine = cls == 2 ? EM_X86_64 : EM_386;
	s.entry = entry;
	s.nph = 2;
	s.ph[0] = (struct eb_phdr){ PT_LOAD, 5, 0x1000, 0xc0100000, 0x100000, 0x1800, 0x1800, 0x1000 };
	s.ph[1] = (struct eb_phdr){ PT_LOAD, 6, 0x2800, 0xc0102800, 0x102800, 0x100, 0x3000, 0x10 };
	b = eb_build(&s, len);
	mbb_mb1_header(b, 0x1000, 0x3, NULL);
	return b;
}

static void test_mb1_elf(void)
{
	struct load_opts o = opts(1);
	struct diag d = { 0 };
	struct plan p;
	const struct segment *s;
	size_t len;
	uint8_t *b = mb1_elf(&len, 0x100010, 1);
	int rc;

	rc = load("mb1.elf", b, len, &o, &p, &d);
	is_int(rc, 0, "MB1 ELF32: loads");
	if (rc)
		printf("# %s\n", d.msg);
	s = seg_at(&p, 0x100000);
	ok(s && s->bufsz == 0x1800 && memcmp(s->buf, b + 0x1000, 0x1800) == 0,
	   "PT_LOAD #0 at its p_paddr");
	s = seg_at(&p, 0x102000);
	ok(s && s->bufsz == 0x900 && s->memsz == 0x4000 &&
	   memcmp((const uint8_t *)s->buf + 0x800, b + 0x2800, 0x100) == 0,
	   "PT_LOAD #1 at an unaligned p_paddr: a page-aligned copy, zeros before");
	is_u64(p.entry, 0x100010, "entry: e_entry (physical)");
	check_mbi(&p, p.boot.reg[PLAN_REG_BX], "mb1.elf", 1, 0x105800);
	is_int(plan_finalize(&p, &d, &ram, 0), 0, "plan_finalize");
	plan_free(&p);
	free(b);

	/* a virtual e_entry becomes physical through its PT_LOAD */
	b = mb1_elf(&len, 0xc0100020, 1);
	rc = load("mb1.elf", b, len, &o, &p, &d);
	is_u64(rc ? 0 : p.entry, 0x100020, "virtual e_entry: translated to p_paddr");
	plan_free(&p);
	free(b);
	b = mb1_elf(&len, 0x200000, 2);
	rc = load("mb1.elf", b, len, &o, &p, &d);
	has_str(d.msg, "mb1.elf: multiboot kernel's entry e_entry 0x200000 is in none of its PT_LOAD segments", "entry outside: refused");
	plan_free(&p);
	free(b);

	/* probe order: an ELF with a multiboot header is multiboot */
	{
		const struct loader *l = NULL;
		struct image img;

		b = mb1_elf(&len, 0x100010, 1);
		image_from_buffer(NULL, "mb1.elf", b, len, &img);
		o.opt.type = NULL;
		diag_clear(&d);
		rc = loader_identify(&d, &img, &o, &l);
		ok(rc == 0 && l == &multiboot_x86_loader, "an ELF with a MB1 header probes as multiboot-x86");
		b[0x1000 + 8]++;   /* checksum off: plain ELF */
		image_free(&img);
		image_from_buffer(NULL, "mb1.elf", b, len, &img);
		rc = loader_identify(&d, &img, &o, &l);
		ok(rc == 0 && l == &elf_x86_loader, "with a bad checksum it is elf-x86");
		image_free(&img);
		free(b);
	}
}

/* ---- Multiboot2 ---- */

/* A MB2 ELF kernel: the header (tags @tags) in the first PT_LOAD */
static uint8_t *mb2_elf(size_t *len, const uint8_t *tags, size_t tlen)
{
	struct eb_spec s = { 0 };
	uint8_t *b;

	s.cls = 1;
	s.type = ET_EXEC;
	s.machine = EM_386;
	s.entry = 0x200100;
	s.nph = 1;
	s.ph[0] = (struct eb_phdr){ PT_LOAD, 7, 0x1000, 0x200000, 0x200000, 0x2000, 0x3000, 0x1000 };
	b = eb_build(&s, len);
	mbb_mb2_header(b, 0x1000, tags, tlen);
	return b;
}

/* The Xen-like header: required info request (meminfo, mmap), module
 * alignment; optional relocatable, console, framebuffer, EFI tags */
static size_t xen_tags(uint8_t *t)
{
	size_t n = 0;

	mbb_tag(t, &n, 1, 0, (const uint32_t[]){ 4, 6 }, 2);
	mbb_tag(t, &n, 6, 0, NULL, 0);
	mbb_tag(t, &n, 10, 1, (const uint32_t[]){ 0x200000, 0xffffffff, 0x200000, 2 }, 4);
	mbb_tag(t, &n, 4, 1, (const uint32_t[]){ 2 }, 1);
	mbb_tag(t, &n, 5, 1, (const uint32_t[]){ 0, 0, 0 }, 3);
	mbb_tag(t, &n, 7, 1, NULL, 0);
	mbb_tag(t, &n, 9, 1, (const uint32_t[]){ 0x200200 }, 1);
	mbb_tag(t, &n, 0, 0, NULL, 0);
	return n;
}

static void check_mb2_info(const struct plan *p, uint64_t pa,
			   const char *name, unsigned nmod)
{
	const uint8_t *h = at(p, pa, 8), *t;
	uint32_t total, off = 8, seen = 0, nm = 0;
	char want[128];

	if (!ok(h != NULL, "MB2 info readable"))
		return;
	total = mbb_get32(h);
	is_int(mbb_get32(h + 4), 0, "reserved 0");
	t = at(p, pa, total);
	if (!ok(t != NULL, "total_size %u inside the segment", total))
		return;
	while (off + 8 <= total) {
		uint32_t type = mbb_get32(t + off), size = mbb_get32(t + off + 4);

		ok(off % 8 == 0, "tag %u 8-byte aligned", type);
		if (type == 0) {
			is_int(size, 8, "end tag size 8");
			ok(off + 8 == total, "end tag is last");
			seen |= 1;
			break;
		}
		switch (type) {
		case 1:
			snprintf(want, sizeof(want), "%s console=ttyS0 x=1", name);
			is_str((const char *)t + off + 8, want, "MB2 cmdline");
			is_int(size, 8 + strlen(want) + 1, "cmdline tag size");
			break;
		case 2:
			is_str((const char *)t + off + 8, "kexec", "MB2 boot loader name");
			break;
		case 3:
			if (nm < nmod) {
				check_module(p, nm, mbb_get32(t + off + 8),
					     mbb_get32(t + off + 12),
					     (const char *)t + off + 16, "MB2");
				is_str((const char *)t + off + 16, modstr[nm], "MB2 module string");
			}
			nm++;
			break;
		case 4:
			is_int(size, 16, "meminfo size");
			is_int(mbb_get32(t + off + 8), 639, "MB2 mem_lower");
			is_int(mbb_get32(t + off + 12), (0x7ffe0000 - 0x100000) / 1024, "MB2 mem_upper");
			break;
		case 6: {
			uint32_t i;

			is_int(mbb_get32(t + off + 8), 24, "mmap entry_size 24");
			is_int(mbb_get32(t + off + 12), 0, "mmap entry_version 0");
			is_int(size, 16 + 7 * 24, "mmap: 7 entries");
			for (i = 0; i < 7 && 16 + 24 * i < size; i++) {
				const uint8_t *e = t + off + 16 + 24 * i;

				is_u64(mbb_get64(e), ram.v[i].r.start, "MB2 mmap base");
				is_u64(mbb_get64(e + 8), ram.v[i].r.end - ram.v[i].r.start, "MB2 mmap length");
				is_int(mbb_get32(e + 16), ram.v[i].type, "MB2 mmap type");
			}
			break;
		}
		default:
			ok(0, "unexpected info tag %u", type);
		}
		seen |= 1u << type;
		off += (size + 7) & ~7u;
	}
	is_int(seen, 0x5f, "tags end, cmdline, loader name, modules, meminfo, mmap");
	is_int(nm, nmod, "one module tag per module");
}

static void test_mb2(void)
{
	struct load_opts o = opts(2);
	struct diag d = { 0 };
	struct plan p;
	uint8_t tags[256];
	size_t tl = xen_tags(tags), len;
	uint8_t *b = mb2_elf(&len, tags, tl);
	const struct loader *l = NULL;
	struct image img;
	int rc;

	rc = load("mb2.elf", b, len, &o, &p, &d);
	is_int(rc, 0, "MB2 ELF with Xen's tags: loads");
	if (rc)
		printf("# %s\n", d.msg);
	is_u64(p.entry, 0x200100, "entry: e_entry (the EFI entry tag ignored)");
	is_int(p.boot.mode, PLAN_BOOT_32, "32-bit register boot");
	is_u64(p.boot.reg[PLAN_REG_AX], 0x36D76289, "EAX = 0x36D76289");
	ok(p.boot.reg[PLAN_REG_BX] % 8 == 0 && p.boot.reg[PLAN_REG_BX] < 0x100000000ull, "EBX 8-byte aligned below 4 GiB");
	check_mb2_info(&p, p.boot.reg[PLAN_REG_BX], "mb2.elf", 2);
	is_int(plan_finalize(&p, &d, &ram, 0), 0, "plan_finalize");
	plan_free(&p);

	/* both headers: multiboot2 wins the probe */
	mbb_mb1_header(b, 0x1800, 0x3, NULL);
	image_from_buffer(NULL, "both.elf", b, len, &img);
	rc = loader_identify(&d, &img, &o, &l);
	ok(rc == 0 && l == &multiboot2_x86_loader, "MB1 and MB2 headers: multiboot2-x86 first");
	o.opt.type = "multiboot-x86";
	rc = loader_identify(&d, &img, &o, &l);
	ok(rc == 0 && l == &multiboot_x86_loader, "-t multiboot-x86 picks the MB1 header");
	o.opt.type = NULL;
	image_free(&img);
	free(b);

	/* address + entry tags: a flat image */
	{
		uint8_t flat[0x3000];
		size_t n = 0, i;

		for (i = 0; i < sizeof(flat); i++)
			flat[i] = (uint8_t)(i ^ 0x5a);
		mbb_tag(tags, &n, 2, 0, (const uint32_t[]){ 0x300008, 0x300000, 0x302000, 0x305000 }, 4);
		mbb_tag(tags, &n, 3, 0, (const uint32_t[]){ 0x300400 }, 1);
		mbb_tag(tags, &n, 0, 0, NULL, 0);
		mbb_mb2_header(flat, 8, tags, n);
		o = opts(1);
		rc = load("mb2.bin", flat, sizeof(flat), &o, &p, &d);
		is_int(rc, 0, "MB2 address tag: loads");
		ok(seg_at(&p, 0x300000) && seg_at(&p, 0x300000)->bufsz == 0x2000 &&
		   seg_at(&p, 0x300000)->memsz == 0x5000 &&
		   memcmp(seg_at(&p, 0x300000)->buf, flat, 0x2000) == 0,
		   "address tag: load_addr..load_end_addr, bss to bss_end_addr");
		is_u64(p.entry, 0x300400, "entry address tag");
		check_mb2_info(&p, p.boot.reg[PLAN_REG_BX], "mb2.bin", 1);
		plan_free(&p);
	}
}

static void test_mb2_hostile(void)
{
	static const struct {
		const char *desc;
		uint16_t type, flags;
		uint32_t w[4];
		size_t n;
		const char *msg;
	} t[] = {
		{ "required info request for a framebuffer", 1, 0, { 4, 8 }, 2, "requires information tag type 8" },
		{ "required info request for the ACPI RSDP", 1, 0, { 14 }, 1, "requires information tag type 14" },
		{ "required framebuffer", 5, 0, { 1024, 768, 32 }, 3, "requires the framebuffer tag (type 5)" },
		{ "required EFI boot services", 7, 0, { 0 }, 0, "does not boot through EFI" },
		{ "required EFI amd64 entry", 9, 0, { 0x200000 }, 1, "EFI amd64 entry address tag (type 9)" },
		{ "required console", 4, 0, { 1 }, 1, "requires a described console" },
		{ "unknown required tag", 77, 0, { 0 }, 0, "unknown tag (type 77)" },
		{ "address tag without entry", 2, 0, { 0x201000, 0x200000, 0, 0 }, 4, "address tag but no entry address tag" },
		{ "entry tag outside the kernel", 3, 0, { 0x400000 }, 1, "entry address 0x400000 is outside" },
	};
	struct load_opts o = opts(0);
	struct diag d = { 0 };
	struct plan p;
	uint8_t tags[256], *b;
	size_t i, n, len, hl;
	int rc;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		n = 0;
		mbb_tag(tags, &n, t[i].type, t[i].flags, t[i].w, t[i].n);
		mbb_tag(tags, &n, 0, 0, NULL, 0);
		b = mb2_elf(&len, tags, n);
		rc = load("bad2.elf", b, len, &o, &p, &d);
		ok(rc < 0 && rc != -ENOEXEC, "%s: refused", t[i].desc);
		has_str(d.msg, "bad2.elf: ", "names the file");
		has_str(d.msg, t[i].msg, t[i].desc);
		is_int(p.nseg, 0, "nothing planned");
		plan_free(&p);
		free(b);
		/* optional: ignored (or still refused where it is not a
		 * matter of choice) */
		if (t[i].type == 2 || t[i].type == 3)
			continue;
		n = 0;
		mbb_tag(tags, &n, t[i].type, 1, t[i].w, t[i].n);
		mbb_tag(tags, &n, 0, 0, NULL, 0);
		b = mb2_elf(&len, tags, n);
		rc = load("opt2.elf", b, len, &o, &p, &d);
		is_int(rc, 0, "the same tag marked optional: loads");
		plan_free(&p);
		free(b);
	}
	/* tag sizes: 0, 4, past header_length, 0xffffffff; no end tag */
	{
		static const uint32_t sizes[] = { 0, 4, 64, 0xfffffff8u, 0xffffffffu };

		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			n = 0;
			mbb_tag(tags, &n, 6, 0, NULL, 0);
			mbb_tag(tags, &n, 0, 0, NULL, 0);
			mbb_put32(tags, 4, sizes[i]);
			b = mb2_elf(&len, tags, n);
			rc = load("size.elf", b, len, &o, &p, &d);
			ok(rc == -EINVAL && strstr(d.msg, "size.elf: multiboot2 header: module alignment tag (type 6) at offset 16 has size"),
			   "tag size %u: refused (%s)", sizes[i], d.msg);
			plan_free(&p);
			free(b);
		}
		n = 0;
		mbb_tag(tags, &n, 6, 0, NULL, 0);
		b = mb2_elf(&len, tags, n);
		rc = load("noend.elf", b, len, &o, &p, &d);
		has_str(d.msg, "noend.elf: multiboot2 header: no end tag within header_length 24", "no end tag");
		plan_free(&p);
		free(b);
	}
	/* header_length: too short, past the file, overflowing */
	{
		static const uint32_t hls[] = { 0, 16, 23, 0x100000, 0xfffffff0u };

		n = 0;
		mbb_tag(tags, &n, 0, 0, NULL, 0);
		for (i = 0; i < sizeof(hls) / sizeof(hls[0]); i++) {
			b = mb2_elf(&len, tags, n);
			mbb_put32(b, 0x1008, hls[i]);
			mbb_put32(b, 0x100c, 0u - 0xE85250D6u - hls[i]);
			rc = load("hl.elf", b, len, &o, &p, &d);
			ok(rc == -EINVAL && strstr(d.msg, "hl.elf: multiboot2 header"),
			   "header_length %u: refused (%s)", hls[i], d.msg);
			plan_free(&p);
			free(b);
		}
	}
	/* truncated at every length through the header and its tags */
	n = xen_tags(tags);
	b = mb2_elf(&len, tags, n);
	hl = 16 + n;
	for (i = 0x1000; i <= 0x1000 + hl; i++) {
		rc = load("cut2.elf", b, i, &o, &p, &d);
		if (i < 0x1000 + 16)
			ok(rc < 0 && !strstr(d.msg, "multiboot2"), "cut at 0x%zx: not multiboot2 (%s)", i, d.msg);
		else if (i < 0x1000 + hl)
			ok(rc == -EINVAL && strstr(d.msg, "cut2.elf: multiboot2 header at 0x1000 with header_length") &&
			   strstr(d.msg, "past the end of the file"), "cut at 0x%zx: header past the end", i);
		else
			ok(rc < 0 && strstr(d.msg, "cut2.elf: ELF program header"), "cut at 0x%zx: the ELF data is missing (%s)", i, d.msg);
		is_int(p.nseg, 0, "nothing planned");
		plan_free(&p);
	}
	free(b);
	/* another architecture's header is not ours */
	n = 0;
	mbb_tag(tags, &n, 0, 0, NULL, 0);
	b = mb2_elf(&len, tags, n);
	mbb_put32(b, 0x1004, 4);
	mbb_put32(b, 0x100c, 0u - 0xE85250D6u - 4 - 24);
	rc = load("mips.elf", b, len, &o, &p, &d);
	ok(rc == 0 || !strstr(d.msg, "multiboot2"), "a MIPS header: not multiboot2-x86");
	plan_free(&p);
	free(b);
}

static void test_refusals(void)
{
	struct load_opts o = opts(0);
	struct diag d = { 0 };
	struct plan p;
	uint8_t *b = mbb_aout(MBB_AOUT_LEN, 0x10000, 0, 0, 0x100080);
	int rc;

	o.opt.preserve_context = 1;
	rc = load("mb1.bin", b, MBB_AOUT_LEN, &o, &p, &d);
	ok(rc < 0 && strstr(d.msg, "does not return"), "--load-preserve-context: refused");
	plan_free(&p);
	o.opt.preserve_context = 0;
	o.opt.crash = 1;
	rc = load("mb1.bin", b, MBB_AOUT_LEN, &o, &p, &d);
	ok(rc < 0 && strstr(d.msg, "panic kernel"), "-p: refused");
	plan_free(&p);
	free(b);
}

/* ---- the whole tool, on the fake kernel ---- */

static char root[256], kfile[300], mfile[300], bfile[300];
static char *out_text, *err_text;

static void test_tool(void)
{
	struct fake_sys f;
	uint8_t *b, mod[777];
	size_t i;
	int rc;

	sysroot_create(root, sizeof(root), "t-multiboot");
	sysroot_mkdir(root, "sys/firmware/memmap/0");
	sysroot_mkdir(root, "sys/firmware/memmap/1");
	sysroot_put(root, "sys/firmware/memmap/0/start", "0x0\n");
	sysroot_put(root, "sys/firmware/memmap/0/end", "0x9fbff\n");
	sysroot_put(root, "sys/firmware/memmap/0/type", "System RAM\n");
	sysroot_put(root, "sys/firmware/memmap/1/start", "0x100000\n");
	sysroot_put(root, "sys/firmware/memmap/1/end", "0x7ffdffff\n");
	sysroot_put(root, "sys/firmware/memmap/1/type", "System RAM\n");
	sysroot_put(root, "sys/kernel/kexec_loaded", "0\n");
	sysroot_put(root, "sys/kernel/kexec_crash_loaded", "0\n");
	sysroot_put(root, "proc/cmdline", "BOOT_IMAGE=/x root=/dev/vda\n");
	b = mbb_aout(MBB_AOUT_LEN, 0x10003, 0, 0x104000, 0x100080);
	snprintf(kfile, sizeof(kfile), "%s/mb1.bin", root);
	sysroot_write(kfile, b, MBB_AOUT_LEN);
	/* broken: load_end_addr past the file */
	mbb_mb1_header(b, 0x40, 0x10000, (const uint32_t[]){ 0x100040, 0x100000, 0x200000, 0, 0x100080 });
	snprintf(bfile, sizeof(bfile), "%s/bad.bin", root);
	sysroot_write(bfile, b, MBB_AOUT_LEN);
	free(b);
	for (i = 0; i < sizeof(mod); i++)
		mod[i] = (uint8_t)i;
	snprintf(mfile, sizeof(mfile), "%s/mod", root);
	sysroot_write(mfile, mod, sizeof(mod));

	fake_sys_init(&f);
	fake_sys_preload(&f, 0x2000000, 0x3e0000, 0x2000000);
	rc = run_main(&f, root, &out_text, &err_text, "-l %s --module=%s", bfile, mfile);
	is_int(rc, 1, "broken a.out kernel: exit 1");
	has_str(err_text, "bad.bin: multiboot header: load_addr 0x100000 to load_end_addr 0x200000", "says what is wrong");
	ok(err_text && strchr(err_text, '\n') == strrchr(err_text, '\n'), "in one line");
	ok(f.image.loaded && f.image.first_mem == 0x2000000 && f.nloads == 0,
	   "the image loaded before stays, no kexec_load");

	rc = run_main(&f, root, &out_text, &err_text, "-l %s --module=%s/nonexistent", kfile, root);
	is_int(rc, 1, "missing module file: exit 1");
	has_str(err_text, "nonexistent", "names the module file");
	ok(f.image.first_mem == 0x2000000, "still the image loaded before");

	rc = run_main(&f, root, &out_text, &err_text, "-l %s --initrd=%s", kfile, mfile);
	is_int(rc, 1, "--initrd with a multiboot kernel: exit 1");
	has_str(err_text, "--initrd does not apply to multiboot-x86 images", "--initrd refused by name");

	rc = run_main(&f, root, &out_text, &err_text, "--dry-run -l %s --reuse-cmdline --append=x=1 --module=%s", kfile, mfile);
	is_int(rc, 0, "--dry-run with --module and --reuse-cmdline: exit 0");
	has_str(out_text, "module 0", "the plan shows the module");
	has_str(out_text, "multiboot information", "and the information segment");

	rc = run_main(&f, root, &out_text, &err_text, "-l %s --command-line=a=b --module=%s", kfile, mfile);
	is_int(rc, 0, "-l with a module: exit 0");
	is_int((int)f.nloads, 1, "one kexec_load");
	ok(f.image.loaded && f.image.first_mem != 0x2000000, "the new image replaced the old");
	fake_sys_free(&f);
}

int main(void)
{
	setup();
	test_mb1_aout();
	test_mb1_hostile();
	test_mb1_elf();
	test_mb2();
	test_mb2_hostile();
	test_refusals();
	test_tool();
	memmap_free(&ram);
	image_free(&mods[0]);
	image_free(&mods[1]);
	free(out_text);
	free(err_text);
	return tap_done();
}
