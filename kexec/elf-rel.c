/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elf-rel.c - load and relocate an x86 ELF relocatable object (elf-rel.h).
 *
 * Sources for every offset below: System V gABI ("ELF header", "Sections",
 * "Symbol Table", "Relocation"), the x86-64 psABI (relocation types and
 * their calculations, table 4.10) and the i386 psABI (table 4.4).
 * Notation as in the psABIs: S = symbol value, A = addend, P = address of
 * the place being relocated.
 *
 * Everything the headers say is checked once, in rel_parse(), before the
 * first dereference: the section header table and every section's file
 * range lie inside the buffer, string tables are NUL-terminated, the
 * symbol table has whole entries.  Symbol and relocation entries are then
 * read through helpers that bounds-check the index again.
 *
 * Arithmetic: the image must end below 2^63 (ELF64) so that every
 * section-relative S and every P is exact as int64_t; ELF64 SHN_ABS values
 * are read as int64_t (x86-64 upper-half addresses are "negative"), and
 * the 32-bit field checks use overflow-checked int64_t sums, so a value is
 * never accepted because it wrapped.  For ELF32 the image must end at or
 * below 4 GiB: i386 relocations are computed modulo 2^32, which is only
 * the true address when every address involved is below 4 GiB.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf-rel.h"
#include "le.h"

typedef unsigned long long ull;

/* e_ident and ELF header offsets (gABI "ELF Header") */
#define EI_CLASS 4
#define EI_DATA  5
#define EH32_SIZE 52
#define EH64_SIZE 64
#define E_TYPE_OFF    16
#define E_MACHINE_OFF 18
#define EM_386     3
#define EM_486     6
#define EM_X86_64 62

/* section header types and flags (gABI "Sections") */
#define SHT_NULL     0
#define SHT_SYMTAB   2
#define SHT_STRTAB   3
#define SHT_RELA     4
#define SHT_NOBITS   8
#define SHT_REL      9
#define SHF_ALLOC    0x2u
#define SH32_SIZE 40
#define SH64_SIZE 64
#define SHN_UNDEF     0
#define SHN_LORESERVE 0xff00u
#define SHN_ABS       0xfff1u
#define SHN_COMMON    0xfff2u
#define SHN_XINDEX    0xffffu

/* symbol table (gABI "Symbol Table") */
#define SYM32_SIZE 16
#define SYM64_SIZE 24
#define STT_SECTION 3
#define STT_FILE    4

/* relocation entries (gABI "Relocation") */
#define REL32_SIZE   8   /* Elf32_Rel: r_offset, r_info */
#define RELA64_SIZE 24   /* Elf64_Rela: r_offset, r_info, r_addend */

/* Largest image accepted: SHT_NOBITS sizes are not bounded by the file. */
#define ELF_REL_MAX_IMAGE (256u << 20)

struct rel_sec {
	uint32_t name, type, link, info;
	uint64_t flags, offset, size, addralign, entsize;
	uint64_t imgoff;       /* offset in the image; only for SHF_ALLOC */
};

struct rel_ctx {
	struct diag *d;
	const char *name;
	const uint8_t *obj;
	size_t len;
	int is64;
	size_t shnum;
	struct rel_sec *sh;    /* owned, shnum entries */
	size_t shstrndx;       /* 0 when the names are unusable */
	size_t symtab;         /* section index, 0 = none */
	size_t nsyms;
	const char *strtab;    /* symbol names (NUL-terminated at the end) */
	size_t strtab_len;
	uint64_t imglen;       /* image size */
	uint64_t align;        /* largest sh_addralign of SHF_ALLOC sections */
	uint64_t base;
	uint8_t *img;          /* image being built (elf_rel_load only) */
};

/* [off, off+size) inside [0, len)?  No overflow for any inputs. */
static int in_bounds(uint64_t off, uint64_t size, uint64_t len)
{
	return off <= len && size <= len - off;
}

/* A name from the file into @buf (@n > 0) for a message: cut to fit,
 * control characters as '?', so the message stays one line. */
static const char *printable(const char *s, char *buf, size_t n)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < n; i++)
		buf[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}

