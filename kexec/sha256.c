/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sha256.c - SHA-256 from FIPS 180-4 (sections 4.1.2, 4.2.2, 5.1.1, 5.3.3,
 * 6.2): the portable block function and the buffering, padding and
 * implementation choice shared with kexec/sha256-ni.c.  Shared by the
 * host tool and the freestanding purgatory: see the rules in sha256.h.
 *
 * The block function is written for speed: the rounds unrolled 16 at a
 * time with the eight working variables renamed instead of moved, the
 * message schedule kept in a 16-word ring and extended on the fly,
 * big-endian loads through __builtin_bswap32 where the compiler has it.
 */
#include "sha256.h"

/* FIPS 180-4 4.2.2: first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
const uint32_t sha256_k[64] = {
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

/* 4.1.2 functions.  ROTR(x, n) needs 0 < n < 32.  CH and MAJ in their
 * cheaper equivalent forms: CH = (e & f) ^ (~e & g) = ((f ^ g) & e) ^ g,
 * MAJ = majority(a, b, c) = (a & b) | (c & (a | b)). */
#define ROTR(x, n)  (((x) >> (n)) | ((x) << (32 - (n))))
#define CH(x, y, z)  ((((y) ^ (z)) & (x)) ^ (z))
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))
#define BSIG0(x) (ROTR(x, 2) ^ ROTR(x, 13) ^ ROTR(x, 22))
#define BSIG1(x) (ROTR(x, 6) ^ ROTR(x, 11) ^ ROTR(x, 25))
#define SSIG0(x) (ROTR(x, 7) ^ ROTR(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ROTR(x, 17) ^ ROTR(x, 19) ^ ((x) >> 10))

/* A big-endian 32-bit load from any address. */
#if defined(__GNUC__) && (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
typedef uint32_t __attribute__((may_alias, aligned(1))) sha256_u32_any;
#define BE32(p) __builtin_bswap32(*(const sha256_u32_any *)(p))
#else
#define BE32(p) ((uint32_t)(p)[0] << 24 | (uint32_t)(p)[1] << 16 | \
		 (uint32_t)(p)[2] << 8 | (uint32_t)(p)[3])
#endif

/* The message schedule (6.2.2 step 1) lives in the ring w[t mod 16]:
 * word t >= 16 replaces word t - 16 just before round t uses it.  Rounds
 * 0-15 are one unrolled group; rounds 16-63 are three passes of a second
 * unrolled group of 16, so that every ring index (t - k) mod 16 is a
 * constant and only the K offset varies.  (Fully unrolling all 64 rounds
 * is no faster and twice the code, which the purgatory has to fit in its
 * hole, kexec/confine.h.)  The purgatory uses this code too: about 4.5 KiB
 * more than one round at a time, twice its speed natively; under QEMU's
 * TCG 13% faster in user mode, and the purgatory's check about a quarter
 * faster (tests/bench/results/20261205-purgatory-ab.md). */
#define WLOAD(i)  w[i]
#define WNEXT(i)  (w[i] += SSIG1(w[((i) + 14) & 15]) + w[((i) + 9) & 15] + \
			   SSIG0(w[((i) + 1) & 15]))

/* Round t = base + i (6.2.2 step 3) with the working variables named in
 * their current roles: only d and h change; the caller rotates the names. */
#define ROUND(a, b, c, d, e, f, g, h, i, WF) do { \
	uint32_t t1_ = (h) + BSIG1(e) + CH(e, f, g) + k[i] + WF(i); \
	(d) += t1_; \
	(h) = t1_ + BSIG0(a) + MAJ(a, b, c); \
} while (0)

#define ROUND8(i, WF) do { \
	ROUND(a, b, c, d, e, f, g, h, (i) + 0, WF); \
	ROUND(h, a, b, c, d, e, f, g, (i) + 1, WF); \
	ROUND(g, h, a, b, c, d, e, f, (i) + 2, WF); \
	ROUND(f, g, h, a, b, c, d, e, (i) + 3, WF); \
	ROUND(e, f, g, h, a, b, c, d, (i) + 4, WF); \
	ROUND(d, e, f, g, h, a, b, c, (i) + 5, WF); \
	ROUND(c, d, e, f, g, h, a, b, (i) + 6, WF); \
	ROUND(b, c, d, e, f, g, h, a, (i) + 7, WF); \
} while (0)

