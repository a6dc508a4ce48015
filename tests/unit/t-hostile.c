/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-hostile.c - hostile input for the whole tool (issue 13): malformed
 * kernels, initrds, vmcores and option lists, each of which must give
 *
 *   - exit status 1,
 *   - exactly one line on stderr, naming the file (or the option) and
 *     containing a word that says why,
 *   - within 2 s (measured here),
 *   - and leave the image loaded before untouched: the fake kernel
 *     (fake_sys.h) records no kexec_load or kexec_file_load call, and
 *     still holds the image it was given first.
 *
 * Inputs are built here from the builders in tests/unit (bzbuild.h,
 * elfbuild.h, pebuild.h, mbbuild.h, vmcorebuild.h): truncations at each
 * header boundary, fields that overflow, special files and huge sparse
 * files.  The fixture machine has 2 GiB of RAM: [0, 0x9fc00) and
 * [0x100000, 0x7ffe0000). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "bzbuild.h"
#include "elfbuild.h"
#include "fake_sys.h"
#include "mbbuild.h"
#include "pebuild.h"
#include "runmain.h"
#include "sysroot.h"
#include "tap.h"
#include "vmcore.h"
#include "vmcorebuild.h"

#define PRE_ENTRY 0x100010u
#define PRE_FLAGS 0x003e0002u   /* KEXEC_ARCH_X86_64 | PRESERVE_CONTEXT */
#define PRE_MEM   0x100000u

static char root[256], dir[300];
static char *out_text, *err_text;
static int ncases;
static double slowest;
static char slowest_desc[200];

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* @dir/@name, in a static buffer of its own per slot */
static const char *file(const char *name)
{
	static char buf[8][400];
	static unsigned slot;
	char *p = buf[slot++ % 8];

	snprintf(p, 400, "%s/%s", dir, name);
	return p;
}

static const char *put(const char *name, const void *b, size_t n)
{
	const char *p = file(name);

	unlink(p);
	sysroot_write(p, b, n);
	return p;
}

/* a sparse file of @size bytes */
static const char *sparse(const char *name, unsigned long long size)
{
	const char *p = file(name);
	FILE *f = fopen(p, "wb");

	if (!f || ftruncate(fileno(f), (off_t)size) != 0) {
		perror(p);
		exit(2);
	}
	fclose(f);
	return p;
}

static void record_time(double t, const char *desc)
{
	if (t > slowest) {
		slowest = t;
		snprintf(slowest_desc, sizeof(slowest_desc), "%s", desc);
	}
}

static int one_line(const char *s)
{
	const char *nl = s ? strchr(s, '\n') : NULL;

	return nl && nl[1] == '\0';
}

/* Run kexec with the arguments; the case passes when all the rules in
 * the header hold.  @name must appear in the line, and so must @why. */