/* Section name for messages (never NULL). */
static const char *sec_name(const struct rel_ctx *c, size_t i, char *buf,
			    size_t n)
{
	if (c->shstrndx && i < c->shnum) {
		const struct rel_sec *s = &c->sh[c->shstrndx];

		if (c->sh[i].name < s->size)
			return printable((const char *)c->obj + s->offset +
					 c->sh[i].name, buf, n);
	}
	snprintf(buf, n, "section #%zu", i);
	return buf;
}

static int is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* Read and validate the ELF header and the section header table. */
static int rel_parse(struct rel_ctx *c)
{
	const uint8_t *b = c->obj;
	uint64_t shoff, tbl;
	unsigned type, machine, shentsize, shnum, shstrndx, cls;
	size_t i, need;
	char nb[32];

	if (c->len < 16 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' ||
	    b[3] != 'F')
		return diag_fail(c->d, -ENOEXEC, "%s: not an ELF file",
				 c->name);
	cls = b[EI_CLASS];
	if (cls != 1 && cls != 2)
		return diag_fail(c->d, -ENOEXEC,
				 "%s: unknown ELF class %u", c->name, cls);
	if (b[EI_DATA] != 1)
		return diag_fail(c->d, -ENOEXEC,
				 "%s: not a little-endian ELF (EI_DATA %u)",
				 c->name, b[EI_DATA]);
	c->is64 = cls == 2;
	need = c->is64 ? EH64_SIZE : EH32_SIZE;
	if (c->len < need)
		return diag_fail(c->d, -ENOEXEC,
				 "%s: truncated ELF header (%zu of %zu bytes)",
				 c->name, c->len, need);
	type = (unsigned)get_le(b + E_TYPE_OFF, 2);
	machine = (unsigned)get_le(b + E_MACHINE_OFF, 2);
	if (type != ET_REL)
		return diag_fail(c->d, -ENOEXEC,
				 "%s: e_type %u is not a relocatable object (ET_REL)",
				 c->name, type);
	if (c->is64 ? machine != EM_X86_64
		    : machine != EM_386 && machine != EM_486)
		return diag_fail(c->d, -ENOEXEC,
				 "%s: e_machine %u with ELF class %u is not i386 ELF32 or x86_64 ELF64",
				 c->name, machine, cls);
	if (c->is64) {
		shoff = get_le(b + 40, 8);               /* e_shoff */
		shentsize = (unsigned)get_le(b + 58, 2); /* e_shentsize */
		shnum = (unsigned)get_le(b + 60, 2);     /* e_shnum */
		shstrndx = (unsigned)get_le(b + 62, 2);  /* e_shstrndx */
	} else {
		shoff = get_le(b + 32, 4);
		shentsize = (unsigned)get_le(b + 46, 2);
		shnum = (unsigned)get_le(b + 48, 2);
		shstrndx = (unsigned)get_le(b + 50, 2);
	}
	if (shnum == 0)
		return diag_fail(c->d, -ENOEXEC,
				 "%s: no section headers (e_shnum 0; extended numbering is not supported)",
				 c->name);
	if (shentsize < (unsigned)(c->is64 ? SH64_SIZE : SH32_SIZE))
		return diag_fail(c->d, -ENOEXEC,
				 "%s: e_shentsize %u is smaller than a section header (%u)",
				 c->name, shentsize,
				 c->is64 ? SH64_SIZE : SH32_SIZE);
	tbl = (uint64_t)shnum * shentsize;      /* < 2^32, no overflow */
	if (!in_bounds(shoff, tbl, c->len))
		return diag_fail(c->d, -ENOEXEC,
				 "%s: section header table (offset 0x%llx + %u x %u bytes) extends past end of file (0x%zx)",
				 c->name, (ull)shoff, shnum, shentsize,
				 c->len);
	c->sh = calloc(shnum, sizeof(*c->sh));
	if (!c->sh)
		return diag_fail(c->d, -ENOMEM, "%s: out of memory", c->name);
	c->shnum = shnum;
	for (i = 0; i < shnum; i++) {
		const uint8_t *h = b + shoff + i * shentsize;
		struct rel_sec *s = &c->sh[i];

		if (c->is64) {
			s->name = (uint32_t)get_le(h + 0, 4);
			s->type = (uint32_t)get_le(h + 4, 4);
			s->flags = get_le(h + 8, 8);
			s->offset = get_le(h + 24, 8);
			s->size = get_le(h + 32, 8);
			s->link = (uint32_t)get_le(h + 40, 4);
			s->info = (uint32_t)get_le(h + 44, 4);
			s->addralign = get_le(h + 48, 8);
			s->entsize = get_le(h + 56, 8);
		} else {
			s->name = (uint32_t)get_le(h + 0, 4);
			s->type = (uint32_t)get_le(h + 4, 4);
			s->flags = get_le(h + 8, 4);
			s->offset = get_le(h + 16, 4);
			s->size = get_le(h + 20, 4);
			s->link = (uint32_t)get_le(h + 24, 4);
			s->info = (uint32_t)get_le(h + 28, 4);
			s->addralign = get_le(h + 32, 4);
			s->entsize = get_le(h + 36, 4);
		}
		if (s->addralign == 0)
			s->addralign = 1;
	}

	/* Section names, if usable (messages only). */
	if (shstrndx != 0 && shstrndx < shnum) {
		const struct rel_sec *s = &c->sh[shstrndx];

		if (s->type == SHT_STRTAB && s->size > 0 &&
		    in_bounds(s->offset, s->size, c->len) &&
		    b[s->offset + s->size - 1] == '\0')
			c->shstrndx = shstrndx;
	}

	for (i = 1; i < shnum; i++) {
		const struct rel_sec *s = &c->sh[i];

		/* an SHT_NULL header is inactive, unless SHF_ALLOC puts it
		 * in the image (copied from the file like any other) */
		if (s->type != SHT_NOBITS &&
		    (s->type != SHT_NULL || (s->flags & SHF_ALLOC)) &&
		    !in_bounds(s->offset, s->size, c->len))
			return diag_fail(c->d, -ENOEXEC,
					 "%s: %s (offset 0x%llx + size 0x%llx) extends past end of file (0x%zx)",
					 c->name, sec_name(c, i, nb, sizeof(nb)),
					 (ull)s->offset, (ull)s->size, c->len);
		if (!is_pow2(s->addralign))
			return diag_fail(c->d, -ENOEXEC,
					 "%s: %s: sh_addralign 0x%llx is not a power of two",
					 c->name, sec_name(c, i, nb, sizeof(nb)),
					 (ull)s->addralign);
		if (s->type == SHT_SYMTAB) {
			if (c->symtab)
				return diag_fail(c->d, -ENOEXEC,
						 "%s: more than one symbol table",
						 c->name);
			c->symtab = i;
		}
	}

	if (c->symtab) {
		const struct rel_sec *s = &c->sh[c->symtab], *st;
		size_t esz = c->is64 ? SYM64_SIZE : SYM32_SIZE;

		if ((s->entsize && s->entsize != esz) || s->size % esz)
			return diag_fail(c->d, -ENOEXEC,
					 "%s: symbol table: size 0x%llx / entsize %llu do not match %zu-byte entries",
					 c->name, (ull)s->size, (ull)s->entsize,
					 esz);
		if (s->link == 0 || s->link >= shnum ||
		    c->sh[s->link].type != SHT_STRTAB)
			return diag_fail(c->d, -ENOEXEC,
					 "%s: symbol table: sh_link %u is not a string table",
					 c->name, s->link);
		st = &c->sh[s->link];
		if (st->size == 0 || b[st->offset + st->size - 1] != '\0')
			return diag_fail(c->d, -ENOEXEC,
					 "%s: symbol string table is empty or not NUL-terminated",
					 c->name);
		c->nsyms = (size_t)(s->size / esz);
		c->strtab = (const char *)b + st->offset;
		c->strtab_len = (size_t)st->size;
	}
	return 0;
}

