/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-kimage-read.c - reading a loaded kexec image's source pages through
 * synthetic /proc/kallsyms and /proc/kcore files (kimage-read.h).
 *
 * The core files (ELF64 and ELF32) come from kcorebuild.h, shaped like
 * the kernel's /proc/kcore: a PT_NOTE, a kernel-text PT_LOAD holding the
 * kexec_image variable, two decoy PT_LOADs whose p_paddr is all-ones or 0
 * (vmalloc/vmemmap-like, filled with 0xEE) listed before the direct map,
 * and the direct map split into two PT_LOADs that are adjacent in
 * virtual and physical space but not in the file.  The direct map holds a
 * fake struct kimage, the entry-list pages below and source pages filled
 * with pattern(pa).  Expected bytes are computed from the test's own table of
 * destination -> source pages and pattern(), not by the code under test.
 *
 * With KJ_WRITE_KCORE_SEEDS=DIR set, the compact images are also written
 * as fuzz-kcore inputs (tests/fuzz/fuzz-kcore.c describes the format).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1   /* mkdtemp, nftw, fmemopen */
#endif
#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kcorebuild.h"
#include "kimage-read.h"
#include "tap.h"

static unsigned char pattern(uint64_t pa)
{
	uint64_t off = pa & (KCB_PG - 1);

	return (unsigned char)((pa >> 12) * 37 + off * 11 + (off >> 8) + 1);
}

static void fill_source(struct kcb_img *m, uint64_t pa)
{
	unsigned i;

	for (i = 0; i < KCB_PG; i++)
		*kcb_pa_ptr(m, pa + i) = pattern(pa + i);
}

/* destination page -> source page, as the test's lists set them up */
struct map {
	uint64_t dest, src;
};

static const struct map full_map[] = {
	{ 0x100000, 0x7000 }, { 0x101000, 0x4000 }, { 0x102000, 0xb000 },
	{ 0x300000, 0xc000 }, { 0x301000, 0x30000 }, { 0x302000, 0xe000 },
};

static const struct map compact_map[] = {
	{ 0x100000, 0x7000 }, { 0x101000, 0x4000 }, { 0x102000, 0xb000 },
	{ 0x300000, 0xc000 }, { 0x301000, 0x6000 }, { 0x302000, 0x8000 },
};

#define PAGE1 0x3000u
#define PAGE2 0x22000u
#define PAGE3 0x5000u
#define FAKE_SRC 0x80000000u

/* Full layout (64 direct-map pages): head -> list page 1 (a destination
 * 0x400000 with per-page-minus-2 sources outside the core file, then a
 * link in the last slot) -> list page 2 in the second PT_LOAD -> page 3,
 * linked from the middle of page 2.  Destination 0x301000 takes its source
 * from page 3, so 0x300000-0x302fff spans a list-page change. */
static void img_full(struct kcb_img *m, int cls)
{
	size_t per, k;

	kcb_init(m, cls, 64, 0x50000);
	per = KCB_PG / m->w;
	kcb_put_le(kcb_pa_ptr(m, KCB_KIMAGE_PA), PAGE1 | KCB_IND_I, m->w);
	kcb_put_entry(m, PAGE1, 0, 0x400000 | KCB_IND_D);
	for (k = 1; k <= per - 2; k++)
		kcb_put_entry(m, PAGE1, k, (FAKE_SRC + (k - 1) * KCB_PG) | KCB_IND_S);
	kcb_put_entry(m, PAGE1, per - 1, PAGE2 | KCB_IND_I);

	kcb_put_entry(m, PAGE2, 0, 0x100000 | KCB_IND_D);
	kcb_put_entry(m, PAGE2, 1, 0x7000 | KCB_IND_S);
	kcb_put_entry(m, PAGE2, 2, 0x4000 | KCB_IND_S);
	kcb_put_entry(m, PAGE2, 3, 0xb000 | KCB_IND_S);
	kcb_put_entry(m, PAGE2, 4, 0x300000 | KCB_IND_D);
	kcb_put_entry(m, PAGE2, 5, 0xc000 | KCB_IND_S);
	kcb_put_entry(m, PAGE2, 6, PAGE3 | KCB_IND_I);

	kcb_put_entry(m, PAGE3, 0, 0x30000 | KCB_IND_S);
	kcb_put_entry(m, PAGE3, 1, 0xe000 | KCB_IND_S);
	kcb_put_entry(m, PAGE3, 2, KCB_IND_E);
	for (k = 0; k < sizeof(full_map) / sizeof(full_map[0]); k++)
		fill_source(m, full_map[k].src);
}

