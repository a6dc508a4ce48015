/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-vmcore.c - vmcore-dmesg (vmcore/vmcore.h) on synthetic vmcores.
 *
 * Each case writes a vmcore file built by vmcorebuild.h to a temporary
 * directory and runs the whole program in-process (vmcore_dmesg_main),
 * checking its exit status, stdout and stderr:
 *  - the lockless ring buffer, ELF64/x86_64, ELF32/i386 and ELF64/i386,
 *    real and shuffled structure layouts, positions and ids that wrap the
 *    word, the data ring in the image or in the direct map, descriptors
 *    partly in a PT_LOAD's zero-filled tail, translation through
 *    phys_base, through a PAGE_OFFSET derived from another PT_LOAD and
 *    from VMCOREINFO, PN_XNUM program header numbering, and the walk
 *    without head_id/tail_id; the scenario holds a wrapped data block,
 *    reusable, reserved and data-less descriptors, a record with
 *    non-printable bytes and a multi-line record;
 *  - the record buffer of Linux 3.5-5.9 (printk_log and the older "log"
 *    names), wrapped, with a dictionary;
 *  - hostile and broken files: truncation at every header byte and
 *    elsewhere, program header and note sizes that overflow, missing
 *    VMCOREINFO keys, impossible ring geometry and positions, unmapped
 *    addresses: each must exit 1 with nothing on stdout and exactly one
 *    line "vmcore-dmesg: FILE: reason" on stderr.
 * Expected output is written out by hand here.
 *
 * With KJ_WRITE_VMCORE_SEEDS=DIR set, the good files are also written to
 * DIR as fuzz-vmcore seeds.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "vmcore.h"
#include "vmcorebuild.h"

static char dir[256], path[300];

static void write_file(const char *p, const void *buf, size_t n)
{
	FILE *f = fopen(p, "wb");

	if (!f || (n && fwrite(buf, 1, n, f) != n) || fclose(f) != 0) {
		perror(p);
		abort();
	}
}

/* Run vmcore-dmesg on @img; *out and *err hold what it printed. */
static int run(const uint8_t *img, size_t len, char **out, char **err)
{
	char *argv[] = { (char *)"vmcore-dmesg", path, NULL };
	size_t ol = 0, el = 0;
	FILE *o, *e;
	int rc;

	free(*out);
	free(*err);
	write_file(path, img, len);
	o = open_memstream(out, &ol);
	e = open_memstream(err, &el);
	rc = vmcore_dmesg_main(2, argv, o, e);
	fclose(o);
	fclose(e);
	return rc;
}

static char *gout, *gerr;

/* A clean failure: status 1, no output, one line naming the file. */
static int failed_cleanly(int rc, const char *want)
{
	char prefix[400];
	const char *nl;

	snprintf(prefix, sizeof(prefix), "vmcore-dmesg: %s: ", path);
	nl = strchr(gerr, '\n');
	return rc == 1 && gout[0] == '\0' && nl && nl[1] == '\0' &&
	       strncmp(gerr, prefix, strlen(prefix)) == 0 &&
	       (!want || strstr(gerr, want));
}

static void expect_fail(const uint8_t *img, size_t len, const char *want,
			const char *desc)
{
	int rc = run(img, len, &gout, &gerr);

	if (!ok(failed_cleanly(rc, want), "%s: exit 1, one line with \"%s\"",
		desc, want ? want : ""))
		printf("#   rc %d, stdout \"%s\", stderr \"%s\"\n", rc, gout, gerr);
}

static void expect_fail_b(const struct vcb *b, const char *want, const char *desc)
{
	size_t len;
	uint8_t *f = vcb_file(b, &len, NULL);

	expect_fail(f, len, want, desc);
	free(f);
}

static void expect_out(const uint8_t *img, size_t len, const char *want,
		       const char *desc)
{
	int rc = run(img, len, &gout, &gerr);

	if (!ok(rc == 0 && strcmp(gout, want) == 0 && gerr[0] == '\0', "%s", desc))
		printf("#   rc %d, stderr \"%s\"\n#   got:\n%s#   want:\n%s", rc,
		       gerr, gout, want);
}

static void seed(const char *name, const uint8_t *img, size_t len)
{
	const char *sd = getenv("KJ_WRITE_VMCORE_SEEDS");
	char p[512];

	if (!sd || !*sd)
		return;
	snprintf(p, sizeof(p), "%s/%s", sd, name);
	write_file(p, img, len);
}

static void expect_out_b(const struct vcb *b, const char *want, const char *desc,
			 const char *seed_name)
{
	size_t len;
	uint8_t *f = vcb_file(b, &len, NULL);

	expect_out(f, len, want, desc);
	if (seed_name)
		seed(seed_name, f, len);
	free(f);
}

/* ---- the lockless scenario ---- */

#define WRAP_TEXT "this record wraps around the end of the data ring to index 0"
static const char ctl_text[] = "ctl\001 del\177 end";
static const char lockless_out[] =
	"[    0.000000] Linux version 6.12.0-test\n"
	"[    0.001234] ctl\\x01 del\\x7f end\n"
	"[    1.500000] line one\n"
	"[    1.500000] \tline two\n"
	"[   12.345678] \n"
	"[123456.789012] " WRAP_TEXT "\n";

struct scen {
	int kind;               /* VCB_LAYOUT_* */
	uint64_t id_base;       /* ids id_base+1 .. id_base+8 */
	int lpos_wrap;          /* start just before the word wraps */
	int dyn_data;           /* data ring in the direct map */
	int descs_in_tail;      /* slots 8.. in the zero-filled tail */
};