/* Assign image offsets to the SHF_ALLOC sections, in section order. */
static int rel_layout(struct rel_ctx *c)
{
	uint64_t off = 0;
	size_t i;
	char nb[32];

	c->align = 1;
	for (i = 1; i < c->shnum; i++) {
		struct rel_sec *s = &c->sh[i];

		if (!(s->flags & SHF_ALLOC))
			continue;
		if (s->addralign > ELF_REL_MAX_ALIGN)
			return diag_fail(c->d, -ENOEXEC,
					 "%s: %s: sh_addralign 0x%llx is larger than 0x%x",
					 c->name, sec_name(c, i, nb, sizeof(nb)),
					 (ull)s->addralign, ELF_REL_MAX_ALIGN);
		if (s->addralign > c->align)
			c->align = s->addralign;
		/* off <= ELF_REL_MAX_IMAGE, so neither sum overflows */
		off = (off + s->addralign - 1) & ~(s->addralign - 1);
		if (s->size > ELF_REL_MAX_IMAGE - off)
			return diag_fail(c->d, -EFBIG,
					 "%s: %s (size 0x%llx) makes the image larger than 0x%x bytes",
					 c->name, sec_name(c, i, nb, sizeof(nb)),
					 (ull)s->size, ELF_REL_MAX_IMAGE);
		s->imgoff = off;
		off += s->size;
	}
	if (off == 0)
		return diag_fail(c->d, -ENOEXEC,
				 "%s: no loadable (SHF_ALLOC) sections",
				 c->name);
	c->imglen = off;
	return 0;
}

