/* SPDX-License-Identifier: GPL-2.0-or-later */
/* timing.c - stage timing for `kexec -d` (timing.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "timing.h"

static struct timing acc;

uint64_t timing_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void timing_add(enum timing_stage s, uint64_t t0, uint64_t bytes)
{
	uint64_t t1 = timing_now();

	if ((unsigned)s >= TIMING_NSTAGES)
		return;
	acc.ns[s] += t1 > t0 ? t1 - t0 : 0;
	acc.bytes[s] += bytes;
	acc.count[s]++;
}

void timing_reset(void)
{
	memset(&acc, 0, sizeof(acc));
}

const struct timing *timing_get(void)
{
	return &acc;
}

/* append "NAME X.X ms" and, with bytes, " (Y.Y MB, Z MB/s)" */
static void put_stage(char *buf, size_t n, size_t *at, const char *name,
		      uint64_t ns, uint64_t bytes, int with_bytes)
{
	int k;

	if (*at >= n)
		return;
	k = snprintf(buf + *at, n - *at, "%s%s %" PRIu64 ".%" PRIu64 " ms",
		     *at ? ", " : "", name, ns / 1000000,
		     ns / 100000 % 10);
	if (k > 0)
		*at += (size_t)k;
	if (!with_bytes || *at >= n)
		return;
	k = snprintf(buf + *at, n - *at, " (%" PRIu64 ".%" PRIu64 " MB",
		     bytes / 1000000, bytes / 100000 % 10);
	if (k > 0)
		*at += (size_t)k;
	if (*at >= n)
		return;
	/* MB/s = bytes / ns * 1000; unknown when no time was measured */
	if (ns)
		k = snprintf(buf + *at, n - *at, ", %" PRIu64 " MB/s)",
			     (uint64_t)((double)bytes * 1000.0 / (double)ns));
	else
		k = snprintf(buf + *at, n - *at, ")");
	if (k > 0)
		*at += (size_t)k;
}

char *timing_format(const struct timing *t, char *buf, size_t n)
{
	size_t at = 0;
	uint64_t plan;

	if (!n)
		return buf;
	buf[0] = '\0';
	if (t->count[TIMING_READ])
		put_stage(buf, n, &at, "read", t->ns[TIMING_READ],
			  t->bytes[TIMING_READ], 1);
	if (t->count[TIMING_SHA256])
		put_stage(buf, n, &at, "sha256", t->ns[TIMING_SHA256],
			  t->bytes[TIMING_SHA256], 1);
	if (t->count[TIMING_PLAN]) {
		plan = t->ns[TIMING_PLAN];
		plan = plan > t->ns[TIMING_SHA256] ?
		       plan - t->ns[TIMING_SHA256] : 0;
		put_stage(buf, n, &at, "plan", plan, 0, 0);
	}
	if (t->count[TIMING_KEXEC_LOAD])
		put_stage(buf, n, &at, "kexec_load", t->ns[TIMING_KEXEC_LOAD],
			  0, 0);
	if (t->count[TIMING_FILE_LOAD])
		put_stage(buf, n, &at, "kexec_file_load",
			  t->ns[TIMING_FILE_LOAD], 0, 0);
	if (t->count[TIMING_TOTAL])
		put_stage(buf, n, &at, "total", t->ns[TIMING_TOTAL], 0, 0);
	return buf;
}

void timing_report(struct diag *d)
{
	char line[400];
	unsigned i, any = 0;

	for (i = 0; i < TIMING_NSTAGES; i++)
		any |= acc.count[i];
	if (any)
		diag_debug(d, "kexec: timing: %s", timing_format(&acc, line, sizeof(line)));
}
