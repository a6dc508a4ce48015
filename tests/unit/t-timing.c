/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-timing.c - the `kexec -d` timing line (timing.h). */
#include <string.h>
#include <time.h>

#include "tap.h"
#include "timing.h"

int main(void)
{
	struct timing t;
	char buf[400];
	uint64_t a, b;

	memset(&t, 0, sizeof(t));
	is_str(timing_format(&t, buf, sizeof(buf)), "", "nothing timed: empty line");

	/* 12.34 ms for 70 MB read; 50 ms hashing 100 MB inside 51.2 ms of
	 * plan; 30.1 ms kexec_load */
	t.count[TIMING_READ] = 1;
	t.ns[TIMING_READ] = 12340000;
	t.bytes[TIMING_READ] = 70000000;
	t.count[TIMING_SHA256] = 3;
	t.ns[TIMING_SHA256] = 50000000;
	t.bytes[TIMING_SHA256] = 100000000;
	t.count[TIMING_PLAN] = 1;
	t.ns[TIMING_PLAN] = 51200000;
	t.count[TIMING_KEXEC_LOAD] = 1;
	t.ns[TIMING_KEXEC_LOAD] = 30100000;
	t.count[TIMING_TOTAL] = 1;
	t.ns[TIMING_TOTAL] = 94000000;
	is_str(timing_format(&t, buf, sizeof(buf)),
	       "read 12.3 ms (70.0 MB, 5672 MB/s), sha256 50.0 ms (100.0 MB, 2000 MB/s), plan 1.2 ms, kexec_load 30.1 ms, total 94.0 ms",
	       "the line: MB/s from bytes and time, plan without the hashing");

	/* the file call path: only kexec_file_load and total */
	memset(&t, 0, sizeof(t));
	t.count[TIMING_FILE_LOAD] = 1;
	t.ns[TIMING_FILE_LOAD] = 5000000;
	t.count[TIMING_TOTAL] = 1;
	t.ns[TIMING_TOTAL] = 5500000;
	is_str(timing_format(&t, buf, sizeof(buf)),
	       "kexec_file_load 5.0 ms, total 5.5 ms", "kexec_file_load only");

	/* a stage that took no measurable time gives no division by zero */
	memset(&t, 0, sizeof(t));
	t.count[TIMING_SHA256] = 1;
	t.bytes[TIMING_SHA256] = 4096;
	is_str(timing_format(&t, buf, sizeof(buf)), "sha256 0.0 ms (0.0 MB)",
	       "zero time: no rate");

	/* a short buffer is cut, not overrun */
	memset(buf, 'x', sizeof(buf));
	t.count[TIMING_TOTAL] = 1;
	timing_format(&t, buf, 10);
	ok(strlen(buf) == 9 && buf[10] == 'x', "10-byte buffer: 9 characters and the NUL");

	/* the accumulator: reset, then add a measured 2 ms sleep */
	timing_reset();
	a = timing_now();
	nanosleep(&(struct timespec){ 0, 2000000 }, NULL);
	timing_add(TIMING_READ, a, 123);
	b = timing_get()->ns[TIMING_READ];
	ok(b >= 2000000 && b < 2000000000, "a 2 ms sleep is timed as at least 2 ms (%llu ns)",
	   (unsigned long long)b);
	is_int(timing_get()->bytes[TIMING_READ], 123, "bytes added");
	is_int(timing_get()->count[TIMING_READ], 1, "count added");
	timing_reset();
	is_int(timing_get()->count[TIMING_READ], 0, "reset clears");
	return tap_done();
}