/* Fill @b (already vcb_init()ed) with the scenario; returns the id mask. */
static uint64_t scenario(struct vcb *b, const struct scen *s)
{
	uint64_t wmask = b->w == 8 ? UINT64_MAX : UINT32_MAX;
	uint64_t idm = wmask >> 2, S = 256, lpos0, tail, begin23, next23;
	uint64_t id = s->id_base;
	uint64_t dataoff = s->dyn_data ? VCB_DYN_DATA : VCB_DATA;

	lpos0 = s->lpos_wrap ? (wmask - S + 1 + 96) & wmask : 3 * S + 96;
	vcb_prb_init(b, s->kind, 4, 8, dataoff, lpos0);
	if (s->descs_in_tail) {
		uint64_t at = VCB_RAM - 7 * b->l.desc_size;

		vcb_prb_ptr(b, b->l.rb_desc_ring, b->l.dr_descs, vcb_dm(b, at));
		/* vcb_desc() writes at VCB_DESCS: build there, move below */
	}
	/* id_base + 0: an old reusable record; +9 - 16: one from the last lap */
	vcb_desc(b, (id + 0) & idm, 3, 0x40, 0x50);
	vcb_desc(b, (id + 9 - 16) & idm, 3, 0x60, 0x70);
	tail = b->head_lpos;
	vcb_rec(b, (id + 1) & idm, 1001, 3, 5, "old", 3);
	vcb_rec(b, (id + 2) & idm, 1002, 2, 0, "Linux version 6.12.0-test", 25);
	vcb_rec(b, (id + 3) & idm, 1003, 2, 1234000, ctl_text, sizeof(ctl_text) - 1);
	vcb_rec(b, (id + 4) & idm, 1004, 2, 1500000000, "line one\n\tline two\n", 19);
	vcb_desc(b, (id + 5) & idm, 1, 3, 3);                  /* NO_LPOS */
	vcb_info_rec(b, (id + 5) & idm, 1005, 12345678901ull, 0);
	vcb_desc(b, (id + 6) & idm, 2, 1, 1);                  /* FAILED_LPOS */
	vcb_info_rec(b, (id + 6) & idm, 1006, 12400000000ull, 7);
	/* two words before the end of the lap: the next block wraps */
	b->head_lpos = ((b->head_lpos | (S - 1)) + 1 - 2 * b->w) & wmask;
	vcb_rec(b, (id + 7) & idm, 1007, 2, 123456789012345ull, WRAP_TEXT,
		sizeof(WRAP_TEXT) - 1);
	vcb_desc(b, (id + 8) & idm, 0, b->head_lpos, b->head_lpos); /* reserved */
	vcb_prb_ids(b, (id + 1) & idm, (id + 8) & idm);
	vcb_prb_lpos(b, tail, b->head_lpos);
	begin23 = vcb_get(b->ram + VCB_DESCS + (((id + 7) & idm) & 15) * b->l.desc_size +
			  b->l.desc_lpos + b->l.lpos_begin, b->w);
	next23 = vcb_get(b->ram + VCB_DESCS + (((id + 7) & idm) & 15) * b->l.desc_size +
			 b->l.desc_lpos + b->l.lpos_next, b->w);
	if (!((next23 & (S - 1)) < (begin23 & (S - 1)))) {
		fprintf(stderr, "test bug: the wrap record does not wrap\n");
		abort();
	}
	if (s->descs_in_tail) {
		uint64_t at = VCB_RAM - 7 * b->l.desc_size;

		/* slots 0..6 go to the end of the file data, 7..15 are the
		 * zeros of the p_memsz tail: with id_base 15 the records are
		 * in slots 0..6 and the reserved one (+8) reads as zeros */
		memmove(b->ram + at, b->ram + VCB_DESCS, 7 * b->l.desc_size);
		memset(b->ram + VCB_DESCS, 0xee, 16 * b->l.desc_size);
	}
	return idm;
}

static void init_scen(struct vcb *b, unsigned w, int cls, const struct scen *s)
{
	vcb_init(b, w, cls);
	scenario(b, s);
}

static const char *wname(unsigned w, int cls)
{
	return w == 8 ? (cls == 2 ? "ELF64 x86_64" : "ELF32 x86_64")
		      : (cls == 2 ? "ELF64 i386" : "ELF32 i386");
}

