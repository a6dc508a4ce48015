/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-phys.c - the raw physical-mode blob loader (arch/x86/phys.c), alone,
 * through loader_load() (chosen only by --type=phys, never probed) and
 * through plan_finalize() with a fixture memory map.
 *
 * Expected values follow from the blob sizes and addresses chosen here and
 * the rules in the issue: one segment at --load-addr holding the whole
 * file, memsz the size rounded up to 4 KiB pages, entry --entry or the load
 * address, KEXEC_PRESERVE_CONTEXT 0x2 and the arch field (3 << 16 for
 * i386, 62 << 16 for x86_64, doc/abi.md 1.3). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1   /* open_memstream */
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfbuild.h"
#include "loader.h"
#include "tap.h"

#define T_PAGE 4096u
#define T_PRESERVE 0x2u
#define T_ARCH_386 0x00030000u
#define T_ARCH_X86_64 0x003e0000u

/* Bytes of a test blob: a pattern that differs from a plain counter so a
 * copy from the wrong offset shows. */
static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 7u + 3u);
}

static void mkblob(const char *name, size_t len, struct image *img)
{
	uint8_t *b = malloc(len ? len : 1);
	size_t i;

	if (!b)
		abort();
	for (i = 0; i < len; i++)
		b[i] = pattern(i);
	if (image_from_buffer(NULL, name, b, len, img))
		abort();
	free(b);
}

static uint64_t pages_of(uint64_t len)
{
	return (len + T_PAGE - 1) / T_PAGE * T_PAGE;
}

static struct load_opts blob_opts(uint64_t addr, int kernel_64)
{
	struct load_opts o;

	memset(&o, 0, sizeof(o));
	o.opt.args_none = 1;
	o.opt.have_load_addr = 1;
	o.opt.load_addr = addr;
	o.kernel_64 = kernel_64;
	return o;
}

static void test_table(void)
{
	static const size_t lens[] = { 0, 1, 5000 };
	struct image img;
	size_t i;

	is_str(phys_loader.name, "phys", "loader name is the -t name");
	ok(phys_loader.forced_only, "phys is forced_only (never probed)");
	ok(phys_loader.summary && strstr(phys_loader.summary, "--load-addr"),
	   "summary mentions --load-addr");
	for (i = 0; kj_loaders[i] && kj_loaders[i] != &phys_loader; i++)
		;
	ok(kj_loaders[i] == &phys_loader, "phys is in the loader table (--help lists it)");

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct diag d = { 0 };

		mkblob("b", lens[i], &img);
		is_int(phys_loader.probe(&d, &img), -ENOEXEC,
		       "probe: a raw blob is never recognised");
		is_str(d.msg, "", "probe records no error");
		image_free(&img);
	}
}

static void check_blob_plan(const struct plan *p, const struct image *img,
			    uint64_t addr, const char *desc)
{
	const uint8_t *b = p->seg[0].buf;
	size_t i;
	int same = 1;

	is_int(p->nseg, 1, desc);
	is_u64(p->seg[0].mem, addr, "segment at --load-addr");
	is_u64(p->seg[0].memsz, pages_of(img->len), "memsz = file size rounded to pages");
	is_u64(p->seg[0].bufsz, img->len, "bufsz = file size");
	is_str(p->seg[0].what, "phys blob", "segment label");
	is_int(p->seg[0].owned, 0, "buffer not owned by the plan");
	for (i = 0; b && i < img->len; i++)
		same &= b[i] == pattern(i);
	ok(b && same, "segment data is the whole file");
}

