/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elf.c - pure, bounds-checked ELF32/ELF64 header parser (elf.h).
 *
 * Every header-derived offset and size is checked against the file
 * length, with overflow-checked arithmetic, before anything is read.  The
 * file is read byte-wise in little-endian order so there are no alignment
 * assumptions about the buffer.  Field offsets below are those of the
 * System V gABI (Elf32_Ehdr/Elf64_Ehdr, Elf32_Phdr/Elf64_Phdr).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"

typedef unsigned long long ull;

#define EI_CLASS   4
#define EI_DATA    5
#define EI_VERSION 6
#define EI_NIDENT  16
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define EV_CURRENT 1
#define PN_XNUM 0xffffu

#define ELF32_EHDR_SIZE 52u
#define ELF64_EHDR_SIZE 64u
#define ELF32_PHDR_SIZE 32u
#define ELF64_PHDR_SIZE 56u

/* Far more than any kernel or test program has; keeps allocations tiny. */
#define ELF_MAX_PHNUM 256u

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
	       ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | ((uint64_t)le32(p + 4) << 32);
}

int elf_is_elf(const uint8_t *data, size_t len)
{
	return data && len >= 4 && data[0] == 0x7f && data[1] == 'E' &&
	       data[2] == 'L' && data[3] == 'F';
}

static void parse_phdr(int cls, const uint8_t *q, struct elf_phdr *ph)
{
	if (cls == ELFCLASS64) {
		ph->type = le32(q + 0);
		ph->flags = le32(q + 4);
		ph->offset = le64(q + 8);
		ph->vaddr = le64(q + 16);
		ph->paddr = le64(q + 24);
		ph->filesz = le64(q + 32);
		ph->memsz = le64(q + 40);
		ph->align = le64(q + 48);
	} else {
		ph->type = le32(q + 0);
		ph->offset = le32(q + 4);
		ph->vaddr = le32(q + 8);
		ph->paddr = le32(q + 12);
		ph->filesz = le32(q + 16);
		ph->memsz = le32(q + 20);
		ph->flags = le32(q + 24);
		ph->align = le32(q + 28);
	}
}