static void test_lockless_good(void)
{
	static const struct { unsigned w; int cls; const char *seed; } m[] = {
		{ 8, 2, "lockless-elf64" }, { 4, 1, "lockless-elf32" },
		{ 4, 2, "lockless-elf64-i386" },
	};
	struct vcb *b = malloc(sizeof(*b));
	char desc[200];
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		struct scen s = { VCB_LAYOUT_REAL, 16, 0, 0, 0 };
		const char *n = wname(m[i].w, m[i].cls);

		init_scen(b, m[i].w, m[i].cls, &s);
		snprintf(desc, sizeof(desc), "%s: lockless ring buffer", n);
		expect_out_b(b, lockless_out, desc, m[i].seed);

		s.kind = VCB_LAYOUT_SHUFFLED;
		init_scen(b, m[i].w, m[i].cls, &s);
		snprintf(desc, sizeof(desc), "%s: shuffled structure layout", n);
		expect_out_b(b, lockless_out, desc, m[i].w == 8 ? "lockless-shuffled" : NULL);

		s.kind = VCB_LAYOUT_REAL;
		s.id_base = ((m[i].w == 8 ? UINT64_MAX : UINT32_MAX) >> 2) - 3;
		s.lpos_wrap = 1;
		init_scen(b, m[i].w, m[i].cls, &s);
		snprintf(desc, sizeof(desc), "%s: ids and positions wrap the word", n);
		expect_out_b(b, lockless_out, desc, NULL);

		s = (struct scen){ VCB_LAYOUT_REAL, 15, 0, 1, 1 };
		init_scen(b, m[i].w, m[i].cls, &s);
		snprintf(desc, sizeof(desc),
			 "%s: data ring in the direct map, descriptors in the zero tail", n);
		expect_out_b(b, lockless_out, desc, NULL);

		s = (struct scen){ VCB_LAYOUT_REAL, 16, 0, 0, 0 };
		init_scen(b, m[i].w, m[i].cls, &s);
		b->note_pad = 4;
		snprintf(desc, sizeof(desc), "%s: 4 bytes after the last note", n);
		expect_out_b(b, lockless_out, desc, NULL);
		b->note_pad = 64;
		snprintf(desc, sizeof(desc), "%s: zero notes after the last one", n);
		expect_out_b(b, lockless_out, desc, NULL);

		init_scen(b, m[i].w, m[i].cls, &s);
		vcb_info_add(b, "SYMBOL(prb)=0\n");
		snprintf(desc, sizeof(desc), "%s: the first of two equal keys counts", n);
		expect_out_b(b, lockless_out, desc, NULL);

		init_scen(b, m[i].w, m[i].cls, &s);
		vcb_info_drop(b, "OFFSET(prb_desc_ring.head_id)");
		vcb_info_drop(b, "OFFSET(prb_desc_ring.tail_id)");
		snprintf(desc, sizeof(desc), "%s: no head_id/tail_id: every slot, in seq order", n);
		expect_out_b(b, lockless_out, desc, m[i].w == 8 ? "lockless-slots" : NULL);

		init_scen(b, m[i].w, m[i].cls, &s);
		vcb_info_drop(b, "OFFSET(prb_data_ring.head_lpos)");
		vcb_info_drop(b, "SIZE(atomic_long_t)");
		snprintf(desc, sizeof(desc), "%s: no head_lpos, no SIZE(atomic_long_t)", n);
		expect_out_b(b, lockless_out, desc, NULL);
	}
	free(b);
}

/* The same memory reached through other translations. */
static void test_translation(void)
{
	struct vcb *b = malloc(sizeof(*b));
	struct scen s = { VCB_LAYOUT_REAL, 16, 0, 1, 0 };
	char v[64];

	/* x86_64: the image PT_LOAD without a virtual address (phys_base),
	 * the RAM PT_LOAD without one either, and a small low PT_LOAD that
	 * gives PAGE_OFFSET */
	init_scen(b, 8, 2, &s);
	b->ph[1].vaddr = VCB_NONE;
	b->ph[2].vaddr = VCB_NONE;
	b->ph[3] = (struct vcb_ph){ 1, VCB_PO64 + 0x1000, 0x1000, 0x1000, 0, 0 };
	b->nph = 4;
	expect_out_b(b, lockless_out,
		     "x86_64: image via NUMBER(phys_base), direct map via a derived PAGE_OFFSET",
		     "lockless-phys");

	init_scen(b, 8, 2, &s);
	b->ph[1].vaddr = VCB_NONE;
	b->ph[2].vaddr = VCB_NONE;
	snprintf(v, sizeof(v), "%llu", (unsigned long long)VCB_PO64);
	vcb_info_set(b, "NUMBER(page_offset_base)", v);
	expect_out_b(b, lockless_out, "x86_64: PAGE_OFFSET from NUMBER(page_offset_base)", NULL);

	init_scen(b, 8, 2, &s);
	b->ph[1].vaddr = VCB_NONE;
	b->ph[2].vaddr = VCB_NONE;
	snprintf(v, sizeof(v), "0x%llx", (unsigned long long)VCB_PO64);
	vcb_info_set(b, "NUMBER(PAGE_OFFSET)", v);
	expect_out_b(b, lockless_out, "x86_64: PAGE_OFFSET from NUMBER(PAGE_OFFSET), hex", NULL);

	init_scen(b, 8, 2, &s);
	b->ph[1].vaddr = VCB_NONE;
	vcb_info_drop(b, "NUMBER(phys_base)");
	expect_fail_b(b, "address 0xffffffff81000000 is not in the vmcore",
		      "x86_64: image address without phys_base");

	init_scen(b, 8, 2, &s);
	b->ph[1].vaddr = VCB_NONE;
	b->ph[2].vaddr = VCB_NONE;
	expect_fail_b(b, "address 0xffff888005001",
		      "x86_64: direct map address without a PAGE_OFFSET");

	/* i386: RAM without a virtual address; PAGE_OFFSET from a low one */
	init_scen(b, 4, 1, &s);
	b->ph[1].vaddr = VCB_NONE;
	b->ph[2] = (struct vcb_ph){ 1, VCB_PO32 + 0x1000, 0x1000, 0x1000, 0, 0 };
	b->nph = 3;
	expect_out_b(b, lockless_out, "i386: direct map via a derived PAGE_OFFSET", NULL);

	/* a range crossing from one PT_LOAD into the next: split RAM in two
	 * in the middle of the data ring */
	init_scen(b, 8, 2, &s);
	b->ph[2].memsz = b->ph[2].filesz = VCB_DYN_DATA + 0x80;
	b->ph[3] = (struct vcb_ph){ 1, vcb_dm(b, VCB_DYN_DATA + 0x80), VCB_PA + VCB_DYN_DATA + 0x80,
				    VCB_RAM - VCB_DYN_DATA - 0x80, VCB_DYN_DATA + 0x80,
				    VCB_RAM - VCB_DYN_DATA - 0x80 };
	b->nph = 4;
	expect_out_b(b, lockless_out, "reads that span two PT_LOADs", NULL);

	/* headers that hold nothing: PT_NULL, an empty PT_LOAD, PT_GNU_STACK */
	init_scen(b, 8, 2, &s);
	b->ph[3] = (struct vcb_ph){ 0, 0, 0, 0, 0, 0 };
	b->ph[4] = (struct vcb_ph){ 1, VCB_IMG_VA64, VCB_PA, 0, 0, 0 };
	b->ph[5] = (struct vcb_ph){ 0x6474e551u, 0, 0, 0, 0, 0 };
	b->nph = 6;
	expect_out_b(b, lockless_out, "PT_NULL, an empty PT_LOAD and PT_GNU_STACK are ignored", NULL);
	free(b);
}

