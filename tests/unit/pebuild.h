/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pebuild.h - build small PE files (unified kernel images) in memory for
 * tests, laid out from the PE/COFF format (doc/abi.md 19.1),
 * independently of kexec/pe.c:
 *
 *   0x000  DOS header: "MZ", e_lfanew (0x3C) = 0x40
 *   0x040  "PE\0\0"
 *   0x044  COFF header (20 bytes): Machine 0x8664, NumberOfSections,
 *          SizeOfOptionalHeader 0xF0
 *   0x058  optional header (0xF0 bytes, PE32+ magic 0x20B, rest zero)
 *   0x148  section table, 40 bytes per section
 *   then   each section's data at a 0x200-aligned file offset,
 *          SizeOfRawData = its length rounded up to 0x200,
 *          VirtualSize = its length
 */
#ifndef KJ_PEBUILD_H
#define KJ_PEBUILD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PEB_LFANEW   0x40
#define PEB_COFF     0x44
#define PEB_OPT      0x58
#define PEB_OPTLEN   0xf0
#define PEB_SECTAB   (PEB_OPT + PEB_OPTLEN)
#define PEB_SEC(i)   (PEB_SECTAB + 40 * (size_t)(i))
#define PEB_ALIGN    0x200
/* section header fields */
#define PEB_S_VSIZE   8
#define PEB_S_VADDR   12
#define PEB_S_RAWSIZE 16
#define PEB_S_RAWOFF  20

struct peb_sec {
	const char *name;       /* up to 8 chars */
	const void *data;
	size_t len;
};

static inline void peb_put(uint8_t *b, size_t off, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		b[off + (size_t)i] = (uint8_t)(v >> (8 * i));
}

static inline size_t peb_up(size_t v)
{
	return (v + PEB_ALIGN - 1) & ~(size_t)(PEB_ALIGN - 1);
}

/* A malloc'd PE file of *len bytes with @n sections; off[i] (if @off)
 * gets each section's file offset. */
static inline uint8_t *peb_build(const struct peb_sec *s, unsigned n,
				 size_t *len, size_t *off)
{
	size_t pos = peb_up(PEB_SEC(n)), total = pos, i;
	uint8_t *b;

	for (i = 0; i < n; i++)
		total += peb_up(s[i].len);
	b = calloc(1, total);
	if (!b)
		abort();
	b[0] = 'M';
	b[1] = 'Z';
	peb_put(b, 0x3c, PEB_LFANEW, 4);
	memcpy(b + PEB_LFANEW, "PE\0\0", 4);
	peb_put(b, PEB_COFF, 0x8664, 2);
	peb_put(b, PEB_COFF + 2, n, 2);
	peb_put(b, PEB_COFF + 16, PEB_OPTLEN, 2);
	peb_put(b, PEB_OPT, 0x20b, 2);
	for (i = 0; i < n; i++) {
		uint8_t *h = b + PEB_SEC(i);

		memcpy(h, s[i].name, strnlen(s[i].name, 8));
		peb_put(h, PEB_S_VSIZE, s[i].len, 4);
		peb_put(h, PEB_S_VADDR, 0x100000 * (i + 1), 4);
		peb_put(h, PEB_S_RAWSIZE, peb_up(s[i].len), 4);
		peb_put(h, PEB_S_RAWOFF, pos, 4);
		if (s[i].len)
			memcpy(b + pos, s[i].data, s[i].len);
		if (off)
			off[i] = pos;
		pos += peb_up(s[i].len);
	}
	*len = total;
	return b;
}

#endif
