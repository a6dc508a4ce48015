/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-sha256.c - kexec/sha256.c against known digests.
 *
 * Sources of the expected values (none is taken from the code under test):
 *  - FIPS 180-4 / NIST CSRC examples (SHA256.pdf, "SHA-256" example
 *    values): "", "abc", the 448-bit and the 896-bit two-block messages,
 *    and one million 'a'.  Also re-checked with GNU coreutils sha256sum.
 *  - The other digests were computed with GNU coreutils `sha256sum` on
 *    the same bytes when this test was written; the command is given next
 *    to each one.  pattern(n) is the byte string b[i] = (i*31 + 7) & 255,
 *    0 <= i < n, written out by
 *        python3 -c "import sys; sys.stdout.buffer.write(
 *                bytes((i*31+7)&255 for i in range(n)))" | sha256sum
 */
#include <stdlib.h>
#include "tap.h"
#include "sha256.h"

static void hex(const uint8_t d[32], char out[65])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[64] = '\0';
}

static void check_digest(const uint8_t d[32], const char *want,
			 const char *desc)
{
	char got[65];
	hex(d, got);
	is_str(got, want, desc);
}

static void check_oneshot(const void *msg, size_t len, const char *want,
			  const char *desc)
{
	uint8_t d[32];
	sha256(msg, len, d);
	check_digest(d, want, desc);
}

static void pattern(uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(i * 31 + 7);
}

