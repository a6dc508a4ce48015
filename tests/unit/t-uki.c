/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-uki.c - unified kernel images (kexec/arch/x86/uki.c, kexec/pe.c) and
 * EFI zboot wrappers (pe.c zboot_*).
 *
 * UKIs are built with pebuild.h around a synthetic bzImage (bzbuild.h);
 * the segments must point at the UKI's .linux / .initrd bytes, and the
 * command line must be the .cmdline text unless an option replaces it.
 * Hostile files (cut at every header boundary, sizes and offsets that
 * overflow or point past the end) go through the whole tool with the
 * fake kernel: exit 1, one line naming the file and the reason, and the
 * image loaded before stays loaded.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef HAVE_ZLIB
#include <zlib.h>
#endif

#include "bzbuild.h"
#include "fake_sys.h"
#include "loader.h"
#include "pe.h"
#include "pebuild.h"
#include "runmain.h"
#include "sysroot.h"
#include "tap.h"

static uint64_t getle(const uint8_t *b, int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | b[n];
	return v;
}

static const uint8_t rd_bytes[3000] = { 0x07, 0x07, 0x01 };
static const char cmdline_text[] = "  console=ttyS0\tquiet kjuki=1\n";

/* The bzImage every UKI here carries, built once. */
static uint8_t *bz;
static size_t bz_len;

/* A UKI with .osrel, .cmdline, .linux, .initrd (in that order, as the
 * systemd recipe adds them); off[] gets the section offsets. */
static uint8_t *uki_build(size_t *len, size_t *off)
{
	struct peb_sec s[] = {
		{ ".osrel", "ID=test\n", 8 },
		{ ".cmdline", cmdline_text, sizeof(cmdline_text) - 1 },
		{ ".linux", bz, bz_len },
		{ ".initrd", rd_bytes, sizeof(rd_bytes) },
	};

	return peb_build(s, 4, len, off);
}

static void std_map(struct memmap *m)
{
	memset(m, 0, sizeof(*m));
	memmap_add(NULL, m, 0, 0x9fbff, MEM_RAM);
	memmap_add(NULL, m, 0x100000, 0x7ffdffff, MEM_RAM);
}

static const struct segment *seg_named(const struct plan *p, const char *w)
{
	for (size_t i = 0; i < p->nseg; i++)
		if (strcmp(p->seg[i].what, w) == 0)
			return &p->seg[i];
	return NULL;
}

/* ---- the parser ---- */

static void test_parse(void)
{
	struct pe_info pe;
	struct pe_section s;
	size_t len, off[4];
	unsigned count;
	char why[160];
	uint8_t *u = uki_build(&len, off);
	int i;

	is_int(pe_parse(u, len, &pe, why, sizeof(why)), 0, "UKI: a PE file");
	is_int((int)pe.nsec, 4, "four sections");
	is_int((int)pe.sec_off, PEB_SECTAB, "section table after the optional header");
	i = pe_find(u, &pe, ".linux", &count);
	is_int(i, 2, ".linux is section 2");
	is_int((int)count, 1, "one .linux");
	pe_section_get(u, &pe, 1, &s);
	is_str(s.name, ".cmdline", "an 8-character name without NUL");
	is_int((int)s.len, (int)sizeof(cmdline_text) - 1, ".cmdline: VirtualSize, not the padded raw size");
	is_int((int)s.rawoff, (int)off[1], ".cmdline offset");
	/* VirtualSize 0 or above SizeOfRawData: the raw data */
	peb_put(u, PEB_SEC(1) + PEB_S_VSIZE, 0, 4);
	pe_section_get(u, &pe, 1, &s);
	is_int((int)s.len, PEB_ALIGN, "VirtualSize 0: SizeOfRawData");
	peb_put(u, PEB_SEC(1) + PEB_S_VSIZE, 0x5000, 4);
	pe_section_get(u, &pe, 1, &s);
	is_int((int)s.len, PEB_ALIGN, "VirtualSize > SizeOfRawData: SizeOfRawData");
	is_int(pe_find(u, &pe, ".sbat", &count), -1, "no .sbat");
	is_int(pe_parse(u, 0x3f, &pe, why, sizeof(why)), PE_NOT_PE, "0x3f bytes: not PE");
	is_int(pe_parse(u, 0x43, &pe, why, sizeof(why)), PE_NOT_PE, "cut in the signature: not PE");
	is_int(pe_parse(u, 0x57, &pe, why, sizeof(why)), PE_BROKEN, "cut in the COFF header: broken");
	has_str(why, "COFF header", "reason names the COFF header");
	is_int(pe_parse(u, PEB_SEC(4) - 1, &pe, why, sizeof(why)), PE_BROKEN, "cut in the section table: broken");
	has_str(why, "table of 4 sections", "reason names the table");
	is_int(pe_parse(u, PEB_SEC(4), &pe, why, sizeof(why)), 0, "the table ending at the end of the file: fine");
	free(u);
}