static void hostile(const char *desc, const char *name, const char *why,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void hostile(const char *desc, const char *name, const char *why,
		    const char *fmt, ...)
{
	struct fake_sys f;
	va_list ap;
	double t0, t;
	int rc, good;

	fake_sys_init(&f);
	f.sysroot = root;
	fake_sys_preload(&f, PRE_ENTRY, PRE_FLAGS, PRE_MEM);
	t0 = now();
	va_start(ap, fmt);
	rc = run_main_line(&f, root, &out_text, &err_text, fmt, ap);
	va_end(ap);
	t = now() - t0;
	record_time(t, desc);
	ncases++;
	good = rc == 1 && one_line(err_text) &&
	       strncmp(err_text, "kexec: ", 7) == 0 &&
	       strstr(err_text, name) && (!why || strstr(err_text, why)) &&
	       t < 2.0 && f.nloads == 0 && f.nfile_loads == 0 &&
	       fake_sys_count(&f, "kexec_load") == 0 &&
	       fake_sys_count(&f, "kexec_file_load") == 0 &&
	       f.image.loaded && f.image.entry == PRE_ENTRY &&
	       f.image.flags == PRE_FLAGS && f.image.first_mem == PRE_MEM;
	if (getenv("KJ_HOSTILE_SHOW"))   /* to review the messages */
		printf("# %s", err_text ? err_text : "(none)\n");
	if (!ok(good, "%s", desc))
		printf("#   rc %d, %.3f s, %zu kexec_load, %zu kexec_file_load, image %s, want \"%s\" and \"%s\" in stderr:\n#   %s",
		       rc, t, f.nloads, f.nfile_loads,
		       f.image.loaded && f.image.entry == PRE_ENTRY ? "kept" : "changed",
		       name, why ? why : "", err_text && *err_text ? err_text : "(none)\n");
	fake_sys_free(&f);
}

/* ---- bzImage ---- */

/* a bzImage as the kernel build writes it: the payload a whole number
 * of 16-byte units, syssize saying how many */
static struct bzb_spec bz_good(void)
{
	struct bzb_spec s = bzb_default();

	s.pm_len = 0x12340;
	return s;
}

static void bz_cases(void)
{
	struct bzb_spec s = bz_good();
	size_t setup = (0x1bu + 1) * 512, len, i;
	uint8_t *full = bzb_build(&s, &len);
	const size_t cuts[] = { 0x1f1, 0x1fe, 0x200, 0x202, 0x206, 0x208, 0x210,
				0x230, 0x238, 0x260, 0x26b, setup - 1, setup,
				setup + 1, setup + 0x1000, len - 16, len - 1 };
	const char *p;
	char desc[160];

	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		p = put("bz-cut", full, cuts[i]);
		snprintf(desc, sizeof(desc), "bzImage cut at 0x%zx (-c)", cuts[i]);
		hostile(desc, p, cuts[i] < 0x208 ? "not a recognised" : "truncated",
			"-c -l %s", p);
	}
	/* the kernel's file loader would take a cut file: -a and -s must
	 * not reach it */
	const size_t fcuts[] = { setup + 1, len - 16, len - 1 };
	for (i = 0; i < sizeof(fcuts) / sizeof(fcuts[0]); i++) {
		p = put("bz-cut", full, fcuts[i]);
		snprintf(desc, sizeof(desc), "bzImage cut at 0x%zx (-a)", fcuts[i]);
		hostile(desc, p, "truncated", "-l %s", p);
		snprintf(desc, sizeof(desc), "bzImage cut at 0x%zx (-s)", fcuts[i]);
		hostile(desc, p, "cut", "-s -l %s", p);
	}
	snprintf(desc, sizeof(desc), "bzImage cut (-p, panic)");
	p = put("bz-cut", full, len - 1);
	hostile(desc, p, "truncated", "-c -p %s", p);
	free(full);
}

/* header fields out of range: the default image with one or two
 * fields patched (and extra arguments) */
static void bz_field_cases(void)
{
	static char longcl[2100], app[2200], cl[2200], reuse[2200];
	const struct {
		const char *desc, *why;
		size_t off1; int n1; uint64_t v1;
		size_t off2; int n2; uint64_t v2;
		const char *extra;
	} t[] = {
		{ "bzImage kernel_alignment 0", "kernel_alignment",
		  BZB_KERNEL_ALIGNMENT, 4, 0, 0, 0, 0, "" },
		{ "bzImage kernel_alignment not a power of two", "kernel_alignment",
		  BZB_KERNEL_ALIGNMENT, 4, 0x3000, 0, 0, 0, "" },
		{ "bzImage kernel_alignment 2 GiB", "kernel_alignment",
		  BZB_KERNEL_ALIGNMENT, 4, 0x80000000u, 0, 0, 0, "" },
		{ "bzImage init_size 4 GiB", "room",
		  BZB_INIT_SIZE, 4, 0xfffff000u, 0, 0, 0, "" },
		{ "bzImage fixed at pref_address near 2^64", "0xfffffffffffff000",
		  BZB_RELOCATABLE, 1, 0, BZB_PREF_ADDRESS, 8, 0xfffffffffffff000ull, "" },
		{ "bzImage fixed at an unaligned pref_address", "aligned",
		  BZB_RELOCATABLE, 1, 0, BZB_PREF_ADDRESS, 8, 0x1000123, "" },
		{ "bzImage header ending before its version", "version",
		  BZB_JUMP + 1, 1, 0x01, 0, 0, 0, "" },
		{ "bzImage protocol 2.01", "too old", BZB_VERSION, 2, 0x0201, 0, 0, 0, "" },
		{ "zImage (LOADED_HIGH clear)", "zImage", BZB_LOADFLAGS, 1, 0, 0, 0, 0, "" },
		{ "bzImage syssize 0xffffffff", "syssize",
		  BZB_SYSSIZE, 4, 0xffffffffu, 0, 0, 0, "" },
		/* the default payload is 0x12345 bytes: 0x1234 whole units */
		{ "bzImage syssize one unit too many", "syssize",
		  BZB_SYSSIZE, 4, 0x1235, 0, 0, 0, "" },
		{ "bzImage 255 setup sectors in a short file", "truncated",
		  BZB_SETUP_SECTS, 1, 0xff, 0, 0, 0, "" },
		{ "bzImage cmdline_size 3, --append of 4", "command line",
		  BZB_CMDLINE_SIZE, 4, 3, 0, 0, 0, " --append=abcd" },
		{ "bzImage cmdline_size 0xffffffff, 2048-byte --append", "2048 bytes",
		  BZB_CMDLINE_SIZE, 4, 0xffffffffu, 0, 0, 0, app },
		{ "bzImage, 2048-byte --command-line", "2048 bytes", 0, 0, 0, 0, 0, 0, cl },
		/* --reuse-cmdline's words and --append together */
		{ "bzImage, --reuse-cmdline + --append over 2047", "bytes",
		  0, 0, 0, 0, 0, 0, reuse },
		{ "bzImage without a 64-bit entry on x86_64", "64-bit entry",
		  BZB_XLOADFLAGS, 2, 0, 0, 0, 0, "" },
	};
	struct bzb_spec s = bzb_default();
	size_t len, i;
	uint8_t *good = bzb_build(&s, &len), *b = malloc(len);
	const char *p;

	memset(longcl, 'x', 2048);
	longcl[2048] = '\0';
	snprintf(app, sizeof(app), " --append=%s", longcl);
	snprintf(cl, sizeof(cl), " --command-line=%s", longcl);
	snprintf(reuse, sizeof(reuse), " --reuse-cmdline --append=%s", longcl + 8);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memcpy(b, good, len);
		if (t[i].n1)
			bzb_put(b, t[i].off1, t[i].v1, t[i].n1);
		if (t[i].n2)
			bzb_put(b, t[i].off2, t[i].v2, t[i].n2);
		p = put("bz-field", b, len);
		hostile(t[i].desc, p, t[i].why, "-c -l %s%s", p, t[i].extra);
	}
	/* a panic kernel: elfcorehdr= is added to the command line */
	p = put("bz-panic", good, len);
	hostile("bzImage -p, 2038-byte --append + elfcorehdr=", p, "bytes",
		"-c -p %s --append=%s", p, longcl + 10);
	free(b);
	free(good);
}

