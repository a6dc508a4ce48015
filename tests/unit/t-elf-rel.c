/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-elf-rel.c - kexec/elf-rel.c: laying out and relocating ET_REL objects.
 *
 * Objects are built in memory by relbuild.h.  The expected layout is
 * written out by hand below and every relocated field is recomputed here
 * from the psABI formulas (S + A, S + A - P), independently of elf-rel.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "relbuild.h"
#include "elf-rel.h"

/* Standard object: user sections (0-based) and their hand-computed image
 * offsets: .text align 16 size 64 -> 0; .rodata align 8 size 24 -> 64
 * (ends 88); .data align 8 size 32 -> 88 (ends 120); .bss align 32 size 64
 * -> 128 (ends 192); .comment is not SHF_ALLOC.  Image 192 bytes, align 32. */
enum { S_TEXT, S_RODATA, S_DATA, S_BSS, S_COMMENT };
static const uint64_t LAYOUT[4] = { 0, 64, 88, 128 };
#define STD_LEN   192
#define STD_ALIGN 32

/* symbol table indices (relbuild: k = sym[k-1]) */
enum { Y_RODATA = 1, Y_LFUNC, Y_START, Y_PARAMS, Y_BUF, Y_ABS, Y_NEGABS,
       Y_EXT, Y_NSYMS = Y_EXT };

static uint8_t text[64], rodata[24], data[32], comment[8];

static void std_spec(struct rb_spec *s, int cls)
{
	size_t i;

	for (i = 0; i < sizeof(text); i++)
		text[i] = (uint8_t)(i * 7 + 1);
	for (i = 0; i < sizeof(rodata); i++)
		rodata[i] = (uint8_t)(0xa0 + i);
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(0x40 + i);
	memcpy(comment, "GCC: x", 7);
	memset(s, 0, sizeof(*s));
	s->cls = cls;
	s->nsec = 5;
	s->sec[S_TEXT] = (struct rb_sec){ ".text", RB_PROGBITS,
		RB_ALLOC | RB_EXEC, 16, text, sizeof(text) };
	s->sec[S_RODATA] = (struct rb_sec){ ".rodata", RB_PROGBITS, RB_ALLOC,
		8, rodata, sizeof(rodata) };
	s->sec[S_DATA] = (struct rb_sec){ ".data", RB_PROGBITS,
		RB_ALLOC | RB_WRITE, 8, data, sizeof(data) };
	s->sec[S_BSS] = (struct rb_sec){ ".bss", RB_NOBITS,
		RB_ALLOC | RB_WRITE, 32, NULL, 64 };
	s->sec[S_COMMENT] = (struct rb_sec){ ".comment", RB_PROGBITS, 0, 1,
		comment, sizeof(comment) };
	s->nsym = Y_NSYMS;
	s->sym[Y_RODATA - 1] = (struct rb_sym){ NULL, S_RODATA, 0, 0, 0, 3 };
	s->sym[Y_LFUNC - 1] = (struct rb_sym){ "lfunc", S_TEXT, 0x10, 4, 0, 2 };
	s->sym[Y_START - 1] = (struct rb_sym){ "purgatory_start", S_TEXT, 0, 16,
		1, 2 };
	s->sym[Y_PARAMS - 1] = (struct rb_sym){ "kj_params_pa", S_DATA, 8, 8,
		1, 1 };
	s->sym[Y_BUF - 1] = (struct rb_sym){ "buf", S_BSS, 16, 32, 1, 1 };
	s->sym[Y_ABS - 1] = (struct rb_sym){ "absval", RB_ABS, 0x1234, 0, 1, 0 };
	s->sym[Y_NEGABS - 1] = (struct rb_sym){ "negabs", RB_ABS,
		cls == 2 ? (uint64_t)-16 : 0xfffffff0u, 0, 1, 0 };
	s->sym[Y_EXT - 1] = (struct rb_sym){ "ext", RB_UNDEF, 0, 0, 1, 0 };
	if (cls == 2) {
		s->nrel = 10;
		s->rel[0] = (struct rb_rel){ S_TEXT, 0x20, R_X86_64_PC32, Y_BUF, -4 };
		s->rel[1] = (struct rb_rel){ S_TEXT, 0x24, R_X86_64_PLT32, Y_LFUNC, -4 };
		s->rel[2] = (struct rb_rel){ S_TEXT, 0x28, R_X86_64_32, Y_RODATA, 8 };
		s->rel[3] = (struct rb_rel){ S_TEXT, 0x2c, R_X86_64_32S, Y_PARAMS, 0 };
		s->rel[4] = (struct rb_rel){ S_TEXT, 0x30, R_X86_64_32, Y_ABS, 1 };
		s->rel[5] = (struct rb_rel){ S_TEXT, 0x34, R_X86_64_32S, Y_NEGABS, 0 };
		s->rel[6] = (struct rb_rel){ S_TEXT, 0x38, R_X86_64_NONE, 0, 0 };
		s->rel[7] = (struct rb_rel){ S_DATA, 0, R_X86_64_64, Y_START, 0x10 };
		s->rel[8] = (struct rb_rel){ S_DATA, 16, R_X86_64_64, Y_BUF, -8 };
		s->rel[9] = (struct rb_rel){ S_DATA, 24, R_X86_64_PC32, Y_RODATA, 0 };
	} else {
		s->nrel = 8;
		s->rel[0] = (struct rb_rel){ S_TEXT, 0x20, R_386_32, Y_BUF, 4 };
		s->rel[1] = (struct rb_rel){ S_TEXT, 0x24, R_386_PC32, Y_LFUNC, -4 };
		s->rel[2] = (struct rb_rel){ S_TEXT, 0x28, R_386_32, Y_RODATA, 0x10 };
		/* 0xfffffff0 + 0x20 wraps to 0x10 (modulo 2^32) */
		s->rel[3] = (struct rb_rel){ S_TEXT, 0x2c, R_386_32, Y_NEGABS, 0x20 };
		s->rel[4] = (struct rb_rel){ S_TEXT, 0x30, R_386_PC32, Y_ABS, -4 };
		s->rel[5] = (struct rb_rel){ S_TEXT, 0x34, R_386_NONE, 0, 0 };
		s->rel[6] = (struct rb_rel){ S_DATA, 0, R_386_32, Y_START, 0 };
		s->rel[7] = (struct rb_rel){ S_DATA, 4, R_386_PC32, Y_BUF, 0 };
	}
}

