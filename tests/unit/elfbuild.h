/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elfbuild.h - build synthetic little-endian ELF32/ELF64 files in memory
 * for tests and fuzz seeds.  Field offsets are written out from the
 * System V gABI tables here, independently of kexec/elf.c. */
#ifndef KJ_ELFBUILD_H
#define KJ_ELFBUILD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct eb_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct eb_spec {
	int cls;                 /* 1 = ELF32, 2 = ELF64 */
	int data;                /* EI_DATA; 0 means 1 (little-endian) */
	uint16_t type, machine;
	uint64_t entry;
	uint16_t phentsize;      /* 0: natural size (32 / 56) */
	uint64_t phoff;          /* 0: right after the ELF header */
	int phnum_override;      /* >0: write this e_phnum instead */
	size_t nph;
	struct eb_phdr ph[20];
	size_t len;              /* 0: just large enough for all data */
};

static inline void eb_put(uint8_t *b, size_t off, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		b[off + (size_t)i] = (uint8_t)(v >> (8 * i));
}

/* Returns a malloc'd file of *len bytes.  PT_LOAD data bytes are filled
 * with (offset & 0xff) so tests can check buffer contents. */
static inline uint8_t *eb_build(const struct eb_spec *s, size_t *len)
{
	int is64 = s->cls == 2;
	size_t ehsize = is64 ? 64 : 52, natural = is64 ? 56 : 32;
	size_t pes = s->phentsize ? s->phentsize : natural;
	uint64_t phoff = s->phoff ? s->phoff : ehsize;
	size_t need = ehsize, i, j;
	uint8_t *b;

	if (phoff + s->nph * pes > need && phoff < (1u << 20))
		need = (size_t)(phoff + s->nph * pes);
	for (i = 0; i < s->nph; i++) {
		const struct eb_phdr *p = &s->ph[i];

		if (p->type == 1 && p->filesz && p->offset < (1u << 20) &&
		    p->filesz < (1u << 20) && p->offset + p->filesz > need)
			need = (size_t)(p->offset + p->filesz);
	}
	*len = s->len ? s->len : need;
	b = calloc(1, need > *len ? need : *len);
	if (!b)
		abort();
	for (i = 0; i < s->nph; i++) {
		const struct eb_phdr *p = &s->ph[i];

		if (p->type == 1 && p->filesz && p->offset < (1u << 20) &&
		    p->filesz < (1u << 20))
			for (j = 0; j < p->filesz; j++)
				b[p->offset + j] = (uint8_t)(p->offset + j);
	}
	b[0] = 0x7f; b[1] = 'E'; b[2] = 'L'; b[3] = 'F';
	b[4] = (uint8_t)s->cls;                 /* EI_CLASS */
	b[5] = (uint8_t)(s->data ? s->data : 1); /* EI_DATA */
	b[6] = 1;                               /* EI_VERSION */
	eb_put(b, 16, s->type, 2);              /* e_type */
	eb_put(b, 18, s->machine, 2);           /* e_machine */
	eb_put(b, 20, 1, 4);                    /* e_version */
	if (is64) {
		eb_put(b, 24, s->entry, 8);     /* e_entry */
		eb_put(b, 32, phoff, 8);        /* e_phoff */
		eb_put(b, 52, ehsize, 2);       /* e_ehsize */
		eb_put(b, 54, pes, 2);          /* e_phentsize */
		eb_put(b, 56, s->phnum_override > 0 ?
		       (uint64_t)s->phnum_override : s->nph, 2); /* e_phnum */
	} else {
		eb_put(b, 24, s->entry, 4);
		eb_put(b, 28, phoff, 4);
		eb_put(b, 40, ehsize, 2);
		eb_put(b, 42, pes, 2);
		eb_put(b, 44, s->phnum_override > 0 ?
		       (uint64_t)s->phnum_override : s->nph, 2);
	}
	if (phoff >= (1u << 20))
		goto out;
	for (i = 0; i < s->nph; i++) {
		const struct eb_phdr *p = &s->ph[i];
		size_t o = (size_t)phoff + i * pes;

		if (o + natural > need)
			break;
		if (is64) {
			eb_put(b, o + 0, p->type, 4);
			eb_put(b, o + 4, p->flags, 4);
			eb_put(b, o + 8, p->offset, 8);
			eb_put(b, o + 16, p->vaddr, 8);
			eb_put(b, o + 24, p->paddr, 8);
			eb_put(b, o + 32, p->filesz, 8);
			eb_put(b, o + 40, p->memsz, 8);
			eb_put(b, o + 48, p->align, 8);
		} else {
			eb_put(b, o + 0, p->type, 4);
			eb_put(b, o + 4, p->offset, 4);
			eb_put(b, o + 8, p->vaddr, 4);
			eb_put(b, o + 12, p->paddr, 4);
			eb_put(b, o + 16, p->filesz, 4);
			eb_put(b, o + 20, p->memsz, 4);
			eb_put(b, o + 24, p->flags, 4);
			eb_put(b, o + 28, p->align, 4);
		}
	}
out:
	/* Truncated files get an exact-size buffer so ASan sees over-reads. */
	if (*len < need) {
		uint8_t *nb = realloc(b, *len ? *len : 1);

		if (!nb)
			abort();
		b = nb;
	}
	return b;
}

#endif