/* e_phnum = PN_XNUM, the count in section header 0's sh_info. */
static uint8_t *with_xnum(const struct vcb *b, size_t *len, int bad_shoff,
			  uint32_t count)
{
	size_t n;
	uint8_t *f = vcb_file(b, &n, NULL), *g;
	int is64 = b->cls == 2;
	size_t shsz = is64 ? 64 : 40;

	g = realloc(f, n + shsz);
	if (!g)
		abort();
	memset(g + n, 0, shsz);
	vcb_put(g + n + (is64 ? 44 : 28), count ? count : b->nph, 4);
	if (is64) {
		vcb_put(g + 40, bad_shoff ? n + shsz : n, 8);
		vcb_put(g + 58, shsz, 2);
		vcb_put(g + 60, 1, 2);
		vcb_put(g + 56, 0xffff, 2);
	} else {
		vcb_put(g + 32, bad_shoff ? n + shsz : n, 4);
		vcb_put(g + 46, shsz, 2);
		vcb_put(g + 48, 1, 2);
		vcb_put(g + 44, 0xffff, 2);
	}
	*len = n + shsz;
	return g;
}

static void test_xnum(void)
{
	struct vcb *b = malloc(sizeof(*b));
	struct scen s = { VCB_LAYOUT_REAL, 16, 0, 0, 0 };
	uint8_t *f;
	size_t len;
	int cls;

	for (cls = 1; cls <= 2; cls++) {
		init_scen(b, cls == 2 ? 8 : 4, cls, &s);
		f = with_xnum(b, &len, 0, 0);
		expect_out(f, len, lockless_out, cls == 2 ? "ELF64 PN_XNUM" : "ELF32 PN_XNUM");
		free(f);
		f = with_xnum(b, &len, 1, 0);
		expect_fail(f, len, "section header 0", "PN_XNUM, section header past the end");
		free(f);
		f = with_xnum(b, &len, 0, (1u << 20) + 1);
		expect_fail(f, len, "1048577 program headers, more than 1048576",
			    "PN_XNUM, 2^20 + 1 program headers");
		free(f);
		f = with_xnum(b, &len, 0, 0xffffffffu);
		expect_fail(f, len, "4294967295 program headers", "PN_XNUM, 2^32 - 1 program headers");
		free(f);
	}
	free(b);
}

/* ---- the record buffer ---- */

static const char old_out[] =
	"[    5.000000] old format\n"
	"[    6.000001] second\n"
	"[    6.000001] line\n"
	"[    7.250000] after wrap \\x1b[0m\n";

static void old_scenario(struct vcb *b, unsigned w, int cls, const char *st)
{
	uint32_t idx, next;

	vcb_init(b, w, cls);
	vcb_old_info(b, st);
	vcb_ram_put(b, VCB_LOGBUF_VAR, vcb_dm(b, VCB_LOGBUF), w);
	vcb_ram_put(b, VCB_LOGLEN_VAR, 256, 4);
	idx = vcb_old_rec(b, 160, 5000000000ull, "old format", "SUBSYSTEM=x");
	idx = vcb_old_rec(b, idx, 6000001000ull, "second\nline", NULL);
	memset(b->ram + VCB_LOGBUF + idx, 0, VCB_OLD_HDR);      /* wrap marker */
	next = vcb_old_rec(b, 0, 7250000000ull, "after wrap \033[0m", NULL);
	/* a stale record where the next one would go: not printed */
	vcb_old_rec(b, next, 1, "stale", NULL);
	vcb_ram_put(b, VCB_FIRST_VAR, 160, 4);
	vcb_ram_put(b, VCB_CLEAR_VAR, 160, 4);
	vcb_ram_put(b, VCB_NEXT_VAR, next, 4);
}

static void test_old_good(void)
{
	struct vcb *b = malloc(sizeof(*b));

	old_scenario(b, 8, 2, "printk_log");
	expect_out_b(b, old_out, "ELF64 x86_64: printk_log records, wrapped", "old-elf64");
	old_scenario(b, 4, 1, "printk_log");
	expect_out_b(b, old_out, "ELF32 i386: printk_log records, wrapped", "old-elf32");
	old_scenario(b, 8, 2, "log");
	expect_out_b(b, old_out, "Linux 3.5-3.10 names (struct log)", NULL);

	old_scenario(b, 8, 2, "printk_log");
	vcb_ram_put(b, VCB_FIRST_VAR, 0, 4);
	expect_out_b(b, "[    7.250000] after wrap \\x1b[0m\n", "first < next, no wrap", NULL);
	old_scenario(b, 8, 2, "printk_log");
	vcb_ram_put(b, VCB_FIRST_VAR, 40, 4);
	vcb_ram_put(b, VCB_NEXT_VAR, 40, 4);
	expect_out_b(b, "", "an empty log", NULL);
	free(b);
}

