/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sha256.h - SHA-256 (FIPS 180-4), one source for two worlds.
 *
 * kexec/sha256.c (portable C) and kexec/sha256-ni.c (the x86 SHA
 * extensions) are compiled into the host tool (to hash the segments it
 * loads) and, unchanged, into the freestanding purgatory (to verify them
 * before the jump).  So they use only <stddef.h>/<stdint.h> (and the
 * compiler's own intrinsic headers), call no library function (not even
 * memcpy/memset), have no writable globals, no floating point and no
 * 64-bit division; the only data is the const round constant table.
 * tests/unit/t-sha256-freestanding.sh checks this.
 *
 * Implementations (enum sha256_impl):
 *   PORTABLE  plain C, every x86 CPU;
 *   SHANI     sha256rnds2/sha256msg1/sha256msg2 with SSE2/SSSE3/SSE4.1
 *             shuffles; needs CPUID.7.0:EBX[29] (SHA), CPUID.1:ECX[9]
 *             (SSSE3) and [19] (SSE4.1), CPUID.1:EDX[24..26] (FXSR, SSE,
 *             SSE2), and SSE enabled by the OS (CR4.OSFXSR, CR0.EM = 0,
 *             CR0.TS = 0).
 * AUTO picks SHANI when sha256_impl_available() says so, but only in a
 * hosted build (the tool: Linux enables SSE for user space).  A
 * freestanding build (__STDC_HOSTED__ == 0, the purgatory) never uses SSE
 * unless asked for SHANI explicitly, after enabling SSE itself
 * (purgatory/simd.c).
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

enum sha256_impl {
	SHA256_IMPL_AUTO = 0,
	SHA256_IMPL_PORTABLE = 1,
	SHA256_IMPL_SHANI = 2,
};
#define SHA256_IMPL_COUNT 3

struct sha256_ctx {
	uint32_t h[8];                   /* chaining state H0..H7 */
	uint64_t len;                    /* message bytes so far (mod 2^64) */
	uint32_t fill;                   /* bytes waiting in buf, 0..63 */
	uint32_t impl;                   /* enum sha256_impl, never AUTO */
	uint8_t buf[SHA256_BLOCK_SIZE];  /* partial block */
};

/* Start a new message with the AUTO implementation. */
void sha256_init(struct sha256_ctx *ctx);

/* Start a new message with @impl.  Returns 0, or -1 when @impl is unknown
 * or this CPU lacks it; the context then uses PORTABLE (so it is usable
 * either way). */
int sha256_init_impl(struct sha256_ctx *ctx, enum sha256_impl impl);

/* Append @len bytes at @data (may be NULL when @len is 0).  Any split of
 * a message into update calls gives the same digest. */
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);

/* Pad, write the 32-byte digest to @out.  The context must be
 * re-initialised before it is used again. */
void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE]);

/* One-shot: digest of @len bytes at @data (AUTO). */
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);

/* One-shot with @impl; returns what sha256_init_impl() returned. */
int sha256_with(enum sha256_impl impl, const void *data, size_t len,
		uint8_t out[SHA256_DIGEST_SIZE]);

/* 1 if @impl can run on this CPU (PORTABLE always; SHANI by CPUID only:
 * freestanding callers must enable SSE first), else 0.  AUTO resolves to
 * what sha256_init() would use. */
int sha256_impl_available(enum sha256_impl impl);

/* What AUTO means here: SHANI or PORTABLE (see above). */
enum sha256_impl sha256_auto_impl(void);

/* "portable", "sha-ni", "auto"; "?" for anything else. */
const char *sha256_impl_name(enum sha256_impl impl);

/* ---- the block functions (kexec/sha256.c, kexec/sha256-ni.c) ----
 * Process @n 64-byte blocks at @p into @h.  sha256_blocks_shani() may only
 * run where sha256_impl_available(SHA256_IMPL_SHANI) and SSE is on. */
void sha256_blocks_portable(uint32_t h[8], const uint8_t *p, size_t n);
void sha256_blocks_shani(uint32_t h[8], const uint8_t *p, size_t n);
/* CPUID: does this CPU have SHA, SSSE3, SSE4.1, SSE2, SSE and FXSR? */
int sha256_cpu_has_shani(void);

/* FIPS 180-4 4.2.2 round constants (kexec/sha256.c). */
extern const uint32_t sha256_k[64];

#endif