struct rel_symv {
	uint32_t name;
	uint8_t info;
	uint16_t shndx;
	uint64_t value, size;
};

/* Read symbol @j; the caller checked j < nsyms. */
static void sym_read(const struct rel_ctx *c, size_t j, struct rel_symv *v)
{
	const struct rel_sec *s = &c->sh[c->symtab];
	const uint8_t *e = c->obj + s->offset +
			   j * (c->is64 ? SYM64_SIZE : SYM32_SIZE);

	if (c->is64) {
		v->name = (uint32_t)get_le(e + 0, 4);     /* st_name */
		v->info = e[4];                           /* st_info */
		v->shndx = (uint16_t)get_le(e + 6, 2);    /* st_shndx */
		v->value = get_le(e + 8, 8);              /* st_value */
		v->size = get_le(e + 16, 8);              /* st_size */
	} else {
		v->name = (uint32_t)get_le(e + 0, 4);
		v->value = get_le(e + 4, 4);
		v->size = get_le(e + 8, 4);
		v->info = e[12];
		v->shndx = (uint16_t)get_le(e + 14, 2);
	}
}

/* Symbol name for messages: its string, its section's name for section
 * symbols, or "#j". */
static const char *sym_name(const struct rel_ctx *c, size_t j,
			    const struct rel_symv *v, char *buf, size_t n)
{
	if ((v->info & 0xf) == STT_SECTION && v->shndx < c->shnum &&
	    v->shndx != SHN_UNDEF)
		return sec_name(c, v->shndx, buf, n);
	if (v->name != 0 && v->name < c->strtab_len)
		return printable(c->strtab + v->name, buf, n);
	snprintf(buf, n, "symbol #%zu", j);
	return buf;
}

/* The value S of symbol @j as a signed 64-bit number (exact, see the top
 * comment).  Errors name the symbol; @where says which relocation. */