static void test_old_bad(void)
{
	struct vcb *b = malloc(sizeof(*b));
	uint32_t end;

	old_scenario(b, 8, 2, "printk_log");
	vcb_ram_put(b, VCB_LOGBUF + 160 + 8, 8, 2);
	expect_fail_b(b, "does not fit", "record len smaller than its header");
	old_scenario(b, 8, 2, "printk_log");
	vcb_ram_put(b, VCB_LOGBUF + 160 + 8, 0x2000, 2);
	expect_fail_b(b, "does not fit", "record len past the buffer");
	old_scenario(b, 8, 2, "printk_log");
	vcb_ram_put(b, VCB_LOGBUF + 160 + 10, 200, 2);
	expect_fail_b(b, "text_len 200", "text_len larger than the record");
	old_scenario(b, 8, 2, "printk_log");
	vcb_ram_put(b, VCB_FIRST_VAR, 300, 4);
	expect_fail_b(b, "outside the 256-byte log_buf", "log_first_idx past the buffer");
	old_scenario(b, 8, 2, "printk_log");
	vcb_ram_put(b, VCB_LOGLEN_VAR, 0, 4);
	expect_fail_b(b, "log_buf_len 0", "log_buf_len 0");
	old_scenario(b, 8, 2, "printk_log");
	vcb_ram_put(b, VCB_LOGLEN_VAR, 0xffffffffu, 4);
	expect_fail_b(b, "log_buf_len 4294967295", "log_buf_len 4 GiB");
	old_scenario(b, 8, 2, "printk_log");
	vcb_ram_put(b, VCB_LOGBUF_VAR, 0xffffffffffffff00ull, 8);
	expect_fail_b(b, "wraps", "log_buf at the top of the address space");
	old_scenario(b, 8, 2, "printk_log");
	vcb_ram_put(b, VCB_LOGBUF_VAR, 0xffffc90000000000ull, 8);
	expect_fail_b(b, "address 0xffffc900000000a0 is not in the vmcore",
		      "log_buf not mapped");
	/* the wrap marker replaced by a record running to the end */
	old_scenario(b, 8, 2, "printk_log");
	end = 160 + 40 + 32;
	vcb_ram_put(b, VCB_LOGBUF + end + 8, 256 - end, 2);
	vcb_ram_put(b, VCB_LOGBUF + end + 10, 0, 2);
	expect_fail_b(b, "header at index 256", "no wrap marker: the walk reaches the end");
	/* two wrap markers: a loop */
	old_scenario(b, 8, 2, "printk_log");
	memset(b->ram + VCB_LOGBUF, 0, VCB_OLD_HDR);
	expect_fail_b(b, "unexpected wrap marker", "a second wrap marker");
	/* a record jumping over log_next_idx */
	old_scenario(b, 8, 2, "printk_log");
	vcb_ram_put(b, VCB_NEXT_VAR, 8, 4);
	expect_fail_b(b, "run past log_next_idx", "records past log_next_idx");
	old_scenario(b, 8, 2, "printk_log");
	vcb_info_set(b, "OFFSET(printk_log.text_len)", "15");
	expect_fail_b(b, "do not fit in SIZE(printk_log)=16", "text_len field outside the header");
	old_scenario(b, 8, 2, "printk_log");
	vcb_info_set(b, "SIZE(printk_log)", "100000");
	expect_fail_b(b, "is larger than 256", "SIZE(printk_log) huge");
	old_scenario(b, 8, 2, "printk_log");
	vcb_info_drop(b, "SIZE(printk_log)");
	expect_fail_b(b, "SYMBOL(log_buf) but no SIZE(printk_log)", "no SIZE(printk_log)");
	old_scenario(b, 8, 2, "printk_log");
	vcb_info_drop(b, "SIZE(printk_log)");
	vcb_info_add(b, "SYMBOL(log_end)=ffffffff81000100\n");
	expect_fail_b(b, "before 3.5", "the pre-3.5 format");
	{
		static const char *const keys[] = {
			"SYMBOL(log_buf_len)", "SYMBOL(log_first_idx)",
			"SYMBOL(log_next_idx)", "OFFSET(printk_log.ts_nsec)",
			"OFFSET(printk_log.len)", "OFFSET(printk_log.text_len)",
		};
		size_t k;
		int good = 0;

		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			char want[96];
			size_t len;
			uint8_t *f;

			old_scenario(b, 8, 2, "printk_log");
			vcb_info_drop(b, keys[k]);
			f = vcb_file(b, &len, NULL);
			snprintf(want, sizeof(want), "VMCOREINFO has no %s", keys[k]);
			if (failed_cleanly(run(f, len, &gout, &gerr), want))
				good++;
			else
				printf("# without %s: %s", keys[k], gerr);
			free(f);
		}
		is_intf(good, 6, "each missing old-format key is named (6 keys)");
	}
	free(b);
}

/* ---- hostile headers ---- */

static void put64(uint8_t *f, size_t off, uint64_t v) { vcb_put(f + off, v, 8); }

