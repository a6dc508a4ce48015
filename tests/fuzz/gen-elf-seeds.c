/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gen-elf-seeds.c - write the seed corpus for fuzz-elf.
 *
 *   cc -std=c11 -Itests/unit -o /tmp/gen-elf-seeds tests/fuzz/gen-elf-seeds.c
 *   /tmp/gen-elf-seeds tests/fuzz/corpus/elf
 *
 * The seeds are committed; rerun this only to change them.  Files are
 * kept small (data right after the headers) so mutations stay cheap.
 */
#include <stdio.h>
#include <stdlib.h>

#include "elfbuild.h"

static void emit(const char *dir, const char *name, const struct eb_spec *s,
		 size_t cut)
{
	char path[4096];
	size_t len;
	uint8_t *b = eb_build(s, &len);
	FILE *f;

	if (cut && cut < len)
		len = cut;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(b, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
	free(b);
}

int main(int argc, char **argv)
{
	struct eb_spec s64 = { 0 }, s32 = { 0 }, s;
	size_t k;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	/* ELF64: text at file 0xb0 -> 0x1000000, bss PT_LOAD, a note */
	s64.cls = 2;
	s64.type = 2;
	s64.machine = 62;
	s64.entry = 0x1000000;
	s64.nph = 3;
	s64.ph[0] = (struct eb_phdr){ 1, 5, 0x110, 0x1000000, 0x1000000, 0x40, 0x1000, 0x1000 };
	s64.ph[1] = (struct eb_phdr){ 4, 4, 0x150, 0, 0, 0x10, 0x10, 4 };
	s64.ph[2] = (struct eb_phdr){ 1, 6, 0x160, 0x1001000, 0x1001000, 0x20, 0x3000, 0x1000 };
	emit(argv[1], "elf64-exec", &s64, 0);

	s = s64;
	s.type = 3;
	emit(argv[1], "elf64-dyn", &s, 0);
	s = s64;
	s.ph[1].type = 3;   /* PT_INTERP */
	emit(argv[1], "elf64-interp", &s, 0);
	s = s64;
	s.data = 2;
	emit(argv[1], "elf64-bigendian", &s, 0);
	s = s64;
	s.ph[2].paddr = 0x1000800;
	emit(argv[1], "elf64-overlap-unaligned", &s, 0);
	emit(argv[1], "elf64-truncated", &s64, 0x130);

	/* 17 tiny PT_LOADs, one page apart */
	s = s64;
	s.nph = 17;
	for (k = 0; k < 17; k++)
		s.ph[k] = (struct eb_phdr){ 1, 6, 0x400 + k, 0, 0x2000000 + k * 0x1000, 1, 0x1000, 0x1000 };
	emit(argv[1], "elf64-17-loads", &s, 0);

	/* ELF32: one PT_LOAD at file 0x54 -> 0x400000 */
	s32.cls = 1;
	s32.type = 2;
	s32.machine = 3;
	s32.entry = 0x400000;
	s32.nph = 2;
	s32.ph[0] = (struct eb_phdr){ 1, 7, 0x74, 0x400000, 0x400000, 0x30, 0x2000, 0x1000 };
	s32.ph[1] = (struct eb_phdr){ 1, 6, 0xa4, 0x402000, 0x402000, 0, 0x1000, 0x1000 };
	emit(argv[1], "elf32-exec", &s32, 0);
	s = s32;
	s.machine = 6;   /* EM_486 */
	s.ph[0].paddr = 0xfffff000;
	s.ph[0].memsz = 0x1000;
	emit(argv[1], "elf32-486-top", &s, 0);
	s = s32;
	s.phentsize = 40;
	emit(argv[1], "elf32-phentsize40", &s, 0);
	return 0;
}
