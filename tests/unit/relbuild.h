/* SPDX-License-Identifier: GPL-2.0-or-later */
/* relbuild.h - build synthetic little-endian ELF relocatable objects
 * (ET_REL) in memory for tests: ELF64 x86_64 with SHT_RELA or ELF32 i386
 * with SHT_REL (implicit addends written into the section bytes).
 * Field offsets are written out from the System V gABI tables here,
 * independently of kexec/elf-rel.c.
 *
 * File layout: ELF header | user section data (16-aligned) | relocation
 * sections (one per user section that has relocations) | .symtab |
 * .strtab | .shstrtab | section header table.  Section indices: 0 null,
 * 1..nsec the user sections in order, then the relocation sections, then
 * .symtab, .strtab, .shstrtab.  The returned rb_out records where things
 * are so tests can corrupt them.
 */
#ifndef KJ_RELBUILD_H
#define KJ_RELBUILD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RB_UNDEF  (-1)   /* rb_sym.sec: SHN_UNDEF */
#define RB_ABS    (-2)   /* SHN_ABS */
#define RB_COMMON (-3)   /* SHN_COMMON */

#define RB_PROGBITS 1
#define RB_NOBITS   8
#define RB_ALLOC    0x2
#define RB_WRITE    0x1
#define RB_EXEC     0x4

struct rb_sec {
	const char *name;
	uint32_t type;            /* RB_PROGBITS / RB_NOBITS */
	uint64_t flags;           /* RB_ALLOC | ... */
	uint64_t align;           /* sh_addralign as written */
	const uint8_t *data;      /* PROGBITS bytes (size bytes), may be NULL
				     for zeros */
	size_t size;
};

struct rb_sym {
	const char *name;         /* NULL for section symbols */
	int sec;                  /* user section index (0-based), or RB_* */
	uint64_t value, size;
	int bind;                 /* 0 local, 1 global, 2 weak */
	int type;                 /* 0 notype, 1 object, 2 func, 3 section */
};

struct rb_rel {
	int sec;                  /* user section the place is in */
	uint64_t off;             /* r_offset */
	uint32_t type;
	uint32_t sym;             /* symtab index: 0 = null, k = syms[k-1] */
	int64_t addend;           /* RELA: r_addend; REL: written to place */
};

struct rb_spec {
	int cls;                  /* 1 = ELF32 i386 (REL), 2 = ELF64 (RELA) */
	size_t nsec;
	struct rb_sec sec[8];
	size_t nsym;
	struct rb_sym sym[16];
	size_t nrel;
	struct rb_rel rel[32];
};

struct rb_out {
	uint8_t *buf;             /* malloc'd */
	size_t len;
	uint64_t shoff;
	unsigned shentsize, shnum;
	unsigned idx_rel[8];      /* relocation section for user section k */
	unsigned idx_symtab, idx_strtab, idx_shstrtab;
	uint64_t sec_off[8];      /* file offset of user section k's data */
	uint64_t rel_off[8];      /* file offset of its relocation entries */
	uint64_t symtab_off;
};

static inline void rb_put(uint8_t *b, uint64_t off, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		b[off + (uint64_t)i] = (uint8_t)(v >> (8 * i));
}