/* ---- ELF ---- */

static struct eb_spec elf_good(int cls)
{
	struct eb_spec s;

	memset(&s, 0, sizeof(s));
	s.cls = cls;
	s.type = 2;                       /* ET_EXEC */
	s.machine = cls == 2 ? 62 : 3;    /* EM_X86_64, EM_386 */
	s.entry = 0x100010;
	s.nph = 1;
	s.ph[0] = (struct eb_phdr){ 1, 7, 0x1000, 0x100000, 0x100000, 0x1234,
				    0x2000, 0x1000 };
	return s;
}

static void elf_one(const char *desc, const char *why, const struct eb_spec *s,
		    size_t cut)
{
	size_t len;
	uint8_t *b = eb_build(s, &len);
	const char *p = put("elf", b, cut && cut < len ? cut : len);

	free(b);
	hostile(desc, p, why, "-c -l --args-none %s", p);
}

static void elf_cases(void)
{
	static const size_t cut64[] = { 4, 16, 18, 20, 24, 32, 40, 52, 56, 63,
					64, 64 + 28, 64 + 55, 0x1000 + 0x100,
					0x1000 + 0x1233 };
	static const size_t cut32[] = { 16, 24, 28, 40, 51, 52, 52 + 16,
					52 + 31, 0x1000 + 0x1233 };
	struct eb_spec s;
	char desc[160];
	size_t i;

	s = elf_good(2);
	for (i = 0; i < sizeof(cut64) / sizeof(cut64[0]); i++) {
		snprintf(desc, sizeof(desc), "ELF64 cut at %zu", cut64[i]);
		elf_one(desc, cut64[i] < 18 ? NULL : NULL, &s, cut64[i]);
	}
	s = elf_good(1);
	for (i = 0; i < sizeof(cut32) / sizeof(cut32[0]); i++) {
		snprintf(desc, sizeof(desc), "ELF32 cut at %zu", cut32[i]);
		elf_one(desc, NULL, &s, cut32[i]);
	}
	s = elf_good(2);
	s.phoff = 0xffffffffffffff00ull;
	s.len = 0x3000;
	elf_one("ELF64 e_phoff near 2^64", NULL, &s, 0);
	s = elf_good(2);
	s.phnum_override = 0xffff;
	elf_one("ELF64 e_phnum 0xffff", NULL, &s, 0);
	s = elf_good(2);
	s.phentsize = 7;
	elf_one("ELF64 e_phentsize 7", NULL, &s, 0);
	s = elf_good(2);
	s.ph[0].offset = 0xfffffffffffff000ull;
	s.len = 0x3000;
	elf_one("ELF64 p_offset near 2^64", NULL, &s, 0);
	s = elf_good(2);
	s.ph[0].filesz = 0xffffffffffffffffull;
	s.ph[0].memsz = 0xffffffffffffffffull;
	s.len = 0x3000;
	elf_one("ELF64 p_filesz 2^64-1", NULL, &s, 0);
	s = elf_good(2);
	s.ph[0].filesz = 0x3000;
	s.ph[0].memsz = 0x1000;
	s.len = 0x5000;
	elf_one("ELF64 p_filesz > p_memsz", NULL, &s, 0);
	s = elf_good(2);
	s.ph[0].paddr = 0xfffffffffffff000ull;
	s.ph[0].vaddr = 0xfffffffffffff000ull;
	s.ph[0].memsz = 0x2000;
	elf_one("ELF64 p_paddr + p_memsz wraps", NULL, &s, 0);
	s = elf_good(1);
	s.ph[0].paddr = 0xfffff000u;
	s.ph[0].vaddr = 0xfffff000u;
	s.ph[0].memsz = 0x2000;
	elf_one("ELF32 p_paddr + p_memsz past 4 GiB", NULL, &s, 0);
	s = elf_good(2);
	s.nph = 17;
	for (i = 0; i < 17; i++)
		s.ph[i] = (struct eb_phdr){ 1, 7, 0x1000, 0x100000 + i * 0x10000,
					    0x100000 + i * 0x10000, 0x10, 0x10,
					    0x1000 };
	elf_one("ELF64 with 17 PT_LOADs", "16", &s, 0);
	s = elf_good(2);
	s.machine = 40;   /* EM_ARM */
	elf_one("ELF64 for another machine", "not a recognised", &s, 0);
	s = elf_good(2);
	s.type = 4;       /* ET_CORE */
	elf_one("ELF64 core file", "not a recognised", &s, 0);
}