static void test_good(void)
{
	static const size_t lens[] = { 1, T_PAGE - 1, T_PAGE, T_PAGE + 1, 5000,
				       3 * T_PAGE };
	struct diag d = { 0 };
	struct image img;
	struct plan p;
	struct load_opts o;
	size_t i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		char desc[64];

		snprintf(desc, sizeof(desc), "%zu-byte blob loads", lens[i]);
		mkblob("blob.bin", lens[i], &img);
		o = blob_opts(0x2000000, 1);
		plan_init(&p);
		is_int(phys_loader.load(&d, &img, &o, NULL, &p), 0, desc);
		is_str(d.msg, "", "no message");
		check_blob_plan(&p, &img, 0x2000000, "one segment");
		is_u64(p.entry, 0x2000000, "entry = load address");
		is_str(p.entry_what, "--load-addr", "entry label");
		is_u64(p.flags, 0, "no preserve-context without it");
		is_u64(p.arch, T_ARCH_X86_64, "arch x86_64");
		plan_free(&p);
		image_free(&img);
	}

	/* preserve-context, i386, and an --entry inside the blob (first and
	 * last byte of the file) */
	mkblob("blob.bin", 5000, &img);
	o = blob_opts(0x400000, 0);
	o.opt.preserve_context = 1;
	plan_init(&p);
	is_int(phys_loader.load(&d, &img, &o, NULL, &p), 0, "i386, preserve-context");
	check_blob_plan(&p, &img, 0x400000, "i386: one segment");
	is_u64(p.flags, T_PRESERVE, "KEXEC_PRESERVE_CONTEXT");
	is_u64(p.arch, T_ARCH_386, "arch i386");
	plan_free(&p);

	o.opt.have_entry = 1;
	o.opt.entry = 0x400000 + 5000 - 1;
	plan_init(&p);
	is_int(phys_loader.load(&d, &img, &o, NULL, &p), 0, "--entry at the last byte");
	is_u64(p.entry, 0x400000 + 5000 - 1, "entry = --entry");
	is_str(p.entry_what, "--entry", "entry label --entry");
	plan_free(&p);

	o.opt.entry = 0x400000;
	plan_init(&p);
	is_int(phys_loader.load(&d, &img, &o, NULL, &p), 0, "--entry at the first byte");
	is_u64(p.entry, 0x400000, "entry = --entry = load address");
	is_str(p.entry_what, "--entry", "entry label --entry");
	plan_free(&p);
	image_free(&img);
}