void sha256_blocks_portable(uint32_t s[8], const uint8_t *p, size_t n)
{
	for (; n; n--, p += SHA256_BLOCK_SIZE) {
		uint32_t w[16];
		uint32_t a = s[0], b = s[1], c = s[2], d = s[3];
		uint32_t e = s[4], f = s[5], g = s[6], h = s[7];
		const uint32_t *k = sha256_k;
		unsigned t;

		for (t = 0; t < 16; t++)
			w[t] = BE32(p + 4 * t);
		ROUND8(0, WLOAD);
		ROUND8(8, WLOAD);
		for (t = 0; t < 3; t++) {
			k += 16;
			ROUND8(0, WNEXT);
			ROUND8(8, WNEXT);
		}
		s[0] += a; s[1] += b; s[2] += c; s[3] += d;
		s[4] += e; s[5] += f; s[6] += g; s[7] += h;
	}
}

static void blocks(struct sha256_ctx *ctx, const uint8_t *p, size_t n)
{
	if (ctx->impl == SHA256_IMPL_SHANI)
		sha256_blocks_shani(ctx->h, p, n);
	else
		sha256_blocks_portable(ctx->h, p, n);
}

int sha256_impl_available(enum sha256_impl impl)
{
	switch (impl) {
	case SHA256_IMPL_AUTO:
	case SHA256_IMPL_PORTABLE:
		return 1;
	case SHA256_IMPL_SHANI:
		return sha256_cpu_has_shani();
	}
	return 0;
}

enum sha256_impl sha256_auto_impl(void)
{
#if __STDC_HOSTED__
	if (sha256_cpu_has_shani())
		return SHA256_IMPL_SHANI;
#endif
	return SHA256_IMPL_PORTABLE;
}

const char *sha256_impl_name(enum sha256_impl impl)
{
	switch (impl) {
	case SHA256_IMPL_AUTO:
		return "auto";
	case SHA256_IMPL_PORTABLE:
		return "portable";
	case SHA256_IMPL_SHANI:
		return "sha-ni";
	}
	return "?";
}

int sha256_init_impl(struct sha256_ctx *ctx, enum sha256_impl impl)
{
	int rc = 0;

	if (impl == SHA256_IMPL_AUTO)
		impl = sha256_auto_impl();
	if (impl != SHA256_IMPL_PORTABLE && !sha256_impl_available(impl)) {
		impl = SHA256_IMPL_PORTABLE;
		rc = -1;
	}
	/* 5.3.3: first 32 bits of the fractional parts of the square roots
	 * of the first 8 primes.  Assigned one by one (no struct copy, which
	 * a compiler may turn into a memcpy call). */
	ctx->h[0] = 0x6a09e667; ctx->h[1] = 0xbb67ae85;
	ctx->h[2] = 0x3c6ef372; ctx->h[3] = 0xa54ff53a;
	ctx->h[4] = 0x510e527f; ctx->h[5] = 0x9b05688c;
	ctx->h[6] = 0x1f83d9ab; ctx->h[7] = 0x5be0cd19;
	ctx->len = 0;
	ctx->fill = 0;	/* buf[] contents are don't-care until filled */
	ctx->impl = (uint32_t)impl;
	return rc;
}

void sha256_init(struct sha256_ctx *ctx)
{
	sha256_init_impl(ctx, SHA256_IMPL_AUTO);
}

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t n;

	ctx->len += (uint64_t)len;
	if (ctx->fill) {
		while (len && ctx->fill < SHA256_BLOCK_SIZE) {
			ctx->buf[ctx->fill++] = *p++;
			len--;
		}
		if (ctx->fill < SHA256_BLOCK_SIZE)
			return;
		blocks(ctx, ctx->buf, 1);
		ctx->fill = 0;
	}
	n = len / SHA256_BLOCK_SIZE;
	if (n) {
		blocks(ctx, p, n);
		p += n * SHA256_BLOCK_SIZE;
		len -= n * SHA256_BLOCK_SIZE;
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
		blocks(ctx, ctx->buf, 1);
		i = 0;
	}
	while (i < SHA256_BLOCK_SIZE - 8)
		ctx->buf[i++] = 0;
	for (j = 0; j < 8; j++)
		ctx->buf[56 + j] = (uint8_t)(bits >> (56 - 8 * j));
	blocks(ctx, ctx->buf, 1);

	for (j = 0; j < 8; j++) {
		out[4 * j] = (uint8_t)(ctx->h[j] >> 24);
		out[4 * j + 1] = (uint8_t)(ctx->h[j] >> 16);
		out[4 * j + 2] = (uint8_t)(ctx->h[j] >> 8);
		out[4 * j + 3] = (uint8_t)ctx->h[j];
	}
	ctx->fill = 0;
}

int sha256_with(enum sha256_impl impl, const void *data, size_t len,
		uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx ctx;
	int rc = sha256_init_impl(&ctx, impl);

	sha256_update(&ctx, data, len);
	sha256_final(&ctx, out);
	return rc;
}

void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	sha256_with(SHA256_IMPL_AUTO, data, len, out);
}