/* ---- PE / UKI ---- */

static void pe_cases(void)
{
	struct bzb_spec bs = bzb_default();
	size_t blen, len, off[2], i;
	uint8_t *bz = bzb_build(&bs, &blen), *pe, *b;
	struct peb_sec sec[2] = { { ".linux", bz, blen },
				  { ".cmdline", "quiet", 5 } };
	const size_t cuts[] = { 0x3c, 0x40, 0x44, 0x58, 0x148, 0x148 + 40,
				0x148 + 80, 0 /* mid .linux */ };
	const char *p;
	char desc[160];

	pe = peb_build(sec, 2, &len, off);
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		size_t c = cuts[i] ? cuts[i] : off[0] + blen / 2;

		p = put("uki-cut", pe, c);
		snprintf(desc, sizeof(desc), "UKI cut at 0x%zx", c);
		hostile(desc, p, NULL, "-c -l %s", p);
	}
	/* section data past the end of the file */
	b = malloc(len);
	memcpy(b, pe, len);
	peb_put(b, 0x148 + 20, 0x7ffffe00u, 4);         /* PointerToRawData */
	p = put("uki-field", b, len);
	hostile("UKI .linux at file offset 2 GiB", p, NULL, "-c -l %s", p);
	memcpy(b, pe, len);
	peb_put(b, 0x148 + 16, 0xfffffe00u, 4);         /* SizeOfRawData */
	peb_put(b, 0x148 + 8, 0xfffffe00u, 4);          /* VirtualSize */
	p = put("uki-field", b, len);
	hostile("UKI .linux of 4 GiB", p, NULL, "-c -l %s", p);
	memcpy(b, pe, len);
	peb_put(b, 0x3c, 0xfffffff0u, 4);               /* e_lfanew */
	p = put("uki-field", b, len);
	hostile("PE e_lfanew near 4 GiB", p, NULL, "-c -l %s", p);
	memcpy(b, pe, len);
	peb_put(b, 0x46, 0xffff, 2);                    /* NumberOfSections */
	p = put("uki-field", b, len);
	hostile("PE with 65535 sections", p, NULL, "-c -l %s", p);
	free(b);
	free(pe);
	free(bz);
}

/* ---- multiboot ---- */