static uint64_t getle(const uint8_t *b, int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | b[n];
	return v;
}

/* S for symtab index @k at @base, from the spec (not from elf-rel.c). */
static int64_t sym_S(const struct rb_spec *s, uint32_t k, uint64_t base)
{
	const struct rb_sym *y;

	if (k == 0)
		return 0;
	y = &s->sym[k - 1];
	if (y->sec == RB_ABS)
		return s->cls == 2 ? (int64_t)y->value
				   : (int64_t)(uint32_t)y->value;
	return (int64_t)(base + LAYOUT[y->sec] + y->value);
}

/* The expected image: section bytes at LAYOUT, then every relocation
 * applied by its psABI formula. */
static void expect_image(const struct rb_spec *s, uint64_t base,
			 uint8_t want[STD_LEN], int width[STD_LEN])
{
	size_t k;

	memset(want, 0, STD_LEN);
	memset(width, 0, sizeof(int) * STD_LEN);
	memcpy(want + LAYOUT[S_TEXT], text, sizeof(text));
	memcpy(want + LAYOUT[S_RODATA], rodata, sizeof(rodata));
	memcpy(want + LAYOUT[S_DATA], data, sizeof(data));
	for (k = 0; k < s->nrel; k++) {
		const struct rb_rel *r = &s->rel[k];
		uint64_t at = LAYOUT[r->sec] + r->off, P = base + at;
		int64_t S = sym_S(s, r->sym, base), A = r->addend;
		uint64_t v;
		int n;

		if (r->type == 0) {
			/* relbuild wrote a REL addend even for NONE */
			if (s->cls == 1)
				rb_put(want, at, (uint64_t)A, 4);
			continue;
		}
		if (s->cls == 2) {
			n = r->type == R_X86_64_64 ? 8 : 4;
			if (r->type == R_X86_64_PC32 || r->type == R_X86_64_PLT32)
				v = (uint64_t)(S + A - (int64_t)P);
			else
				v = (uint64_t)(S + A);
		} else {
			n = 4;
			/* REL: A is what relbuild wrote at the place */
			v = (uint32_t)((uint64_t)S + (uint32_t)A);
			if (r->type == R_386_PC32)
				v = (uint32_t)(v - P);
		}
		rb_put(want, at, v, n);
		width[at] = n;
	}
}

