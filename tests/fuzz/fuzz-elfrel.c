/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-elfrel.c - libFuzzer harness for the ELF relocatable loader, the
 * purgatory relocator (kexec/elf-rel.c): header and section checks, the
 * layout, every relocation type of both classes, the symbol table.
 *
 * Input: bytes 0-7 pick the load address (little-endian; rounded down to
 * the alignment elf_rel_size reports), the rest is the object.  Seeds
 * (tests/fuzz/corpus/elfrel/) are both built purgatories and small
 * objects from tests/unit/relbuild.h (tests/fuzz/gen-seeds.c).
 *
 *   make fuzz && build/fuzz/fuzz-elfrel -max_total_time=600 \
 *     /tmp/elfrel-corpus tests/fuzz/corpus/elfrel
 *
 * Aborts on broken contracts: a failure without a one-line message, or
 * with the output not empty; elf_rel_load disagreeing with elf_rel_size
 * (size, alignment, success); a symbol of a section outside the image;
 * a symbol the lookup cannot find by its own name.  Images above 16 MiB
 * (SHT_NOBITS sizes, up to the parser's own 256 MiB bound) are sized but
 * not laid out, so one input cannot allocate that much every run.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elf-rel.h"
#include "fuzz-common.h"

#define HDR 8
#define MAX_LAYOUT (16u << 20)

static void check_msg(const struct diag *d, int rc)
{
	if (rc > 0 || (rc < 0 && (d->rc != rc || !d->msg[0] ||
				  strchr(d->msg, '\n'))))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = { 0 };
	struct elf_rel_image img;
	uint64_t base = 0, sz, al;
	volatile unsigned sink = 0;
	size_t i;
	int rc;

	if (size < HDR)
		return 0;
	for (i = 0; i < HDR; i++)
		base |= (uint64_t)data[i] << (8 * i);
	data += HDR;
	size -= HDR;

	rc = elf_rel_size(&d, "purgatory", data, size, &sz, &al);
	check_msg(&d, rc);
	if (rc == 0 && (al == 0 || (al & (al - 1)) || al > ELF_REL_MAX_ALIGN))
		abort();
	if (rc || sz > MAX_LAYOUT) {
		/* the loader must refuse what sizing refused */
		if (rc && size < 4096) {
			memset(&d, 0, sizeof(d));
			memset(&img, 0x55, sizeof(img));
			if (elf_rel_load(&d, "purgatory", data, size, 0, &img) == 0)
				abort();
		}
		return 0;
	}
	/* half the inputs get an aligned base, the rest the raw one */
	if (!(base & 1))
		base &= ~(al - 1);
	memset(&d, 0, sizeof(d));
	memset(&img, 0x55, sizeof(img));
	rc = elf_rel_load(&d, "purgatory", data, size, base, &img);
	check_msg(&d, rc);
	if (rc) {
		if (img.buf || img.sym || img.strtab || img.len || img.nsym)
			abort();
		elf_rel_free(&img);
		return 0;
	}
	if (base & (al - 1) || img.len != sz || img.align != al ||
	    img.base != base || (img.elfclass != 1 && img.elfclass != 2))
		abort();
	if (img.len)
		sink += fuzz_touch(img.buf, img.len);
	if ((img.strtab && img.strtab[img.strtab_len] != '\0') ||
	    (img.nsym && !img.strtab))
		abort();
	for (i = 0; i < img.nsym; i++) {
		const struct elf_rel_sym *s = &img.sym[i];
		uint64_t a = 0;

		if (s->name >= img.strtab_len)
			abort();
		if (s->bind != 1 && s->bind != 2)
			continue;
		/* a global or weak symbol is found by its name (the first of
		 * that name: duplicates are allowed in the table) */
		if (img.strtab[s->name] &&
		    elf_rel_symbol(&img, img.strtab + s->name, &a, NULL) != 0)
			abort();
	}
	(void)elf_rel_symbol(&img, "purgatory_start", NULL, NULL);
	(void)elf_rel_symbol(&img, "", NULL, NULL);
	elf_rel_free(&img);
	elf_rel_free(&img);    /* twice: the first must leave it empty */
	(void)sink;
	return 0;
}