/* Compact layout (12 direct-map pages, for fuzz seeds). */
static void img_compact(struct kcb_img *m, int cls)
{
	size_t k;

	kcb_init(m, cls, 12, KCB_PG);
	kcb_put_le(kcb_pa_ptr(m, KCB_KIMAGE_PA), PAGE1 | KCB_IND_I, m->w);
	kcb_put_entry(m, PAGE1, 0, 0x100000 | KCB_IND_D);
	kcb_put_entry(m, PAGE1, 1, 0x7000 | KCB_IND_S);
	kcb_put_entry(m, PAGE1, 2, 0x4000 | KCB_IND_S);
	kcb_put_entry(m, PAGE1, 3, 0xb000 | KCB_IND_S);
	kcb_put_entry(m, PAGE1, 4, 0x300000 | KCB_IND_D);
	kcb_put_entry(m, PAGE1, 5, 0xc000 | KCB_IND_S);
	kcb_put_entry(m, PAGE1, 6, PAGE3 | KCB_IND_I);
	kcb_put_entry(m, PAGE3, 0, 0x6000 | KCB_IND_S);
	kcb_put_entry(m, PAGE3, 1, 0x8000 | KCB_IND_S);
	kcb_put_entry(m, PAGE3, 2, KCB_IND_E);
	for (k = 0; k < sizeof(compact_map) / sizeof(compact_map[0]); k++)
		fill_source(m, compact_map[k].src);
}

/* ---- sysroots ---- */

static char base[256];
static int nroots;

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

/* A fresh sysroot; NULL parts are left out.  @core_len limits the core
 * file (truncation tests); 0 means the whole image. */
static const char *make_root(const struct kcb_img *m, size_t core_len,
			     const char *kallsyms)
{
	static char root[128][512];
	char path[600];
	char *r;

	if (nroots >= 128)
		abort();
	r = root[nroots];
	snprintf(r, sizeof(root[0]), "%s/r%d", base, nroots);
	nroots++;
	snprintf(path, sizeof(path), "%s/proc", r);
	if (mkdir(r, 0700) || mkdir(path, 0700)) {
		perror(path);
		abort();
	}
	if (m) {
		snprintf(path, sizeof(path), "%s/proc/kcore", r);
		write_file(path, m->buf, core_len ? core_len : m->len);
	}
	if (kallsyms) {
		snprintf(path, sizeof(path), "%s/proc/kallsyms", r);
		write_file(path, kallsyms, strlen(kallsyms));
	}
	return r;
}

static const char *kallsyms_for(const struct kcb_img *m)
{
	static char buf[1024];

	if (m->cls == 2)
		snprintf(buf, sizeof(buf),
			 "ffffffff81000000 T _text\n"
			 "ffffffff81000100 b kexec_image_foo\n"
			 "ffffffffc0001000 b kexec_image\t[evil]\n"
			 "ffffffff81000%03x B kexec_image\n"
			 "ffffffff81000400 D kexec_crash_image\n", KCB_KVAR_OFF);
	else
		snprintf(buf, sizeof(buf),
			 "c1000000 T _text\n"
			 "c1000100 b kexec_image_foo\n"
			 "f8001000 b kexec_image\t[evil]\n"
			 "c1000%03x B kexec_image\n"
			 "c1000400 D kexec_crash_image\n", KCB_KVAR_OFF);
	return buf;
}

/* Expected bytes of [dest, dest+len) computed from a map and pattern(). */
static int expect(const struct map *map, size_t n, uint64_t dest, size_t len,
		  unsigned char *out)
{
	size_t i, k;

	for (i = 0; i < len; i++) {
		uint64_t a = dest + i, page = a & ~(uint64_t)(KCB_PG - 1);

		for (k = 0; k < n && map[k].dest != page; k++)
			;
		if (k == n)
			return -1;
		out[i] = pattern(map[k].src + (a - page));
	}
	return 0;
}

