/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sha256-ni.c - SHA-256 blocks with the x86 SHA extensions, and the CPUID
 * test for them.  Built into the tool (both widths) and the purgatory
 * (freestanding, both widths); only the functions marked KJ_SHANI_TARGET
 * contain SSE instructions, so the rest of the program (and of the
 * purgatory, built -mgeneral-regs-only) never touches an XMM register.
 *
 * Facts used (Intel SDM vol. 2, SHA256RNDS2, SHA256MSG1, SHA256MSG2):
 *  - SHA256RNDS2 dst, src, XMM0 does two rounds: dst holds C,D,G,H and src
 *    A,B,E,F (from the high dword down), XMM0's low two dwords are
 *    W[t] + K[t] and W[t+1] + K[t+1]; the result A,B,E,F goes to dst.
 *    Two rounds later the old A,B,E,F are the new C,D,G,H, so two
 *    registers alternate roles and nothing is moved.
 *  - SHA256MSG1 x, y: x = W[t-16..t-13], y's low dword W[t-12]; gives
 *    W[t-16+i] + sigma0(W[t-15+i]), i = 0..3.
 *  - SHA256MSG2 x, y: x = those sums plus W[t-7..t-4], y = W[t-4..t-1];
 *    adds sigma1 of W[t-2], W[t-1] and then of the two words it has just
 *    made, giving W[t..t+3].
 * The dword lanes are little-endian, so the big-endian message words are
 * byte-swapped with one PSHUFB per 16 bytes.
 */
#include "sha256.h"

#if !__STDC_HOSTED__
/* GCC's <mm_malloc.h>, pulled in by <immintrin.h>, includes <stdlib.h>;
 * freestanding code has no business with it (and uses no _mm_malloc). */
#define _MM_MALLOC_H_INCLUDED 1
#endif
#include <immintrin.h>
#include <cpuid.h>

/* On i386 the compiler spills XMM registers with MOVAPS, assuming a
 * 16-byte aligned stack; force_align_arg_pointer realigns it on entry, so
 * a caller with only 4-byte alignment (freestanding code) cannot make it
 * fault. */
#if defined(__i386__)
#define KJ_SHANI_TARGET __attribute__((target("sse2,ssse3,sse4.1,sha"), \
					 force_align_arg_pointer))
#else
#define KJ_SHANI_TARGET __attribute__((target("sse2,ssse3,sse4.1,sha")))
#endif

/* CPUID bits (Intel SDM vol. 2, CPUID) */
#define CPUID1_EDX_FXSR   (1u << 24)
#define CPUID1_EDX_SSE    (1u << 25)
#define CPUID1_EDX_SSE2   (1u << 26)
#define CPUID1_ECX_SSSE3  (1u << 9)
#define CPUID1_ECX_SSE41  (1u << 19)
#define CPUID7_EBX_SHA    (1u << 29)

int sha256_cpu_has_shani(void)
{
	unsigned int a, b, c, d;
	const unsigned int edx1 = CPUID1_EDX_FXSR | CPUID1_EDX_SSE |
				  CPUID1_EDX_SSE2;
	const unsigned int ecx1 = CPUID1_ECX_SSSE3 | CPUID1_ECX_SSE41;

	/* (on i386 __get_cpuid_max first checks that CPUID exists) */
	if (__get_cpuid_max(0, NULL) < 7)
		return 0;
	if (!__get_cpuid(1, &a, &b, &c, &d) ||
	    (d & edx1) != edx1 || (c & ecx1) != ecx1)
		return 0;
	__cpuid_count(7, 0, a, b, c, d);
	return (b & CPUID7_EBX_SHA) != 0;
}

/* Four rounds t..t+3 with the message words in @m (W[t] in the low lane):
 * s1 = rnds2(s1, s0) then s0 = rnds2(s0, s1), see above. */
#define QROUND(m, t) do { \
	wk = _mm_add_epi32((m), _mm_loadu_si128((const __m128i *)&sha256_k[t])); \
	s1 = _mm_sha256rnds2_epu32(s1, s0, wk); \
	wk = _mm_shuffle_epi32(wk, 0x0e); \
	s0 = _mm_sha256rnds2_epu32(s0, s1, wk); \
} while (0)

/* W[t..t+3] into @m0, which held W[t-16..t-13]; m1 = W[t-12..t-9],
 * m2 = W[t-8..t-5], m3 = W[t-4..t-1]. */
#define SCHED(m0, m1, m2, m3) do { \
	m0 = _mm_sha256msg1_epu32(m0, m1); \
	m0 = _mm_add_epi32(m0, _mm_alignr_epi8(m3, m2, 4)); \
	m0 = _mm_sha256msg2_epu32(m0, m3); \
} while (0)

/* The schedule for W[t..t+3], then rounds t..t+3. */
#define QROUND_S(m0, m1, m2, m3, t) do { \
	SCHED(m0, m1, m2, m3); \
	QROUND(m0, t); \
} while (0)

KJ_SHANI_TARGET
void sha256_blocks_shani(uint32_t h[8], const uint8_t *p, size_t n)
{
	/* PSHUFB mask: reverse the bytes of each dword */
	const __m128i bswap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11,
					   4, 5, 6, 7, 0, 1, 2, 3);
	__m128i s0, s1, tmp, save0, save1, m0, m1, m2, m3, wk;
	unsigned t;

	/* h[0..3] = A B C D, h[4..7] = E F G H (low lane first); the
	 * instructions want s0 = F E B A and s1 = H G D C (low lane
	 * first), i.e. A and C in the high lanes. */
	tmp = _mm_loadu_si128((const __m128i *)&h[0]);    /* A B C D */
	s1 = _mm_loadu_si128((const __m128i *)&h[4]);     /* E F G H */
	tmp = _mm_shuffle_epi32(tmp, 0xb1);               /* B A D C */
	s1 = _mm_shuffle_epi32(s1, 0x1b);                 /* H G F E */
	s0 = _mm_alignr_epi8(tmp, s1, 8);                 /* F E B A */
	s1 = _mm_blend_epi16(s1, tmp, 0xf0);              /* H G D C */

	for (; n; n--, p += SHA256_BLOCK_SIZE) {
		save0 = s0;
		save1 = s1;
		m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 0)), bswap);
		m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), bswap);
		m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), bswap);
		m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), bswap);
		QROUND(m0, 0);
		QROUND(m1, 4);
		QROUND(m2, 8);
		QROUND(m3, 12);
		for (t = 16; t < 64; t += 16) {
			QROUND_S(m0, m1, m2, m3, t);
			QROUND_S(m1, m2, m3, m0, t + 4);
			QROUND_S(m2, m3, m0, m1, t + 8);
			QROUND_S(m3, m0, m1, m2, t + 12);
		}
		s0 = _mm_add_epi32(s0, save0);
		s1 = _mm_add_epi32(s1, save1);
	}

	/* back to A B C D / E F G H */
	tmp = _mm_shuffle_epi32(s0, 0x1b);                /* A B E F */
	s1 = _mm_shuffle_epi32(s1, 0xb1);                 /* G H C D */
	s0 = _mm_blend_epi16(tmp, s1, 0xf0);              /* A B C D */
	s1 = _mm_alignr_epi8(s1, tmp, 8);                 /* E F G H */
	_mm_storeu_si128((__m128i *)&h[0], s0);
	_mm_storeu_si128((__m128i *)&h[4], s1);
}