int main(void)
{
	uint8_t d[32], d2[32];
	struct sha256_ctx c;
	char desc[128];

	/* ---- FIPS 180-4 / NIST examples ---- */
	check_oneshot("", 0,
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"NIST: empty message");
	check_oneshot(NULL, 0,
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"NIST: empty message, NULL pointer");
	check_oneshot("abc", 3,
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		"NIST: \"abc\" (one block)");
	{
		const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
		is_int(strlen(m), 56, "448-bit message is 56 bytes");
		check_oneshot(m, strlen(m),
			"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
			"NIST: 448-bit message (two blocks)");
	}
	{
		const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
				"hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
		is_int(strlen(m), 112, "896-bit message is 112 bytes");
		check_oneshot(m, strlen(m),
			"cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
			"NIST: 896-bit message");
	}
	{
		/* One million 'a', fed in chunks of odd, varying sizes that
		 * straddle block boundaries (1, 3, 7, 63, 65, 127, 129,
		 * 1021). */
		static const size_t sizes[] = { 1, 3, 7, 63, 65, 127, 129, 1021 };
		static char as[1021];
		size_t left = 1000000, k = 0, calls = 0;
		memset(as, 'a', sizeof(as));
		sha256_init(&c);
		while (left) {
			size_t n = sizes[k++ % 8];
			if (n > left)
				n = left;
			sha256_update(&c, as, n);
			left -= n;
			calls++;
		}
		sha256_final(&c, d);
		check_digest(d,
			"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
			"NIST: one million 'a' in odd-sized chunks");
		ok(calls > 1000, "... fed in %zu update calls", calls);

		char *big = malloc(1000000);
		ok(big != NULL, "malloc 1e6");
		if (big) {
			memset(big, 'a', 1000000);
			check_oneshot(big, 1000000,
				"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
				"NIST: one million 'a' one-shot");
			free(big);
		}
	}

	/* ---- padding boundaries: 55 (length fits in the block), 56 (needs
	 * a second block), 63, 64 (exactly one block), 65 ---- */
	{
		static const struct { size_t n; const char *want; } rows[] = {
			/* sha256sum of pattern(n), see the header comment */
			{ 55, "8aa994584139d128848eeebc4e815639ba5ab6e6e39574195a63ac4f14f7c43b" },
			{ 56, "ad574708f75c044c9b85de64cb568ee7711ff4f36448c6242f053ba8f6cc2b63" },
			{ 63, "280ed3e8ff1df845b2e7dfe6ac6cee817bef20e783cc65abc41b818b4d2fe076" },
			{ 64, "c6ab9724ade5b6a7a1edfffb12f3aa9181351355af8fd08c919952ad211339dd" },
			{ 65, "788367c73c7ddf4c53f65e68cc0d943e6227ab55b0e78ba63ace822b1c6301c0" },
			{ 130, "1c7c3b5eee94d4fa8b41754b89153e50491838d0d3e49b0273d6f12cae12e387" },
		};
		uint8_t m[130];
		pattern(m, sizeof(m));
		for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
			snprintf(desc, sizeof(desc),
				 "sha256sum: pattern(%zu) one-shot", rows[r].n);
			check_oneshot(m, rows[r].n, rows[r].want, desc);
			/* the same bytes one at a time */
			sha256_init(&c);
			for (size_t i = 0; i < rows[r].n; i++)
				sha256_update(&c, m + i, 1);
			sha256_final(&c, d);
			snprintf(desc, sizeof(desc),
				 "sha256sum: pattern(%zu) byte by byte", rows[r].n);
			check_digest(d, rows[r].want, desc);
		}
	}

	/* ---- every split of a 130-byte message equals the one-shot (and
	 * the one-shot equals sha256sum, checked just above) ---- */
	{
		uint8_t m[130];
		int bad2 = 0, bad3 = 0;
		pattern(m, sizeof(m));
		sha256(m, sizeof(m), d);
		for (size_t k = 0; k <= sizeof(m); k++) {
			sha256_init(&c);
			sha256_update(&c, m, k);
			sha256_update(&c, m + k, sizeof(m) - k);
			sha256_final(&c, d2);
			if (memcmp(d, d2, 32) != 0) {
				if (!bad2)
					printf("# two-part split at %zu differs\n", k);
				bad2++;
			}
			for (size_t j = k; j <= sizeof(m); j++) {
				sha256_init(&c);
				sha256_update(&c, m, k);
				sha256_update(&c, m + k, j - k);
				sha256_update(&c, NULL, 0);
				sha256_update(&c, m + j, sizeof(m) - j);
				sha256_final(&c, d2);
				if (memcmp(d, d2, 32) != 0) {
					if (!bad3)
						printf("# split at %zu,%zu differs\n", k, j);
					bad3++;
				}
			}
		}
		is_int(bad2, 0, "130 bytes split in two at every offset 0..130 == one-shot");
		is_int(bad3, 0, "130 bytes split in three at every pair of offsets == one-shot");
	}

	/* ---- a context is reusable after sha256_init ---- */
	sha256_init(&c);
	sha256_update(&c, "garbage that must be forgotten", 30);
	sha256_final(&c, d);
	sha256_init(&c);
	sha256_update(&c, "abc", 3);
	sha256_final(&c, d);
	check_digest(d,
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		"re-initialised context gives \"abc\"");

	/* ---- a bit count above 32 bits: 2^29 + 3 zero bytes, fed in
	 * 64 KiB + 1 chunks.  Expected value from
	 *     head -c 536870915 /dev/zero | sha256sum
	 * A 32-bit length counter would encode the wrong length. ---- */
	{
		const uint64_t total = (UINT64_C(1) << 29) + 3;
		const size_t chunk = 65537;
		uint8_t *z = calloc(1, chunk);
		ok(z != NULL, "calloc");
		if (z) {
			uint64_t left = total;
			sha256_init(&c);
			while (left) {
				size_t n = left < chunk ? (size_t)left : chunk;
				sha256_update(&c, z, n);
				left -= n;
			}
			is_u64(c.len, total, "context counts 2^29+3 bytes in 64 bits");
			sha256_final(&c, d);
			check_digest(d,
				"403a955183d83bd37bd31dde74eb3b713fcf99b6ba1a87fa91aa5befe4f51280",
				"sha256sum: 2^29+3 zero bytes (bit length > 2^32)");
			free(z);
		}
	}
	return tap_done();
}
