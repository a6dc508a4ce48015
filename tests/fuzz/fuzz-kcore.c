/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-kcore.c - libFuzzer harness for the /proc/kcore parser, the
 * virtual/physical readers, the kimage entry-list walk and the kallsyms
 * text parser (kimage-read.h), all fed from one untrusted input.
 *
 * Input layout: bytes 0-7 the address of the kexec_image variable, 8-15
 * the destination physical address, 16-17 the length to read (all
 * little-endian; the length is capped at 12 KiB), then the core file,
 * read from memory through kcore_open_mem.  The whole input is also
 * parsed as /proc/kallsyms text.  Seeds (tests/fuzz/corpus/kcore/) are
 * written by the unit test: KJ_WRITE_KCORE_SEEDS=DIR build/tests/t-kimage-read.
 *
 * Build and run (from the top of the tree; clang >= 14), or `make fuzz`:
 *   clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
 *     -fno-sanitize-recover=all -Ikexec -Iinclude -o fuzz-kcore \
 *     tests/fuzz/fuzz-kcore.c kexec/kimage-read.c kexec/diag.c
 *   mkdir -p /tmp/kcore-corpus && ./fuzz-kcore /tmp/kcore-corpus \
 *     tests/fuzz/corpus/kcore -max_len=65536 -max_total_time=3600
 * The harness aborts on broken invariants (an error without a message or
 * with a mismatched rc, a reader that succeeded on the second try but not
 * the first), so those count as crashes too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kimage-read.h"

#define HDR 18
#define MAX_READ 0x3000u

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

static void check_diag(const struct diag *d, int rc)
{
	if (rc > 0)
		abort();
	if (rc < 0 && (d->rc != rc || d->msg[0] == '\0'))
		abort();
	if (rc == 0 && d->rc != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[MAX_READ], again[MAX_READ];
	struct diag d = { 0 };
	struct kcore *kc = NULL;
	uint64_t va, pa, sym;
	size_t len;
	FILE *f;
	int rc, rc2;

	if (size > 0) {
		f = fmemopen((void *)data, size, "r");
		if (f) {
			rc = kallsyms_lookup_stream(&d, f, "kallsyms",
						    "kexec_image", &sym);
			fclose(f);
			check_diag(&d, rc);
			if (rc == 0 && sym == 0)
				abort();
		}
	}
	if (size < HDR)
		return 0;
	va = le(data, 8);
	pa = le(data + 8, 8);
	len = (size_t)(le(data + 16, 2) % (MAX_READ + 1));

	memset(&d, 0, sizeof(d));
	rc = kcore_open_mem(&d, data + HDR, size - HDR, "kcore", &kc);
	check_diag(&d, rc);
	if (rc) {
		if (kc)
			abort();
		return 0;
	}
	if (kcore_word_size(kc) != 4 && kcore_word_size(kc) != 8)
		abort();

	memset(&d, 0, sizeof(d));
	rc = kimage_read_dest_kcore(&d, kc, va, pa, out, len);
	check_diag(&d, rc);
	/* deterministic: the same call gives the same result and bytes */
	memset(&d, 0, sizeof(d));
	rc2 = kimage_read_dest_kcore(&d, kc, va, pa, again, len);
	if (rc2 != rc || (rc == 0 && memcmp(out, again, len) != 0))
		abort();

	memset(&d, 0, sizeof(d));
	rc = kcore_read_va(&d, kc, va, out, len);
	check_diag(&d, rc);
	memset(&d, 0, sizeof(d));
	rc = kcore_read_pa(&d, kc, pa, out, len);
	check_diag(&d, rc);
	kcore_close(kc);
	return 0;
}