int elf_parse(struct diag *d, const char *name, const uint8_t *data,
	      size_t len, struct elf_info *out)
{
	unsigned ehsize, phsize, phentsize, phnum, bits;
	uint64_t phoff, phbytes, phend, limit;
	size_t i, nload = 0;
	int cls, rc;

	memset(out, 0, sizeof(*out));
	if (!name)
		name = "image";
	if (!elf_is_elf(data, len))
		return diag_fail(d, -ENOEXEC, "%s: not an ELF file (no ELF magic)",
				 name);
	if (len < EI_NIDENT)
		return diag_fail(d, -EINVAL,
				 "%s: truncated ELF header (%zu bytes, e_ident alone needs %u)",
				 name, len, EI_NIDENT);
	cls = data[EI_CLASS];
	if (cls != ELFCLASS32 && cls != ELFCLASS64)
		return diag_fail(d, -EINVAL,
				 "%s: bad ELF class %d (expected 1 = ELF32 or 2 = ELF64)",
				 name, cls);
	if (data[EI_DATA] == ELFDATA2MSB)
		return diag_fail(d, -EINVAL,
				 "%s: big-endian ELF is not supported (x86 is little-endian)",
				 name);
	if (data[EI_DATA] != ELFDATA2LSB)
		return diag_fail(d, -EINVAL,
				 "%s: bad ELF data encoding %u (expected 1 = little-endian)",
				 name, data[EI_DATA]);
	if (data[EI_VERSION] != EV_CURRENT)
		return diag_fail(d, -EINVAL,
				 "%s: unsupported ELF version %u in e_ident (expected 1)",
				 name, data[EI_VERSION]);
	bits = cls == ELFCLASS64 ? 64 : 32;
	ehsize = cls == ELFCLASS64 ? ELF64_EHDR_SIZE : ELF32_EHDR_SIZE;
	phsize = cls == ELFCLASS64 ? ELF64_PHDR_SIZE : ELF32_PHDR_SIZE;
	if (len < ehsize)
		return diag_fail(d, -EINVAL,
				 "%s: truncated ELF header (%zu bytes, an ELF%u header needs %u)",
				 name, len, bits, ehsize);
	if (le32(data + 20) != EV_CURRENT)
		return diag_fail(d, -EINVAL,
				 "%s: unsupported ELF version %u in e_version (expected 1)",
				 name, le32(data + 20));

	out->elfclass = cls;
	out->type = le16(data + 16);
	out->machine = le16(data + 18);
	if (cls == ELFCLASS64) {
		out->entry = le64(data + 24);
		phoff = le64(data + 32);
		phentsize = le16(data + 54);
		phnum = le16(data + 56);
	} else {
		out->entry = le32(data + 24);
		phoff = le32(data + 28);
		phentsize = le16(data + 42);
		phnum = le16(data + 44);
	}

	if (phnum == 0)
		return diag_fail(d, -EINVAL, "%s: ELF file has no program headers",
				 name);
	if (phnum == PN_XNUM || phnum > ELF_MAX_PHNUM)
		return diag_fail(d, -EINVAL,
				 "%s: too many ELF program headers (%u, at most %u supported)",
				 name, phnum, ELF_MAX_PHNUM);
	if (phentsize < phsize)
		return diag_fail(d, -EINVAL,
				 "%s: e_phentsize %u is smaller than an ELF%u program header (%u bytes)",
				 name, phentsize, bits, phsize);
	phbytes = (uint64_t)phnum * phentsize;   /* <= 256 * 65535 */
	if (__builtin_add_overflow(phoff, phbytes, &phend) || phend > len)
		return diag_fail(d, -EINVAL,
				 "%s: ELF program headers extend past end of file (offset 0x%llx + %u * %u bytes > file size 0x%zx)",
				 name, (ull)phoff, phnum, phentsize, len);

	out->ph = calloc(phnum, sizeof(*out->ph));
	if (!out->ph)
		return diag_fail(d, -ENOMEM, "%s: out of memory", name);
	out->phnum = phnum;
	/* 2^32 for ELF32: its addresses must stay in the 32-bit space. */
	limit = cls == ELFCLASS64 ? 0 : (1ull << 32);

	for (i = 0; i < phnum; i++) {
		struct elf_phdr *ph = &out->ph[i];
		uint64_t fend, mend;

		parse_phdr(cls, data + phoff + i * (uint64_t)phentsize, ph);
		if (ph->type != PT_LOAD)
			continue;
		nload++;
		if (ph->filesz &&
		    (__builtin_add_overflow(ph->offset, ph->filesz, &fend) ||
		     fend > len)) {
			rc = diag_fail(d, -EINVAL,
				  "%s: ELF program header %zu: segment data extends past end of file (offset 0x%llx + filesz 0x%llx > file size 0x%zx)",
				  name, i, (ull)ph->offset, (ull)ph->filesz, len);
			goto err;
		}
		if (ph->filesz > ph->memsz) {
			rc = diag_fail(d, -EINVAL,
				  "%s: ELF program header %zu: filesz 0x%llx is larger than memsz 0x%llx",
				  name, i, (ull)ph->filesz, (ull)ph->memsz);
			goto err;
		}
		if (__builtin_add_overflow(ph->paddr, ph->memsz, &mend) ||
		    (limit && mend > limit)) {
			rc = diag_fail(d, -EINVAL,
				  "%s: ELF program header %zu: p_paddr 0x%llx + p_memsz 0x%llx overflows the %u-bit address space",
				  name, i, (ull)ph->paddr, (ull)ph->memsz, bits);
			goto err;
		}
	}
	if (nload == 0) {
		rc = diag_fail(d, -EINVAL, "%s: ELF file has no PT_LOAD segment",
			  name);
		goto err;
	}
	return 0;

err:
	elf_info_free(out);
	return rc;
}

void elf_info_free(struct elf_info *e)
{
	if (!e)
		return;
	free(e->ph);
	e->ph = NULL;
	e->phnum = 0;
}