static void test_headers(void)
{
	struct vcb *b = malloc(sizeof(*b));
	struct scen s = { VCB_LAYOUT_REAL, 16, 0, 0, 0 };
	uint8_t *f, *g;
	size_t len, notes, cut;
	int cls;

	for (cls = 1; cls <= 2; cls++) {
		unsigned w = cls == 2 ? 8 : 4;
		int bad = 0, n = 0;

		init_scen(b, w, cls, &s);
		f = vcb_file(b, &len, &notes);
		/* every byte of the headers and notes, then every 61st, and
		 * the last byte */
		for (cut = 0; cut < len; cut += cut < notes + 16 ? 1 : 61) {
			n++;
			if (!failed_cleanly(run(f, cut, &gout, &gerr), NULL)) {
				if (bad++ < 3)
					printf("# cut at %zu: rc?, stderr \"%s\"\n", cut, gerr);
			}
		}
		n++;
		if (!failed_cleanly(run(f, len - 1, &gout, &gerr), "truncated"))
			bad++;
		ok(bad == 0, "%s: %d truncations each fail cleanly", wname(w, cls), n);
		free(f);
	}

	init_scen(b, 8, 2, &s);
	f = vcb_file(b, &len, &notes);
	g = malloc(len);

	memcpy(g, f, len);
	put64(g, 32, 0xffffffffffffffc0ull);
	expect_fail(g, len, "program headers", "e_phoff near 2^64");
	memcpy(g, f, len);
	vcb_put(g + 56, 0xfffe, 2);
	expect_fail(g, len, "program headers", "e_phnum 65534");
	memcpy(g, f, len);
	vcb_put(g + 56, 0xffff, 2);
	expect_fail(g, len, "PN_XNUM", "e_phnum PN_XNUM without section headers");
	memcpy(g, f, len);
	vcb_put(g + 56, 0, 2);
	expect_fail(g, len, "no program headers", "e_phnum 0");
	memcpy(g, f, len);
	vcb_put(g + 54, 20, 2);
	expect_fail(g, len, "e_phentsize 20", "e_phentsize too small");
	/* PT_NOTE: namesz 0xffffffff */
	memcpy(g, f, len);
	vcb_put(g + 64 + 3 * 56, 0xffffffffu, 4);
	expect_fail(g, len, "runs past the segment", "note namesz 0xffffffff");
	memcpy(g, f, len);
	vcb_put(g + 64 + 3 * 56 + 4, 0xfffffff0u, 4);
	expect_fail(g, len, "runs past the segment", "note descsz 0xfffffff0");
	/* the VMCOREINFO note's descsz one too many */
	memcpy(g, f, len);
	{
		size_t vi = 64 + 3 * 56 + 12 + 8 + 64;   /* after the CORE note */

		vcb_put(g + vi + 4, vcb_get(g + vi + 4, 4) + 4, 4);
		expect_fail(g, len, "runs past the segment", "VMCOREINFO descsz past the PT_NOTE");
	}
	/* PT_LOAD offset + filesz overflows */
	memcpy(g, f, len);
	put64(g, 64 + 56 + 8, 0xfffffffffffff000ull);
	expect_fail(g, len, "truncated: PT_LOAD 1", "PT_LOAD p_offset near 2^64");
	memcpy(g, f, len);
	put64(g, 64 + 56 + 32, VCB_IMG + 0x10000);
	expect_fail(g, len, "truncated: PT_LOAD 1", "PT_LOAD p_filesz past the file");
	memcpy(g, f, len);
	put64(g, 64 + 56 + 40, 0x10);
	expect_fail(g, len, "larger than p_memsz", "PT_LOAD p_filesz > p_memsz");
	memcpy(g, f, len);
	put64(g, 64 + 8, 0xffffffffffff0000ull);
	expect_fail(g, len, "truncated: PT_NOTE 0", "PT_NOTE p_offset past the file");
	/* not ours */
	memcpy(g, f, len);
	g[0] = 'X';
	expect_fail(g, len, "not an ELF file", "bad magic");
	memcpy(g, f, len);
	g[5] = 2;
	expect_fail(g, len, "not a little-endian", "big-endian");
	memcpy(g, f, len);
	g[4] = 3;
	expect_fail(g, len, "ELF class 3", "ELF class 3");
	memcpy(g, f, len);
	vcb_put(g + 16, 2, 2);
	expect_fail(g, len, "not an ELF core file (e_type 2)", "ET_EXEC");
	memcpy(g, f, len);
	vcb_put(g + 18, 183, 2);
	expect_fail(g, len, "not an x86 vmcore (e_machine 183)", "aarch64");
	expect_fail((const uint8_t *)"", 0, "not an ELF file (0 bytes)", "an empty file");
	free(g);
	free(f);

	init_scen(b, 8, 2, &s);
	b->no_info_note = 1;
	expect_fail_b(b, "no VMCOREINFO note", "no VMCOREINFO note");
	init_scen(b, 8, 2, &s);
	b->info[0] = '\0';
	vcb_info_add(b, "OSRELEASE=6.12.0\n");
	expect_fail_b(b, "neither SYMBOL(prb) nor SYMBOL(log_buf)", "VMCOREINFO without a log");

	/* a file name with a newline stays one line */
	{
		char saved[sizeof(path)], want[400];
		uint8_t x = 0;
		int rc;

		memcpy(saved, path, sizeof(path));
		snprintf(path, sizeof(path), "%s/two\nlines", dir);
		snprintf(want, sizeof(want), "vmcore-dmesg: %s/two?lines: not an ELF file (1 bytes)\n", dir);
		rc = run(&x, 1, &gout, &gerr);
		ok(rc == 1 && strcmp(gerr, want) == 0, "a file name with a newline: still one line");
		unlink(path);
		memcpy(path, saved, sizeof(path));
	}
	free(b);
}

/* ---- hostile lockless rings ---- */