/* ---- the loader, called directly ---- */

static int load(const uint8_t *b, size_t len, const struct load_opts *o,
		struct plan *p, struct image *img, struct diag *d)
{
	struct memmap m;
	int rc;

	std_map(&m);
	image_from_buffer(NULL, "u.efi", b, len, img);
	plan_init(p);
	memset(d, 0, sizeof(*d));
	rc = loader_load(d, img, o, &m, p);
	memmap_free(&m);
	return rc;
}

static void test_load(void)
{
	struct load_opts o;
	struct plan p;
	struct image img, rd;
	struct diag d;
	const struct segment *k, *ir, *bp;
	size_t len, off[4];
	uint8_t *u = uki_build(&len, off);
	int rc;

	memset(&o, 0, sizeof(o));
	o.kernel_64 = 1;
	rc = load(u, len, &o, &p, &img, &d);
	is_intf(rc, 0, "UKI loads (%s)", d.msg);
	k = seg_named(&p, "bzImage kernel");
	ir = seg_named(&p, "initrd");
	bp = seg_named(&p, "boot_params");
	ok(k && ir && bp, "kernel, initrd and boot_params segments");
	if (k && ir && bp) {
		ok(k->buf == img.data + off[2] + 0x1c * 512, "kernel bytes: .linux's protected-mode code, in place");
		is_int((int)k->bufsz, (int)(bz_len - 0x1c * 512), "kernel length from .linux's VirtualSize");
		ok(ir->buf == img.data + off[3], "initrd bytes: .initrd, in place");
		is_int((int)ir->bufsz, (int)sizeof(rd_bytes), ".initrd length");
		is_str((const char *)bp->buf + 4096, "console=ttyS0 quiet kjuki=1",
		       ".cmdline: tab and newline as blanks, outer blanks dropped");
		is_u64(getle((const uint8_t *)bp->buf + 0x21c, 4), sizeof(rd_bytes), "ramdisk_size");
	}
	plan_free(&p);
	image_free(&img);

	/* --initrd and --append replace the sections */
	image_from_buffer(NULL, "rd", "RDRD", 4, &rd);
	o.initrd = &rd;
	o.cmdline = "root=/dev/vda";
	o.opt.given = OPT_G(OPT_G_APPEND) | OPT_G(OPT_G_INITRD);
	rc = load(u, len, &o, &p, &img, &d);
	is_intf(rc, 0, "UKI with --initrd --append (%s)", d.msg);
	ir = seg_named(&p, "initrd");
	bp = seg_named(&p, "boot_params");
	ok(ir && ir->buf == rd.data && ir->bufsz == 4, "--initrd replaces .initrd");
	ok(bp && strcmp((const char *)bp->buf + 4096, "root=/dev/vda") == 0, "--append replaces .cmdline");
	plan_free(&p);
	image_free(&img);
	/* --reuse-cmdline (an empty line) replaces it too */
	o.cmdline = "";
	o.opt.given = OPT_G(OPT_G_REUSE_CMDLINE);
	o.initrd = NULL;
	rc = load(u, len, &o, &p, &img, &d);
	bp = seg_named(&p, "boot_params");
	ok(rc == 0 && bp && ((const char *)bp->buf)[4096] == '\0', "--reuse-cmdline replaces .cmdline");
	plan_free(&p);
	image_free(&img);
	/* no option, but the pipeline's own words (a panic load's
	 * elfcorehdr=): after .cmdline */
	o.cmdline = "elfcorehdr=0x1000";
	o.opt.given = 0;
	rc = load(u, len, &o, &p, &img, &d);
	bp = seg_named(&p, "boot_params");
	ok(rc == 0 && bp && strcmp((const char *)bp->buf + 4096, "console=ttyS0 quiet kjuki=1 elfcorehdr=0x1000") == 0,
	   "pipeline words follow .cmdline");
	plan_free(&p);
	image_free(&img);
	image_free(&rd);
	free(u);

	/* a UKI without .initrd and .cmdline: no initrd, empty line */
	{
		struct peb_sec s[] = { { ".linux", bz, bz_len } };
		uint8_t *v = peb_build(s, 1, &len, NULL);

		o.cmdline = NULL;
		rc = load(v, len, &o, &p, &img, &d);
		bp = seg_named(&p, "boot_params");
		ok(rc == 0 && !seg_named(&p, "initrd") && bp &&
		   ((const char *)bp->buf)[4096] == '\0', ".linux only: no initrd, empty command line");
		plan_free(&p);
		image_free(&img);
		free(v);
	}
}

