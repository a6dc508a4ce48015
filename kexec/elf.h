/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elf.h - pure, bounds-checked ELF32/ELF64 (little-endian) header parser.
 * No host <elf.h>; only what kexec needs. */
#ifndef KJ_ELF_H
#define KJ_ELF_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"

#define ELFCLASS32 1
#define ELFCLASS64 2
#define ET_EXEC 2
#define ET_DYN  3
#define ET_CORE 4
#define EM_386     3
#define EM_486     6
#define EM_X86_64 62
#define PT_LOAD   1
#define PT_INTERP 3

struct elf_phdr {
	uint32_t type;
	uint32_t flags;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
	uint64_t align;
};

struct elf_info {
	int elfclass;          /* ELFCLASS32 or ELFCLASS64 */
	uint16_t type;         /* e_type */
	uint16_t machine;      /* e_machine */
	uint64_t entry;        /* e_entry */
	size_t phnum;
	struct elf_phdr *ph;   /* owned, phnum entries; every PT_LOAD has been
	                          checked: offset+filesz inside the file, no
	                          overflow of paddr+memsz, filesz <= memsz */
};

/* 1 if the buffer starts with the ELF magic (cheap probe). */
int elf_is_elf(const uint8_t *data, size_t len);

/* Parse and validate headers.  @name is used in messages ("phy_mode: ELF
 * program header 2 extends past end of file (offset 0x.. + 0x.. > 0x..)"). */
int elf_parse(struct diag *d, const char *name, const uint8_t *data,
	      size_t len, struct elf_info *out);
void elf_info_free(struct elf_info *e);

#endif
