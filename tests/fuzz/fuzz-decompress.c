/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-decompress.c - libFuzzer harness for the compressed-kernel framing
 * (kexec/decompress.c): format detection, the gzip / xz / lzma / zstd
 * member loop, the trailing-data policy and the output bound.
 *
 * Build and run (from a configured tree): `make fuzz`, then
 *   ./build/fuzz/fuzz-decompress -max_len=65536 -rss_limit_mb=2048 \
 *     /tmp/decomp-corpus tests/fuzz/corpus/decompress
 * The first input byte picks the format the data is handed to (so every
 * decoder sees every input, whatever its magic); the rest is the data.
 * The output bound is 4 MiB here so one input cannot allocate much.  The
 * harness aborts on broken contracts: a failure without a one-line
 * message naming the file, or with output left behind; a success with
 * an empty or oversized output, or without a message-free diag.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decompress.h"

#define FUZZ_LIMIT ((size_t)4 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	enum decomp_fmt f;
	uint8_t *out = (uint8_t *)&d;
	size_t outlen = 1;
	int rc;

	if (size < 1)
		return 0;
	f = (enum decomp_fmt)(data[0] % DECOMP_NFMT);
	if (f == DECOMP_NONE)
		f = decomp_detect(data + 1, size - 1);
	if (f == DECOMP_NONE)
		return 0;
	memset(&d, 0, sizeof(d));
	rc = decomp_buf(&d, "fuzz", f, data + 1, size - 1, FUZZ_LIMIT,
			decomp_built_in(), &out, &outlen);
	if (rc) {
		if (rc >= 0 || out || outlen || strncmp(d.msg, "fuzz: ", 6) ||
		    strchr(d.msg, '\n'))
			abort();
		return 0;
	}
	if (d.rc || !out || outlen == 0 || outlen > FUZZ_LIMIT)
		abort();
	/* touch every byte: the sanitizer checks the length is real */
	{
		volatile uint8_t x = 0;
		size_t i;

		for (i = 0; i < outlen; i += 4096)
			x ^= out[i];
		x ^= out[outlen - 1];
		(void)x;
	}
	free(out);
	return 0;
}