static int sym_value(const struct rel_ctx *c, size_t j, const char *where,
		     int64_t *out)
{
	struct rel_symv v;
	const struct rel_sec *s;
	char nb[64], sb[32];
	const char *n;

	if (j == 0) {          /* STN_UNDEF: "uses 0 as the symbol value" */
		*out = 0;
		return 0;
	}
	if (j >= c->nsyms)
		return diag_fail(c->d, -ENOEXEC,
				 "%s: %s: symbol index %zu out of range (the symbol table has %zu entries)",
				 c->name, where, j, c->nsyms);
	sym_read(c, j, &v);
	n = sym_name(c, j, &v, nb, sizeof(nb));
	if (v.shndx == SHN_UNDEF)
		return diag_fail(c->d, -ENOEXEC,
				 "%s: %s: undefined symbol '%s'",
				 c->name, where, n);
	if (v.shndx == SHN_ABS) {
		*out = c->is64 ? (int64_t)v.value : (int64_t)(uint32_t)v.value;
		return 0;
	}
	if (v.shndx == SHN_COMMON)
		return diag_fail(c->d, -ENOEXEC,
				 "%s: %s: common symbol '%s' (build with -fno-common)",
				 c->name, where, n);
	if (v.shndx >= SHN_LORESERVE || v.shndx >= c->shnum)
		return diag_fail(c->d, -ENOEXEC,
				 "%s: %s: symbol '%s' has section index 0x%x, out of range (%zu sections)",
				 c->name, where, n, v.shndx, c->shnum);
	s = &c->sh[v.shndx];
	if (!(s->flags & SHF_ALLOC))
		return diag_fail(c->d, -ENOEXEC,
				 "%s: %s: symbol '%s' is in %s, which is not loaded (no SHF_ALLOC)",
				 c->name, where, n,
				 sec_name(c, v.shndx, sb, sizeof(sb)));
	if (v.value > s->size)
		return diag_fail(c->d, -ENOEXEC,
				 "%s: %s: symbol '%s' value 0x%llx is past the end of %s (size 0x%llx)",
				 c->name, where, n, (ull)v.value,
				 sec_name(c, v.shndx, sb, sizeof(sb)),
				 (ull)s->size);
	/* base + imglen < 2^63 (checked), value <= size: exact */
	*out = (int64_t)(c->base + s->imgoff + v.value);
	return 0;
}

static const char *rtype_name(int is64, uint32_t t)
{
	static const char *const x64[] = {
		[0] = "R_X86_64_NONE", [1] = "R_X86_64_64",
		[2] = "R_X86_64_PC32", [3] = "R_X86_64_GOT32",
		[4] = "R_X86_64_PLT32", [5] = "R_X86_64_COPY",
		[6] = "R_X86_64_GLOB_DAT", [7] = "R_X86_64_JUMP_SLOT",
		[8] = "R_X86_64_RELATIVE", [9] = "R_X86_64_GOTPCREL",
		[10] = "R_X86_64_32", [11] = "R_X86_64_32S",
		[12] = "R_X86_64_16", [13] = "R_X86_64_PC16",
		[14] = "R_X86_64_8", [15] = "R_X86_64_PC8",
		[24] = "R_X86_64_PC64", [25] = "R_X86_64_GOTOFF64",
		[26] = "R_X86_64_GOTPC32", [41] = "R_X86_64_GOTPCRELX",
		[42] = "R_X86_64_REX_GOTPCRELX",
	};
	static const char *const i386[] = {
		[0] = "R_386_NONE", [1] = "R_386_32", [2] = "R_386_PC32",
		[3] = "R_386_GOT32", [4] = "R_386_PLT32", [5] = "R_386_COPY",
		[6] = "R_386_GLOB_DAT", [7] = "R_386_JMP_SLOT",
		[8] = "R_386_RELATIVE", [9] = "R_386_GOTOFF",
		[10] = "R_386_GOTPC", [20] = "R_386_16", [21] = "R_386_PC16",
		[22] = "R_386_8", [23] = "R_386_PC8", [43] = "R_386_GOT32X",
	};
	const char *n = NULL;

	if (is64 && t < sizeof(x64) / sizeof(x64[0]))
		n = x64[t];
	else if (!is64 && t < sizeof(i386) / sizeof(i386[0]))
		n = i386[t];
	return n ? n : "unknown";
}

/* Apply one relocation.  @place is the image byte at r_offset of the
 * target section, @P its address; @where names it for messages. */