static void check_std(int cls, uint64_t base)
{
	struct rb_spec s;
	struct rb_out o;
	struct elf_rel_image img;
	struct diag d = { 0 };
	uint8_t want[STD_LEN];
	int width[STD_LEN];
	uint64_t a, sz;
	size_t i, k, bad = STD_LEN;
	int rc, bits = cls == 2 ? 64 : 32;

	std_spec(&s, cls);
	rb_build(&s, &o);
	rc = elf_rel_load(&d, "std", o.buf, o.len, base, &img);
	if (!ok(rc == 0, "ELF%d load at 0x%llx", bits, (unsigned long long)base)) {
		printf("#   %s\n", d.msg);
		free(o.buf);
		return;
	}
	is_int(img.len, STD_LEN, "image length = 192 (hand layout)");
	is_int(img.align, STD_ALIGN, "image alignment = 32 (.bss)");
	is_int(img.elfclass, cls, "elfclass");
	is_u64(img.base, base, "base recorded");
	is_int(img.nrelocs, cls == 2 ? 9 : 7, "relocations applied (NONE not counted)");
	expect_image(&s, base, want, width);
	for (k = 0; k < s.nrel; k++) {
		const struct rb_rel *r = &s.rel[k];
		uint64_t at = LAYOUT[r->sec] + r->off;
		int n = width[at] ? width[at] : 4;

		if (r->type == 0)
			continue;
		if (!ok(memcmp(img.buf + at, want + at, (size_t)n) == 0,
			"ELF%d base 0x%llx: reloc %zu (type %u) at image+0x%llx = formula",
			bits, (unsigned long long)base, k, r->type,
			(unsigned long long)at))
			printf("#   got 0x%llx, want 0x%llx\n",
			       (unsigned long long)getle(img.buf + at, n),
			       (unsigned long long)getle(want + at, n));
	}
	for (i = 0; i < STD_LEN; i++)
		if (img.buf[i] != want[i]) {
			bad = i;
			break;
		}
	if (!ok(bad == STD_LEN, "ELF%d base 0x%llx: whole image as expected (section bytes, zero bss, zero padding)",
		bits, (unsigned long long)base))
		printf("#   first difference at 0x%zx\n", bad);

	/* symbols */
	rc = elf_rel_symbol(&img, "purgatory_start", &a, &sz);
	ok(rc == 0 && a == base + 0 && sz == 16, "purgatory_start = base + 0, size 16");
	rc = elf_rel_symbol(&img, "kj_params_pa", &a, &sz);
	ok(rc == 0 && a == base + 88 + 8 && sz == 8, "kj_params_pa = base + .data(88) + 8, size 8");
	rc = elf_rel_symbol(&img, "buf", &a, NULL);
	ok(rc == 0 && a == base + 128 + 16, "buf = base + .bss(128) + 16");
	rc = elf_rel_symbol(&img, "absval", &a, NULL);
	ok(rc == 0 && a == 0x1234, "SHN_ABS symbol is not relocated");
	is_int(elf_rel_symbol(&img, "lfunc", NULL, NULL), -ENOENT, "local symbol not exported");
	is_int(elf_rel_symbol(&img, "ext", NULL, NULL), -ENOENT, "undefined symbol not found");
	is_int(elf_rel_symbol(&img, "nope", NULL, NULL), -ENOENT, "missing symbol");
	elf_rel_free(&img);
	ok(img.buf == NULL && img.sym == NULL, "elf_rel_free clears");
	free(o.buf);
}

/* Load @b and expect failure with @needle in the message. */
static void expect_fail(const uint8_t *b, size_t len, uint64_t base,
			const char *needle, const char *desc)
{
	struct elf_rel_image img;
	struct diag d = { 0 };
	int rc;

	memset(&img, 0x5a, sizeof(img));
	rc = elf_rel_load(&d, "obj", b, len, base, &img);
	ok(rc < 0 && rc == d.rc && img.buf == NULL && img.sym == NULL &&
	   img.len == 0, "%s: fails, output empty", desc);
	has_str(d.msg, needle, desc);
	elf_rel_free(&img);
}

