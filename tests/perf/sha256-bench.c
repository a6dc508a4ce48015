/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sha256-bench.c - SHA-256 throughput per implementation, in MB/s.
 *
 *   build/tests/sha256-bench [MIB [REPS]]
 *
 * Hashes a MIB MiB buffer (default 256) REPS times (default 3) with each
 * implementation: "old" (the first, simple one, tests/unit/sha256-ref.h),
 * "portable" and "sha-ni" (kexec/sha256.c, kexec/sha256-ni.c; only where
 * the CPU has it), and prints one line per implementation:
 *
 *   sha256 IMPL MB/s BEST MEDIAN (MIB MiB x REPS)
 *
 * (1 MB = 10^6 bytes; BEST is the fastest repetition.)  The digests of
 * all implementations are compared; a difference is an error (exit 1).
 * Then, with more than one online CPU, the buffer split in N equal parts
 * hashed on N threads (AUTO implementation), as kexec hashes a big
 * initrd (kexec/purgatory-load.c):
 *
 *   sha256 auto-xN   MB/s BEST MEDIAN (MIB MiB x REPS)
 * Independent of kexec: the benchmark (tests/bench) runs it in guests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sha256.h"
#include "sha256-par.h"
#include "sha256-ref.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "old", "portable", "sha-ni" };
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 256;
	unsigned long reps = argc > 2 ? strtoul(argv[2], NULL, 0) : 3;
	size_t len, i;
	uint8_t *buf, dig[3][SHA256_DIGEST_SIZE];
	double *t;
	int impl, rc = 0;

	if (mib == 0 || mib > 4096 || reps == 0 || reps > 1000) {
		fprintf(stderr, "usage: sha256-bench [MIB (1-4096) [REPS (1-1000)]]\n");
		return 2;
	}
	len = (size_t)mib << 20;
	buf = malloc(len);
	t = calloc(reps, sizeof(*t));
	if (!buf || !t) {
		fprintf(stderr, "sha256-bench: out of memory for %lu MiB\n", mib);
		return 1;
	}
	for (i = 0; i < len; i++)        /* touch every page; not all zero */
		buf[i] = (uint8_t)(i * 131 + (i >> 12));
	for (impl = 0; impl < 3; impl++) {
		if (impl == 2 && !sha256_impl_available(SHA256_IMPL_SHANI)) {
			printf("sha256 %-8s not available on this CPU\n", names[impl]);
			continue;
		}
		for (i = 0; i < reps; i++) {
			double t0 = now();

			if (impl == 0)
				ref_sha256(buf, len, dig[0]);
			else
				sha256_with(impl == 1 ? SHA256_IMPL_PORTABLE
						      : SHA256_IMPL_SHANI,
					    buf, len, dig[impl]);
			t[i] = now() - t0;
		}
		qsort(t, reps, sizeof(*t), cmp_double);
		printf("sha256 %-8s MB/s %.0f %.0f (%lu MiB x %lu)\n", names[impl],
		       (double)len / 1e6 / t[0], (double)len / 1e6 / t[reps / 2],
		       mib, reps);
		if (impl && memcmp(dig[impl], dig[0], SHA256_DIGEST_SIZE)) {
			fprintf(stderr, "sha256-bench: %s and old digests differ\n",
				names[impl]);
			rc = 1;
		}
	}
	printf("sha256 auto     = %s\n", sha256_impl_name(sha256_auto_impl()));
	for (unsigned th = 2; th <= sha256_par_threads(); th++) {
		struct sha256_job job[SHA256_PAR_MAX_THREADS];
		uint8_t out[SHA256_PAR_MAX_THREADS][SHA256_DIGEST_SIZE];
		size_t part = len / th;

		for (i = 0; i < th; i++)
			job[i] = (struct sha256_job){ buf + i * part,
						      i + 1 < th ? part : len - i * part,
						      out[i] };
		for (i = 0; i < reps; i++) {
			double t0 = now();

			sha256_par(job, th, th);
			t[i] = now() - t0;
		}
		qsort(t, reps, sizeof(*t), cmp_double);
		printf("sha256 auto-x%-3u MB/s %.0f %.0f (%lu MiB x %lu)\n", th,
		       (double)len / 1e6 / t[0], (double)len / 1e6 / t[reps / 2],
		       mib, reps);
	}
	free(t);
	free(buf);
	return rc;
}