static int rel_apply(struct rel_ctx *c, uint32_t type, size_t symi,
		     int64_t addend, int have_addend, uint8_t *place,
		     uint64_t room, uint64_t P, const char *where)
{
	int64_t S, v;
	int width = c->is64 ? (type == R_X86_64_64 ? 8 : 4) : 4;
	const char *tn = rtype_name(c->is64, type);
	const char *what;
	int rc;

	if (c->is64 ? (type != R_X86_64_64 && type != R_X86_64_PC32 &&
		       type != R_X86_64_PLT32 && type != R_X86_64_32 &&
		       type != R_X86_64_32S)
		    : (type != R_386_32 && type != R_386_PC32))
		return diag_fail(c->d, -ENOEXEC,
				 "%s: %s: unsupported relocation type %u (%s); supported: %s",
				 c->name, where, type, tn,
				 c->is64 ? "R_X86_64_64, PC32, PLT32, 32, 32S"
					 : "R_386_32, R_386_PC32");
	if ((uint64_t)width > room)
		return diag_fail(c->d, -ENOEXEC,
				 "%s: %s (%s): the %d-byte field runs past the end of the section",
				 c->name, where, tn, width);
	rc = sym_value(c, symi, where, &S);
	if (rc)
		return rc;

	if (!c->is64) {
		/* i386, SHT_REL: A is the 32-bit value already at the place.
		 * The image and every section symbol lie below 4 GiB
		 * (checked), ELF32 ABS values are 32-bit, so arithmetic
		 * modulo 2^32 gives the true result. */
		uint32_t A = have_addend ? (uint32_t)addend
					 : (uint32_t)get_le(place, 4);
		uint32_t r = (uint32_t)S + A;

		if (type == R_386_PC32)
			r -= (uint32_t)P;
		put_le(place, r, 4);
		return 0;
	}

	if (type == R_X86_64_64) {           /* S + A, all 64 bits */
		put_le(place, (uint64_t)S + (uint64_t)addend, 8);
		return 0;
	}
	if (type == R_X86_64_PC32 || type == R_X86_64_PLT32) {
		/* S + A - P (PLT32 without a PLT: L = S) */
		if (__builtin_sub_overflow(S, (int64_t)P, &v) ||
		    __builtin_add_overflow(v, addend, &v) ||
		    v < INT32_MIN || v > INT32_MAX) {
			what = "a signed 32-bit displacement";
			goto overflow;
		}
	} else {
		if (__builtin_add_overflow(S, addend, &v)) {
			what = "64 bits";
			goto overflow;
		}
		if (type == R_X86_64_32 && (v < 0 || v > (int64_t)UINT32_MAX)) {
			what = "a zero-extended 32-bit field";
			goto overflow;
		}
		if (type == R_X86_64_32S && (v < INT32_MIN || v > INT32_MAX)) {
			what = "a sign-extended 32-bit field";
			goto overflow;
		}
	}
	put_le(place, (uint64_t)v, 4);
	return 0;
overflow:
	return diag_fail(c->d, -ERANGE,
			 "%s: %s (%s): value (S 0x%llx + A %lld%s) does not fit %s (image at 0x%llx)",
			 c->name, where, tn, (ull)S, (long long)addend,
			 (type == R_X86_64_PC32 || type == R_X86_64_PLT32)
				 ? " - P" : "",
			 what, (ull)c->base);
}

