/* SPDX-License-Identifier: GPL-2.0-or-later */
/* timing.h - where a load's time goes, for `kexec -d`.
 *
 * The load pipeline adds the time of a few stages (CLOCK_MONOTONIC) to
 * one accumulator per process; load_run() resets it at the start and, with
 * -d, prints one line at the end:
 *
 *   timing: read 12.3 ms (70.1 MB, 5699 MB/s), sha256 45.6 ms (70.1 MB,
 *   1537 MB/s), plan 0.4 ms, kexec_load 30.1 ms, total 90.0 ms
 *
 * read     the kernel, initrd and dtb files read (and a compressed kernel
 *          decompressed), bytes = what the loaders got;
 * sha256   the digests the purgatory checks, bytes hashed;
 * plan     identifying the image, the memory map, the loader and the
 *          purgatory set-up, without the sha256 time inside it;
 * kexec_load / kexec_file_load  the system call itself (the kernel's
 *          copy of the segments, or its own reading and hashing);
 * total    load_run() from start to end.
 * Stages that did not run are left out.  MB = 10^6 bytes.  The counters
 * are not option state: they only ever feed this line. */
#ifndef KJ_TIMING_H
#define KJ_TIMING_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

enum timing_stage {
	TIMING_READ,
	TIMING_SHA256,
	TIMING_PLAN,            /* includes TIMING_SHA256's time */
	TIMING_KEXEC_LOAD,
	TIMING_FILE_LOAD,
	TIMING_TOTAL,
	TIMING_NSTAGES
};

struct timing {
	uint64_t ns[TIMING_NSTAGES];
	uint64_t bytes[TIMING_NSTAGES];
	unsigned count[TIMING_NSTAGES];   /* 0: the stage did not run */
};

/* CLOCK_MONOTONIC in nanoseconds */
uint64_t timing_now(void);
/* Add now - @t0 (and @bytes) to stage @s. */
void timing_add(enum timing_stage s, uint64_t t0, uint64_t bytes);
void timing_reset(void);
const struct timing *timing_get(void);
/* The line (without "kexec: "), into @buf of @n bytes; returns @buf. */
char *timing_format(const struct timing *t, char *buf, size_t n);
/* diag_debug() the line for the current counters, when any stage ran. */
void timing_report(struct diag *d);

#endif