/* A bzImage is a PE file too (the EFI stub): with "MZ" and a PE header
 * in its first sector it still loads as bzImage, broken PE or not. */
static void test_bzimage_pe(void)
{
	struct load_opts o;
	struct plan p;
	struct image img;
	struct diag d;
	uint8_t *b = malloc(bz_len);
	int rc, k;

	memcpy(b, bz, bz_len);
	b[0] = 'M';
	b[1] = 'Z';
	peb_put(b, 0x3c, 0x80, 4);
	memcpy(b + 0x80, "PE\0\0", 4);
	peb_put(b, 0x84, 0x8664, 2);
	peb_put(b, 0x86, 2, 2);              /* sections .setup, .text */
	peb_put(b, 0x84 + 16, 0, 2);         /* no optional header */
	memcpy(b + 0x98, ".setup", 6);
	memcpy(b + 0x98 + 40, ".text", 5);
	memset(&o, 0, sizeof(o));
	o.kernel_64 = 1;
	for (k = 0; k < 2; k++) {
		if (k == 1)
			peb_put(b, 0x86, 0xffff, 2);   /* table past the end */
		rc = load(b, bz_len, &o, &p, &img, &d);
		is_intf(rc, 0, "bzImage with a %s PE header loads (%s)",
			k ? "broken" : "valid", d.msg);
		ok(seg_named(&p, "bzImage kernel") != NULL, "as a bzImage");
		plan_free(&p);
		image_free(&img);
	}
	/* -t uki on it: the mismatch message */
	o.opt.type = "uki";
	rc = load(b, bz_len, &o, &p, &img, &d);
	is_int(rc, -ENOEXEC, "-t uki on a bzImage: refused");
	has_str(d.msg, "it looks like bzImage", "and says what it is");
	plan_free(&p);
	image_free(&img);
	free(b);
}

/* ---- the whole tool ---- */

static char root[256], ukifile[300], scratch[300];
static char *out_text, *err_text;

#define run(f, ...) run_main((f), root, &out_text, &err_text, __VA_ARGS__)