static void mb_cases(void)
{
	uint8_t *b;
	const char *p;
	uint8_t tags[64], img[0x3000];
	size_t tl = 0;
	uint32_t w[4];

	/* a.out kludge: load_end before load_addr, beyond the file, ... */
	b = mbb_aout(MBB_AOUT_LEN, 0x00010000u, 0x0fff00, 0, 0x100080);
	p = put("mb1", b, MBB_AOUT_LEN);
	free(b);
	hostile("multiboot a.out load_end below load_addr", p, NULL, "-c -l %s", p);
	b = mbb_aout(MBB_AOUT_LEN, 0x00010000u, 0x40100000u, 0, 0x100080);
	p = put("mb1", b, MBB_AOUT_LEN);
	free(b);
	hostile("multiboot a.out load_end 1 GiB past the file", p, NULL, "-c -l %s", p);
	b = mbb_aout(MBB_AOUT_LEN, 0x00010000u, 0x102000, 0xffffffffu, 0x100080);
	p = put("mb1", b, MBB_AOUT_LEN);
	free(b);
	hostile("multiboot a.out bss_end 4 GiB", p, NULL, "-c -l %s", p);
	b = mbb_aout(MBB_AOUT_LEN, 0x00010000u, 0x102000, 0, 0x100080);
	p = put("mb1", b, 0x40 + 20);
	free(b);
	hostile("multiboot a.out header cut", p, NULL, "-c -l %s", p);
	b = mbb_aout(MBB_AOUT_LEN, 0x00010000u, 0x102000, 0, 0x100080);
	mbb_put32(b, 0x40 + 12, 0x100000);  /* header_addr below load_addr + 0x40 */
	p = put("mb1", b, MBB_AOUT_LEN);
	free(b);
	hostile("multiboot a.out header_addr off by its offset", p, NULL, "-c -l %s", p);
	b = mbb_aout(MBB_AOUT_LEN, 0x00000004u, 0x102000, 0, 0x100080);
	p = put("mb1", b, MBB_AOUT_LEN);
	free(b);
	hostile("multiboot header asking for a video mode", p, NULL, "-c -l %s", p);
	b = mbb_aout(MBB_AOUT_LEN, 0x00010000u, 0x102000, 0, 0x100080);
	p = put("mb1", b, MBB_AOUT_LEN);
	free(b);
	hostile("multiboot module that is a directory", dir, NULL,
		"-c -l %s --module=%s", p, dir);
	hostile("multiboot module that is missing", "nothere", NULL,
		"-c -l %s --module=%s/nothere", p, dir);
	hostile("multiboot module 64 GiB sparse", "huge64", "more than",
		"-c -l %s --module=%s", p, sparse("huge64", 64ull << 30));

	/* multiboot2: a tag running past the header, an address tag with
	 * load_end below load_addr */
	memset(img, 0x90, sizeof(img));
	w[0] = 0x100000; w[1] = 0x100000; w[2] = 0x101000; w[3] = 0;
	mbb_tag(tags, &tl, 2, 0, w, 4);
	mbb_tag(tags, &tl, 0, 0, NULL, 0);
	mbb_mb2_header(img, 0, tags, tl);
	p = put("mb2", img, sizeof(img));
	hostile("multiboot2 address tag without an entry address tag", p, NULL, "-c -l %s", p);
	mbb_put32(img, 16 + 4, 0x7ffffff0u);   /* first tag's size */
	mbb_mb2_header(img, 0, img + 16, tl);  /* checksum again */
	mbb_put32(img, 16 + 4, 0x7ffffff0u);
	p = put("mb2", img, sizeof(img));
	hostile("multiboot2 tag size 2 GiB", p, NULL, "-c -l %s", p);
	p = put("mb2", img, 24);
	hostile("multiboot2 cut in its first tag", p, NULL, "-c -l %s", p);
}

/* ---- compressed kernels ---- */

static void comp_cases(void)
{
	static const uint8_t gz[] = { 0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3,
				      0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4 };
	static const uint8_t xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4, 0xe6,
				      0xd6, 0xb4, 0x46, 0xde, 0xad, 0xbe, 0xef };
	static const uint8_t zs[] = { 0x28, 0xb5, 0x2f, 0xfd, 0xde, 0xad, 0xbe,
				      0xef, 1, 2, 3, 4, 5, 6 };
	static const uint8_t lz[] = { 0x5d, 0, 0, 0x80, 0, 0xff, 0xff, 0xff,
				      0xff, 0xff, 0xff, 0xff, 0xff, 0xde, 0xad,
				      0xbe, 0xef, 1, 2, 3 };
	const char *p;

	p = put("k.gz", gz, sizeof(gz));
	hostile("gzip kernel with a broken stream", p, NULL, "-c -l %s", p);
	p = put("k.gz", gz, 4);
	hostile("gzip kernel cut in its header", p, NULL, "-c -l %s", p);
	p = put("k.gz", gz, sizeof(gz));
	hostile("gzip kernel with a broken stream (-s)", p, NULL, "-s -l %s", p);
	p = put("k.xz", xz, sizeof(xz));
	hostile("xz kernel with a broken stream", p, NULL, "-c -l %s", p);
	p = put("k.zst", zs, sizeof(zs));
	hostile("zstd kernel with a broken stream", p, NULL, "-c -l %s", p);
	p = put("k.lzma", lz, sizeof(lz));
	hostile("lzma kernel with a broken stream", p, NULL, "-c -l %s", p);
	{
		uint8_t z[0x200];

		memset(z, 0, sizeof(z));
		z[0] = 'M';
		z[1] = 'Z';
		memcpy(z + 4, "zimg", 4);
		p = put("k.zboot", z, sizeof(z));
		hostile("EFI zboot header with nothing behind it", p, NULL, "-c -l %s", p);
	}
}