/* Apply every relocation section that targets a loaded section. */
static int rel_relocate(struct rel_ctx *c, size_t *count)
{
	size_t i, k, n, esz;
	char nb[32], tb[32], where[160];
	int rc;

	*count = 0;
	for (i = 1; i < c->shnum; i++) {
		const struct rel_sec *s = &c->sh[i], *t;
		const char *sn;

		if (s->type != SHT_REL && s->type != SHT_RELA)
			continue;
		sn = sec_name(c, i, nb, sizeof(nb));
		if (c->is64 != (s->type == SHT_RELA))
			return diag_fail(c->d, -ENOEXEC,
					 "%s: %s: %s section in an %s object (expected %s)",
					 c->name, sn,
					 s->type == SHT_RELA ? "SHT_RELA" : "SHT_REL",
					 c->is64 ? "ELF64" : "ELF32",
					 c->is64 ? "SHT_RELA" : "SHT_REL");
		if (s->info == 0 || s->info >= c->shnum)
			return diag_fail(c->d, -ENOEXEC,
					 "%s: %s: target section index %u out of range (%zu sections)",
					 c->name, sn, s->info, c->shnum);
		t = &c->sh[s->info];
		if (!(t->flags & SHF_ALLOC)) {
			diag_debug(c->d, "%s: %s: target %s is not loaded, skipped",
				   c->name, sn,
				   sec_name(c, s->info, tb, sizeof(tb)));
			continue;
		}
		if (t->type == SHT_NOBITS)
			return diag_fail(c->d, -ENOEXEC,
					 "%s: %s: relocations against %s, which has no file data (SHT_NOBITS)",
					 c->name, sn,
					 sec_name(c, s->info, tb, sizeof(tb)));
		if (!c->symtab || s->link != c->symtab)
			return diag_fail(c->d, -ENOEXEC,
					 "%s: %s: sh_link %u is not the symbol table",
					 c->name, sn, s->link);
		esz = c->is64 ? RELA64_SIZE : REL32_SIZE;
		if ((s->entsize && s->entsize != esz) || s->size % esz)
			return diag_fail(c->d, -ENOEXEC,
					 "%s: %s: size 0x%llx / entsize %llu do not match %zu-byte entries",
					 c->name, sn, (ull)s->size,
					 (ull)s->entsize, esz);
		n = (size_t)(s->size / esz);
		for (k = 0; k < n; k++) {
			const uint8_t *e = c->obj + s->offset + k * esz;
			uint64_t off, info;
			int64_t addend = 0;
			uint32_t type;
			size_t symi;

			if (c->is64) {
				off = get_le(e, 8);          /* r_offset */
				info = get_le(e + 8, 8);     /* r_info */
				addend = (int64_t)get_le(e + 16, 8);
				type = (uint32_t)info;       /* ELF64_R_TYPE */
				/* ELF64_R_SYM: < 2^32, fits size_t */
				symi = (size_t)(info >> 32);
			} else {
				off = get_le(e, 4);
				info = get_le(e + 4, 4);
				type = (uint32_t)(info & 0xff); /* ELF32_R_TYPE */
				symi = (size_t)(info >> 8);     /* ELF32_R_SYM */
			}
			snprintf(where, sizeof(where),
				 "%s entry %zu (%s+0x%llx)", sn, k,
				 sec_name(c, s->info, tb, sizeof(tb)),
				 (ull)off);
			if (type == 0)       /* R_*_NONE */
				continue;
			if (off >= t->size)
				return diag_fail(c->d, -ENOEXEC,
						 "%s: %s: offset is outside the section (size 0x%llx)",
						 c->name, where, (ull)t->size);
			rc = rel_apply(c, type, symi, addend, c->is64,
				       c->img + t->imgoff + off, t->size - off,
				       c->base + t->imgoff + off, where);
			if (rc)
				return rc;
			(*count)++;
		}
	}
	return 0;
}

/* Copy the defined symbols into @out (names via an owned strtab copy). */
static int rel_symbols(struct rel_ctx *c, struct elf_rel_image *out)
{
	size_t j, n = 0;
	char nb[64];

	if (!c->symtab)
		return 0;
	out->strtab = malloc(c->strtab_len + 1);
	out->sym = calloc(c->nsyms ? c->nsyms : 1, sizeof(*out->sym));
	if (!out->strtab || !out->sym)
		return diag_fail(c->d, -ENOMEM, "%s: out of memory", c->name);
	memcpy(out->strtab, c->strtab, c->strtab_len);
	out->strtab[c->strtab_len] = '\0';
	out->strtab_len = c->strtab_len;
	for (j = 1; j < c->nsyms; j++) {
		struct rel_symv v;
		uint8_t type;
		int64_t S;
		int rc;

		sym_read(c, j, &v);
		type = v.info & 0xf;
		if (v.shndx == SHN_UNDEF || type == STT_SECTION ||
		    type == STT_FILE)
			continue;
		if (v.shndx != SHN_ABS && v.shndx < c->shnum &&
		    v.shndx < SHN_LORESERVE &&
		    !(c->sh[v.shndx].flags & SHF_ALLOC))
			continue;    /* e.g. debug sections: not in the image */
		if (v.name >= c->strtab_len)
			return diag_fail(c->d, -ENOEXEC,
					 "%s: symbol #%zu: st_name 0x%x is outside the string table (0x%zx bytes)",
					 c->name, j, v.name, c->strtab_len);
		snprintf(nb, sizeof(nb), "symbol table entry %zu", j);
		rc = sym_value(c, j, nb, &S);
		if (rc)
			return rc;
		out->sym[n].name = v.name;
		out->sym[n].addr = (uint64_t)S;
		out->sym[n].size = v.size;
		out->sym[n].bind = v.info >> 4;
		out->sym[n].type = type;
		n++;
	}
	out->nsym = n;
	return 0;
}