static void check_read(const char *root, const struct map *map, size_t n,
		       uint64_t dest, size_t len, const char *what)
{
	struct diag d = { 0 };
	unsigned char *got = malloc(len), *want = malloc(len);
	int rc;

	if (!got || !want || expect(map, n, dest, len, want))
		abort();
	memset(got, 0, len);
	rc = kimage_read_dest(&d, root, dest, got, len);
	if (!ok(rc == 0, "%s: read %#llx+%#zx succeeds", what,
		(unsigned long long)dest, len))
		printf("#   rc %d: %s\n", rc, d.msg);
	ok(memcmp(got, want, len) == 0, "%s: bytes match the source pages",
	   what);
	free(got);
	free(want);
}

static void check_fail(const char *root, uint64_t dest, size_t len,
		       int want_rc, const char *want_msg, const char *what)
{
	struct diag d = { 0 };
	unsigned char buf[0x3000];
	int rc;

	if (len > sizeof(buf))
		abort();
	rc = kimage_read_dest(&d, root, dest, buf, len);
	is_int(rc, want_rc, what);
	is_int(d.rc, want_rc, "  ... and the diag records it");
	has_str(d.msg, want_msg, "  ... with the distinctive message");
}

static const char *cls_name(int cls)
{
	return cls == 2 ? "ELF64" : "ELF32";
}

static void test_reads(int cls)
{
	struct kcb_img m;
	const char *root;
	char what[128];
	const size_t n = sizeof(full_map) / sizeof(full_map[0]);

	img_full(&m, cls);
	root = make_root(&m, 0, kallsyms_for(&m));
	snprintf(what, sizeof(what), "%s single page", cls_name(cls));
	check_read(root, full_map, n, 0x101010, 100, what);
	snprintf(what, sizeof(what), "%s two pages, sources apart", cls_name(cls));
	check_read(root, full_map, n, 0x100f00, 0x200, what);
	snprintf(what, sizeof(what), "%s three pages across list pages", cls_name(cls));
	check_read(root, full_map, n, 0x300800, 0x1810, what);
	snprintf(what, sizeof(what), "%s whole segment", cls_name(cls));
	check_read(root, full_map, n, 0x100000, 0x3000, what);
	snprintf(what, sizeof(what), "%s last byte", cls_name(cls));
	check_read(root, full_map, n, 0x302fff, 1, what);

	{
		struct diag d = { 0 };
		unsigned char b = 0x77;

		is_int(kimage_read_dest(&d, root, 0x100000, &b, 0), 0,
		       "zero length reads nothing");
		is_int(b, 0x77, "  ... and leaves the buffer alone");
	}
	snprintf(what, sizeof(what), "%s page after the segment", cls_name(cls));
	check_fail(root, 0x102f00, 0x200, -ENOENT,
		   "destination page 0x103000 is not part of the loaded kexec image", what);
	snprintf(what, sizeof(what), "%s page below", cls_name(cls));
	check_fail(root, 0xff000, 16, -ENOENT, "0xff000 is not part", what);
	snprintf(what, sizeof(what), "%s source outside the core file", cls_name(cls));
	check_fail(root, 0x401000, 16, -EFAULT,
		   "physical address 0x80001000 is not covered", what);
	kcb_free(&m);
}

