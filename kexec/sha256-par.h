/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sha256-par.h - SHA-256 of several buffers on several threads (the tool
 * only; the purgatory hashes its regions one after the other).  Used by
 * purgatory-load.c, which splits a big segment into several regions of
 * the digest table so that its parts hash in parallel.
 */
#ifndef KJ_SHA256_PAR_H
#define KJ_SHA256_PAR_H

#include <stddef.h>
#include <stdint.h>
#include "sha256.h"

#define SHA256_PAR_MAX_THREADS 8

struct sha256_job {
	const void *buf;        /* may be NULL when len is 0 */
	size_t len;
	uint8_t *out;           /* SHA256_DIGEST_SIZE bytes */
};

/* Online CPUs, 1..SHA256_PAR_MAX_THREADS. */
unsigned sha256_par_threads(void);

/* out = sha256(buf, len) for each of the @n jobs, on up to @threads
 * threads counting the caller's (0 or 1: all on the caller's).  Put the
 * largest jobs first. */
void sha256_par(struct sha256_job *jobs, size_t n, unsigned threads);

#endif