/* ---- special and huge files, initrds ---- */

static void file_cases(void)
{
	struct bzb_spec s = bzb_default();
	size_t len;
	uint8_t *b = bzb_build(&s, &len);
	const char *bz = put("bz-good", b, len), *p;
	const int is32 = sizeof(void *) == 4;

	free(b);
	p = file("fifo");
	unlink(p);
	if (mkfifo(p, 0600) != 0) {
		perror(p);
		exit(2);
	}
	hostile("kernel is a FIFO", p, "FIFO", "-c -l %s", p);
	hostile("initrd is a FIFO", p, "FIFO", "-c -l %s --initrd=%s", bz, p);
	hostile("initrd is a FIFO (-a)", p, "FIFO", "-l %s --initrd=%s", bz, p);
	hostile("kernel is a directory", dir, "directory", "-c -l %s", dir);
	hostile("initrd is a directory", dir, "directory", "-c -l %s --initrd=%s", bz, dir);
	hostile("kernel is /dev/zero", "/dev/zero", "character device", "-c -l /dev/zero");
	hostile("initrd is /dev/zero", "/dev/zero", "character device", "-c -l %s --initrd=/dev/zero", bz);
	hostile("initrd is /dev/zero (-s)", "/dev/zero", "character device", "-s -l %s --initrd=/dev/zero", bz);
	hostile("kernel is /dev/null", "/dev/null", "character device", "-c -l /dev/null");
	hostile("dtb is /dev/zero", "/dev/zero", "character device", "-c -l %s --dtb=/dev/zero", bz);
	hostile("kernel missing", "missing", "No such file", "-c -l %s", file("missing"));
	hostile("initrd missing", "missing", "No such file", "-c -l %s --initrd=%s", bz, file("missing"));
	p = put("empty", "", 0);
	hostile("kernel is empty", p, "not a recognised", "-c -l %s", p);

	/* huge sparse files: refused before they are read */
	p = sparse("huge64", 64ull << 30);
	hostile("kernel 64 GiB sparse", p, "more than", "-c -l %s", p);
	hostile("kernel 64 GiB sparse (-a)", p, "more than", "-l %s", p);
	hostile("initrd 64 GiB sparse", p, "more than", "-c -l %s --initrd=%s", bz, p);
	hostile("initrd 64 GiB sparse (-s)", p, "more than", "-s -l %s --initrd=%s", bz, p);
	hostile("dtb 64 GiB sparse", p, "more than", "-c -l %s --dtb=%s", bz, p);
	p = sparse("huge4g", 0xffffffffull);
	hostile("kernel 4 GiB - 1 sparse", p, "more than", "-c -l %s", p);
	hostile("initrd 4 GiB - 1 sparse", p, "more than", "-c -l %s --initrd=%s", bz, p);
	/* below the RAM of the fixture but not a kernel: decided from its
	 * first bytes, not read whole */
	p = sparse("big-not-kernel", 0x70000000ull);
	hostile("1.75 GiB sparse non-kernel", p, "not a recognised", "-c -l %s", p);
	hostile("1.75 GiB sparse non-kernel (-a)", p, "not a recognised", "-l %s", p);
	hostile("1.75 GiB sparse non-kernel, --type=bzImage", p, "does not match", "-c -l -t bzImage %s", p);
	hostile("1.75 GiB sparse non-kernel, --type=nbi-x86", p, "not supported", "-c -l -t nbi-x86 %s", p);
	hostile("1.75 GiB sparse non-kernel, unknown --type", p, "unknown image type", "-c -l -t nosuch %s", p);
	(void)is32;
}

/* ---- option lists ---- */

static void opt_cases(void)
{
	hostile("unknown option", "--bogus", NULL, "--bogus");
	hostile("--type without a value", "-t", NULL, "-l x -t");
	hostile("--type unknown", "nosuchtype", "unknown image type", "-c -l %s/bz-good -t nosuchtype", dir);
	hostile("--mem-min not a number", "--mem-min", NULL, "-c -l %s/bz-good --mem-min=zz", dir);
	hostile("--mem-max overflowing", "--mem-max", NULL, "-c -l %s/bz-good --mem-max=0x1ffffffffffffffff", dir);
	hostile("--load-addr overflowing", "--load-addr", NULL, "-c -l -t phys --args-none %s/bz-good --load-addr=99999999999999999999999", dir);
	hostile("--entry not a number", "--entry", NULL, "-c -l --args-none %s/bz-good --entry=0xzz", dir);
	hostile("--serial-baud not a number", "baud", NULL, "-c -l %s/bz-good --console-serial --serial-baud=fast", dir);
	hostile("--module without a file", "--module", NULL, "-c -l %s/mb1 --module=", dir);
	hostile("--ramdisk with an empty name", "--ramdisk", NULL, "-c -l %s/bz-good --ramdisk=", dir);
	hostile("-l without a kernel", "kernel", NULL, "-l");
	hostile("--initrd on an ELF program", "--initrd", NULL, "-c -l --args-none %s/elf --initrd=%s/bz-good", dir, dir);
	hostile("--append on a raw blob", "--append", NULL, "-c -l -t phys --load-addr=0x100000 --args-none %s/bz-good --append=x", dir);
}