/* A tiny object: .text (16 bytes, align 16), a local "t" at .text+0, an
 * ABS symbol "v" = @absval, one relocation. */
static void tiny(struct rb_spec *s, int cls, uint32_t type, uint32_t sym,
		 int64_t addend, uint64_t absval)
{
	static const uint8_t z[16];

	memset(s, 0, sizeof(*s));
	s->cls = cls;
	s->nsec = 1;
	s->sec[0] = (struct rb_sec){ ".text", RB_PROGBITS, RB_ALLOC | RB_EXEC,
		16, z, 16 };
	s->nsym = 2;
	s->sym[0] = (struct rb_sym){ "t", 0, 0, 0, 0, 2 };
	s->sym[1] = (struct rb_sym){ "v", RB_ABS, absval, 0, 1, 0 };
	s->nrel = 1;
	s->rel[0] = (struct rb_rel){ 0, 4, type, sym, addend };
}

/* Load the tiny object: rc, and the 4 patched bytes on success. */
static int tiny_load(int cls, uint32_t type, uint32_t sym, int64_t addend,
		     uint64_t absval, uint64_t base, uint32_t *field,
		     struct diag *d)
{
	struct rb_spec s;
	struct rb_out o;
	struct elf_rel_image img;
	int rc;

	tiny(&s, cls, type, sym, addend, absval);
	rb_build(&s, &o);
	memset(d, 0, sizeof(*d));
	rc = elf_rel_load(d, "tiny", o.buf, o.len, base, &img);
	if (rc == 0)
		*field = (uint32_t)getle(img.buf + 4, 4);
	elf_rel_free(&img);
	free(o.buf);
	return rc;
}

#define TINY_OK(cls, type, sym, A, absval, base, want, desc)                 \
	do {                                                                 \
		uint32_t f_ = 0;                                             \
		struct diag d_;                                              \
		int rc_ = tiny_load(cls, type, sym, A, absval, base, &f_, &d_); \
		if (!ok(rc_ == 0 && f_ == (uint32_t)(want), "%s", desc))     \
			printf("#   rc %d field 0x%x want 0x%x: %s\n", rc_, \
			       f_, (uint32_t)(want), d_.msg);                \
	} while (0)
#define TINY_ERR(cls, type, sym, A, absval, base, needle, desc)              \
	do {                                                                 \
		uint32_t f_ = 0;                                             \
		struct diag d_;                                              \
		int rc_ = tiny_load(cls, type, sym, A, absval, base, &f_, &d_); \
		ok(rc_ < 0, "%s: fails", desc);                              \
		has_str(d_.msg, needle, desc);                               \
	} while (0)

