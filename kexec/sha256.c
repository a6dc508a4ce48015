/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sha256.c - SHA-256 from FIPS 180-4 (sections 4.1.2, 4.2.2, 5.1.1, 5.3.3,
 * 6.2).  Shared by the host tool and the freestanding purgatory: see the
 * rules in sha256.h.  Written for clarity over speed; the purgatory hashes
 * a few MiB at most.
 */
#include "sha256.h"

/* FIPS 180-4 4.2.2: first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* 4.1.2 functions, as macros so that unoptimised (sanitizer) builds stay
 * fast enough for the large-message test.  ROTR(x, n) needs 0 < n < 32;
 * every argument is a plain uint32_t variable. */
#define ROTR(x, n)  (((x) >> (n)) | ((x) << (32 - (n))))
#define CH(x, y, z)  (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define BSIG0(x) (ROTR(x, 2) ^ ROTR(x, 13) ^ ROTR(x, 22))
#define BSIG1(x) (ROTR(x, 6) ^ ROTR(x, 11) ^ ROTR(x, 25))
#define SSIG0(x) (ROTR(x, 7) ^ ROTR(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ROTR(x, 17) ^ ROTR(x, 19) ^ ((x) >> 10))

/* 6.2.2: process one 512-bit block (64 bytes, big-endian words). */
static void sha256_block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64];
	uint32_t a, b, c, d, e, f, g, hh, t1, t2;
	unsigned t;

	for (t = 0; t < 16; t++)
		w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
		       (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
	for (t = 16; t < 64; t++) {
		uint32_t w2 = w[t - 2], w15 = w[t - 15];
		w[t] = SSIG1(w2) + w[t - 7] + SSIG0(w15) + w[t - 16];
	}

	a = h[0]; b = h[1]; c = h[2]; d = h[3];
	e = h[4]; f = h[5]; g = h[6]; hh = h[7];
	for (t = 0; t < 64; t++) {
		t1 = hh + BSIG1(e) + CH(e, f, g) + sha256_k[t] + w[t];
		t2 = BSIG0(a) + MAJ(a, b, c);
		hh = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

void sha256_init(struct sha256_ctx *ctx)
{
	/* 5.3.3: first 32 bits of the fractional parts of the square roots
	 * of the first 8 primes.  Assigned one by one (no struct copy, which
	 * a compiler may turn into a memcpy call). */
	ctx->h[0] = 0x6a09e667; ctx->h[1] = 0xbb67ae85;
	ctx->h[2] = 0x3c6ef372; ctx->h[3] = 0xa54ff53a;
	ctx->h[4] = 0x510e527f; ctx->h[5] = 0x9b05688c;
	ctx->h[6] = 0x1f83d9ab; ctx->h[7] = 0x5be0cd19;
	ctx->len = 0;
	ctx->fill = 0;	/* buf[] contents are don't-care until filled */
}

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;

	ctx->len += (uint64_t)len;
	if (ctx->fill) {
		while (len && ctx->fill < SHA256_BLOCK_SIZE) {
			ctx->buf[ctx->fill++] = *p++;
			len--;
		}
		if (ctx->fill < SHA256_BLOCK_SIZE)
			return;
		sha256_block(ctx->h, ctx->buf);
		ctx->fill = 0;
	}
	while (len >= SHA256_BLOCK_SIZE) {
		sha256_block(ctx->h, p);
		p += SHA256_BLOCK_SIZE;
		len -= SHA256_BLOCK_SIZE;
	}
	while (len) {
		ctx->buf[ctx->fill++] = *p++;
		len--;
	}
}

void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE])
{
	/* 5.1.1: append bit 1, zeros to 448 mod 512 bits, then the message
	 * length in bits as a 64-bit big-endian integer.  Byte count * 8 by
	 * shift; no division anywhere. */
	uint64_t bits = ctx->len << 3;
	uint32_t i = ctx->fill;
	unsigned j;

	ctx->buf[i++] = 0x80;
	if (i > SHA256_BLOCK_SIZE - 8) {
		while (i < SHA256_BLOCK_SIZE)
			ctx->buf[i++] = 0;
		sha256_block(ctx->h, ctx->buf);
		i = 0;
	}
	while (i < SHA256_BLOCK_SIZE - 8)
		ctx->buf[i++] = 0;
	ctx->buf[56] = (uint8_t)(bits >> 56);
	ctx->buf[57] = (uint8_t)(bits >> 48);
	ctx->buf[58] = (uint8_t)(bits >> 40);
	ctx->buf[59] = (uint8_t)(bits >> 32);
	ctx->buf[60] = (uint8_t)(bits >> 24);
	ctx->buf[61] = (uint8_t)(bits >> 16);
	ctx->buf[62] = (uint8_t)(bits >> 8);
	ctx->buf[63] = (uint8_t)bits;
	sha256_block(ctx->h, ctx->buf);

	for (j = 0; j < 8; j++) {
		out[4 * j] = (uint8_t)(ctx->h[j] >> 24);
		out[4 * j + 1] = (uint8_t)(ctx->h[j] >> 16);
		out[4 * j + 2] = (uint8_t)(ctx->h[j] >> 8);
		out[4 * j + 3] = (uint8_t)ctx->h[j];
	}
	ctx->fill = 0;
}

void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, out);
}