static void test_lockless_bad(void)
{
	static const char *const keys[] = {
		"SYMBOL(prb)", "OFFSET(printk_ringbuffer.desc_ring)",
		"OFFSET(printk_ringbuffer.text_data_ring)",
		"OFFSET(prb_desc_ring.count_bits)", "OFFSET(prb_desc_ring.descs)",
		"OFFSET(prb_desc_ring.infos)", "SIZE(prb_desc)",
		"OFFSET(prb_desc.state_var)", "OFFSET(prb_desc.text_blk_lpos)",
		"OFFSET(prb_data_blk_lpos.begin)", "OFFSET(prb_data_blk_lpos.next)",
		"OFFSET(prb_data_ring.size_bits)", "OFFSET(prb_data_ring.data)",
		"SIZE(printk_info)", "OFFSET(printk_info.ts_nsec)",
		"OFFSET(printk_info.text_len)", "OFFSET(atomic_long_t.counter)",
	};
	struct vcb *b = malloc(sizeof(*b));
	struct scen s = { VCB_LAYOUT_REAL, 16, 0, 0, 0 };
	const struct vcb_layout *l = &b->l;
	uint64_t rb = VCB_RB, at;
	size_t k;
	int good = 0;

	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		char want[96];
		size_t len;
		uint8_t *f;

		init_scen(b, 8, 2, &s);
		vcb_info_drop(b, keys[k]);
		f = vcb_file(b, &len, NULL);
		snprintf(want, sizeof(want), "VMCOREINFO has no %s", keys[k]);
		/* SYMBOL(prb) gone: no log format at all */
		if (k == 0)
			snprintf(want, sizeof(want), "neither SYMBOL(prb) nor SYMBOL(log_buf)");
		if (failed_cleanly(run(f, len, &gout, &gerr), want))
			good++;
		else
			printf("# without %s: %s", keys[k], gerr);
		free(f);
	}
	is_intf(good, (int)(sizeof(keys) / sizeof(keys[0])),
		"each missing lockless key fails and is named (%zu keys)",
		sizeof(keys) / sizeof(keys[0]));

	init_scen(b, 8, 2, &s);
	vcb_info_drop(b, "OFFSET(prb_desc_ring.head_id)");
	vcb_info_drop(b, "OFFSET(printk_info.seq)");
	expect_fail_b(b, "VMCOREINFO has no OFFSET(printk_info.seq)",
		      "the slot walk needs printk_info.seq");

	init_scen(b, 8, 2, &s);
	vcb_ram_put(b, VCB_PRB_VAR, 0, 8);
	expect_fail_b(b, "the printk_ringbuffer pointer is NULL", "prb NULL");
	init_scen(b, 8, 2, &s);
	vcb_ram_put(b, VCB_PRB_VAR, 0xfffffffffffff800ull, 8);
	expect_fail_b(b, "printk_ringbuffer at 0xfffffffffffff800", "prb at the top of the address space");
	init_scen(b, 8, 2, &s);
	vcb_info_set(b, "SYMBOL(prb)", "ffffffff9f000000");
	expect_fail_b(b, "address 0xffffffff9f000000 is not in the vmcore",
		      "SYMBOL(prb) not in any PT_LOAD");
	init_scen(b, 8, 2, &s);
	vcb_info_set(b, "SYMBOL(prb)", "ffffffff8100zz00");
	expect_fail_b(b, "the value of SYMBOL(prb) is not a hexadecimal number",
		      "SYMBOL(prb) not a number");
	init_scen(b, 8, 2, &s);
	vcb_info_set(b, "SYMBOL(prb)", "1ffffffff81000000");
	expect_fail_b(b, "not a hexadecimal number", "SYMBOL(prb) over 64 bits");
	init_scen(b, 8, 2, &s);
	vcb_info_set(b, "OFFSET(prb_desc.state_var)", "-8");
	expect_fail_b(b, "is larger than 4096", "a negative offset");
	init_scen(b, 8, 2, &s);
	vcb_info_set(b, "NUMBER(phys_base)", "12x");
	expect_fail_b(b, "NUMBER(phys_base) is not a decimal number", "phys_base not a number");

	init_scen(b, 8, 2, &s);
	vcb_ram_put(b, rb + l->rb_desc_ring + l->dr_count_bits, 63, 4);
	expect_fail_b(b, "count_bits is 63, more than 30", "count_bits 63");
	init_scen(b, 8, 2, &s);
	vcb_ram_put(b, rb + l->rb_text_ring + l->tr_size_bits, 40, 4);
	expect_fail_b(b, "size_bits is 40, more than 31", "size_bits 40");
	init_scen(b, 8, 2, &s);
	vcb_prb_ptr(b, l->rb_desc_ring, l->dr_infos, 0xffffc90000100000ull);
	expect_fail_b(b, "address 0xffffc900001000", "infos not mapped");
	init_scen(b, 8, 2, &s);
	vcb_prb_ptr(b, l->rb_desc_ring, l->dr_descs, 0xffffffffffffff00ull);
	expect_fail_b(b, "descriptor array at 0xffffffffffffff00", "descs wrap the address space");
	init_scen(b, 8, 2, &s);
	vcb_prb_ptr(b, l->rb_text_ring, l->tr_data, 0);
	expect_fail_b(b, "the data ring's data pointer is NULL", "data pointer NULL");
	init_scen(b, 8, 2, &s);
	vcb_prb_ids(b, 16 + 1, 16 + 1 + 16);
	expect_fail_b(b, "is 16 ids past its tail_id", "head_id 16 ids past tail_id");
	init_scen(b, 8, 2, &s);
	vcb_prb_lpos(b, 0, 4096);
	expect_fail_b(b, "head_lpos 0x1000 is 4096 bytes past", "head_lpos - tail_lpos > size");

	/* the wrap record (id 23, slot 7) made impossible */
	at = VCB_DESCS + 7 * l->desc_size + l->desc_lpos;
	init_scen(b, 8, 2, &s);
	vcb_ram_put(b, at + l->lpos_next, 0x10000, 8);
	expect_fail_b(b, "descriptor 7: text block", "lpos next far beyond the ring");
	init_scen(b, 8, 2, &s);
	vcb_ram_put(b, at + l->lpos_begin, vcb_get(b->ram + at + l->lpos_begin, 8) + 4, 8);
	expect_fail_b(b, "is not 8-byte aligned", "lpos begin misaligned");
	init_scen(b, 8, 2, &s);
	vcb_ram_put(b, at + l->lpos_begin, 5 * 256 + 8, 8);
	vcb_ram_put(b, at + l->lpos_next, 5 * 256 + 80, 8);
	expect_fail_b(b, "is outside the data ring's [tail_lpos", "block after head_lpos");
	init_scen(b, 8, 2, &s);
	vcb_ram_put(b, at + l->lpos_begin, 2 * 256, 8);
	vcb_ram_put(b, at + l->lpos_next, 2 * 256 + 72, 8);
	expect_fail_b(b, "is outside the data ring's [tail_lpos", "block before tail_lpos");
	init_scen(b, 8, 2, &s);
	vcb_ram_put(b, at + l->lpos_next, vcb_get(b->ram + at + l->lpos_begin, 8), 8);
	expect_fail_b(b, "does not fit in the 256-byte data ring", "empty non-dataless block");
	init_scen(b, 8, 2, &s);
	vcb_ram_put(b, VCB_INFOS + 7 * l->info_size + l->info_tlen, 65, 2);
	expect_fail_b(b, "text_len 65 does not fit in its 72-byte block", "text_len larger than the block");
	/* without the lpos check, id 20 (slot 4) given a 200-byte block:
	 * the blocks add up to more than the ring */
	init_scen(b, 8, 2, &s);
	vcb_info_drop(b, "OFFSET(prb_data_ring.head_lpos)");
	at = VCB_DESCS + 4 * l->desc_size + l->desc_lpos;
	vcb_ram_put(b, at + l->lpos_next, vcb_get(b->ram + at + l->lpos_begin, 8) + 200, 8);
	expect_fail_b(b, "add up to more than the 256-byte data ring", "overlapping blocks");

	/* the slot walk: seqs out of order */
	init_scen(b, 8, 2, &s);
	vcb_info_drop(b, "OFFSET(prb_desc_ring.head_id)");
	vcb_ram_put(b, VCB_INFOS + 4 * l->info_size + l->info_seq, 1, 8);
	expect_fail_b(b, "is not in order", "slot walk: seq going backwards");

	/* SIZE(atomic_long_t) that is not the word */
	init_scen(b, 8, 2, &s);
	vcb_info_set(b, "SIZE(atomic_long_t)", "4");
	expect_fail_b(b, "atomic_long_t is 4 bytes", "SIZE(atomic_long_t) 4 on x86_64");
	init_scen(b, 8, 2, &s);
	vcb_info_set(b, "OFFSET(prb_desc.state_var)", "20");
	expect_fail_b(b, "do not fit in SIZE(prb_desc)=24", "state_var outside prb_desc");
	init_scen(b, 8, 2, &s);
	vcb_info_set(b, "SIZE(printk_info)", "5000");
	expect_fail_b(b, "SIZE(printk_info)=5000 is larger than 4096", "SIZE(printk_info) huge");
	free(b);
}