static void make_root(void)
{
	static const char *const e[][3] = {
		{ "0x0", "0x9fbff", "System RAM" },
		{ "0x100000", "0x7ffdffff", "System RAM" },
	};
	size_t len;
	uint8_t *u;

	sysroot_create(root, sizeof(root), "t-uki");
	sysroot_memmap(root, e, 2);
	sysroot_put(root, "sys/kernel/kexec_loaded", "0\n");
	sysroot_put(root, "sys/kernel/kexec_crash_loaded", "0\n");
	sysroot_put(root, "proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda\n");
	u = uki_build(&len, NULL);
	snprintf(ukifile, sizeof(ukifile), "%s/uki.efi", root);
	sysroot_write(ukifile, u, len);
	free(u);
	snprintf(scratch, sizeof(scratch), "%s/bad.efi", root);
}

static const struct fake_seg *bp_seg(const struct fake_load *l)
{
	for (size_t i = 0; i < l->nseg && i < FAKE_MAX_SEGS; i++)
		if (l->seg[i].bufsz > 4096 && l->seg[i].data &&
		    memcmp(l->seg[i].data + 0x202, "HdrS", 4) == 0)
			return &l->seg[i];
	return NULL;
}

static void test_tool(void)
{
	struct fake_sys f;
	const struct fake_seg *bs;
	int rc;

	fake_sys_init(&f);
	f.sysroot = root;
	rc = run(&f, "-d -l %s", ukifile);
	is_intf(rc, 0, "kexec -l uki.efi: exit 0 (%s)", err_text);
	has_str(err_text, "loading as uki", "the uki loader took it");
	has_str(err_text, "not trying kexec_file_load: it is a unified kernel image", "-a: no file call, and why");
	is_int(fake_sys_count(&f, "kexec_file_load"), 0, "-a: kexec_file_load not called");
	is_int(f.nloads, 1, "one kexec_load");
	if (f.nloads == 1 && (bs = bp_seg(&f.loads[0]))) {
		is_str((const char *)bs->data + 4096, "console=ttyS0 quiet kjuki=1", "the .cmdline reached boot_params");
		is_u64(getle(bs->data + 0x21c, 4), sizeof(rd_bytes), "ramdisk_size of .initrd");
	} else {
		ok(0, "boot_params recorded");
	}
	rc = run(&f, "-c -l %s --append=kj=2", ukifile);
	is_int(rc, 0, "--append: exit 0");
	if (f.nloads == 2 && (bs = bp_seg(&f.loads[1])))
		is_str((const char *)bs->data + 4096, "kj=2", "--append replaces .cmdline");
	else
		ok(0, "second load recorded");
	rc = run(&f, "-s -l %s", ukifile);
	is_int(rc, 1, "-s uki.efi: exit 1");
	has_str(err_text, "with kexec_file_load (-s): it is a unified kernel image", "-s: says why");
	is_int(fake_sys_count(&f, "kexec_file_load"), 0, "-s: no file call");
	is_int(f.nloads, 2, "-s: no kexec_load either");
	fake_sys_free(&f);
}

/* One hostile file through the whole tool: exit 1, one line on stderr
 * naming the file and containing @why, the preloaded image kept. */
static void hostile(const uint8_t *b, size_t len, const char *why,
		    const char *what)
{
	struct fake_sys f;
	const char *nl;
	int rc;

	sysroot_write(scratch, b, len);
	fake_sys_init(&f);
	f.sysroot = root;
	fake_sys_preload(&f, 0x2000000, 0x3e0000, 0x2000000);
	rc = run(&f, "-c -l %s", scratch);
	is_intf(rc, 1, "%s: exit 1", what);
	nl = strchr(err_text, '\n');
	ok(strstr(err_text, scratch) != NULL, "%s: names the file", what);
	ok(nl && nl[1] == '\0', "%s: one line (%s)", what, err_text);
	has_str(err_text, why, what);
	is_intf((int)f.nloads, 0, "%s: no kexec_load", what);
	ok(f.image.loaded && f.image.first_mem == 0x2000000, "%s: the loaded image is untouched", what);
	fake_sys_free(&f);
}

