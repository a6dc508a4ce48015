/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mbbuild.h - synthetic Multiboot 1 and Multiboot2 kernels for unit
 * tests, written from the specifications' field lists (not from the
 * loaders). */
#ifndef KJ_MBBUILD_H
#define KJ_MBBUILD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline void mbb_put32(uint8_t *b, size_t off, uint32_t v)
{
	b[off] = (uint8_t)v;
	b[off + 1] = (uint8_t)(v >> 8);
	b[off + 2] = (uint8_t)(v >> 16);
	b[off + 3] = (uint8_t)(v >> 24);
}

static inline uint32_t mbb_get32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static inline uint64_t mbb_get64(const uint8_t *b)
{
	return (uint64_t)mbb_get32(b) | (uint64_t)mbb_get32(b + 4) << 32;
}

/* A Multiboot 1 header at @off: magic, @flags, checksum, then (if
 * @aout) header_addr, load_addr, load_end_addr, bss_end_addr,
 * entry_addr from @a[5]. */
static inline void mbb_mb1_header(uint8_t *b, size_t off, uint32_t flags,
				  const uint32_t *a)
{
	int i;

	mbb_put32(b, off, 0x1BADB002u);
	mbb_put32(b, off + 4, flags);
	mbb_put32(b, off + 8, 0u - 0x1BADB002u - flags);
	for (i = 0; a && i < 5; i++)
		mbb_put32(b, off + 12 + 4 * (size_t)i, a[i]);
}

/* The flat a.out-kludge kernel the tests use: @len bytes (pattern
 * i * 7 + 1), header at 0x40 for load address 0x100000. */
#define MBB_AOUT_LEN 0x2000u
static inline uint8_t *mbb_aout(size_t len, uint32_t flags, uint32_t load_end,
				uint32_t bss_end, uint32_t entry)
{
	uint8_t *b = malloc(len);
	uint32_t a[5] = { 0x100040, 0x100000, load_end, bss_end, entry };
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = (uint8_t)(i * 7 + 1);
	mbb_mb1_header(b, 0x40, flags, a);
	return b;
}

/* Multiboot2 header at @off: fixed part and @ntags tags (each already
 * laid out in @tags, @tlen bytes, 8-byte aligned, end tag included). */
static inline size_t mbb_mb2_header(uint8_t *b, size_t off,
				    const uint8_t *tags, size_t tlen)
{
	uint32_t hl = (uint32_t)(16 + tlen);

	mbb_put32(b, off, 0xE85250D6u);
	mbb_put32(b, off + 4, 0);
	mbb_put32(b, off + 8, hl);
	mbb_put32(b, off + 12, 0u - 0xE85250D6u - hl);
	memcpy(b + off + 16, tags, tlen);
	return hl;
}

/* Append a header tag (type, flags, size = 8 + 4 * n words) to @t at
 * *len, padded to 8. */
static inline void mbb_tag(uint8_t *t, size_t *len, uint16_t type,
			   uint16_t flags, const uint32_t *w, size_t n)
{
	size_t size = 8 + 4 * n, i;

	memset(t + *len, 0, (size + 7) & ~(size_t)7);
	t[*len] = (uint8_t)type;
	t[*len + 1] = (uint8_t)(type >> 8);
	t[*len + 2] = (uint8_t)flags;
	t[*len + 3] = (uint8_t)(flags >> 8);
	mbb_put32(t, *len + 4, (uint32_t)size);
	for (i = 0; i < n; i++)
		mbb_put32(t, *len + 8 + 4 * i, w[i]);
	*len += (size + 7) & ~(size_t)7;
}

#endif
