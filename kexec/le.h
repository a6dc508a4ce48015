/* SPDX-License-Identifier: GPL-2.0-or-later */
/* le.h - little-endian fields of @n bytes (1..8) in byte buffers, the
 * same on any host: image headers, the boot_params and the purgatory's
 * parameter block are all little-endian.  Callers bounds-check first. */
#ifndef KJ_LE_H
#define KJ_LE_H

#include <stdint.h>

static inline uint64_t get_le(const uint8_t *b, int n)
{
	uint64_t v = 0;
	int i;

	for (i = n - 1; i >= 0; i--)
		v = (v << 8) | b[i];
	return v;
}

static inline void put_le(uint8_t *b, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * i));
}

#endif
