/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-sha256.c - kexec/sha256.c and kexec/sha256-ni.c against known
 * digests, against each other and against the old simple implementation
 * (sha256-ref.h).  Every implementation is forced in turn with
 * sha256_init_impl(); SHA-NI where the CPU has it (else said, not run).
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
#include "sha256-ref.h"

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

/* xorshift32, a fixed seed: the same "random" bytes every run */
static uint32_t rnd_state = 0x2545f491;
static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* digest of @len bytes with @impl, fed in random-sized updates (0..200) */
static void split_digest(enum sha256_impl impl, const uint8_t *m, size_t len,
			 uint8_t out[32])
{
	struct sha256_ctx c;
	size_t off = 0;

	sha256_init_impl(&c, impl);
	while (off < len) {
		size_t n = rnd() % 201;
		if (n > len - off)
			n = len - off;
		sha256_update(&c, m + off, n);
		off += n;
	}
	sha256_final(&c, out);
}

/* The FIPS 180-4 examples and the cross-checks, for one forced impl. */
static void impl_tests(enum sha256_impl impl)
{
	const char *name = sha256_impl_name(impl);
	static const struct { const char *msg; const char *want; } nist[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	};
	uint8_t d[32], d2[32], *m;
	struct sha256_ctx c;
	char desc[160];
	size_t i, n;
	int bad;

	is_intf(sha256_init_impl(&c, impl), 0, "%s: sha256_init_impl accepts it", name);
	is_intf((int)c.impl, (int)impl, "%s: the context uses it", name);
	for (i = 0; i < sizeof(nist) / sizeof(nist[0]); i++) {
		is_intf(sha256_with(impl, nist[i].msg, strlen(nist[i].msg), d), 0,
		       "%s: sha256_with", name);
		snprintf(desc, sizeof(desc), "%s: NIST %zu-byte message", name,
			 strlen(nist[i].msg));
		check_digest(d, nist[i].want, desc);
	}
	m = malloc(1000000);
	ok(m != NULL, "malloc");
	if (!m)
		return;
	memset(m, 'a', 1000000);
	sha256_with(impl, m, 1000000, d);
	snprintf(desc, sizeof(desc), "%s: NIST one million 'a'", name);
	check_digest(d, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", desc);
	split_digest(impl, m, 1000000, d);
	snprintf(desc, sizeof(desc), "%s: NIST one million 'a', random splits", name);
	check_digest(d, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", desc);

	/* every length 0..1024 of random bytes, at offsets 0..3 (unaligned
	 * loads), against the reference; and random splits of each */
	for (i = 0; i < 1100; i++)
		m[i] = (uint8_t)rnd();
	bad = 0;
	for (n = 0; n <= 1024; n++) {
		size_t off = n & 3;

		ref_sha256(m + off, n, d);
		sha256_with(impl, m + off, n, d2);
		if (memcmp(d, d2, 32)) {
			if (!bad++)
				printf("# %s: length %zu differs from the reference\n", name, n);
		}
		split_digest(impl, m + off, n, d2);
		if (memcmp(d, d2, 32)) {
			if (!bad++)
				printf("# %s: length %zu, split, differs from the reference\n", name, n);
		}
	}
	is_intf(bad, 0, "%s: lengths 0..1024 (one-shot and random splits) == reference", name);

	/* larger random buffers: one-shot vs random splits vs reference */
	bad = 0;
	for (i = 0; i < 8; i++) {
		n = 4096 + rnd() % 200000;
		for (size_t j = 0; j < n; j++)
			m[j] = (uint8_t)rnd();
		ref_sha256(m, n, d);
		sha256_with(impl, m, n, d2);
		bad += memcmp(d, d2, 32) != 0;
		split_digest(impl, m, n, d2);
		bad += memcmp(d, d2, 32) != 0;
	}
	is_intf(bad, 0, "%s: 8 random buffers of 4 KiB..200 KiB == reference", name);
	free(m);
}

/* The block functions (portable, SHA-NI where the CPU has it) agree
 * with the reference block function, 1..64 blocks of random bytes from a
 * random chaining state. */
static void block_functions(void)
{
	static uint8_t m[64 * 64 + 3];
	uint32_t h0[8], hr[8], hp[8], hn[8];
	int bad_p = 0, bad_n = 0, has = sha256_cpu_has_shani();
	size_t n, i;

	for (n = 1; n <= 64; n++) {
		size_t off = n % 4;

		for (i = 0; i < sizeof(m); i++)
			m[i] = (uint8_t)rnd();
		for (i = 0; i < 8; i++)
			h0[i] = hr[i] = hp[i] = hn[i] = rnd();
		for (i = 0; i < n; i++)
			ref_block(hr, m + off + 64 * i);
		sha256_blocks_portable(hp, m + off, n);
		bad_p += memcmp(hr, hp, sizeof(hr)) != 0;
		if (has) {
			sha256_blocks_shani(hn, m + off, n);
			bad_n += memcmp(hr, hn, sizeof(hr)) != 0;
		}
	}
	ok(memcmp(h0, hr, sizeof(h0)) != 0, "blocks: the reference changes the state");
	is_int(bad_p, 0, "blocks: sha256_blocks_portable == reference, 1..64 blocks, any state");
	if (has)
		is_int(bad_n, 0, "blocks: sha256_blocks_shani == reference");
}

static void impl_selection(void)
{
	struct sha256_ctx c;
	uint8_t d[32];
	int has = sha256_cpu_has_shani();

	is_int(sha256_impl_available(SHA256_IMPL_PORTABLE), 1, "portable is always available");
	is_int(sha256_impl_available(SHA256_IMPL_SHANI), has, "sha-ni available == CPUID test");
	is_int(sha256_auto_impl(), has ? SHA256_IMPL_SHANI : SHA256_IMPL_PORTABLE,
	       "hosted AUTO = sha-ni when the CPU has it, else portable");
	sha256_init(&c);
	is_int((int)c.impl, (int)sha256_auto_impl(), "sha256_init uses AUTO");
	is_int(sha256_init_impl(&c, (enum sha256_impl)99), -1, "unknown impl: -1");
	is_int((int)c.impl, SHA256_IMPL_PORTABLE, "unknown impl: context falls back to portable");
	is_int(sha256_with((enum sha256_impl)99, "abc", 3, d), -1, "sha256_with unknown impl: -1");
	check_digest(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		     "... and still the right digest");
	is_str(sha256_impl_name(SHA256_IMPL_PORTABLE), "portable", "name: portable");
	is_str(sha256_impl_name(SHA256_IMPL_SHANI), "sha-ni", "name: sha-ni");
	if (!has) {
		is_int(sha256_init_impl(&c, SHA256_IMPL_SHANI), -1, "no SHA-NI here: forcing it fails");
		is_int((int)c.impl, SHA256_IMPL_PORTABLE, "... and falls back to portable");
	}
#if UINTPTR_MAX > 0xffffffffu
	{
		/* natively (not under qemu-user) CPUID agrees with the kernel */
		FILE *f = fopen("/proc/cpuinfo", "r");
		char line[4096];
		int flag = -1;

		while (f && fgets(line, sizeof(line), f))
			if (strncmp(line, "flags", 5) == 0) {
				flag = strstr(line, " sha_ni") != NULL;
				break;
			}
		if (f)
			fclose(f);
		if (flag >= 0)
			is_int(has, flag, "CPUID SHA-NI test == /proc/cpuinfo sha_ni flag");
	}
#endif
	printf("# this CPU: sha-ni %s\n", has ? "yes" : "no");
}

int main(void)
{
	uint8_t d[32], d2[32];
	struct sha256_ctx c;
	char desc[128];

	impl_selection();
	block_functions();
	impl_tests(SHA256_IMPL_PORTABLE);
	if (sha256_cpu_has_shani())
		impl_tests(SHA256_IMPL_SHANI);
	else
		printf("# sha-ni: not on this CPU, its tests are not run\n");

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
