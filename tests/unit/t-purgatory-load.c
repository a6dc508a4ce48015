/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-purgatory-load.c - kexec/purgatory-load.c: placing the purgatory and
 * its parameter block, and relocating the embedded purgatory objects.
 *
 * Two kinds of object:
 * - synthetic ones (relbuild.h) with a hand-computed layout, to check
 *   purgatory_setup() field by field and its error paths;
 * - the real embedded blobs (when kexec/purgatory-blob.h exists), checked
 *   with a small ELF reader written here independently of elf-rel.c: the
 *   relocated image at three bases must equal the section bytes plus each
 *   relocation recomputed from its psABI formula, and two bases must differ
 *   only at relocation sites, by the base delta at absolute sites.
 * Parameter block offsets are written as literal numbers (the ABI's), not
 * taken from the KJ_PP_OFF_* macros.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "relbuild.h"
#include "elf-rel.h"
#include "memmap.h"
#include "plan.h"
#include "purgatory-abi.h"
#include "purgatory-load.h"
#include "sha256.h"
#include "sha256-ref.h"

#if defined(__has_include)
#if __has_include("purgatory-blob.h")
#include "purgatory-blob.h"
#define HAVE_BLOB 1
#endif
#endif

typedef unsigned long long ull;

static uint64_t getle(const uint8_t *b, int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | b[n];
	return v;
}

/* ---- fixtures ---- */

static void std_memmap(struct memmap *m)
{
	struct diag d = { 0 };

	memset(m, 0, sizeof(*m));
	memmap_add(&d, m, 0x1000, 0x9ffff, MEM_RAM);
	memmap_add(&d, m, 0x100000, 0xbfffffff, MEM_RAM);
	memmap_add(&d, m, 0xc0000000, 0xffffffff, MEM_RESERVED);
	memmap_add(&d, m, 0x100000000ull, 0x13fffffffull, MEM_RAM);
	m->source = "test";
}

static uint8_t prog0[10000], prog1[100];

/* Two program segments: 10000 bytes at 16 MiB (memsz 0x4000), 100 bytes
 * at 32 MiB (memsz 0x10000); entry 16 MiB + 0x10. */
static void std_plan(struct plan *p)
{
	struct diag d = { 0 };
	size_t i;

	for (i = 0; i < sizeof(prog0); i++)
		prog0[i] = (uint8_t)(i * 13 + 5);
	for (i = 0; i < sizeof(prog1); i++)
		prog1[i] = (uint8_t)(0xee - i);
	plan_init(p);
	plan_add(p, &d, prog0, sizeof(prog0), 0x1000000, 0x4000, "prog #0", 0);
	plan_add(p, &d, prog1, sizeof(prog1), 0x2000000, 0x10000, "prog #1", 0);
	p->entry = 0x1000010;
	snprintf(p->entry_what, sizeof(p->entry_what), "e_entry");
	p->arch = KEXEC_ARCH_X86_64;
}

/* Synthetic purgatory: .text 64 (align 16) at image 0, .data 32 (align 8)
 * at 64, .bss 4096 (align 16) at 96; image 4192 bytes = 2 pages.
 * Symbols: purgatory_start = .text+0, kj_params_pa = .data+8 (size
 * @pa_size), kj_stack_top = .bss+@stack_off (if @stack_off >= 0).
 * Relocations: .text+0x10 R_X86_64_32S / R_386_32 -> kj_params_pa,
 * .data+0 R_X86_64_64 / R_386_32 -> purgatory_start. */
#define SYN_LEN 4192
#define SYN_DATA 64
static uint8_t syn_text[64], syn_data[32];

static struct rb_out synth(int cls, int with_pa, uint64_t pa_size,
			   long stack_off)
{
	struct rb_spec s;
	struct rb_out o;
	uint32_t y_pa = 0, y_start;

	memset(syn_text, 0xcc, sizeof(syn_text));
	memset(syn_data, 0x11, sizeof(syn_data));
	memset(&s, 0, sizeof(s));
	s.cls = cls;
	s.nsec = 3;
	s.sec[0] = (struct rb_sec){ ".text", RB_PROGBITS, RB_ALLOC | RB_EXEC,
		16, syn_text, sizeof(syn_text) };
	s.sec[1] = (struct rb_sec){ ".data", RB_PROGBITS, RB_ALLOC | RB_WRITE,
		8, syn_data, sizeof(syn_data) };
	s.sec[2] = (struct rb_sec){ ".bss", RB_NOBITS, RB_ALLOC | RB_WRITE,
		16, NULL, 4096 };
	s.sym[s.nsym++] = (struct rb_sym){ "purgatory_start", 0, 0, 0, 1, 2 };
	y_start = (uint32_t)s.nsym;
	if (with_pa) {
		s.sym[s.nsym++] = (struct rb_sym){ "kj_params_pa", 1, 8,
			pa_size, 1, 1 };
		y_pa = (uint32_t)s.nsym;
	}
	if (stack_off >= 0)
		s.sym[s.nsym++] = (struct rb_sym){ "kj_stack_top", 2,
			(uint64_t)stack_off, 0, 1, 0 };
	if (y_pa)
		s.rel[s.nrel++] = (struct rb_rel){ 0, 0x10,
			cls == 2 ? R_X86_64_32S : R_386_32, y_pa, 0 };
	s.rel[s.nrel++] = (struct rb_rel){ 1, 0,
		cls == 2 ? R_X86_64_64 : R_386_32, y_start, 0 };
	rb_build(&s, &o);
	return o;
}

static const struct segment *find_seg(const struct plan *p, const char *what)
{
	size_t i;

	for (i = 0; i < p->nseg; i++)
		if (strcmp(p->seg[i].what, what) == 0)
			return &p->seg[i];
	return NULL;
}

/* ---- purgatory_setup with synthetic objects ---- */

static void test_setup(int cls)
{
	struct rb_out o = synth(cls, 1, 8, 4096);
	struct purgatory_opts po;
	struct purgatory_placed pl;
	struct plan p;
	struct memmap m;
	struct diag d = { 0 };
	const struct segment *ps, *is;
	const uint8_t *b;
	uint8_t dig[32];
	/* hand computation: 896 + "console=ttyS0 hello\0" (20) = 916,
	 * output buffer at 928 (16-aligned), used 928 + 4096 = 5024,
	 * 2 pages; top-down below 2 GiB: params 0x7fffe000, image (4192
	 * bytes, 2 pages) 0x7fffc000. */
	const uint64_t ppa = 0x7fffe000, ipa = 0x7fffc000;
	static const char text[] = "console=ttyS0 hello";
	int rc, bits = cls == 2 ? 64 : 32;
	size_t i;

	std_memmap(&m);
	std_plan(&p);
	purgatory_opts_init(&po);
	po.kernel_64 = cls == 2;
	po.entry = 0x1000010;
	po.append = text;
	po.blob = o.buf;
	po.blob_len = o.len;
	memset(&pl, 0xa5, sizeof(pl));
	rc = purgatory_setup(&d, &p, &m, &po, &pl);
	if (!ok(rc == 0, "ELF%d synthetic: purgatory_setup succeeds", bits)) {
		printf("#   %s\n", d.msg);
		goto out;
	}
	is_int(p.nseg, 4, "two segments added");
	ps = find_seg(&p, "purgatory params");
	is = find_seg(&p, "purgatory");
	if (!ok(ps && is, "segments labelled \"purgatory params\" and \"purgatory\""))
		goto out;
	is_u64(ps->mem, ppa, "params at the highest free pages below 2 GiB");
	is_u64(ps->memsz, 0x2000, "params memsz 2 pages");
	is_int(ps->bufsz, 5120, "params bufsz 5120");
	is_u64(is->mem, ipa, "purgatory right below the params");
	is_u64(is->memsz, 0x2000, "purgatory memsz 2 pages");
	is_int(is->bufsz, SYN_LEN, "purgatory bufsz = image length");
	ok(ps->owned && is->owned, "plan owns both buffers");
	is_u64(p.entry, ipa + 0, "plan entry = purgatory_start");
	is_str(p.entry_what, "purgatory", "entry_what");
	is_u64(pl.params_pa, ppa, "placed.params_pa");
	is_int(pl.params_len, 5120, "placed.params_len");
	is_u64(pl.params_memsz, 0x2000, "placed.params_memsz");
	is_int(pl.out_off, 1024, "placed.out_off");
	is_int(pl.out_size, 4096, "placed.out_size");
	is_u64(pl.image_pa, ipa, "placed.image_pa");
	is_u64(pl.image_memsz, 0x2000, "placed.image_memsz");
	is_u64(pl.entry, ipa, "placed.entry");

	/* the relocated image */
	b = is->buf;
	is_u64(getle(b + SYN_DATA + 8, 8), ppa, "kj_params_pa patched with the params address");
	is_u64(getle(b + 0x10, 4), ipa + SYN_DATA + 8,
	       ".text+0x10 relocated to &kj_params_pa for this base");
	is_u64(getle(b + SYN_DATA, cls == 2 ? 8 : 4), ipa,
	       ".data+0 relocated to purgatory_start");

	/* the block, field by field (literal ABI offsets) */
	b = ps->buf;
	is_u64(getle(b + 0, 4), 0x42504a4b, "magic");
	ok(memcmp(b, "KJPB", 4) == 0, "magic bytes \"KJPB\"");
	is_u64(getle(b + 4, 4), 5, "version 5");
	is_u64(getle(b + 8, 4), 992, "size 992");
	is_u64(getle(b + 12, 4), 0x4, "flags = VERIFY_ONCE");
	is_u64(getle(b + 16, 8), 0, "call_count 0");
	is_u64(getle(b + 24, 8), 0x1000010, "entry = the program's");
	is_u64(getle(b + 32, 8), 0, "jump_back 0");
	is_u64(getle(b + 40, 8), ipa + 96 + 4096, "stack_top = kj_stack_top (.bss end)");
	is_u64(getle(b + 48, 4), 992, "append_off 992");
	is_u64(getle(b + 52, 4), 20, "append_size 20 (with NUL)");
	is_u64(getle(b + 56, 4), 1024, "out_off 1024");
	is_u64(getle(b + 60, 4), 4096, "out_size 4096");
	is_u64(getle(b + 64, 4), 0, "out_len 0");
	is_u64(getle(b + 68, 4), 0, "ret 0");
	is_u64(getle(b + 72, 4), 0, "status 0 (NONE)");
	is_u64(getle(b + 76, 4), 0, "bad_region 0");
	is_u64(getle(b + 80, 2), 0x3f8, "serial_port 0x3f8");
	is_u64(getle(b + 82, 2), 0, "reserved0");
	is_u64(getle(b + 84, 4), 115200, "serial_baud 115200");
	is_u64(getle(b + 88, 4), 2, "nr_regions 2");
	is_u64(getle(b + 92, 4), 0, "boot_params 0 in program mode");
	for (i = 96; i < 128 && b[i] == 0; i++)
		;
	is_int(i, 128, "bad_sha256 zero");
	is_u64(getle(b + 128, 8), 0x1000000, "region 0 start");
	is_u64(getle(b + 136, 8), 10000, "region 0 len = bufsz");
	sha256(prog0, sizeof(prog0), dig);
	ok(memcmp(b + 144, dig, 32) == 0, "region 0 sha256 = sha256(segment bytes)");
	is_u64(getle(b + 176, 8), 0x2000000, "region 1 start");
	is_u64(getle(b + 184, 8), 100, "region 1 len");
	sha256(prog1, sizeof(prog1), dig);
	ok(memcmp(b + 192, dig, 32) == 0, "region 1 sha256");
	for (i = 224; i < 992 && b[i] == 0; i++)
		;
	is_int(i, 992, "unused regions and the boot fields zero");
	ok(memcmp(b + 992, text, sizeof(text)) == 0, "append text + NUL at 992");
	for (i = 1012; i < 5120 && b[i] == 0; i++)
		;
	is_int(i, 5120, "padding and output buffer zero");
	{
		uint64_t al[5120 / 8 + 1];

		memcpy(al, b, 5120);
		is_int(purgatory_params_check((const struct purgatory_params *)al, 5120),
		       KJ_PP_CHK_OK, "purgatory_params_check() accepts the block");
	}
	rc = plan_finalize(&p, &d, &m, 0);
	ok(rc == 0, "plan_finalize accepts the plan (entry in the purgatory)");
	if (rc)
		printf("#   %s\n", d.msg);
out:
	plan_free(&p);
	memmap_free(&m);
	free(o.buf);
}

/* Variants of the options: flags, no text, no buffer, serial. */
static void test_variants(void)
{
	struct rb_out o = synth(2, 1, 8, -1);
	struct purgatory_opts po;
	struct purgatory_placed pl;
	struct plan p;
	struct memmap m;
	struct diag d = { 0 };
	const struct segment *ps;
	static const struct { int nc, cs; uint32_t want; } fl[] = {
		{ 0, 0, 4 }, { 1, 0, 5 }, { 0, 1, 6 }, { 1, 1, 7 },
	};
	size_t i;
	int rc;

	std_memmap(&m);
	for (i = 0; i < 4; i++) {
		std_plan(&p);
		purgatory_opts_init(&po);
		po.kernel_64 = 1;
		po.entry = 0x2000000;
		po.no_checks = fl[i].nc;
		po.console_serial = fl[i].cs;
		po.blob = o.buf;
		po.blob_len = o.len;
		rc = purgatory_setup(&d, &p, &m, &po, NULL);
		ps = find_seg(&p, "purgatory params");
		ok(rc == 0 && ps && getle((const uint8_t *)ps->buf + 12, 4) == fl[i].want,
		   "no_checks %d console_serial %d -> flags %u", fl[i].nc,
		   fl[i].cs, fl[i].want);
		if (i == 0 && ps) {
			const uint8_t *b = ps->buf;

			is_u64(getle(b + 40, 8), 0, "no kj_stack_top: stack_top 0");
			is_u64(getle(b + 24, 8), 0x2000000, "entry at the second segment");
			is_u64(getle(b + 48, 4), 0, "no append: append_off 0");
			is_u64(getle(b + 52, 4), 0, "no append: append_size 0");
			is_u64(getle(b + 56, 4), 992, "output buffer right after the block (992)");
			is_int(ps->bufsz, 992 + 4096, "bufsz 5088");
		}
		plan_free(&p);
	}

	std_plan(&p);
	purgatory_opts_init(&po);
	po.kernel_64 = 1;
	po.entry = 0x1000000;
	po.out_size = 0;
	po.append = "";
	po.serial_port = 0x2f8;
	po.serial_baud = 9600;
	po.blob = o.buf;
	po.blob_len = o.len;
	rc = purgatory_setup(&d, &p, &m, &po, &pl);
	ps = find_seg(&p, "purgatory params");
	if (ok(rc == 0 && ps, "empty append, no output buffer")) {
		const uint8_t *b = ps->buf;

		is_u64(getle(b + 48, 4), 992, "empty text: append_off 992");
		is_u64(getle(b + 52, 4), 1, "empty text: append_size 1 (the NUL)");
		is_u64(getle(b + 56, 4), 0, "no buffer: out_off 0");
		is_u64(getle(b + 60, 4), 0, "no buffer: out_size 0");
		is_u64(getle(b + 80, 2), 0x2f8, "serial_port 0x2f8");
		is_u64(getle(b + 84, 4), 9600, "serial_baud 9600");
		is_int(ps->bufsz, 993, "bufsz 993");
		is_int(pl.params_len, 993, "params_len 993");
		is_u64(ps->memsz, 0x1000, "one page");
		is_u64(ps->mem, 0x7ffff000, "one page below 2 GiB");
		is_u64(pl.image_pa, 0x7fffd000, "image below it");
	}
	plan_free(&p);
	memmap_free(&m);
	free(o.buf);
}

/* Failing setups leave the plan exactly as it was. */
static void expect_setup_fail(struct plan *p, const struct memmap *m,
			      const struct purgatory_opts *po,
			      const char *needle, const char *desc)
{
	struct diag d = { 0 };
	size_t n = p->nseg;
	uint64_t entry = p->entry;
	int rc;

	rc = purgatory_setup(&d, p, m, po, NULL);
	ok(rc < 0 && rc == d.rc, "%s: fails", desc);
	has_str(d.msg, needle, desc);
	ok(p->nseg == n && p->entry == entry &&
	   strcmp(p->entry_what, "e_entry") == 0,
	   "%s: plan unchanged", desc);
}

static void test_errors(void)
{
	struct rb_out o = synth(2, 1, 8, -1), o32 = synth(1, 1, 8, -1);
	struct rb_out nopa = synth(2, 0, 8, -1), pa4 = synth(2, 1, 4, -1);
	struct rb_out stk = synth(2, 1, 8, 4088);
	struct purgatory_opts po;
	struct plan p;
	struct memmap m, small, high;
	struct diag d = { 0 };
	char *big;
	size_t i;
	int rc;

	std_memmap(&m);
	std_plan(&p);
	purgatory_opts_init(&po);
	po.kernel_64 = 1;
	po.entry = 0x1000010;
	po.blob = o.buf;
	po.blob_len = o.len;

	po.entry = 0x1004000;
	expect_setup_fail(&p, &m, &po, "program entry 0x1004000 is not inside",
			  "entry just past segment 0's memsz");
	po.entry = 0x1000010;
	po.kernel_64 = 0;
	expect_setup_fail(&p, &m, &po, "needs an ELF32 purgatory",
			  "ELF64 object for an i386 kernel");
	po.kernel_64 = 1;
	po.blob = o32.buf;
	po.blob_len = o32.len;
	expect_setup_fail(&p, &m, &po, "needs an ELF64 purgatory",
			  "ELF32 object for an x86_64 kernel");
	po.blob = nopa.buf;
	po.blob_len = nopa.len;
	expect_setup_fail(&p, &m, &po, "no global symbol 'kj_params_pa'",
			  "object without kj_params_pa");
	po.blob = pa4.buf;
	po.blob_len = pa4.len;
	expect_setup_fail(&p, &m, &po, "must be an 8-byte variable",
			  "kj_params_pa of 4 bytes");
	po.blob = stk.buf;
	po.blob_len = stk.len;
	expect_setup_fail(&p, &m, &po, "not 16-byte aligned",
			  "kj_stack_top not 16-byte aligned");
	po.blob = o.buf;
	po.blob_len = o.len - 1;
	expect_setup_fail(&p, &m, &po, "section header table",
			  "truncated object");
	po.blob_len = o.len;

	po.corrupt_segment = 2;
	expect_setup_fail(&p, &m, &po, "corrupt-segment test hook: 2",
			  "corrupt_segment past the program segments");
	po.corrupt_segment = -2;
	expect_setup_fail(&p, &m, &po, "corrupt-segment", "corrupt_segment -2");
	po.corrupt_segment = -1;

	big = malloc(PURGATORY_MAX_APPEND + 2);
	memset(big, 'a', PURGATORY_MAX_APPEND + 1);
	big[PURGATORY_MAX_APPEND + 1] = '\0';
	po.append = big;
	expect_setup_fail(&p, &m, &po, "too long", "--append of 1 MiB + 1");
	big[PURGATORY_MAX_APPEND] = '\0';
	rc = purgatory_setup(&d, &p, &m, &po, NULL);
	ok(rc == 0 && p.nseg == 4, "--append of exactly 1 MiB is accepted");
	plan_free(&p);
	std_plan(&p);
	free(big);
	po.append = NULL;
	po.out_size = 0xffffffffu;
	expect_setup_fail(&p, &m, &po, "too large", "4 GiB output buffer");
	po.out_size = 4096;

	/* no room: RAM only above 2 GiB */
	memset(&high, 0, sizeof(high));
	memmap_add(&d, &high, 0x80000000, 0xbfffffff, MEM_RAM);
	expect_setup_fail(&p, &high, &po, "purgatory parameter block: no free System RAM",
			  "no RAM below 2 GiB");
	/* room for the params (2 pages) but not for the purgatory: the
	 * params segment already added must be taken out again */
	memset(&small, 0, sizeof(small));
	memmap_add(&d, &small, 0x100000, 0x101fff, MEM_RAM);
	expect_setup_fail(&p, &small, &po, "purgatory: no free System RAM",
			  "no room for the purgatory after the params");

	/* segment count: 14 program segments fit (16 in all), 15 do not */
	plan_free(&p);
	plan_init(&p);
	snprintf(p.entry_what, sizeof(p.entry_what), "e_entry");
	for (i = 0; i < 15; i++)
		plan_add(&p, &d, prog1, sizeof(prog1), 0x3000000 + i * 0x10000,
			 0x1000, "prog", 0);
	po.entry = 0x3000000;
	expect_setup_fail(&p, &m, &po,
			  "the program has 15 segments; with the purgatory and its parameter block that makes 17, but the kernel accepts at most 16",
			  "15 program segments");
	p.nseg = 14;
	rc = purgatory_setup(&d, &p, &m, &po, NULL);
	ok(rc == 0 && p.nseg == 16, "14 program segments: 16 in all");
	ok(rc == 0 && plan_finalize(&p, &d, &m, 0) == 0, "and plan_finalize accepts 16");
	plan_free(&p);
	plan_init(&p);
	snprintf(p.entry_what, sizeof(p.entry_what), "e_entry");
	expect_setup_fail(&p, &m, &po, "no segments", "empty plan");

	/* a segment with bufsz 0 cannot be corrupted */
	plan_add(&p, &d, NULL, 0, 0x3000000, 0x1000, "bss-only", 0);
	po.corrupt_segment = 0;
	expect_setup_fail(&p, &m, &po, "corrupt-segment", "corrupt a segment without data");
	po.corrupt_segment = -1;
	plan_free(&p);

	memmap_free(&m);
	memmap_free(&small);
	memmap_free(&high);
	free(o.buf);
	free(o32.buf);
	free(nopa.buf);
	free(pa4.buf);
	free(stk.buf);
}

/* The corrupt_segment hook flips one byte of a private copy after the
 * digest was taken. */
static void test_corrupt(void)
{
	struct rb_out o = synth(2, 1, 8, -1);
	struct purgatory_opts po;
	struct plan p;
	struct memmap m;
	struct diag d = { 0 };
	uint8_t saved[sizeof(prog1)], dig[32], *owned;
	const struct segment *ps;
	const uint8_t *c;
	size_t i, ndiff = 0, at = 0;
	int rc;

	std_memmap(&m);
	std_plan(&p);
	memcpy(saved, prog1, sizeof(prog1));
	purgatory_opts_init(&po);
	po.kernel_64 = 1;
	po.entry = 0x1000010;
	po.blob = o.buf;
	po.blob_len = o.len;
	po.corrupt_segment = 1;
	rc = purgatory_setup(&d, &p, &m, &po, NULL);
	if (!ok(rc == 0, "corrupt hook: setup succeeds")) {
		printf("#   %s\n", d.msg);
		goto out;
	}
	ok(memcmp(prog1, saved, sizeof(prog1)) == 0, "the caller's buffer is not modified");
	ok(p.seg[1].buf != prog1 && p.seg[1].owned, "segment 1 now points to an owned copy");
	is_int(p.seg[1].bufsz, sizeof(prog1), "same bufsz");
	c = p.seg[1].buf;
	for (i = 0; i < sizeof(prog1); i++)
		if (c[i] != saved[i]) {
			ndiff++;
			at = i;
		}
	is_int(ndiff, 1, "exactly one byte differs");
	is_int(at, 50, "at bufsz/2");
	is_int(c[at] ^ saved[at], 0xff, "all its bits flipped");
	ok(p.seg[0].buf == prog0, "segment 0 untouched");
	ps = find_seg(&p, "purgatory params");
	sha256(saved, sizeof(saved), dig);
	ok(ps && memcmp((const uint8_t *)ps->buf + 192, dig, 32) == 0,
	   "region 1 holds the digest of the original bytes");
	sha256(c, sizeof(prog1), dig);
	ok(ps && memcmp((const uint8_t *)ps->buf + 192, dig, 32) != 0,
	   "which differs from the digest of what will be loaded");
	plan_free(&p);

	/* an owned segment: the old buffer is freed (LeakSanitizer) */
	std_plan(&p);
	owned = malloc(64);
	memset(owned, 0x77, 64);
	p.seg[1].buf = owned;
	p.seg[1].bufsz = 64;
	p.seg[1].owned = 1;
	rc = purgatory_setup(&d, &p, &m, &po, NULL);
	c = p.seg[1].buf;
	ok(rc == 0 && c != owned && c[32] == (0x77 ^ 0xff) && c[31] == 0x77,
	   "owned segment: replaced by a corrupted copy");
out:
	plan_free(&p);
	memmap_free(&m);
	free(o.buf);
}

/* ---- the real embedded purgatory ---- */

/* An independent minimal reader of ET_REL objects (gABI offsets). */
struct mp_sec {
	uint32_t name, type, link, info;
	uint64_t flags, off, size, align, img;
};
struct mp {
	const uint8_t *b;
	size_t len;
	int is64;
	unsigned shnum, shstrndx, symtab;
	struct mp_sec sh[128];
	uint64_t imglen;
};

static int mp_parse(struct mp *x, const uint8_t *b, size_t len)
{
	uint64_t shoff, es, off = 0;
	unsigned i;

	memset(x, 0, sizeof(*x));
	x->b = b;
	x->len = len;
	if (len < 64 || memcmp(b, "\177ELF", 4))
		return -1;
	x->is64 = b[4] == 2;
	shoff = x->is64 ? getle(b + 40, 8) : getle(b + 32, 4);
	es = getle(b + (x->is64 ? 58 : 46), 2);
	x->shnum = (unsigned)getle(b + (x->is64 ? 60 : 48), 2);
	x->shstrndx = (unsigned)getle(b + (x->is64 ? 62 : 50), 2);
	if (x->shnum > 128 || shoff + x->shnum * es > len)
		return -1;
	for (i = 0; i < x->shnum; i++) {
		const uint8_t *h = b + shoff + i * es;
		struct mp_sec *s = &x->sh[i];

		s->name = (uint32_t)getle(h, 4);
		s->type = (uint32_t)getle(h + 4, 4);
		if (x->is64) {
			s->flags = getle(h + 8, 8);
			s->off = getle(h + 24, 8);
			s->size = getle(h + 32, 8);
			s->link = (uint32_t)getle(h + 40, 4);
			s->info = (uint32_t)getle(h + 44, 4);
			s->align = getle(h + 48, 8);
		} else {
			s->flags = getle(h + 8, 4);
			s->off = getle(h + 16, 4);
			s->size = getle(h + 20, 4);
			s->link = (uint32_t)getle(h + 24, 4);
			s->info = (uint32_t)getle(h + 28, 4);
			s->align = getle(h + 32, 4);
		}
		if (s->align == 0)
			s->align = 1;
		if (s->type == 2)
			x->symtab = i;
		if (s->flags & 2) {       /* SHF_ALLOC: the layout rule */
			off = (off + s->align - 1) / s->align * s->align;
			s->img = off;
			off += s->size;
		}
	}
	x->imglen = off;
	return x->symtab ? 0 : -1;
}

static const char *mp_secname(const struct mp *x, unsigned i)
{
	return (const char *)x->b + x->sh[x->shstrndx].off + x->sh[i].name;
}

/* Symbol @k: shndx, value, size, name. */
static void mp_sym(const struct mp *x, uint64_t k, unsigned *shndx,
		   uint64_t *value, uint64_t *size, const char **name)
{
	const struct mp_sec *st = &x->sh[x->symtab];
	const uint8_t *e = x->b + st->off + k * (x->is64 ? 24 : 16);

	*name = (const char *)x->b + x->sh[st->link].off + getle(e, 4);
	if (x->is64) {
		*shndx = (unsigned)getle(e + 6, 2);
		*value = getle(e + 8, 8);
		*size = getle(e + 16, 8);
	} else {
		*value = getle(e + 4, 4);
		*size = getle(e + 8, 4);
		*shndx = (unsigned)getle(e + 14, 2);
	}
}

/* Index of the global symbol @name, or 0. */
static uint64_t mp_find(const struct mp *x, const char *name)
{
	const struct mp_sec *st = &x->sh[x->symtab];
	uint64_t k, n = st->size / (x->is64 ? 24 : 16);

	for (k = 1; k < n; k++) {
		unsigned sh;
		uint64_t v, sz;
		const char *nm;
		const uint8_t *e = x->b + st->off + k * (x->is64 ? 24 : 16);

		mp_sym(x, k, &sh, &v, &sz, &nm);
		if ((e[x->is64 ? 4 : 12] >> 4) == 1 && sh != 0 &&
		    strcmp(nm, name) == 0)
			return k;
	}
	return 0;
}

/* Expected image at @base; site[i] = width of a relocated field starting
 * at i, abs[i] = 1 if it is an absolute (S + A) site against a section
 * symbol, 2 if PC-relative against a section symbol, 0 otherwise.
 * Returns the number of relocations, -1 on an unexpected type. */
static long mp_expect(const struct mp *x, uint64_t base, uint8_t *img,
		      uint8_t *site, uint8_t *kind)
{
	unsigned i;
	long n = 0;

	memset(img, 0, (size_t)x->imglen);
	memset(site, 0, (size_t)x->imglen);
	memset(kind, 0, (size_t)x->imglen);
	for (i = 1; i < x->shnum; i++)
		if ((x->sh[i].flags & 2) && x->sh[i].type != 8)
			memcpy(img + x->sh[i].img, x->b + x->sh[i].off,
			       (size_t)x->sh[i].size);
	for (i = 1; i < x->shnum; i++) {
		const struct mp_sec *r = &x->sh[i], *t;
		uint64_t k, es = x->is64 ? 24 : 8;

		if ((r->type != 4 && r->type != 9) || r->info >= x->shnum)
			continue;
		t = &x->sh[r->info];
		if (!(t->flags & 2))
			continue;
		for (k = 0; k < r->size / es; k++) {
			const uint8_t *e = x->b + r->off + k * es;
			uint64_t off = getle(e, x->is64 ? 8 : 4);
			uint64_t info = getle(e + (x->is64 ? 8 : 4), x->is64 ? 8 : 4);
			uint32_t type = x->is64 ? (uint32_t)info : info & 0xff;
			uint64_t symi = x->is64 ? info >> 32 : info >> 8;
			uint64_t at = t->img + off, P = base + at, v, sv, ssz;
			unsigned sh;
			const char *nm;
			int64_t S, A;
			int w = 4, pc;

			mp_sym(x, symi, &sh, &sv, &ssz, &nm);
			if (symi == 0)
				S = 0;
			else if (sh == 0xfff1)
				S = (int64_t)sv;
			else
				S = (int64_t)(base + x->sh[sh].img + sv);
			if (x->is64) {
				A = (int64_t)getle(e + 16, 8);
				if (type == 1)
					w = 8, pc = 0;
				else if (type == 2 || type == 4)
					pc = 1;
				else if (type == 10 || type == 11)
					pc = 0;
				else
					return -1;
				v = pc ? (uint64_t)(S + A - (int64_t)P)
				       : (uint64_t)(S + A);
			} else {
				A = (int64_t)(int32_t)getle(x->b + t->off + off, 4);
				if (type == 1)
					pc = 0;
				else if (type == 2)
					pc = 1;
				else
					return -1;
				v = (uint32_t)((uint64_t)S + (uint64_t)A -
					       (pc ? P : 0));
			}
			rb_put(img, at, v, w);
			site[at] = (uint8_t)w;
			if (symi != 0 && sh != 0xfff1)
				kind[at] = pc ? 2 : 1;
			n++;
		}
	}
	return n;
}

/* Relocate @obj at three bases with elf_rel_load() and compare with the
 * test's own relocation (mp_expect). */
static void test_bases(const char *nm, const uint8_t *obj, size_t len,
		       int is64)
{
	static const uint64_t bases[3] = { 0x100000, 0x1234000, 0x7fe00000 };
	struct elf_rel_image img[3];
	size_t i, j, bad;
	struct mp x;
	struct diag d = { 0 };
	uint8_t *want, *site, *kind;
	uint64_t a, sz, k;
	long nrel = 0;
	int rc;

	memset(img, 0, sizeof(img));
	if (!ok(mp_parse(&x, obj, len) == 0, "%s: readable by the test's ELF reader", nm))
		return;
	is_int(x.is64, is64, "ELF class");
	want = malloc((size_t)x.imglen);
	site = malloc((size_t)x.imglen);
	kind = malloc((size_t)x.imglen);
	for (i = 0; i < 3; i++) {
		memset(&d, 0, sizeof(d));
		rc = elf_rel_load(&d, nm, obj, len, bases[i], &img[i]);
		if (!ok(rc == 0, "%s: relocate at 0x%llx", nm, (ull)bases[i]))
			printf("#   %s\n", d.msg);
		if (rc)
			continue;
		is_int(img[i].len, x.imglen, "image length = test's layout");
		nrel = mp_expect(&x, bases[i], want, site, kind);
		ok(nrel > 0, "%s: %ld relocations, all of supported types", nm, nrel);
		is_int(img[i].nrelocs, nrel, "relocation count");
		for (bad = 0; bad < x.imglen && want[bad] == img[i].buf[bad]; bad++)
			;
		if (!ok(bad == x.imglen, "%s at 0x%llx: image = section bytes + formula at every site",
			nm, (ull)bases[i]))
			printf("#   first difference at image+0x%zx\n", bad);
	}
	/* pairs of bases: differences only at sites; absolute sites move by
	 * the delta, PC-relative sites within the image do not move */
	for (i = 0; i + 1 < 3 && nrel > 0; i++) {
		uint64_t delta = bases[i + 1] - bases[i];
		size_t outside = 0, wrongabs = 0, wrongpc = 0, nabs = 0;

		if (!img[i].buf || !img[i + 1].buf)
			continue;
		mp_expect(&x, bases[i], want, site, kind);
		for (j = 0; j < x.imglen; j++) {
			int w = site[j];

			if (w) {
				uint64_t v1 = getle(img[i].buf + j, w);
				uint64_t v2 = getle(img[i + 1].buf + j, w);
				uint64_t dd = w == 8 ? delta : (uint32_t)delta;
				uint64_t got = w == 8 ? v2 - v1 : (uint32_t)(v2 - v1);

				if (kind[j] == 1) {
					nabs++;
					wrongabs += got != dd;
				} else if (kind[j] == 2) {
					wrongpc += v1 != v2;
				}
				j += (size_t)w - 1;
			} else if (img[i].buf[j] != img[i + 1].buf[j]) {
				outside++;
			}
		}
		is_int(outside, 0, "bytes outside relocation sites identical across bases");
		ok(nabs > 0 && wrongabs == 0, "%s: all %zu absolute sites move by the base delta 0x%llx",
		   nm, nabs, (ull)delta);
		is_int(wrongpc, 0, "PC-relative sites within the image unchanged");
	}
	/* the symbols the tool uses */
	if (img[0].buf) {
		unsigned sh;
		uint64_t v, s;
		const char *n;

		k = mp_find(&x, "purgatory_start");
		ok(k != 0, "%s: global purgatory_start", nm);
		if (k) {
			mp_sym(&x, k, &sh, &v, &s, &n);
			rc = elf_rel_symbol(&img[0], "purgatory_start", &a, NULL);
			ok(rc == 0 && a == bases[0] + x.sh[sh].img + v,
			   "purgatory_start address = base + section + st_value");
		}
		k = mp_find(&x, "kj_params_pa");
		ok(k != 0, "%s: global kj_params_pa", nm);
		if (k) {
			mp_sym(&x, k, &sh, &v, &s, &n);
			is_str(sh < x.shnum ? mp_secname(&x, sh) : "?", ".data",
			       "kj_params_pa is in .data");
			is_int(s, 8, "kj_params_pa is 8 bytes");
			rc = elf_rel_symbol(&img[0], "kj_params_pa", &a, &sz);
			ok(rc == 0 && a == bases[0] + x.sh[sh].img + v && sz == 8,
			   "kj_params_pa address and size");
		}
	}
	for (i = 0; i < 3; i++)
		elf_rel_free(&img[i]);
	free(want);
	free(site);
	free(kind);
}

/* The synthetic objects through the same independent check. */
static void test_bases_synth(void)
{
	struct rb_out o = synth(2, 1, 8, 4096), o32 = synth(1, 1, 8, 4096);

	test_bases("synthetic ELF64", o.buf, o.len, 1);
	test_bases("synthetic ELF32", o32.buf, o32.len, 0);
	free(o.buf);
	free(o32.buf);
}

#ifdef HAVE_BLOB
static void test_real(int kernel_64)
{
	const char *nm = kernel_64 ? "x86_64" : "i386";
	const uint8_t *obj = NULL;
	size_t len = 0;
	struct mp x;
	struct diag d = { 0 };
	uint8_t *want, *site, *kind;
	uint64_t k;
	int rc;

	rc = purgatory_blob(&d, kernel_64, &obj, &len);
	if (!ok(rc == 0 && obj && len > 0, "%s: embedded blob present (%zu bytes)", nm, len))
		return;
	test_bases(kernel_64 ? "embedded x86_64" : "embedded i386", obj, len,
		   kernel_64);
	if (mp_parse(&x, obj, len) != 0)
		return;
	want = malloc((size_t)x.imglen);
	site = malloc((size_t)x.imglen);
	kind = malloc((size_t)x.imglen);
	/* purgatory_setup with the embedded blob */
	{
		struct purgatory_opts po;
		struct purgatory_placed pl;
		struct plan p;
		struct memmap m;
		const struct segment *is, *ps;
		unsigned sh;
		uint64_t v, s;
		const char *n;

		std_memmap(&m);
		std_plan(&p);
		purgatory_opts_init(&po);
		po.kernel_64 = kernel_64;
		po.entry = 0x1000010;
		po.append = "x";
		memset(&d, 0, sizeof(d));
		rc = purgatory_setup(&d, &p, &m, &po, &pl);
		if (!ok(rc == 0, "%s: purgatory_setup with the embedded blob", nm))
			printf("#   %s\n", d.msg);
		is = find_seg(&p, "purgatory");
		ps = find_seg(&p, "purgatory params");
		if (rc == 0 && is && ps) {
			is_u64(ps->mem, 0x7fffe000, "params at 0x7fffe000 (896 + 2 + 4096 -> 2 pages)");
			ok(is->mem + is->memsz == ps->mem && is->mem % 4096 == 0,
			   "purgatory right below the params");
			is_u64(is->memsz, (x.imglen + 4095) & ~(uint64_t)4095, "purgatory memsz");
			k = mp_find(&x, "purgatory_start");
			mp_sym(&x, k, &sh, &v, &s, &n);
			is_u64(p.entry, is->mem + x.sh[sh].img + v, "entry = purgatory_start");
			k = mp_find(&x, "kj_params_pa");
			mp_sym(&x, k, &sh, &v, &s, &n);
			is_u64(getle((const uint8_t *)is->buf + x.sh[sh].img + v, 8),
			       ps->mem, "kj_params_pa holds the params address");
			mp_expect(&x, is->mem, want, site, kind);
			rb_put(want, x.sh[sh].img + v, ps->mem, 8);
			ok(memcmp(want, is->buf, (size_t)x.imglen) == 0,
			   "purgatory segment = test's relocation at its address + kj_params_pa");
			k = mp_find(&x, PURGATORY_SYM_STACK_TOP);
			if (k) {
				mp_sym(&x, k, &sh, &v, &s, &n);
				is_u64(getle((const uint8_t *)ps->buf + 40, 8),
				       is->mem + x.sh[sh].img + v, "stack_top = kj_stack_top");
			} else {
				is_u64(getle((const uint8_t *)ps->buf + 40, 8), 0,
				       "no kj_stack_top: stack_top 0");
			}
			ok(plan_finalize(&p, &d, &m, 0) == 0, "plan_finalize accepts it");
		}
		plan_free(&p);
		memmap_free(&m);
	}
	free(want);
	free(site);
	free(kind);
}

/* The safe-return repair: kj_kernel_gdt holds the lgdt operand kexec was
 * given (limit, then an 8- or 4-byte base), or stays zero. */
static void test_kernel_gdt(int kernel_64)
{
	const char *nm = kernel_64 ? "x86_64" : "i386";
	const uint64_t base = kernel_64 ? 0xfffffe0000001000ull : 0xffa5f000ull;
	const uint8_t *obj = NULL;
	size_t len = 0;
	struct diag d = { 0 };
	struct mp x;
	int pass;

	if (purgatory_blob(&d, kernel_64, &obj, &len) || mp_parse(&x, obj, len))
		return;
	for (pass = 0; pass < 2; pass++) {
		struct purgatory_opts po;
		struct plan p;
		struct memmap m;
		const struct segment *is;
		unsigned sh;
		uint64_t v, s, k;
		const char *n;
		uint8_t want[16] = { 0 };

		std_memmap(&m);
		std_plan(&p);
		purgatory_opts_init(&po);
		po.kernel_64 = kernel_64;
		po.entry = 0x1000010;
		if (pass == 1) {
			po.kernel_gdt_limit = 0x7f;
			po.kernel_gdt_base = base;
			want[0] = 0x7f;
			for (int i = 0; i < (kernel_64 ? 8 : 4); i++)
				want[2 + i] = (uint8_t)(base >> (8 * i));
		}
		memset(&d, 0, sizeof(d));
		is_int(purgatory_setup(&d, &p, &m, &po, NULL), 0,
		       pass ? "setup with a kernel GDT" : "setup without a kernel GDT");
		is = find_seg(&p, "purgatory");
		k = mp_find(&x, PURGATORY_SYM_KERNEL_GDT);
		if (ok(k != 0 && is, "%s: the purgatory has %s", nm, PURGATORY_SYM_KERNEL_GDT)) {
			mp_sym(&x, k, &sh, &v, &s, &n);
			is_u64(s, 16, "kj_kernel_gdt is 16 bytes");
			ok(memcmp((const uint8_t *)is->buf + x.sh[sh].img + v, want, 16) == 0,
			   "%s: kj_kernel_gdt %s", nm,
			   pass ? "holds limit 0x7f and the base, little-endian, rest 0"
				: "stays all zero (no repair)");
		}
		plan_free(&p);
		memmap_free(&m);
	}
	if (!kernel_64) {   /* an i386 lgdt operand has a 4-byte base */
		struct purgatory_opts po;
		struct plan p;
		struct memmap m;

		std_memmap(&m);
		std_plan(&p);
		purgatory_opts_init(&po);
		po.kernel_64 = 0;
		po.entry = 0x1000010;
		po.kernel_gdt_limit = 0xff;
		po.kernel_gdt_base = 0x100000000ull;
		memset(&d, 0, sizeof(d));
		is_int(purgatory_setup(&d, &p, &m, &po, NULL), -EINVAL,
		       "i386: a GDT base above 4 GiB is refused");
		has_str(d.msg, "does not fit an i386 kernel", "i386: and says why");
		plan_free(&p);
		memmap_free(&m);
	}
}
#endif

/* Register boots and 32-bit entries (KJ_PP_F_BOOT_REGS, KJ_PP_F_PROG32):
 * the block's flags and boot fields, and the refusals. */
static void test_boot_regs(void)
{
	struct rb_out o = synth(2, 1, 8, -1), o32 = synth(1, 1, 8, -1);
	struct purgatory_opts po;
	struct plan p;
	struct memmap m;
	struct diag d = { 0 };
	const struct segment *ps;
	const uint8_t *b;
	int rc, i;

	std_memmap(&m);
	/* a 32-bit boot from x86_64: 7 registers and 2 stack words */
	std_plan(&p);
	purgatory_opts_init(&po);
	po.kernel_64 = 1;
	po.entry = 0x1000010;
	po.out_size = 0;
	po.blob = o.buf;
	po.blob_len = o.len;
	po.boot.mode = PLAN_BOOT_32;
	for (i = 0; i < PLAN_NREGS; i++)
		po.boot.reg[i] = UINT64_C(0x1100000000) + 0x100 * (uint64_t)i + 1;
	po.boot.stack[0] = 0xdeadbeef;
	po.boot.stack[1] = 0x10000;
	po.boot.nstack = 2;
	rc = purgatory_setup(&d, &p, &m, &po, NULL);
	ps = find_seg(&p, "purgatory params");
	if (ok(rc == 0 && ps, "PLAN_BOOT_32 from x86_64: set up")) {
		uint64_t al[KJ_PP_SIZE / 8];

		b = ps->buf;
		is_u64(getle(b + 12, 4), 0x180, "flags = BOOT_REGS | PROG32 (no VERIFY_ONCE)");
		is_u64(getle(b + 896, 8), UINT64_C(0x1100000001), "boot_regs[0] (EAX) at 896");
		is_u64(getle(b + 896 + 8 * 3, 8), UINT64_C(0x1100000301), "boot_regs[3] (EDX) at 920");
		is_u64(getle(b + 896 + 8 * 6, 8), UINT64_C(0x1100000601), "boot_regs[6] (EBP) at 944");
		is_u64(getle(b + 952, 8), 0xdeadbeef, "boot_stack[0] at 952");
		is_u64(getle(b + 960, 8), 0x10000, "boot_stack[1] at 960");
		is_u64(getle(b + 968, 8), 0, "boot_stack[2] unused: 0");
		is_u64(getle(b + 984, 4), 2, "boot_nstack 2 at 984");
		is_u64(getle(b + 56, 4), 0, "no output buffer");
		memcpy(al, b, sizeof(al));
		is_int(purgatory_params_check((const struct purgatory_params *)al, KJ_PP_SIZE),
		       KJ_PP_CHK_OK, "purgatory_params_check() accepts it");
	}
	plan_free(&p);

	/* a 64-bit boot from x86_64: no PROG32 */
	std_plan(&p);
	po.boot.mode = PLAN_BOOT_64;
	rc = purgatory_setup(&d, &p, &m, &po, NULL);
	ps = find_seg(&p, "purgatory params");
	ok(rc == 0 && ps && getle((const uint8_t *)ps->buf + 12, 4) == 0x100,
	   "PLAN_BOOT_64 from x86_64: flags = BOOT_REGS");
	plan_free(&p);

	/* a 32-bit boot from i386 */
	std_plan(&p);
	po.kernel_64 = 0;
	po.blob = o32.buf;
	po.blob_len = o32.len;
	po.boot.mode = PLAN_BOOT_32;
	rc = purgatory_setup(&d, &p, &m, &po, NULL);
	ps = find_seg(&p, "purgatory params");
	ok(rc == 0 && ps && getle((const uint8_t *)ps->buf + 12, 4) == 0x180 &&
	   getle((const uint8_t *)ps->buf + 896 + 8, 8) == UINT64_C(0x1100000101),
	   "PLAN_BOOT_32 from i386: flags BOOT_REGS | PROG32, registers as given");
	plan_free(&p);

	/* refusals: one line each, plan untouched */
	std_plan(&p);
	po.boot.mode = PLAN_BOOT_64;
	expect_setup_fail(&p, &m, &po, "a 64-bit entry cannot be started from this i386 kernel",
			  "PLAN_BOOT_64 from i386");
	po.kernel_64 = 1;
	po.blob = o.buf;
	po.blob_len = o.len;
	po.boot.mode = 16;
	expect_setup_fail(&p, &m, &po, "unknown register boot mode 16", "boot mode 16");
	po.boot.mode = PLAN_BOOT_32;
	po.boot.nstack = 5;
	expect_setup_fail(&p, &m, &po, "5 stack words for the register boot, at most 4",
			  "5 stack words");
	po.boot.nstack = 0;
	po.boot_linux = 1;
	po.boot_params = 0x90000;
	expect_setup_fail(&p, &m, &po, "cannot also be a Linux boot", "boot regs + Linux");
	po.boot_linux = 0;
	po.boot_params = 0;
	po.direct = 1;
	expect_setup_fail(&p, &m, &po, "cannot also be a Linux boot or a direct entry",
			  "boot regs + direct");
	po.direct = 0;
	plan_free(&p);

	/* a 32-bit entry or segment above 4 GiB */
	std_plan(&p);
	plan_add(&p, &d, prog1, sizeof(prog1), UINT64_C(0x100000000), 0x1000, "prog #2", 0);
	po.entry = UINT64_C(0x100000010);
	expect_setup_fail(&p, &m, &po, "the 32-bit entry 0x100000010 is above 4 GiB",
			  "PLAN_BOOT_32 entry above 4 GiB");
	po.boot.mode = 0;
	po.prog32 = 1;
	expect_setup_fail(&p, &m, &po, "the 32-bit entry 0x100000010 is above 4 GiB",
			  "32-bit program entry above 4 GiB");
	po.entry = 0x1000010;
	expect_setup_fail(&p, &m, &po, "prog #2 at 0x100000000-0x100000fff is not below 4 GiB",
			  "32-bit program with a segment above 4 GiB");
	plan_free(&p);
	std_plan(&p);
	plan_add(&p, &d, prog1, sizeof(prog1), UINT64_C(0xfffff000), 0x2000, "prog #2", 0);
	expect_setup_fail(&p, &m, &po, "prog #2 at 0xfffff000-0x100000fff is not below 4 GiB",
			  "32-bit program with a segment across 4 GiB");
	plan_free(&p);

	/* a called 32-bit program: PROG32 with the program flags */
	std_plan(&p);
	po.out_size = 4096;
	rc = purgatory_setup(&d, &p, &m, &po, NULL);
	ps = find_seg(&p, "purgatory params");
	ok(rc == 0 && ps && getle((const uint8_t *)ps->buf + 12, 4) == 0x84,
	   "32-bit program on x86_64: flags VERIFY_ONCE | PROG32");
	plan_free(&p);
	/* ... and its --args-none form */
	std_plan(&p);
	po.direct = 1;
	po.jump = 1;
	rc = purgatory_setup(&d, &p, &m, &po, NULL);
	ps = find_seg(&p, "purgatory params");
	ok(rc == 0 && ps && getle((const uint8_t *)ps->buf + 12, 4) == 0xe1,
	   "32-bit --args-none on x86_64: flags DIRECT | JUMP | NO_CHECKS | PROG32");
	plan_free(&p);
	/* an i386 kernel's purgatory is 32-bit already: no flag */
	std_plan(&p);
	po.direct = 0;
	po.jump = 0;
	po.kernel_64 = 0;
	po.blob = o32.buf;
	po.blob_len = o32.len;
	rc = purgatory_setup(&d, &p, &m, &po, NULL);
	ps = find_seg(&p, "purgatory params");
	ok(rc == 0 && ps && getle((const uint8_t *)ps->buf + 12, 4) == 0x4,
	   "prog32 on i386: plain program flags");
	plan_free(&p);
	memmap_free(&m);
	free(o.buf);
	free(o32.buf);
}

/* Parallel hashing: a big segment split into pieces (Linux-boot mode,
 * several threads), every piece's digest that of its bytes (checked with
 * the reference implementation), each byte in exactly one region. */
static void split_case(const char *what, int boot_linux, unsigned threads,
		       int no_checks, size_t want_regions)
{
	const size_t big_len = (41u << 20) + 123;
	const uint64_t big_mem = 0x4000000;
	struct rb_out o = synth(2, 1, 8, 4096);
	struct purgatory_opts po;
	struct plan p;
	struct memmap m;
	struct diag d = { 0 };
	const struct segment *ps;
	uint8_t *big = malloc(big_len), dig[32];
	uint64_t covered = 0, next = big_mem;
	size_t i, nreg, bad = 0, zero = 0;

	if (!ok(big != NULL, "%s: malloc", what))
		return;
	for (i = 0; i < big_len; i++)
		big[i] = (uint8_t)(i * 7 + (i >> 16));
	std_memmap(&m);
	std_plan(&p);
	plan_add(&p, &d, big, big_len, big_mem, (big_len + 0xfff) & ~(size_t)0xfff,
		 "initrd", 0);
	purgatory_opts_init(&po);
	po.kernel_64 = 1;
	po.entry = 0x1000010;
	po.out_size = 0;
	po.boot_linux = boot_linux;
	po.boot_params = 0x90000;
	po.hash_threads = threads;
	po.no_checks = no_checks;
	po.blob = o.buf;
	po.blob_len = o.len;
	if (!ok(purgatory_setup(&d, &p, &m, &po, NULL) == 0, "%s: purgatory_setup", what)) {
		printf("#   %s\n", d.msg);
		goto out;
	}
	ps = find_seg(&p, "purgatory params");
	if (!ok(ps != NULL, "%s: params segment", what))
		goto out;
	nreg = (size_t)getle((const uint8_t *)ps->buf + KJ_PP_OFF_NR_REGIONS, 4);
	is_intf(nreg, want_regions, "%s: %zu regions", what, want_regions);
	/* regions 0, 1 the small segments; 2 and any from 3 on the big one,
	 * in address order */
	for (i = 0; i < nreg && i < KJ_PP_MAX_REGIONS; i++) {
		const uint8_t *r = (const uint8_t *)ps->buf + KJ_PP_OFF_REGIONS +
				   i * KJ_PP_REGION_SIZE;
		uint64_t start = getle(r + KJ_PP_REG_OFF_START, 8);
		uint64_t len = getle(r + KJ_PP_REG_OFF_LEN, 8);
		const uint8_t *data;
		static const uint8_t zeros[32];

		if (i < 2) {
			data = i == 0 ? prog0 : prog1;
		} else {
			if (start != next || len == 0 || start + len > big_mem + big_len) {
				printf("# region %zu: 0x%llx + 0x%llx, want start 0x%llx\n",
				       i, (ull)start, (ull)len, (ull)next);
				bad++;
				continue;
			}
			data = big + (start - big_mem);
			next = start + len;
			covered += len;
			if (i > 2 && (start - big_mem) % 4096)
				bad++;
		}
		if (no_checks) {
			zero += memcmp(r + KJ_PP_REG_OFF_SHA256, zeros, 32) == 0;
			continue;
		}
		ref_sha256(data, (size_t)len, dig);
		if (memcmp(dig, r + KJ_PP_REG_OFF_SHA256, 32)) {
			printf("# region %zu: digest differs\n", i);
			bad++;
		}
	}
	is_intf(bad, 0, "%s: pieces contiguous, page aligned, digests right", what);
	is_u64(covered, big_len, "covered");
	if (no_checks)
		is_intf(zero, nreg, "%s: -i: nothing hashed (digests 0)", what);
out:
	plan_free(&p);
	memmap_free(&m);
	free(big);
	free(o.buf);
}

static void test_split(void)
{
	split_case("Linux boot, 3 threads", 1, 3, 0, 5);
	split_case("Linux boot, 8 threads", 1, 8, 0, 3 + 4);   /* 41 MiB / 8 MiB */
	split_case("Linux boot, 1 thread", 1, 1, 0, 3);
	split_case("program, 3 threads (not split)", 0, 3, 0, 3);
	split_case("Linux boot, -i", 1, 2, 1, 4);
}

int main(void)
{
	test_setup(2);
	test_setup(1);
	test_variants();
	test_errors();
	test_corrupt();
	test_boot_regs();
	test_split();
	test_bases_synth();
#ifdef HAVE_BLOB
	test_real(1);
	test_real(0);
	test_kernel_gdt(1);
	test_kernel_gdt(0);
#else
	{
		struct diag d = { 0 };
		const uint8_t *o;
		size_t l;

		printf("# kexec/purgatory-blob.h not present: real blob tests skipped\n");
		is_int(purgatory_blob(&d, 1, &o, &l), -ENOENT,
		       "without the blob purgatory_blob() says so");
		has_str(d.msg, "without the x86_64 purgatory", "and names the width");
	}
#endif
	return tap_done();
}