/* ---- vmcores (vmcore-dmesg) ---- */

static int vd_run(const char *p, double *t)
{
	char *argv[] = { (char *)"vmcore-dmesg", (char *)p, NULL };
	size_t ol = 0, el = 0;
	FILE *o, *e;
	double t0 = now();
	int rc;

	free(out_text);
	free(err_text);
	o = open_memstream(&out_text, &ol);
	e = open_memstream(&err_text, &el);
	rc = vmcore_dmesg_main(2, argv, o, e);
	fclose(o);
	fclose(e);
	*t = now() - t0;
	return rc;
}

static void vd_path(const char *desc, const char *p)
{
	char prefix[500];
	double t;
	int rc = vd_run(p, &t), good;

	snprintf(prefix, sizeof(prefix), "vmcore-dmesg: %s: ", p);
	record_time(t, desc);
	ncases++;
	if (getenv("KJ_HOSTILE_SHOW"))
		printf("# %s", err_text ? err_text : "(none)\n");
	good = rc == 1 && one_line(err_text) && out_text[0] == '\0' &&
	       strncmp(err_text, prefix, strlen(prefix)) == 0 && t < 2.0;
	if (!ok(good, "%s", desc))
		printf("#   rc %d, %.3f s, stdout \"%.60s\", stderr %s", rc, t,
		       out_text, err_text);
}

static void vd_hostile(const char *desc, const uint8_t *b, size_t n)
{
	vd_path(desc, put("vmcore", b, n));
}

static void vmcore_cases(void)
{
	struct vcb *v = malloc(sizeof(*v));
	size_t len, note_end, i;
	uint8_t *f, *g;
	uint64_t tail;
	double t;
	char desc[160];
	const char *p;

	vcb_init(v, 8, 2);
	vcb_prb_init(v, VCB_LAYOUT_REAL, 4, 8, VCB_DATA, 3 * 256 + 96);
	tail = v->head_lpos;
	vcb_rec(v, 1, 1001, 2, 0, "hello", 5);
	vcb_prb_ids(v, 1, 1);
	vcb_prb_lpos(v, tail, v->head_lpos);
	f = vcb_file(v, &len, &note_end);
	/* the good file first: the cases below differ from it only in
	 * what they break */
	p = put("vmcore", f, len);
	ok(vd_run(p, &t) == 0 && strstr(out_text, "hello"), "vmcore: the intact file reads");
	const size_t cuts[] = { 0, 4, 16, 32, 52, 63, 64, 64 + 56, 64 + 56 * 2,
				64 + 56 * 3 - 1, 64 + 56 * 3 + 12,
				note_end - 8, note_end + 0x100 };
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		snprintf(desc, sizeof(desc), "vmcore cut at %zu", cuts[i]);
		vd_hostile(desc, f, cuts[i]);
	}
	g = malloc(len);
	memcpy(g, f, len);
	vcb_put(g + 32, 0xffffffffffffff00ull, 8);      /* e_phoff */
	vd_hostile("vmcore e_phoff near 2^64", g, len);
	memcpy(g, f, len);
	vcb_put(g + 56, 0xffff, 2);                     /* e_phnum */
	vd_hostile("vmcore e_phnum 0xffff", g, len);
	memcpy(g, f, len);
	vcb_put(g + 64 + 8, 0xfffffffffffff000ull, 8);  /* PT_NOTE p_offset */
	vd_hostile("vmcore PT_NOTE offset near 2^64", g, len);
	memcpy(g, f, len);
	vcb_put(g + 64 + 32, 0xffffffffffff0000ull, 8); /* PT_NOTE p_filesz */
	vd_hostile("vmcore PT_NOTE size near 2^64", g, len);
	memcpy(g, f, len);
	vcb_put(g + 64 + 56 + 8, 0x7fffffff0000ull, 8); /* PT_LOAD p_offset */
	vcb_put(g + 64 + 56 * 2 + 8, 0x7fffffff0000ull, 8);
	vd_hostile("vmcore PT_LOAD offsets past the end", g, len);
	memcpy(g, f, len);
	vcb_put(g + 64 + 56 * 3, 0xfffffff0u, 4);       /* first note n_namesz */
	vd_hostile("vmcore note name size 4 GiB", g, len);
	memcpy(g, f, len);
	vcb_put(g + 64 + 56 * 3 + 4, 0xfffffff0u, 4);   /* first note n_descsz */
	vd_hostile("vmcore note desc size 4 GiB", g, len);
	vcb_info_drop(v, "SYMBOL(init_uts_ns)");
	free(f);
	v->no_info_note = 1;
	f = vcb_file(v, &len, NULL);
	vd_hostile("vmcore without VMCOREINFO", f, len);
	free(f);
	free(g);
	free(v);
	vd_path("vmcore is a FIFO", file("fifo"));
	vd_path("vmcore is a directory", dir);
	vd_path("vmcore 64 GiB sparse", sparse("huge64", 64ull << 30));
}