static void test_ranges(void)
{
	/* tiny: sym 1 = "t" (.text+0 = base), sym 2 = "v" (ABS); place at
	 * base + 4.  Boundaries computed by hand. */
	/* R_X86_64_32: zero-extended, S + A <= 0xffffffff */
	TINY_OK(2, R_X86_64_32, 1, 0xfff, 0, 0xfffff000, 0xffffffff,
		"R_X86_64_32: S + A = 0xffffffff fits");
	TINY_ERR(2, R_X86_64_32, 1, 0x1000, 0, 0xfffff000, "zero-extended",
		 "R_X86_64_32: S + A = 2^32 overflows");
	TINY_ERR(2, R_X86_64_32, 2, 0, (uint64_t)-1, 0x100000, "R_X86_64_32",
		 "R_X86_64_32: negative value does not zero-extend");
	TINY_ERR(2, R_X86_64_32, 1, 0, 0, 0x100000000ull, "does not fit",
		 "R_X86_64_32: image at 4 GiB");
	/* R_X86_64_32S: sign-extended, -2^31 <= S + A <= 2^31 - 1 */
	TINY_OK(2, R_X86_64_32S, 1, 0xfff, 0, 0x7ffff000, 0x7fffffff,
		"R_X86_64_32S: 0x7fffffff fits");
	TINY_ERR(2, R_X86_64_32S, 1, 0x1000, 0, 0x7ffff000, "sign-extended",
		 "R_X86_64_32S: 0x80000000 overflows");
	TINY_OK(2, R_X86_64_32S, 2, 0, (uint64_t)-0x80000000ll, 0x100000,
		0x80000000u, "R_X86_64_32S: -2^31 fits");
	TINY_ERR(2, R_X86_64_32S, 2, 0, (uint64_t)-0x80000001ll, 0x100000,
		 "R_X86_64_32S", "R_X86_64_32S: -2^31 - 1 overflows");
	/* R_X86_64_PC32/PLT32: -2^31 <= S + A - P <= 2^31 - 1, P = base+4 */
	TINY_OK(2, R_X86_64_PC32, 2, 0x1003, 0x80000000u, 0x1000, 0x7fffffff,
		"R_X86_64_PC32: 0x80000000 + 0x1003 - 0x1004 = 0x7fffffff fits");
	TINY_ERR(2, R_X86_64_PC32, 2, 0x1004, 0x80000000u, 0x1000,
		 "signed 32-bit displacement", "R_X86_64_PC32: 2^31 overflows");
	TINY_OK(2, R_X86_64_PC32, 0, 4, 0, 0x80000000u, 0x80000000u,
		"R_X86_64_PC32: 0 + 4 - 0x80000004 = -2^31 fits");
	TINY_ERR(2, R_X86_64_PC32, 0, 3, 0, 0x80000000u, "R_X86_64_PC32",
		 "R_X86_64_PC32: -2^31 - 1 overflows");
	TINY_ERR(2, R_X86_64_PLT32, 2, -4, 0x200000000ull, 0x1000,
		 "R_X86_64_PLT32", "R_X86_64_PLT32: target 8 GiB away overflows");
	TINY_OK(2, R_X86_64_PLT32, 1, 0x20, 0, 0x7fff0000, 0x1c,
		"R_X86_64_PLT32: S + A - P = 0x20 - 4");
	/* ELF64 image must end below 2^63 */
	TINY_ERR(2, R_X86_64_64, 1, 0, 0, 0x7ffffffffffffff0ull, "2^63",
		 "ELF64 image reaching 2^63");
	/* i386: modulo 2^32, but only below 4 GiB */
	TINY_OK(1, R_386_32, 2, 0x20, 0xfffffff0u, 0x100000, 0x10,
		"R_386_32: 0xfffffff0 + 0x20 wraps to 0x10");
	TINY_OK(1, R_386_PC32, 2, -4, 0x1000, 0xfffffff0u,
		(uint32_t)(0x1000 - 4 - 0xfffffff4u),
		"R_386_PC32 at 0xfffffff4 to 0x1000 (mod 2^32)");
	TINY_OK(1, R_386_32, 1, 0, 0, 0xfffffff0u, 0xfffffff0u,
		"ELF32 image ending exactly at 4 GiB");
	TINY_ERR(1, R_386_32, 1, 0, 0, 0x100000000ull, "4 GiB",
		 "ELF32 image above 4 GiB");
	/* unsupported types, named */
	TINY_ERR(2, 9, 1, 0, 0, 0x100000, "unsupported relocation type 9 (R_X86_64_GOTPCREL)",
		 "x86_64 GOTPCREL rejected by name");
	TINY_ERR(2, 200, 1, 0, 0, 0x100000, "unsupported relocation type 200 (unknown)",
		 "x86_64 unknown type 200");
	TINY_ERR(1, 9, 1, 0, 0, 0x100000, "type 9 (R_386_GOTOFF)",
		 "i386 GOTOFF rejected by name");
	TINY_ERR(1, 4, 1, 0, 0, 0x100000, "R_386_PLT32",
		 "i386 PLT32 is not in the supported set");
	TINY_ERR(1, R_X86_64_32S, 1, 0, 0, 0x100000, "type 11",
		 "x86_64 type number in an ELF32 object");
	/* symbol index */
	TINY_ERR(2, R_X86_64_64, 99, 0, 0, 0x100000,
		 "symbol index 99 out of range (the symbol table has 3 entries)",
		 "symbol index out of range");
	TINY_ERR(1, R_386_32, 3, 0, 0, 0x100000, "symbol index 3 out of range",
		 "ELF32 symbol index one past the end");
}

/* Patch a little-endian field of a copy of @o and expect failure. */
static void patched(const struct rb_out *o, uint64_t off, uint64_t v, int n,
		    const char *needle, const char *desc)
{
	uint8_t *b = malloc(o->len);

	memcpy(b, o->buf, o->len);
	rb_put(b, off, v, n);
	expect_fail(b, o->len, 0x100000, needle, desc);
	free(b);
}

