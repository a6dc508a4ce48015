/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sha256.h - SHA-256 (FIPS 180-4), one source for two worlds.
 *
 * kexec/sha256.c is compiled into the host tool (to hash the segments it
 * loads) and, unchanged, into the freestanding purgatory (to verify them
 * before the jump).  So it uses only <stddef.h>/<stdint.h>, calls no
 * library function (not even memcpy/memset), has no writable globals, no
 * floating point and no 64-bit division; the only data is the const round
 * constant table.  tests/unit/t-sha256-freestanding.sh checks this.
 *
 * The length counter is 64-bit on every width, so a message of 2^29 bytes
 * or more (a bit count above 32 bits) is hashed correctly on i386 too.
 */
#ifndef KJ_SHA256_H
#define KJ_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE  64

struct sha256_ctx {
	uint32_t h[8];                   /* chaining state H0..H7 */
	uint64_t len;                    /* message bytes so far (mod 2^64) */
	uint32_t fill;                   /* bytes waiting in buf, 0..63 */
	uint8_t buf[SHA256_BLOCK_SIZE];  /* partial block */
};

/* Start a new message. */
void sha256_init(struct sha256_ctx *ctx);

/* Append @len bytes at @data (may be NULL when @len is 0).  Any split of
 * a message into update calls gives the same digest. */
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);

/* Pad, write the 32-byte digest to @out.  The context must be
 * re-initialised before it is used again. */
void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE]);

/* One-shot: digest of @len bytes at @data. */
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);

#endif