static void test_errors(void)
{
	static const struct {
		const char *desc;
		size_t len;
		int have_addr;
		uint64_t addr;
		int args_none;
		int have_entry;
		uint64_t entry;
		int rc;
		const char *msg;
	} t[] = {
		{ "no --load-addr", 100, 0, 0, 1, 0, 0, -EINVAL,
		  "blob.bin: --type=phys needs --load-addr=ADDR" },
		{ "unaligned --load-addr", 100, 1, 0x2000010, 1, 0, 0, -EINVAL,
		  "blob.bin: --load-addr 0x2000010 is not page aligned (4096)" },
		{ "half-page --load-addr", 100, 1, 0x2000800, 1, 0, 0, -EINVAL,
		  "blob.bin: --load-addr 0x2000800 is not page aligned (4096)" },
		{ "empty file", 0, 1, 0x2000000, 1, 0, 0, -EINVAL,
		  "blob.bin: empty file" },
		{ "neither --args-none nor via the purgatory", 100, 1, 0x2000000, 0, 0, 0, -ENOTSUP,
		  "blob.bin: a raw blob is either called through the purgatory (--load-preserve-context) or entered directly (--args-none)" },
		/* 100 bytes at 0x2000000: the file ends at 0x2000063 */
		{ "--entry just past the file", 100, 1, 0x2000000, 1, 1, 0x2000064,
		  -EINVAL,
		  "blob.bin: --entry 0x2000064 is outside the blob (0x2000000-0x2000063, its 100 bytes at --load-addr)" },
		{ "--entry in the page padding", 100, 1, 0x2000000, 1, 1, 0x2000fff,
		  -EINVAL, "blob.bin: --entry 0x2000fff is outside the blob" },
		{ "--entry below the blob", 100, 1, 0x2000000, 1, 1, 0x1ffffff,
		  -EINVAL, "blob.bin: --entry 0x1ffffff is outside the blob" },
		{ "--entry 0", 100, 1, 0x2000000, 1, 1, 0, -EINVAL,
		  "blob.bin: --entry 0x0 is outside the blob" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct diag d = { 0 };
		struct image img;
		struct plan p;
		struct load_opts o = blob_opts(t[i].addr, 1);

		o.opt.have_load_addr = t[i].have_addr;
		o.opt.args_none = t[i].args_none;
		o.opt.have_entry = t[i].have_entry;
		o.opt.entry = t[i].entry;
		mkblob("blob.bin", t[i].len, &img);
		plan_init(&p);
		is_int(phys_loader.load(&d, &img, &o, NULL, &p), t[i].rc, t[i].desc);
		has_str(d.msg, t[i].msg, t[i].desc);
		ok(strchr(d.msg, '\n') == NULL, "%s: one line", t[i].desc);
		is_int(p.nseg, 0, "nothing added");
		plan_free(&p);
		image_free(&img);
	}
}

/* Through loader_load: --type=phys picks it without a probe; without
 * --type it is never tried. */
static void test_walk(void)
{
	struct eb_spec s;
	struct load_opts o = blob_opts(0x2000000, 1);
	struct diag d = { 0 };
	struct image img;
	struct plan p;
	uint8_t *elf;
	size_t elf_len;
	char *log = NULL;
	size_t loglen = 0;

	mkblob("blob.bin", 5000, &img);
	o.opt.type = "phys";
	d.debug = 1;
	d.out = open_memstream(&log, &loglen);
	plan_init(&p);
	is_int(loader_load(&d, &img, &o, NULL, &p), 0, "--type=phys loads");
	fclose(d.out);
	d.out = NULL;
	check_blob_plan(&p, &img, 0x2000000, "--type=phys: one segment");
	ok(log && !strstr(log, "probe phys"), "--type=phys: no probe run");
	plan_free(&p);
	free(log);
	log = NULL;

	/* without --type: elf-x86 is tried, phys is not */
	o.opt.type = NULL;
	d.out = open_memstream(&log, &loglen);
	plan_init(&p);
	is_int(loader_load(&d, &img, &o, NULL, &p), -ENOEXEC,
	       "no --type: a raw blob is not recognised");
	fclose(d.out);
	d.out = NULL;
	has_str(d.msg, "blob.bin: not a recognised kernel image (tried: uki, multiboot2-x86, multiboot-x86, elf-x86, bzImage; by --type only: phys)",
		"no --type: message names phys as --type only");
	ok(log && strstr(log, "probe elf-x86") && strstr(log, "probe bzImage: no match") &&
	   !strstr(log, "probe phys"),
	   "no --type: phys never probed");
	is_int(p.nseg, 0, "no --type: nothing added");
	plan_free(&p);
	free(log);
	log = NULL;

	/* --type=elf-x86 on a blob: phys is not offered as "looks like" */
	d.debug = 0;
	diag_clear(&d);
	o.opt.type = "elf-x86";
	plan_init(&p);
	is_int(loader_load(&d, &img, &o, NULL, &p), -ENOEXEC, "--type=elf-x86 on a blob");
	has_str(d.msg, "--type=elf-x86 does not match this file, and no other loader recognises it",
		"--type=elf-x86 on a blob: phys not suggested");
	plan_free(&p);

	diag_clear(&d);
	o.opt.type = "aout-x86";
	plan_init(&p);
	is_int(loader_load(&d, &img, &o, NULL, &p), -EINVAL, "unknown type");
	has_str(d.msg, "(valid types: uki, multiboot2-x86, multiboot-x86, elf-x86, bzImage, phys)", "unknown type: phys listed as valid");
	plan_free(&p);
	image_free(&img);

	/* --type=phys on an ELF file: loaded as raw bytes, no ELF parsing */
	memset(&s, 0, sizeof(s));
	s.cls = 2;
	s.type = 2;
	s.machine = 62;
	s.entry = 0x100000;
	s.nph = 1;
	s.ph[0] = (struct eb_phdr){ 1, 7, 0x1000, 0x100000, 0x100000, 0x80,
				    0x1000, 0x1000 };
	elf = eb_build(&s, &elf_len);
	image_from_buffer(NULL, "prog.elf", elf, elf_len, &img);
	diag_clear(&d);
	o.opt.type = "phys";
	plan_init(&p);
	is_int(loader_load(&d, &img, &o, NULL, &p), 0, "--type=phys on an ELF file");
	ok(p.nseg == 1 && p.seg[0].bufsz == elf_len &&
	   p.seg[0].mem == 0x2000000 && p.entry == 0x2000000 &&
	   memcmp(p.seg[0].buf, elf, elf_len) == 0,
	   "--type=phys on an ELF file: the whole file at --load-addr");
	plan_free(&p);
	image_free(&img);
	free(elf);
}

/* The planner on the loader's plan, against a fixture map:
 *   RAM      0x100000-0x2001fff   (ends two pages after 0x2000000)
 *   reserved 0x2002000-0x2002fff
 *   RAM      0x2003000-0x7fffffff
 *   RAM      0x100000000-0x1ffffffff (above 4 GiB) */
static void test_finalize(void)
{
	static const struct {
		const char *desc;
		size_t len;
		uint64_t addr;
		int kernel_64;
		int rc;
		const char *msg;
	} t[] = {
		{ "two pages fit before the hole", 2 * T_PAGE, 0x2000000, 1, 0, NULL },
		/* one byte more rounds up to a third page, in the hole */
		{ "a byte more reaches the hole", 2 * T_PAGE + 1, 0x2000000, 1,
		  -EADDRNOTAVAIL,
		  "phys blob: 0x2000000-0x2002fff is not System RAM (Reserved at 0x2002000-0x2002fff)" },
		{ "inside the hole", 10, 0x2002000, 1, -EADDRNOTAVAIL,
		  "phys blob: 0x2002000-0x2002fff is not System RAM" },
		{ "not in the map at all", 10, 0x80000000, 1, -EADDRNOTAVAIL,
		  "phys blob: 0x80000000-0x80000fff is not System RAM" },
		{ "above 4 GiB on x86_64", 5000, 0x100000000, 1, 0, NULL },
		{ "above 4 GiB on i386", 5000, 0x100000000, 0, -EADDRNOTAVAIL,
		  "phys blob: 0x100000000-0x100001fff reaches 4 GiB" },
		{ "wraps around", 2 * T_PAGE, 0xfffffffffffff000, 1, -EADDRNOTAVAIL,
		  "phys blob: 0xfffffffffffff000 + memsz 0x2000 wraps around" },
	};
	struct memmap m = { 0 };
	size_t i;

	memmap_add(NULL, &m, 0x100000, 0x2001fff, MEM_RAM);
	memmap_add(NULL, &m, 0x2002000, 0x2002fff, MEM_RESERVED);
	memmap_add(NULL, &m, 0x2003000, 0x7fffffff, MEM_RAM);
	memmap_add(NULL, &m, 0x100000000, 0x1ffffffff, MEM_RAM);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct load_opts o = blob_opts(t[i].addr, t[i].kernel_64);
		struct diag d = { 0 };
		struct image img;
		struct plan p;

		o.opt.type = "phys";
		mkblob("blob.bin", t[i].len, &img);
		plan_init(&p);
		is_int(loader_load(&d, &img, &o, &m, &p), 0, t[i].desc);
		is_int(plan_finalize(&p, &d, &m, 0), t[i].rc, t[i].desc);
		if (t[i].msg)
			has_str(d.msg, t[i].msg, t[i].desc);
		else
			is_str(d.msg, "", t[i].desc);
		plan_free(&p);
		image_free(&img);
	}
	memmap_free(&m);
}

int main(void)
{
	test_table();
	test_good();
	test_errors();
	test_walk();
	test_finalize();
	return tap_done();
}