int elf_rel_size(struct diag *d, const char *name, const uint8_t *obj,
		 size_t len, uint64_t *size, uint64_t *align)
{
	struct rel_ctx c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.d = d;
	c.name = name ? name : "object";
	c.obj = obj;
	c.len = obj ? len : 0;
	rc = rel_parse(&c);
	if (!rc)
		rc = rel_layout(&c);
	if (!rc) {
		*size = c.imglen;
		*align = c.align;
	}
	free(c.sh);
	return rc;
}

int elf_rel_load(struct diag *d, const char *name, const uint8_t *obj,
		 size_t len, uint64_t base, struct elf_rel_image *out)
{
	struct rel_ctx c;
	uint64_t limit;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.d = d;
	c.name = name ? name : "object";
	c.obj = obj;
	c.len = obj ? len : 0;
	c.base = base;
	rc = rel_parse(&c);
	if (!rc)
		rc = rel_layout(&c);
	if (rc)
		goto fail;
	if (base % c.align) {
		rc = diag_fail(d, -EINVAL,
			       "%s: load address 0x%llx is not aligned to 0x%llx (largest sh_addralign)",
			       c.name, (ull)base, (ull)c.align);
		goto fail;
	}
	/* ELF64: end < 2^63 keeps every S and P exact as int64_t */
	limit = c.is64 ? (uint64_t)INT64_MAX : (uint64_t)1 << 32;
	if (base > limit || c.imglen > limit - base) {
		rc = diag_fail(d, -ERANGE,
			       "%s: image at 0x%llx-0x%llx reaches %s",
			       c.name, (ull)base,
			       (ull)(base + (c.imglen - 1)),
			       c.is64 ? "2^63" :
			       "4 GiB (an i386 object must lie below 4 GiB)");
		goto fail;
	}
	c.img = calloc(1, (size_t)c.imglen);
	if (!c.img) {
		rc = diag_fail(d, -ENOMEM, "%s: out of memory (0x%llx bytes)",
			       c.name, (ull)c.imglen);
		goto fail;
	}
	for (i = 1; i < c.shnum; i++) {
		const struct rel_sec *s = &c.sh[i];

		if ((s->flags & SHF_ALLOC) && s->type != SHT_NOBITS && s->size)
			memcpy(c.img + s->imgoff, obj + s->offset,
			       (size_t)s->size);
	}
	rc = rel_relocate(&c, &out->nrelocs);
	if (!rc)
		rc = rel_symbols(&c, out);
	if (rc)
		goto fail;
	out->buf = c.img;
	out->len = (size_t)c.imglen;
	out->base = base;
	out->align = c.align;
	out->elfclass = c.is64 ? 2 : 1;
	free(c.sh);
	return 0;
fail:
	free(c.img);
	free(c.sh);
	elf_rel_free(out);
	return rc;
}

int elf_rel_symbol(const struct elf_rel_image *img, const char *name,
		   uint64_t *addr, uint64_t *size)
{
	size_t i;

	if (!img || !name)
		return -ENOENT;
	for (i = 0; i < img->nsym; i++) {
		const struct elf_rel_sym *s = &img->sym[i];

		if ((s->bind == 1 || s->bind == 2) &&
		    strcmp(img->strtab + s->name, name) == 0) {
			if (addr)
				*addr = s->addr;
			if (size)
				*size = s->size;
			return 0;
		}
	}
	return -ENOENT;
}

void elf_rel_free(struct elf_rel_image *img)
{
	if (!img)
		return;
	free(img->buf);
	free(img->sym);
	free(img->strtab);
	memset(img, 0, sizeof(*img));
}