int main(void)
{
	static const char *const ram[][3] = {
		{ "0x0", "0x9fbff", "System RAM" },
		{ "0x9fc00", "0xfffff", "Reserved" },
		{ "0x100000", "0x7ffdffff", "System RAM" },
	};

	sysroot_create(root, sizeof(root), "t-hostile");
	sysroot_memmap(root, ram, 3);
	sysroot_mkdir(root, "proc/sys");
	sysroot_mkdir(root, "proc/sys/kernel");
	sysroot_mkdir(root, "proc/self");
	sysroot_mkdir(root, "sys/kernel/security");
	sysroot_put(root, "sys/kernel/kexec_loaded", "1\n");
	sysroot_put(root, "sys/kernel/kexec_crash_loaded", "0\n");
	sysroot_put(root, "proc/sys/kernel/kexec_load_disabled", "0\n");
	sysroot_put(root, "proc/sys/kernel/osrelease", "6.13.0\n");
	sysroot_put(root, "proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/vda\n");
	sysroot_put(root, "proc/iomem",
		    "00000000-0009fbff : System RAM\n"
		    "000a0000-000fffff : Reserved\n"
		    "00100000-7ffdffff : System RAM\n"
		    "  01000000-01ffffff : Kernel code\n"
		    "  20000000-2fffffff : Crash kernel\n");
	sysroot_put(root, "proc/self/status", "Name:\tkexec\nCapEff:\t000001ffffffffff\n");
	sysroot_put(root, "sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
	sysroot_panic(root, 1);   /* what a panic load (-p) reads */
	snprintf(dir, sizeof(dir), "%s/in", root);
	mkdir(dir, 0755);

	bz_cases();
	bz_field_cases();
	elf_cases();
	pe_cases();
	mb_cases();
	comp_cases();
	file_cases();
	opt_cases();
	vmcore_cases();

	/* a 32-bit build on a machine with more RAM than its address
	 * space: a 4 GiB - 1 file passes the memory map's limit, and is
	 * refused because the process cannot hold it (its size + 1 used
	 * to wrap to 0, and image_read freed its buffer twice) */
	if (sizeof(size_t) == 4) {
		static const char *const big[][3] = {
			{ "0x0", "0x9fbff", "System RAM" },
			{ "0x100000", "0x3ffffffff", "System RAM" },
		};
		char keep[256];
		const char *p = file("huge4g"), *bz = file("bz-good");

		snprintf(keep, sizeof(keep), "%s", root);
		sysroot_create(root, sizeof(root), "t-hostile-16g");
		sysroot_memmap(root, big, 2);
		sysroot_put(root, "sys/kernel/kexec_loaded", "1\n");
		sysroot_put(root, "sys/kernel/kexec_crash_loaded", "0\n");
		hostile("i386, 16 GiB of RAM: kernel 4 GiB - 1 sparse", p, "32-bit", "-c -l %s", p);
		hostile("i386, 16 GiB of RAM: initrd 4 GiB - 1 sparse", p, "32-bit", "-c -l %s --initrd=%s", bz, p);
		hostile("i386, 16 GiB of RAM: initrd 4 GiB - 1 sparse (-a)", p, "32-bit", "-l %s --initrd=%s", bz, p);
		sysroot_remove(root);
		snprintf(root, sizeof(root), "%s", keep);
	}

	ok(ncases >= 100, "at least 100 hostile cases (%d)", ncases);
	printf("# %d hostile cases; slowest %.3f s (%s)\n", ncases, slowest,
	       slowest_desc);
	free(out_text);
	free(err_text);
	sysroot_remove(root);
	return tap_done();
}