/* kcore_* directly: segment spanning, decoys, text p_paddr, word size. */
static void test_kcore_api(int cls)
{
	struct kcb_img m;
	struct kcore *kc = NULL;
	struct diag d = { 0 };
	unsigned char got[64], want[64];
	uint64_t pa;
	size_t i;
	int rc;

	img_full(&m, cls);
	/* known bytes around the direct-map split */
	for (i = 0; i < 64; i++) {
		pa = m.split_pa - 32 + i;
		*kcb_pa_ptr(&m, pa) = (unsigned char)(0xa0 + i);
		want[i] = (unsigned char)(0xa0 + i);
	}
	rc = kcore_open_mem(&d, m.buf, m.len, "mem", &kc);
	if (!ok(rc == 0, "%s: kcore_open_mem", cls_name(cls))) {
		printf("#   %s\n", d.msg);
		kcb_free(&m);
		return;
	}
	is_int(kcore_word_size(kc), cls == 2 ? 8 : 4, "word size from the ELF class");
	memset(got, 0, sizeof(got));
	rc = kcore_read_va(&d, kc, m.po + m.split_pa - 32, got, 64);
	ok(rc == 0 && memcmp(got, want, 64) == 0,
	   "%s: virtual read spans two PT_LOADs", cls_name(cls));
	memset(got, 0, sizeof(got));
	rc = kcore_read_pa(&d, kc, m.split_pa - 32, got, 64);
	ok(rc == 0 && memcmp(got, want, 64) == 0,
	   "%s: physical read spans two PT_LOADs", cls_name(cls));
	memset(got, 0, sizeof(got));
	rc = kcore_read_pa(&d, kc, 0x1000, got, 16);
	ok(rc == 0 && got[0] == 0x5a && got[15] == 0x5a,
	   "%s: PA 0x1000 comes from the direct map, not a decoy", cls_name(cls));
	rc = kcore_read_pa(&d, kc, KCB_TEXT_PA + KCB_KVAR_OFF, got, m.w);
	ok(rc == 0 && memcmp(got, m.buf + KCB_TEXT_OFF + KCB_KVAR_OFF, m.w) == 0,
	   "%s: the text PT_LOAD's p_paddr is used", cls_name(cls));
	rc = kcore_read_pa(&d, kc, 0x800, got, 16);
	is_int(rc, -EFAULT, "PA below every valid p_paddr (only decoys) fails");
	has_str(d.msg, "physical address 0x800 is not covered", "  ... with a message");
	diag_clear(&d);
	/* an all-ones ELF32 p_paddr must not start a range at 4 GiB - 1 */
	rc = kcore_read_pa(&d, kc, 0x100000000ull, got, 16);
	is_int(rc, -EFAULT, "PA just above an all-ones p_paddr fails");
	diag_clear(&d);
	rc = kcore_read_pa(&d, kc, 0x1000 + m.dm_pages * KCB_PG - 8, got, 16);
	is_int(rc, -EFAULT, "PA read running off the direct map fails");
	diag_clear(&d);
	rc = kcore_read_va(&d, kc, m.po, got, 8);
	is_int(rc, -EFAULT, "VA outside every PT_LOAD fails");
	has_str(d.msg, "is not covered", "  ... with a message");
	diag_clear(&d);
	/* the decoy VA ranges themselves are readable by VA */
	rc = kcore_read_va(&d, kc, cls == 2 ? 0xffffc90000000010ull : 0xf8000010ull,
			   got, 4);
	ok(rc == 0 && got[0] == 0xee && got[3] == 0xee,
	   "%s: vmalloc-like PT_LOAD readable by VA", cls_name(cls));
	kcore_close(kc);
	kcb_free(&m);
}