static void test_structure(void)
{
	struct rb_spec s;
	struct rb_out o, o32;
	struct elf_rel_image img;
	struct diag d = { 0 };
	uint64_t sz = 0, al = 0, h;
	size_t L, nfail = 0;
	uint8_t *b;
	int rc;

	std_spec(&s, 2);
	rb_build(&s, &o);
	std_spec(&s, 1);
	rb_build(&s, &o32);

	rc = elf_rel_size(&d, "std", o.buf, o.len, &sz, &al);
	ok(rc == 0 && sz == STD_LEN && al == STD_ALIGN, "elf_rel_size: 192 bytes, align 32");

	expect_fail(o.buf, 0, 0x100000, "not an ELF file", "empty buffer");
	expect_fail(NULL, 100, 0x100000, "not an ELF file", "NULL buffer");
	expect_fail(o.buf, 40, 0x100000, "truncated ELF header", "40 bytes of ELF64");
	expect_fail(o32.buf, 51, 0x100000, "truncated ELF header", "51 bytes of ELF32");
	expect_fail(o.buf, o.len - 1, 0x100000, "section header table",
		    "last byte of the section header table cut");
	for (L = 0; L < o.len; L++) {
		memset(&d, 0, sizeof(d));
		if (elf_rel_load(&d, "t", o.buf, L, 0x100000, &img) < 0 &&
		    img.buf == NULL && d.msg[0])
			nfail++;
		elf_rel_free(&img);
	}
	is_int(nfail, o.len, "every truncation of the ELF64 object is rejected with a message");
	nfail = 0;
	for (L = 0; L < o32.len; L++) {
		memset(&d, 0, sizeof(d));
		if (elf_rel_load(&d, "t", o32.buf, L, 0x100000, &img) < 0)
			nfail++;
		elf_rel_free(&img);
	}
	is_int(nfail, o32.len, "every truncation of the ELF32 object is rejected");

	patched(&o, 16, 2, 2, "not a relocatable object", "ET_EXEC");
	patched(&o, 18, 3, 2, "e_machine 3", "ELF64 with EM_386");
	patched(&o32, 18, 62, 2, "e_machine 62", "ELF32 with EM_X86_64");
	patched(&o, 5, 2, 1, "little-endian", "big-endian");
	patched(&o, 4, 3, 1, "ELF class 3", "bad class");
	patched(&o, 58, 10, 2, "e_shentsize 10", "e_shentsize too small");
	patched(&o32, 46, 39, 2, "e_shentsize 39", "ELF32 e_shentsize 39");
	patched(&o, 40, o.len, 8, "section header table", "e_shoff at end of file");
	patched(&o, 40, (uint64_t)-64, 8, "section header table",
		"e_shoff near 2^64 (no wrap)");
	patched(&o, 60, 0, 2, "no section headers", "e_shnum 0");
	patched(&o, 60, o.shnum + 1, 2, "section header table", "e_shnum one too many");

	/* section 3 = .data: sh_offset at +24, sh_size at +32 (ELF64) */
	h = rb_shdr(&o, 1 + S_DATA);
	patched(&o, h + 24, o.len - 4, 8, ".data (offset", "sh_offset + size past end names the section");
	patched(&o, h + 24, (uint64_t)-0x100, 8, "extends past end of file",
		"sh_offset near 2^64 (no wrap)");
	patched(&o, h + 32, (uint64_t)-1, 8, "extends past end of file", "sh_size 2^64-1");
	patched(&o, h + 48, 3, 8, "not a power of two", "sh_addralign 3");
	patched(&o, h + 48, 1u << 22, 8, "larger than", "sh_addralign 4 MiB");
	/* ELF32 .data: sh_offset at +16, sh_size at +20 */
	h = rb_shdr(&o32, 1 + S_DATA);
	patched(&o32, h + 20, 0x10000000, 4, "extends past end of file", "ELF32 sh_size past end");
	/* .bss NOBITS huge: image too large */
	h = rb_shdr(&o, 1 + S_BSS);
	patched(&o, h + 32, 0x40000000, 8, "larger than", "1 GiB .bss");
	/* symbol table: size not a multiple of 24 */
	h = rb_shdr(&o, o.idx_symtab);
	patched(&o, h + 32, 24 * (Y_NSYMS + 1) - 1, 8, "symbol table", "symtab size not whole entries");
	patched(&o, h + 40, 0, 4, "not a string table", "symtab sh_link 0");
	patched(&o, h + 40, 200, 4, "not a string table", "symtab sh_link out of range");
	/* strtab not NUL-terminated: its last byte */
	{
		uint64_t sh = rb_shdr(&o, o.idx_strtab);
		uint64_t so = getle(o.buf + sh + 24, 8), ss = getle(o.buf + sh + 32, 8);

		patched(&o, so + ss - 1, 'x', 1, "not NUL-terminated", "strtab without final NUL");
	}
	/* relocation section of .text */
	h = rb_shdr(&o, o.idx_rel[S_TEXT]);
	patched(&o, h + 40, 0, 4, "is not the symbol table", "rela sh_link 0");
	patched(&o, h + 44, 99, 4, "target section index 99", "rela sh_info out of range");
	patched(&o, h + 4, 9, 4, "SHT_REL section in an ELF64", "SHT_REL in ELF64");
	patched(&o, h + 32, 25, 8, "24-byte entries", "rela size not whole entries");
	patched(&o, h + 56, 16, 8, "24-byte entries", "rela entsize 16");
	h = rb_shdr(&o32, o32.idx_rel[S_TEXT]);
	patched(&o32, h + 4, 4, 4, "SHT_RELA section in an ELF32", "SHT_RELA in ELF32");
	/* relocation targeting .bss (NOBITS) */
	h = rb_shdr(&o, o.idx_rel[S_TEXT]);
	patched(&o, h + 44, 1 + S_BSS, 4, "SHT_NOBITS", "relocations against .bss");
	/* first .text relocation entry: r_offset at +0, r_info at +8 */
	patched(&o, o.rel_off[S_TEXT], 62, 8, "runs past the end of the section",
		"4-byte field at .text+62 of 64");
	patched(&o, o.rel_off[S_TEXT], 0x1000, 8, "outside the section",
		"r_offset beyond the section");
	patched(&o, o.rel_off[S_TEXT] + 8, ((uint64_t)Y_EXT << 32) | R_X86_64_64,
		8, "undefined symbol 'ext'", "relocation against an undefined symbol");
	patched(&o, o.rel_off[S_TEXT] + 8, ((uint64_t)0x7fffffff << 32) | 1, 8,
		"symbol index 2147483647 out of range", "huge symbol index");
	patched(&o32, o32.rel_off[S_TEXT] + 4, (Y_EXT << 8) | R_386_32, 4,
		"undefined symbol 'ext'", "ELF32 undefined symbol");
	/* symbol Y_BUF: st_shndx at +6, st_value at +8 (ELF64) */
	h = o.symtab_off + 24 * Y_BUF;
	patched(&o, h + 6, 0xfff2, 2, "-fno-common", "common symbol");
	patched(&o, h + 6, 50, 2, "section index 0x32, out of range", "symbol section index out of range");
	patched(&o, h + 6, 0xff05, 2, "out of range", "reserved symbol section index");
	patched(&o, h + 8, 65, 8, "past the end of .bss", "symbol value past its section");
	patched(&o, h + 6, 1 + S_COMMENT, 2, "not loaded", "symbol in a non-SHF_ALLOC section");
	h = o32.symtab_off + 16 * Y_BUF;
	patched(&o32, h + 4, 65, 4, "past the end of .bss", "ELF32 symbol value past its section");
	/* an exported symbol whose name is outside the string table */
	h = o.symtab_off + 24 * Y_START;
	patched(&o, h, 0x10000, 4, "outside the string table", "st_name out of range");

	expect_fail(o.buf, o.len, 0x100010, "not aligned to 0x20", "base not aligned to .bss alignment");
	/* above 4 GiB the R_X86_64_32 at .text+0x28 (.rodata + 8) overflows */
	expect_fail(o.buf, o.len, 0x123400000ull,
		    ".rela.text entry 2 (.text+0x28) (R_X86_64_32)",
		    "ELF64 object at 0x123400000: R_X86_64_32 overflow names the place");

	/* random single-byte corruption: never crashes; success or a message */
	b = malloc(o.len);
	{
		uint32_t x = 12345;
		size_t it, good = 0, n = 3000;

		for (it = 0; it < n; it++) {
			size_t pos;

			memcpy(b, o.buf, o.len);
			x = x * 1103515245u + 12345u;
			pos = (x >> 8) % o.len;
			b[pos] ^= (uint8_t)(1u << ((x >> 4) & 7));
			memset(&d, 0, sizeof(d));
			rc = elf_rel_load(&d, "fz", b, o.len, 0x100000, &img);
			if ((rc == 0 && img.buf && img.len > 0 && d.rc == 0) ||
			    (rc < 0 && !img.buf && d.rc == rc && d.msg[0]))
				good++;
			elf_rel_free(&img);
		}
		is_int(good, n, "3000 single-bit corruptions: each loads or fails with a message");
	}
	free(b);

	/* a relocation section for a non-loaded section is skipped */
	{
		struct rb_spec t;
		struct rb_out ot;

		std_spec(&t, 2);
		t.rel[t.nrel++] = (struct rb_rel){ S_COMMENT, 0, R_X86_64_32, Y_EXT, 0 };
		rb_build(&t, &ot);
		memset(&d, 0, sizeof(d));
		rc = elf_rel_load(&d, "c", ot.buf, ot.len, 0x100000, &img);
		ok(rc == 0 && img.nrelocs == 9, "relocations for .comment (not SHF_ALLOC) are skipped");
		elf_rel_free(&img);
		free(ot.buf);
	}
	free(o.buf);
	free(o32.buf);
}