static void test_hostile(void)
{
	size_t len, off[4], i;
	uint8_t *u = uki_build(&len, off), *b = malloc(len);
	char what[96];
	/* cut points: every header boundary, and inside each section */
	struct { size_t at; const char *why; } cuts[] = {
		{ 0x3c, "not a recognised kernel image" },
		{ 0x40, "not a recognised kernel image" },
		{ 0x44, "COFF header" },
		{ 0x50, "COFF header" },
		{ PEB_OPT, "table of 4 sections" },
		{ PEB_OPT + 0x10, "table of 4 sections" },
		{ PEB_SECTAB, "table of 4 sections" },
		{ PEB_SEC(3) + 20, "table of 4 sections" },
		{ 0, "section .linux: its data" },         /* off[1] + 4:
							      .linux is
							      checked first */
		{ 0, "section .linux: its data" },         /* off[2] + 0x100 */
		{ 0, "section .initrd: its data" },        /* off[3] + 1 */
	};

	cuts[8].at = off[1] + 4;
	cuts[9].at = off[2] + 0x100;
	cuts[10].at = off[3] + 1;
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		snprintf(what, sizeof(what), "cut at 0x%zx", cuts[i].at);
		hostile(u, cuts[i].at, cuts[i].why, what);
	}
	/* offsets and sizes that overflow 32 bits or point past the end */
	memcpy(b, u, len);
	peb_put(b, PEB_SEC(2) + PEB_S_RAWOFF, 0xffffff00u, 4);
	hostile(b, len, "section .linux: its data (0x", ".linux at 0xffffff00");
	memcpy(b, u, len);
	peb_put(b, PEB_SEC(3) + PEB_S_VSIZE, 0xffffffffu, 4);
	peb_put(b, PEB_SEC(3) + PEB_S_RAWSIZE, 0xffffffffu, 4);
	hostile(b, len, "section .initrd: its data (0xffffffff bytes", ".initrd of 4 GiB - 1");
	memcpy(b, u, len);
	peb_put(b, 0x3c, 0xfffffffcu, 4);
	hostile(b, len, "not a recognised kernel image", "e_lfanew 0xfffffffc");
	memcpy(b, u, len);
	peb_put(b, PEB_COFF + 2, 0xffff, 2);
	hostile(b, len, "table of 65535 sections", "NumberOfSections 65535");
	memcpy(b, u, len);
	peb_put(b, PEB_COFF + 16, 0xffff, 2);
	/* the table then lies inside the file, in .linux's bytes: no
	 * section is called .linux there */
	hostile(b, len, "not a recognised kernel image", "SizeOfOptionalHeader 0xffff");
	/* contents that are wrong */
	memcpy(b, u, len);
	memcpy(b + PEB_SEC(0), ".linux\0\0", 8);
	hostile(b, len, "2 .linux sections; which one to use is ambiguous", "two .linux");
	memcpy(b, u, len);
	peb_put(b, PEB_SEC(2) + PEB_S_VSIZE, 0, 4);
	peb_put(b, PEB_SEC(2) + PEB_S_RAWSIZE, 0, 4);
	hostile(b, len, "empty .linux section", "empty .linux");
	memcpy(b, u, len);
	b[off[2] + 0x1fe] = 0;
	hostile(b, len, ": .linux: not a bzImage (no boot_flag 0xAA55 at 0x1FE)", ".linux not a bzImage");
	free(b);
	free(u);
}

/* ---- EFI zboot ---- */