static void test_kallsyms(void)
{
	static const struct {
		const char *text, *sym;
		int rc;
		uint64_t addr;
		const char *msg, *what;
	} t[] = {
		{ "ffffffffc0001000 b kexec_image\t[m]\nffffffff81000230 B kexec_image\n",
		  "kexec_image", 0, 0xffffffff81000230ull, NULL,
		  "vmlinux symbol wins over an earlier module one" },
		{ "ffffffffc0001000 b kexec_image\t[m]\n", "kexec_image", 0,
		  0xffffffffc0001000ull, NULL, "module-only symbol, [mod] ignored" },
		{ "ffffffff81000100 b kexec_image_foo\nffffffff81000200 b xkexec_image\n",
		  "kexec_image", -ENOENT, 0, "symbol kexec_image not found",
		  "prefix/suffix names do not match" },
		{ "c1000230 B kexec_image\n", "kexec_image", 0, 0xc1000230ull,
		  NULL, "32-bit address" },
		{ "0000000000000000 B kexec_image\n", "kexec_image", -EPERM, 0,
		  "addresses hidden (run as root; kptr_restrict)", "zero address" },
		{ "zzzz B kexec_image\nffffffff81000230 kexec_image\n"
		  "1ffffffff81000230 B kexec_image\n ffffffff81000230 B kexec_image\n"
		  "ffffffff81000999 B kexec_image", "kexec_image", 0,
		  0xffffffff81000999ull, NULL,
		  "malformed lines skipped, last line without newline" },
		{ "ffffffff81000230 B kexec_image\nffffffff81000238 b kexec_image\n",
		  "kexec_image", -ENOTUNIQ, 0, "ambiguous",
		  "two vmlinux addresses are an error" },
		{ "ffffffff81000230 B kexec_image\nffffffff81000230 B kexec_image\n",
		  "kexec_image", 0, 0xffffffff81000230ull, NULL,
		  "the same address twice is fine" },
		{ "", "kexec_image", -ENOENT, 0, "not found", "empty file" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct diag d = { 0 };
		uint64_t a = 0;
		FILE *f = fmemopen((void *)t[i].text, strlen(t[i].text) + 1, "r");
		int rc;

		if (!f)
			abort();
		/* fmemopen with the NUL included: a trailing NUL byte */
		rc = kallsyms_lookup_stream(&d, f, "kallsyms", t[i].sym, &a);
		fclose(f);
		is_int(rc, t[i].rc, t[i].what);
		if (t[i].rc == 0)
			is_u64(a, t[i].addr, "  ... address");
		else
			has_str(d.msg, t[i].msg, "  ... message");
	}
	{
		struct diag d = { 0 };
		uint64_t a;
		char p[600];

		snprintf(p, sizeof(p), "%s/no-such-kallsyms", base);
		is_int(kallsyms_lookup(&d, p, "kexec_image", &a), -ENOENT,
		       "kallsyms_lookup: missing file");
		has_str(d.msg, "does not exist", "  ... message");
	}
}

static void fill_page(struct kcb_img *m, uint64_t page_pa, uint64_t v)
{
	size_t k;

	for (k = 0; k < KCB_PG / m->w; k++)
		kcb_put_entry(m, page_pa, k, v);
}

/* Mutate a full ELF64 or ELF32 image, write a root, expect a failure. */
static void test_errors(int cls)
{
	struct kcb_img m;
	const char *ks;
	size_t per;
	char what[160];

#define FAIL_CASE(setup, dest, len, rc, msg, name)                             \
	do {                                                                   \
		img_full(&m, cls);                                             \
		per = KCB_PG / m.w;                                                \
		(void)per;                                                     \
		setup;                                                         \
		ks = kallsyms_for(&m);                                         \
		snprintf(what, sizeof(what), "%s: %s", cls_name(cls), name);   \
		check_fail(make_root(&m, 0, ks), dest, len, rc, msg, what);    \
		kcb_free(&m);                                                  \
	} while (0)

	FAIL_CASE(kcb_put_le(m.buf + KCB_TEXT_OFF + KCB_KVAR_OFF, 0, m.w), 0x100000, 16,
		  -ENOENT, "no kexec image is loaded (kexec_image is NULL)",
		  "NULL kexec_image");
	FAIL_CASE(kcb_put_entry(&m, PAGE3, 2, PAGE2 | KCB_IND_I), 0x100000, 16,
		  -ELOOP, "loops: list page 0x22000 is reached twice",
		  "list loops back");
	FAIL_CASE(kcb_put_entry(&m, PAGE3, 2, PAGE3 | KCB_IND_I), 0x100000, 16,
		  -ELOOP, "loops: list page 0x5000", "list page links to itself");
	FAIL_CASE(kcb_put_entry(&m, PAGE2, 2, 0x4010 | KCB_IND_S), 0x100000, 16,
		  -EINVAL, "entry 0x4018 (slot 2 of list page 0x22000) is not a page address with one flag",
		  "unaligned entry");
	FAIL_CASE(kcb_put_entry(&m, PAGE2, 2, 0x4000 | KCB_IND_S | KCB_IND_D), 0x100000, 16,
		  -EINVAL, "is not a page address with one flag", "two flags");
	FAIL_CASE(kcb_put_entry(&m, PAGE3, 2, 0x5000 | KCB_IND_E), 0x100000, 16,
		  -EINVAL, "is not a valid end marker", "DONE with address bits");
	FAIL_CASE(kcb_put_entry(&m, PAGE1, 0, 0x9000 | KCB_IND_S), 0x100000, 16,
		  -EINVAL, "comes before any destination", "source first");
	FAIL_CASE(kcb_put_le(kcb_pa_ptr(&m, KCB_KIMAGE_PA), 0x100000 | KCB_IND_D, m.w),
		  0x100000, 16, -EINVAL, "list head 0x100001 is not an indirection entry",
		  "head is a destination");
	FAIL_CASE(kcb_put_le(kcb_pa_ptr(&m, KCB_KIMAGE_PA), 0x900000 | KCB_IND_I, m.w),
		  0x100000, 16, -EFAULT,
		  "reading kexec image list page: physical address 0x900000 is not covered",
		  "list page outside the core");
	FAIL_CASE(kcb_put_le(m.buf + KCB_TEXT_OFF + KCB_KVAR_OFF, m.po + 0x900000, m.w),
		  0x100000, 16, -EFAULT,
		  "reading the kexec image: kernel address", "kimage outside the core");
	FAIL_CASE(fill_page(&m, PAGE3, 0x900000 | KCB_IND_D),
		  0x100000, 16, -EINVAL,
		  "list page 0x5000 ends without a link or end entry",
		  "list page without a link");
	FAIL_CASE((kcb_put_entry(&m, PAGE3, 2, 0x101000 | KCB_IND_D),
		   kcb_put_entry(&m, PAGE3, 3, 0xf000 | KCB_IND_S),
		   kcb_put_entry(&m, PAGE3, 4, KCB_IND_E)),
		  0x101000, 16, -EINVAL,
		  "destination page 0x101000 appears twice", "duplicate destination");
	FAIL_CASE(kcb_put_entry(&m, PAGE2, 4, 0), 0x300000, 16, -ENOENT,
		  "destination page 0x300000 is not part",
		  "zero entry ends the list early");
	FAIL_CASE((void)0, UINT64_MAX - 10, 100, -EINVAL, "wraps around",
		  "range wraps");

	/* roots with parts missing or broken */
	img_full(&m, cls);
	ks = kallsyms_for(&m);
	snprintf(what, sizeof(what), "%s: no kallsyms", cls_name(cls));
	check_fail(make_root(&m, 0, NULL), 0x100000, 16, -ENOENT,
		   "kallsyms does not exist", what);
	snprintf(what, sizeof(what), "%s: no kcore", cls_name(cls));
	check_fail(make_root(NULL, 0, ks), 0x100000, 16, -ENOENT,
		   "this kernel has no /proc/kcore (CONFIG_PROC_KCORE)", what);
	snprintf(what, sizeof(what), "%s: no kexec_image symbol", cls_name(cls));
	check_fail(make_root(&m, 0, "ffffffff81000000 T _text\nc1000000 T _text\n"),
		   0x100000, 16, -ENOENT,
		   "symbol kexec_image not found in", what);
	check_fail(make_root(&m, 0, "ffffffff81000000 T _text\n"),
		   0x100000, 16, -ENOENT, "needs a kernel built with CONFIG_KALLSYMS_ALL",
		   "  (hint names CONFIG_KALLSYMS_ALL)");
	snprintf(what, sizeof(what), "%s: hidden addresses", cls_name(cls));
	check_fail(make_root(&m, 0, "0000000000000000 T _text\n0000000000000000 B kexec_image\n"),
		   0x100000, 16, -EPERM,
		   "addresses hidden (run as root; kptr_restrict)", what);
	snprintf(what, sizeof(what), "%s: core cut inside the program headers",
		 cls_name(cls));
	check_fail(make_root(&m, cls == 2 ? 64 + 56 * 3 : 52 + 32 * 3, ks),
		   0x100000, 16, -ENOEXEC, "truncated: program headers end", what);
	snprintf(what, sizeof(what), "%s: core cut inside the ELF header",
		 cls_name(cls));
	check_fail(make_root(&m, 40, ks), 0x100000, 16, -ENOEXEC,
		   "truncated", what);
	/* source 0x7000 (dest 0x100000) lies in the first direct-map part,
	 * which is last in the file; cut the file there */
	snprintf(what, sizeof(what), "%s: PT_LOAD beyond the end of the file",
		 cls_name(cls));
	check_fail(make_root(&m, (size_t)(kcb_pa_ptr(&m, 0x7000) - m.buf) + 0x100, ks),
		   0x100200, 16, -EIO, "extends beyond the end of the file", what);
	kcb_free(&m);
#undef FAIL_CASE
}

/* Header-level garbage, through kcore_open_mem. */
static void test_bad_headers(void)
{
	static const struct {
		size_t off;
		uint64_t val;
		unsigned n;
		int cls;
		const char *msg, *what;
	} t[] = {
		{ 0, 0x464c457e, 4, 2, "not an ELF file", "bad magic" },
		{ 4, 3, 1, 2, "unknown ELF class 3", "bad class" },
		{ 5, 2, 1, 2, "not a little-endian", "big-endian" },
		{ 16, 2, 2, 2, "not an ELF core file (e_type 2)", "ET_EXEC" },
		{ 18, 3, 2, 2, "ELF64 core for machine 3, not x86_64", "ELF64 i386" },
		{ 18, 62, 2, 1, "ELF32 core for machine 62, not i386", "ELF32 x86_64" },
		{ 54, 40, 2, 2, "bad e_phentsize 40", "short phentsize" },
		{ 42, 2000, 2, 1, "bad e_phentsize 2000", "huge phentsize" },
		{ 56, 0, 2, 2, "no program headers", "phnum 0" },
		{ 56, 0xffff, 2, 2, "65535 program headers (more than 8192)", "phnum PN_XNUM" },
		{ 32, 0x7ffffffffffffff0ull, 8, 2, "out of range", "phoff near the top" },
		{ 64 + 5 * 56 + 8, 0x7ffffffffffff000ull, 8, 2, "PT_LOAD 5: offset", "p_offset + size overflow" },
		{ 64 + 5 * 56 + 16, 0xfffffffffffff000ull, 8, 2, "wraps", "virtual range wraps" },
		{ 52 + 5 * 32 + 8, 0xfffff000ull, 4, 1, "wraps", "ELF32 virtual range wraps" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct kcb_img m;
		struct kcore *kc = NULL;
		struct diag d = { 0 };
		int rc;

		img_compact(&m, t[i].cls);
		kcb_put_le(m.buf + t[i].off, t[i].val, t[i].n);
		rc = kcore_open_mem(&d, m.buf, m.len, "mem", &kc);
		ok(rc < 0 && rc == d.rc && kc == NULL, "%s: rejected", t[i].what);
		has_str(d.msg, t[i].msg, "  ... message");
		if (rc == 0)
			kcore_close(kc);
		kcb_free(&m);
	}
}

/* A list of more than KIMAGE_MAX_ENTRIES entries without a loop. */
static void test_long_list(void)
{
	struct kcb_img m;
	const size_t npages = 2100;
	const uint64_t first = 0x41000;
	size_t per, i, k;

	kcb_init(&m, 2, 64 + npages + 1, KCB_PG);
	per = KCB_PG / m.w;
	kcb_put_le(kcb_pa_ptr(&m, KCB_KIMAGE_PA), first | KCB_IND_I, m.w);
	for (i = 0; i < npages; i++) {
		uint64_t pg = first + i * KCB_PG;

		for (k = 0; k + 1 < per; k++)
			kcb_put_entry(&m, pg, k, 0x900000 | KCB_IND_D);
		kcb_put_entry(&m, pg, per - 1, (pg + KCB_PG) | KCB_IND_I);
	}
	kcb_put_entry(&m, first + npages * KCB_PG, 0, KCB_IND_E);
	check_fail(make_root(&m, 0, kallsyms_for(&m)), 0x100000, 16, -ELOOP,
		   "longer than 1048576 entries", "ELF64: list longer than the cap");
	/* the same list cut short stays under the cap: the walk finishes */
	kcb_put_entry(&m, first + 100 * KCB_PG, 0, KCB_IND_E);
	check_fail(make_root(&m, 0, kallsyms_for(&m)), 0x100000, 16, -ENOENT,
		   "is not part of the loaded", "ELF64: long list under the cap ends");
	kcb_free(&m);
}

static void test_compact(int cls)
{
	struct kcb_img m;
	const size_t n = sizeof(compact_map) / sizeof(compact_map[0]);
	const char *seeds = getenv("KJ_WRITE_KCORE_SEEDS");
	char what[64];

	img_compact(&m, cls);
	snprintf(what, sizeof(what), "%s compact", cls_name(cls));
	check_read(make_root(&m, 0, kallsyms_for(&m)), compact_map, n,
		   0x300800, 0x1810, what);
	if (seeds && *seeds) {
		/* fuzz-kcore input: kexec_image VA, dest PA (8 bytes each),
		 * length (2 bytes), then the core file */
		char path[600];
		unsigned char *f = malloc(18 + m.len);

		if (!f)
			abort();
		kcb_put_le(f, m.text_va + KCB_KVAR_OFF, 8);
		kcb_put_le(f + 8, 0x300800, 8);
		kcb_put_le(f + 16, 0x1810, 2);
		memcpy(f + 18, m.buf, m.len);
		snprintf(path, sizeof(path), "%s/compact-%s", seeds,
			 cls == 2 ? "elf64" : "elf32");
		write_file(path, f, 18 + m.len);
		if (cls == 2) {
			kcb_put_le(f + 18 + (kcb_pa_ptr(&m, PAGE3) - m.buf) + 2 * m.w,
			       PAGE1 | KCB_IND_I, m.w);
			snprintf(path, sizeof(path), "%s/loop-elf64", seeds);
			write_file(path, f, 18 + m.len);
		}
		free(f);
	}
	kcb_free(&m);
}

static int rm_one(const char *p, const struct stat *sb, int type,
		  struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(p);
}

/* An i386 CONFIG_HIGHMEM kcore: all low memory is one PT_LOAD at
 * __va(0) with p_paddr 0 (6.12 fs/proc/kcore.c), the rest all-ones; and
 * an old kernel's, where every p_paddr is 0 (unknown). */
static void test_highmem_i386(void)
{
	unsigned char f[0x3000];
	unsigned char b[8];
	struct kcore *kc = NULL;
	struct diag d;
	size_t i;

	for (int old = 0; old <= 1; old++) {
		memset(f, 0, sizeof(f));
		memcpy(f, "\177ELF\1\1\1", 7);
		kcb_put_le(f + 16, 4, 2);          /* ET_CORE */
		kcb_put_le(f + 18, 3, 2);          /* EM_386 */
		kcb_put_le(f + 20, 1, 4);
		kcb_put_le(f + 28, 52, 4);         /* e_phoff */
		kcb_put_le(f + 40, 52, 2);
		kcb_put_le(f + 42, 32, 2);
		kcb_put_le(f + 44, 2, 2);          /* two PT_LOADs */
		/* low memory: va 0xc0000000, pa 0, file 0x1000, 8 KiB */
		kcb_put_le(f + 52 + 0, 1, 4);
		kcb_put_le(f + 52 + 4, 0x1000, 4);
		kcb_put_le(f + 52 + 8, 0xc0000000u, 4);
		kcb_put_le(f + 52 + 12, 0, 4);
		kcb_put_le(f + 52 + 16, 0x2000, 4);
		kcb_put_le(f + 52 + 20, 0x2000, 4);
		/* vmalloc: p_paddr all-ones (or 0 on an old kernel) */
		kcb_put_le(f + 84 + 0, 1, 4);
		kcb_put_le(f + 84 + 4, 0x1000, 4);
		kcb_put_le(f + 84 + 8, 0xf8000000u, 4);
		kcb_put_le(f + 84 + 12, old ? 0 : 0xffffffffu, 4);
		kcb_put_le(f + 84 + 16, 0x1000, 4);
		kcb_put_le(f + 84 + 20, 0x1000, 4);
		for (i = 0; i < 0x2000; i++)
			f[0x1000 + i] = (unsigned char)(i * 13 + 5);
		memset(&d, 0, sizeof(d));
		is_int(kcore_open_mem(&d, f, sizeof(f), "kcore-highmem", &kc), 0,
		       old ? "old kernel's kcore opens" : "i386 HIGHMEM kcore opens");
		if (!kc)
			continue;
		if (!old) {
			is_int(kcore_read_pa(&d, kc, 0x1ff8, b, 8), 0,
			       "i386 HIGHMEM: low memory is readable by physical address");
			is_int(b[0], (unsigned char)(0x1ff8 * 13 + 5), "  ... the right bytes");
		} else {
			is_int(kcore_read_pa(&d, kc, 0x1ff8, b, 8), -EFAULT,
			       "every p_paddr 0 (old kernel): unknown, not read");
		}
		kcore_close(kc);
		kc = NULL;
	}
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(base, sizeof(base), "%s/t-kimage-read-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(base)) {
		perror("mkdtemp");
		return 1;
	}
	test_reads(2);
	test_reads(1);
	test_kcore_api(2);
	test_kcore_api(1);
	test_kallsyms();
	test_errors(2);
	test_errors(1);
	test_bad_headers();
	test_long_list();
	test_compact(2);
	test_compact(1);
	test_highmem_i386();
	nftw(base, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
