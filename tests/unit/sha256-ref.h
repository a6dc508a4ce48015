/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sha256-ref.h - the project's first SHA-256 (kexec/sha256.c before the
 * fast rewrite), kept as a slow, simple reference for cross-checks
 * (t-sha256.c) and as the "old" line of build/tests/sha256-bench.
 * FIPS 180-4 6.2.2 written out loop by loop, with a 64-word schedule.
 * Static functions only: include it in one test program at a time.
 */
#ifndef KJ_SHA256_REF_H
#define KJ_SHA256_REF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "sha256.h"   /* sha256_k: the NIST vectors vouch for it */

#define REF_ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void ref_block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, hh, t1, t2;
	unsigned t;

	for (t = 0; t < 16; t++)
		w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
		       (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
	for (t = 16; t < 64; t++) {
		uint32_t x = w[t - 2], y = w[t - 15];
		w[t] = (REF_ROTR(x, 17) ^ REF_ROTR(x, 19) ^ (x >> 10)) + w[t - 7] +
		       (REF_ROTR(y, 7) ^ REF_ROTR(y, 18) ^ (y >> 3)) + w[t - 16];
	}
	a = h[0]; b = h[1]; c = h[2]; d = h[3];
	e = h[4]; f = h[5]; g = h[6]; hh = h[7];
	for (t = 0; t < 64; t++) {
		t1 = hh + (REF_ROTR(e, 6) ^ REF_ROTR(e, 11) ^ REF_ROTR(e, 25)) +
		     ((e & f) ^ (~e & g)) + sha256_k[t] + w[t];
		t2 = (REF_ROTR(a, 2) ^ REF_ROTR(a, 13) ^ REF_ROTR(a, 22)) +
		     ((a & b) ^ (a & c) ^ (b & c));
		hh = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

/* One-shot digest of @len bytes at @data. */
static void ref_sha256(const void *data, size_t len, uint8_t out[32])
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	const uint8_t *p = data;
	uint32_t h[8];
	uint8_t tail[128];
	uint64_t bits = (uint64_t)len << 3;
	size_t left = len, n, i;

	memcpy(h, iv, sizeof(h));
	for (; left >= 64; left -= 64, p += 64)
		ref_block(h, p);
	memset(tail, 0, sizeof(tail));
	if (left)
		memcpy(tail, p, left);
	tail[left] = 0x80;
	n = left + 1 + 8 <= 64 ? 64 : 128;
	for (i = 0; i < 8; i++)
		tail[n - 1 - i] = (uint8_t)(bits >> (8 * i));
	for (i = 0; i < n; i += 64)
		ref_block(h, tail + i);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(h[i] >> 8);
		out[4 * i + 3] = (uint8_t)h[i];
	}
}

#endif
