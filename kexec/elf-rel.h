/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elf-rel.h - load and relocate an x86 ELF relocatable object (ET_REL),
 * i.e. the purgatory embedded in kexec, at a chosen physical address.
 *
 * Accepted inputs (anything else is a clear error):
 *   ELF64 x86_64 with SHT_RELA sections: R_X86_64_NONE/64/PC32/PLT32/32/32S
 *   ELF32 i386   with SHT_REL  sections: R_386_NONE/32/PC32 (the addend is
 *                                        the 32-bit value at the place)
 * The input is treated as untrusted: every header-derived offset, size and
 * index is bounds-checked before use (it is our own embedded blob, but a
 * build mistake must give a message, not a wild write).
 *
 * Layout: every SHF_ALLOC section, in section-header order, at an offset
 * aligned to its sh_addralign, in one zero-initialised buffer (SHT_NOBITS
 * sections stay zero).  The image is placed at @base, which must be a
 * multiple of the largest sh_addralign (elf_rel_size() reports it).
 */
#ifndef KJ_ELF_REL_H
#define KJ_ELF_REL_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"

#define ET_REL 1

/* x86_64 relocation types (System V x86-64 psABI, table 4.10) */
#define R_X86_64_NONE   0
#define R_X86_64_64     1
#define R_X86_64_PC32   2
#define R_X86_64_PLT32  4
#define R_X86_64_32     10
#define R_X86_64_32S    11
/* i386 relocation types (System V i386 psABI, table 4.4) */
#define R_386_NONE      0
#define R_386_32        1
#define R_386_PC32      2

/* Largest sh_addralign accepted (2 MiB); more would waste the placement. */
#define ELF_REL_MAX_ALIGN 0x200000u

/* One defined symbol of the object, with its address after relocation. */
struct elf_rel_sym {
	uint32_t name;         /* offset into elf_rel_image.strtab */
	uint64_t addr;         /* base + section offset + st_value; st_value
				  for SHN_ABS */
	uint64_t size;         /* st_size */
	uint8_t bind;          /* STB_LOCAL 0, STB_GLOBAL 1, STB_WEAK 2 */
	uint8_t type;          /* STT_* */
};

struct elf_rel_image {
	uint8_t *buf;          /* owned: the relocated image, len bytes */
	size_t len;            /* image size (all SHF_ALLOC sections) */
	uint64_t base;         /* physical address it was relocated for */
	uint64_t align;        /* largest sh_addralign (>= 1) */
	int elfclass;          /* 1 = ELF32 (i386), 2 = ELF64 (x86_64) */
	size_t nrelocs;        /* relocations applied (R_*_NONE excluded) */
	struct elf_rel_sym *sym; /* owned: defined symbols (not UNDEF, not
				    section/file symbols), nsym entries */
	size_t nsym;
	char *strtab;          /* owned copy of the symbol string table,
				  NUL-terminated at strtab_len */
	size_t strtab_len;
};

/* Parse @obj (@len bytes) and report the image size and the alignment its
 * base needs, without relocating.  @name is used in messages.
 * Returns 0 or a negative errno with one diag message. */
int elf_rel_size(struct diag *d, const char *name, const uint8_t *obj,
		 size_t len, uint64_t *size, uint64_t *align);

/* Lay out the object and apply all relocations for load address @base.
 * On success *out owns its buffers (free with elf_rel_free()); on failure
 * *out is empty.  Errors (one diag message each, naming @name and the
 * section/symbol/offset): malformed or truncated headers, a header-derived
 * range outside the file, undefined or common symbols, symbol index out of
 * range, relocation place outside its section, an unsupported relocation
 * type (named), a value that does not fit its field (R_X86_64_32: zero-
 * extended, R_X86_64_32S: sign-extended, PC32/PLT32: signed 32-bit
 * displacement), @base not aligned, or an image reaching 2^63 (ELF64) or
 * 4 GiB (ELF32: i386 values wrap modulo 2^32, which is only right when the
 * image lies below 4 GiB). */
int elf_rel_load(struct diag *d, const char *name, const uint8_t *obj,
		 size_t len, uint64_t base, struct elf_rel_image *out);

/* Look up a defined global or weak symbol by name.  Sets *addr (its
 * relocated address) and *size (st_size) when the pointers are not NULL.
 * Returns 0, or -ENOENT when there is no such symbol. */
int elf_rel_symbol(const struct elf_rel_image *img, const char *name,
		   uint64_t *addr, uint64_t *size);

/* Free what elf_rel_load() allocated; accepts NULL and empty images. */
void elf_rel_free(struct elf_rel_image *img);

#endif