/* ---- the command line ---- */

static int run_args(int argc, char **argv)
{
	size_t ol = 0, el = 0;
	FILE *o, *e;
	int rc;

	free(gout);
	free(gerr);
	o = open_memstream(&gout, &ol);
	e = open_memstream(&gerr, &el);
	rc = vmcore_dmesg_main(argc, argv, o, e);
	fclose(o);
	fclose(e);
	return rc;
}

static void test_cli(void)
{
	char *help[] = { (char *)"vmcore-dmesg", (char *)"--help", NULL };
	char *ver[] = { (char *)"vmcore-dmesg", (char *)"--version", NULL };
	char *bad[] = { (char *)"vmcore-dmesg", (char *)"--bogus", NULL };
	char *two[] = { (char *)"vmcore-dmesg", (char *)"a", (char *)"b", NULL };
	char nofile[320];
	char *missing[] = { (char *)"vmcore-dmesg", (char *)"--", nofile, NULL };
	int rc;

	rc = run_args(2, help);
	ok(rc == 0 && strstr(gout, "Usage: vmcore-dmesg [FILE]") && gerr[0] == '\0',
	   "--help: usage on stdout, exit 0");
	rc = run_args(2, ver);
	ok(rc == 0 && strncmp(gout, "vmcore-dmesg (kexec-jump) ", 26) == 0,
	   "--version");
	rc = run_args(2, bad);
	ok(rc == 1 && gout[0] == '\0' && strcmp(gerr,
	   "vmcore-dmesg: unknown option '--bogus' (see vmcore-dmesg --help)\n") == 0,
	   "an unknown option: exit 1, one line");
	rc = run_args(3, two);
	ok(rc == 1 && strchr(gerr, '\n') == gerr + strlen(gerr) - 1,
	   "two files: exit 1, one line");
	snprintf(nofile, sizeof(nofile), "%s/-no-such-file", dir);
	rc = run_args(3, missing);
	ok(rc == 1 && strstr(gerr, "-no-such-file: No such file or directory\n"),
	   "a missing file after --: exit 1, the reason");
	rc = run_args(2, (char *[]){ (char *)"vmcore-dmesg", dir, NULL });
	ok(rc == 1 && strstr(gerr, "Is a directory"), "a directory: exit 1");

	/* output that cannot be written: exit 1 and say so */
	{
		struct vcb *b = malloc(sizeof(*b));
		struct scen s = { VCB_LAYOUT_REAL, 16, 0, 0, 0 };
		char *argv[] = { (char *)"vmcore-dmesg", path, NULL };
		FILE *full = fopen("/dev/full", "w");
		size_t len, el = 0;
		uint8_t *f;
		FILE *e;

		init_scen(b, 8, 2, &s);
		f = vcb_file(b, &len, NULL);
		write_file(path, f, len);
		free(f);
		free(b);
		free(gerr);
		gerr = NULL;
		e = open_memstream(&gerr, &el);
		rc = full ? vmcore_dmesg_main(2, argv, full, e) : -1;
		fclose(e);
		if (full)
			fclose(full);
		ok(rc == 1 && strcmp(gerr, "vmcore-dmesg: writing the log: "
				     "No space left on device\n") == 0,
		   "stdout on /dev/full: exit 1, one line");
		if (rc != 1)
			printf("#   rc %d, stderr \"%s\"\n", rc, gerr);
	}
}

int main(void)
{
	snprintf(dir, sizeof(dir), "%s/t-vmcore.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/vmcore", dir);

	test_lockless_good();
	test_translation();
	test_xnum();
	test_old_good();
	test_lockless_bad();
	test_old_bad();
	test_headers();
	test_cli();

	unlink(path);
	rmdir(dir);
	free(gout);
	free(gerr);
	return tap_done();
}