/* A zboot file: header, payload at 0x200. */
static uint8_t *zb_build(const char *comp, const uint8_t *pl, size_t n,
			 size_t *len)
{
	uint8_t *b = calloc(1, 0x200 + n);

	b[0] = 'M';
	b[1] = 'Z';
	memcpy(b + 4, "zimg", 4);
	peb_put(b, 8, 0x200, 4);
	peb_put(b, 12, n, 4);
	memcpy(b + 24, comp, strlen(comp));
	memcpy(b + 0x200, pl, n);
	*len = 0x200 + n;
	return b;
}

static void test_zboot(void)
{
	static const uint8_t lz4[] = { 0x04, 0x22, 0x4d, 0x18, 1, 2, 3 };
	struct zboot_info z;
	char why[160];
	size_t len;
	uint8_t *b = zb_build("gzip", lz4, sizeof(lz4), &len);

	is_int(zboot_parse(b, len, &z, why, sizeof(why)), 0, "zboot header parsed");
	is_str(z.comp, "gzip", "compression type");
	is_int((int)z.payload_off, 0x200, "payload offset");
	is_int(zboot_parse(b, 0x3f, &z, why, sizeof(why)), PE_BROKEN, "cut header: broken");
	hostile(b, 0x30, "PE/zboot image: truncated", "zboot cut at 0x30");
	hostile(b, len, "the payload at 0x200 does not start like gzip data", "zboot: payload not gzip");
	free(b);
	b = zb_build("lz4", lz4, sizeof(lz4), &len);
	hostile(b, len, "PE/zboot image (lz4 payload): this kexec cannot decompress lz4", "zboot lz4");
	peb_put(b, 12, 0xfffffff0u, 4);
	hostile(b, len, "PE/zboot image: the payload (0xfffffff0 bytes at 0x200) is past the end", "zboot payload size");
	peb_put(b, 12, 4, 4);
	peb_put(b, 8, 0x10, 4);
	hostile(b, len, "is inside the header", "zboot payload in the header");
	memset(b + 24, 'x', 0x38 - 24);
	hostile(b, len, "not NUL-terminated", "zboot type without NUL");
	free(b);
#ifdef HAVE_ZLIB
	{
		struct fake_sys f;
		uLongf clen = compressBound(bz_len) + 32;
		uint8_t *c = malloc(clen + 18);
		z_stream s;

		memset(&s, 0, sizeof(s));
		deflateInit2(&s, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
		s.next_in = bz;
		s.avail_in = (uInt)bz_len;
		s.next_out = c;
		s.avail_out = (uInt)(clen + 18);
		ok(deflate(&s, Z_FINISH) == Z_STREAM_END, "gzip the bzImage");
		b = zb_build("gzip", c, s.total_out, &len);
		deflateEnd(&s);
		sysroot_write(scratch, b, len);
		fake_sys_init(&f);
		f.sysroot = root;
		is_int(run(&f, "-d -c -l %s --append=z", scratch), 0, "zboot(gzip(bzImage)): exit 0");
		has_str(err_text, "PE/zboot, gzip payload", "unwrapped");
		has_str(err_text, "loading as bzImage", "and loaded as the bzImage inside");
		is_int(f.nloads, 1, "one kexec_load");
		fake_sys_free(&f);
		fake_sys_init(&f);
		f.sysroot = root;
		is_int(run(&f, "-s -l %s --append=z", scratch), 0, "-s zboot: exit 0");
		is_int((int)f.nfile_loads, 1, "-s zboot: one file call");
		ok(f.nfile_loads == 1 && f.file_loads[0].kernel_size == (long long)bz_len,
		   "-s zboot: the kernel gets the decompressed bzImage");
		fake_sys_free(&f);
		free(b);
		free(c);
	}
#endif
}

int main(void)
{
	struct bzb_spec s = bzb_default();

	bz = bzb_build(&s, &bz_len);
	test_parse();
	test_load();
	test_bzimage_pe();
	make_root();
	test_tool();
	test_hostile();
	test_zboot();
	sysroot_remove(root);
	free(bz);
	free(out_text);
	free(err_text);
	return tap_done();
}