static inline uint64_t rb_alignup(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

/* Offset of section header @i (to patch fields in tests). */
static inline uint64_t rb_shdr(const struct rb_out *o, unsigned i)
{
	return o->shoff + (uint64_t)i * o->shentsize;
}

static inline void rb_build(const struct rb_spec *s, struct rb_out *o)
{
	int is64 = s->cls == 2;
	size_t ehsize = is64 ? 64 : 52, shes = is64 ? 64 : 40;
	size_t symes = is64 ? 24 : 16, reles = is64 ? 24 : 8;
	size_t i, k, nrelsec = 0, cap = 1 << 16;
	uint64_t off = ehsize, strtab_len, shstr_len, symtab_len;
	uint64_t names[8 + 8 + 4], strofs[16], strtab_off, shstr_off;
	unsigned nlocal = 0;
	uint8_t *b;

	memset(o, 0, sizeof(*o));
	b = calloc(1, cap);
	if (!b)
		abort();
	/* user section data */
	for (i = 0; i < s->nsec; i++) {
		off = rb_alignup(off, 16);
		o->sec_off[i] = off;
		if (s->sec[i].type != RB_NOBITS) {
			if (s->sec[i].data)
				memcpy(b + off, s->sec[i].data, s->sec[i].size);
			off += s->sec[i].size;
		}
	}
	/* REL: implicit addends go into the section bytes */
	if (!is64)
		for (k = 0; k < s->nrel; k++) {
			const struct rb_rel *r = &s->rel[k];

			if (r->off + 4 <= s->sec[r->sec].size)
				rb_put(b, o->sec_off[r->sec] + r->off,
				       (uint64_t)r->addend, 4);
		}
	/* relocation sections */
	for (i = 0; i < s->nsec; i++) {
		size_t n = 0;

		for (k = 0; k < s->nrel; k++)
			if (s->rel[k].sec == (int)i)
				n++;
		if (!n)
			continue;
		off = rb_alignup(off, 8);
		o->rel_off[i] = off;
		o->idx_rel[i] = (unsigned)(1 + s->nsec + nrelsec++);
		for (k = 0; k < s->nrel; k++) {
			const struct rb_rel *r = &s->rel[k];

			if (r->sec != (int)i)
				continue;
			if (is64) {
				rb_put(b, off, r->off, 8);
				rb_put(b, off + 8,
				       ((uint64_t)r->sym << 32) | r->type, 8);
				rb_put(b, off + 16, (uint64_t)r->addend, 8);
			} else {
				rb_put(b, off, r->off, 4);
				rb_put(b, off + 4,
				       ((uint64_t)r->sym << 8) | (r->type & 0xff),
				       4);
			}
			off += reles;
		}
	}
	o->idx_symtab = (unsigned)(1 + s->nsec + nrelsec);
	o->idx_strtab = o->idx_symtab + 1;
	o->idx_shstrtab = o->idx_symtab + 2;
	o->shnum = o->idx_shstrtab + 1;

	/* .strtab */
	strtab_len = 1;
	for (i = 0; i < s->nsym; i++) {
		strofs[i] = 0;
		if (s->sym[i].name) {
			strofs[i] = strtab_len;
			strtab_len += strlen(s->sym[i].name) + 1;
		}
	}
	/* .symtab */
	off = rb_alignup(off, 8);
	o->symtab_off = off;
	off += symes;                     /* null symbol */
	for (i = 0; i < s->nsym; i++) {
		const struct rb_sym *y = &s->sym[i];
		uint64_t shndx = y->sec == RB_UNDEF ? 0 :
				 y->sec == RB_ABS ? 0xfff1 :
				 y->sec == RB_COMMON ? 0xfff2 :
				 (uint64_t)(y->sec + 1);
		uint64_t info = ((uint64_t)y->bind << 4) | (uint64_t)y->type;

		if (y->bind == 0 && nlocal == i)
			nlocal++;
		if (is64) {
			rb_put(b, off, strofs[i], 4);      /* st_name */
			rb_put(b, off + 4, info, 1);       /* st_info */
			rb_put(b, off + 6, shndx, 2);      /* st_shndx */
			rb_put(b, off + 8, y->value, 8);   /* st_value */
			rb_put(b, off + 16, y->size, 8);   /* st_size */
		} else {
			rb_put(b, off, strofs[i], 4);
			rb_put(b, off + 4, y->value, 4);
			rb_put(b, off + 8, y->size, 4);
			rb_put(b, off + 12, info, 1);
			rb_put(b, off + 14, shndx, 2);
		}
		off += symes;
	}
	symtab_len = off - o->symtab_off;
	strtab_off = off;
	for (i = 0; i < s->nsym; i++)
		if (s->sym[i].name)
			memcpy(b + strtab_off + strofs[i], s->sym[i].name,
			       strlen(s->sym[i].name) + 1);
	off += strtab_len;
	/* .shstrtab: user names, then ".rel(a)<name>", then fixed names */
	shstr_off = off;
	shstr_len = 1;
#define RB_ADDNAME(idx, str)                                             \
	do {                                                             \
		names[idx] = shstr_len;                                  \
		memcpy(b + shstr_off + shstr_len, str, strlen(str) + 1); \
		shstr_len += strlen(str) + 1;                            \
	} while (0)
	for (i = 0; i < s->nsec; i++)
		RB_ADDNAME(i, s->sec[i].name);
	for (i = 0; i < s->nsec; i++)
		if (o->idx_rel[i]) {
			char nm[64];

			strcpy(nm, is64 ? ".rela" : ".rel");
			strncat(nm, s->sec[i].name, 40);
			RB_ADDNAME(8 + i, nm);
		}
	RB_ADDNAME(16, ".symtab");
	RB_ADDNAME(17, ".strtab");
	RB_ADDNAME(18, ".shstrtab");
#undef RB_ADDNAME
	off += shstr_len;

	/* section headers */
	off = rb_alignup(off, 8);
	o->shoff = off;
	o->shentsize = (unsigned)shes;
#define RB_SH(idx, nm, type, flags, offs, size, link, info, align, es)     \
	do {                                                               \
		uint64_t h_ = off + (uint64_t)(idx) * shes;                \
		if (is64) {                                                \
			rb_put(b, h_ + 0, nm, 4);                          \
			rb_put(b, h_ + 4, type, 4);                        \
			rb_put(b, h_ + 8, flags, 8);                       \
			rb_put(b, h_ + 24, offs, 8);                       \
			rb_put(b, h_ + 32, size, 8);                       \
			rb_put(b, h_ + 40, link, 4);                       \
			rb_put(b, h_ + 44, info, 4);                       \
			rb_put(b, h_ + 48, align, 8);                      \
			rb_put(b, h_ + 56, es, 8);                         \
		} else {                                                   \
			rb_put(b, h_ + 0, nm, 4);                          \
			rb_put(b, h_ + 4, type, 4);                        \
			rb_put(b, h_ + 8, flags, 4);                       \
			rb_put(b, h_ + 16, offs, 4);                       \
			rb_put(b, h_ + 20, size, 4);                       \
			rb_put(b, h_ + 24, link, 4);                       \
			rb_put(b, h_ + 28, info, 4);                       \
			rb_put(b, h_ + 32, align, 4);                      \
			rb_put(b, h_ + 36, es, 4);                         \
		}                                                          \
	} while (0)
	for (i = 0; i < s->nsec; i++)
		RB_SH(1 + i, names[i], s->sec[i].type, s->sec[i].flags,
		      o->sec_off[i], s->sec[i].size, 0, 0, s->sec[i].align, 0);
	for (i = 0; i < s->nsec; i++)
		if (o->idx_rel[i]) {
			size_t n = 0;

			for (k = 0; k < s->nrel; k++)
				if (s->rel[k].sec == (int)i)
					n++;
			RB_SH(o->idx_rel[i], names[8 + i], is64 ? 4 : 9, 0x40,
			      o->rel_off[i], n * reles, o->idx_symtab, 1 + i,
			      8, reles);
		}
	RB_SH(o->idx_symtab, names[16], 2, 0, o->symtab_off, symtab_len,
	      o->idx_strtab, nlocal + 1, 8, symes);
	RB_SH(o->idx_strtab, names[17], 3, 0, strtab_off, strtab_len, 0, 0,
	      1, 0);
	RB_SH(o->idx_shstrtab, names[18], 3, 0, shstr_off, shstr_len, 0, 0,
	      1, 0);
#undef RB_SH
	off += (uint64_t)o->shnum * shes;

	/* ELF header */
	b[0] = 0x7f; b[1] = 'E'; b[2] = 'L'; b[3] = 'F';
	b[4] = (uint8_t)s->cls;                 /* EI_CLASS */
	b[5] = 1;                               /* EI_DATA: little-endian */
	b[6] = 1;                               /* EI_VERSION */
	rb_put(b, 16, 1, 2);                    /* e_type ET_REL */
	rb_put(b, 18, is64 ? 62 : 3, 2);        /* e_machine */
	rb_put(b, 20, 1, 4);                    /* e_version */
	if (is64) {
		rb_put(b, 40, o->shoff, 8);     /* e_shoff */
		rb_put(b, 52, ehsize, 2);       /* e_ehsize */
		rb_put(b, 58, shes, 2);         /* e_shentsize */
		rb_put(b, 60, o->shnum, 2);     /* e_shnum */
		rb_put(b, 62, o->idx_shstrtab, 2); /* e_shstrndx */
	} else {
		rb_put(b, 32, o->shoff, 4);
		rb_put(b, 40, ehsize, 2);
		rb_put(b, 46, shes, 2);
		rb_put(b, 48, o->shnum, 2);
		rb_put(b, 50, o->idx_shstrtab, 2);
	}
	o->buf = b;
	o->len = (size_t)off;
}

#endif