/* Names from the file are quoted in messages: a control character in
 * one (found by fuzz-elfrel: a section name with a newline) must not
 * break the message's single line. */
static void test_control_names(void)
{
	struct rb_spec s;
	struct rb_out o;
	struct diag d = { 0 };
	struct elf_rel_image img;
	uint8_t *b;
	int rc;

	std_spec(&s, 2);
	s.sec[S_DATA].name = ".da\nta\x1b";
	rb_build(&s, &o);
	b = malloc(o.len);
	memcpy(b, o.buf, o.len);
	rb_put(b, rb_shdr(&o, 1 + S_DATA) + 24, (uint64_t)-0x100, 8);
	rc = elf_rel_load(&d, "obj", b, o.len, 0x100000, &img);
	ok(rc < 0 && strchr(d.msg, '\n') == NULL && strchr(d.msg, 0x1b) == NULL,
	   "section name with a newline: one-line message");
	has_str(d.msg, "obj: .da?ta? (offset", "control characters shown as '?'");
	free(b);
	free(o.buf);

	/* an undefined symbol whose name has a newline */
	std_spec(&s, 2);
	s.sym[Y_EXT - 1].name = "e\nxt";
	s.rel[s.nrel++] = (struct rb_rel){ S_DATA, 8, R_X86_64_64, Y_EXT, 0 };
	rb_build(&s, &o);
	memset(&d, 0, sizeof(d));
	rc = elf_rel_load(&d, "obj", o.buf, o.len, 0x100000, &img);
	ok(rc < 0 && strchr(d.msg, '\n') == NULL,
	   "symbol name with a newline: one-line message");
	has_str(d.msg, "e?xt", "the symbol named with '?'");
	free(o.buf);
}

/* An SHT_NULL section with SHF_ALLOC whose range lies past the end of
 * the file (found by fuzz-elfrel: the layout copied it from the file,
 * reading past the buffer). */
static void test_null_alloc(void)
{
	struct rb_spec s;
	struct rb_out o;
	uint64_t h;

	std_spec(&s, 2);
	rb_build(&s, &o);
	h = rb_shdr(&o, 1 + S_DATA);
	rb_put(o.buf, h + 4, 0, 4);                /* sh_type SHT_NULL */
	rb_put(o.buf, h + 32, o.len + 0x30000, 8); /* sh_size past the end */
	expect_fail(o.buf, o.len, 0x100000, "extends past end of file",
		    "SHT_NULL + SHF_ALLOC section past the end of the file");
	free(o.buf);
}

int main(void)
{
	check_std(2, 0x100000);
	check_std(2, 0x7ff00000);
	check_std(2, 0x40000000);
	check_std(1, 0x100000);
	check_std(1, 0xfff00000u);
	test_ranges();
	test_structure();
	test_control_names();
	test_null_alloc();
	return tap_done();
}
