/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-common.h - what several loader harnesses share: a QEMU-like
 * x86_64 memory map, and reading every byte a segment claims so ASan
 * sees any bad bounds.  Header only (each harness is one program). */
#ifndef KJ_FUZZ_COMMON_H
#define KJ_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "memmap.h"

/* sysfs style, inclusive ends: low RAM, the BIOS hole, RAM to 3 GiB,
 * the PCI hole, RAM above 4 GiB */
static inline void fuzz_qemu_map(struct memmap *m)
{
	memmap_add(NULL, m, 0x0, 0x9fbff, MEM_RAM);
	memmap_add(NULL, m, 0x9fc00, 0x9ffff, MEM_RESERVED);
	memmap_add(NULL, m, 0xf0000, 0xfffff, MEM_RESERVED);
	memmap_add(NULL, m, 0x100000, 0xbffdffff, MEM_RAM);
	memmap_add(NULL, m, 0xbffe0000, 0xbfffffff, MEM_RESERVED);
	memmap_add(NULL, m, 0x100000000ull, 0x13fffffffull, MEM_RAM);
}

static inline unsigned fuzz_touch(const void *buf, size_t n)
{
	const volatile uint8_t *b = buf;
	unsigned s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += b[i];
	return s;
}

#endif
