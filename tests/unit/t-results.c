/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-results.c - interpreting the parameter block after a return. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "purgatory-abi.h"
#include "results.h"
#include "tap.h"

#define OUT_OFF 1024u
#define TOTAL   (OUT_OFF + 256u)

static uint8_t blk[TOTAL];
static long written;     /* bytes results_report wrote to its stream */
static enum results_outcome outcome;  /* what the last run reported */

/* A block as the purgatory leaves it after the program returned: built
 * byte by byte at the documented offsets, not through the struct. */
static void put32(uint32_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		blk[off + i] = (uint8_t)(v >> (8 * i));
}

static void base_block(uint32_t status, int32_t ret, const char *output)
{
	memset(blk, 0, sizeof(blk));
	put32(0, 0x42504a4bu);          /* "KJPB" */
	put32(4, 5);                    /* version */
	put32(8, 992);                  /* size */
	put32(56, OUT_OFF);             /* out_off */
	put32(60, 256);                 /* out_size */
	put32(64, (uint32_t)strlen(output));
	put32(68, (uint32_t)ret);
	put32(72, status);
	put32(88, 1);                   /* nr_regions */
	memcpy(blk + OUT_OFF, output, strlen(output));
}

/* results_report() on the first @len bytes of blk; *status is the exit
 * status kexec -e would take from a good return (-1 otherwise), *outcome
 * what results_report() said. */
static int run(size_t len, char *out, size_t outsz, int *status,
	       struct diag *d)
{
	FILE *f = fmemopen(out, outsz, "w");
	struct results r;
	int rc;

	memset(d, 0, sizeof(*d));
	memset(out, 0, outsz);
	memset(&r, 0xa5, sizeof(r));
	rc = results_report(d, blk, len, f, &r);
	*status = rc == 0 && r.outcome == RESULTS_RETURNED ?
		  results_exit_status(r.ret) : -1;
	outcome = r.outcome;
	fflush(f);
	written = ftell(f);
	fclose(f);
	return rc;
}

int main(void)
{
	char out[512];
	struct diag d;
	int st, rc;

	base_block(1, 7, "hello from the program\n");
	rc = run(TOTAL, out, sizeof(out), &st, &d);
	is_int(rc, 0, "returned: rc 0");
	is_int(st, 7, "returned: exit status is the return value");
	is_str(out, "hello from the program\n", "returned: output printed as written");

	is_int(outcome, RESULTS_RETURNED, "returned: outcome RETURNED");

	/* the mapping (doc/kexec.8 EXIT STATUS), written out here: 0..250
	 * are the value itself, everything else is 251 */
	{
		static const struct { int32_t ret; int want; } map[] = {
			{ 0, 0 }, { 1, 1 }, { 7, 7 }, { 249, 249 },
			{ 250, 250 }, { 251, 251 }, { 252, 251 },
			{ 253, 251 }, { 255, 251 }, { 256, 251 },
			{ 300, 251 }, { 1000, 251 }, { -1, 251 },
			{ -250, 251 }, { INT32_MAX, 251 }, { INT32_MIN, 251 },
		};

		for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
			base_block(1, map[i].ret, "");
			rc = run(TOTAL, out, sizeof(out), &st, &d);
			ok(rc == 0 && st == map[i].want,
			   "return value %ld gives exit status %d",
			   (long)map[i].ret, map[i].want);
			is_int(results_exit_status(map[i].ret), map[i].want,
			       "  ... and results_exit_status agrees");
		}
	}
	is_int(RESULTS_EXIT_RET_MAX, 250, "statuses: programs own 0..250");
	is_int(RESULTS_EXIT_RET_OTHER, 251, "statuses: other values 251");
	is_int(RESULTS_EXIT_UNREADABLE, 252, "statuses: unreadable 252");
	is_int(RESULTS_EXIT_NOT_CALLED, 253, "statuses: not called 253");

	base_block(1, 0, "abcdef");
	put32(64, 1000);                /* out_len beyond out_size: clamped */
	rc = run(TOTAL, out, sizeof(out), &st, &d);
	is_int(rc, 0, "out_len > out_size: still reported");
	is_int(written, 256, "out_len clamped to out_size (256 bytes written)");

	base_block(2, 0, "");           /* sha256 mismatch in region 0 */
	put32(128, 0x2000000);          /* regions[0].start */
	put32(136, 0x3000);             /* regions[0].len */
	for (int i = 0; i < 32; i++) {
		blk[144 + i] = (uint8_t)i;          /* expected digest */
		blk[96 + i] = (uint8_t)(0xff - i);  /* computed digest */
	}
	rc = run(TOTAL, out, sizeof(out), &st, &d);
	is_int(rc, -EIO, "sha256 mismatch: error");
	has_str(d.msg, "segment 0 (0x2000000, 12288 bytes) failed its sha256 check", "mismatch names the segment");
	has_str(d.msg, "expected 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "mismatch: expected digest in hex");
	has_str(d.msg, "computed fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0", "mismatch: computed digest in hex");
	is_int(out[0], 0, "mismatch: nothing printed");
	is_int(outcome, RESULTS_NOT_CALLED, "mismatch: not called");

	put32(76, 5);                   /* bad_region 5 of 1 */
	rc = run(TOTAL, out, sizeof(out), &st, &d);
	is_int(rc, -EIO, "mismatch with region out of range: error");
	has_str(d.msg, "region 5 of 1", "out-of-range region reported as such");
	is_int(outcome, RESULTS_NOT_CALLED, "mismatch, bad region: not called");

	base_block(3, 0, "");
	put32(76, 7);
	rc = run(TOTAL, out, sizeof(out), &st, &d);
	is_int(rc, -EIO, "bad params: error");
	has_str(d.msg, "parameter block invalid (check 7)", "bad params: reason");
	is_int(outcome, RESULTS_NOT_CALLED, "bad params: not called");

	base_block(0, 0, "");
	rc = run(TOTAL, out, sizeof(out), &st, &d);
	is_int(rc, -EIO, "status none: error");
	has_str(d.msg, "without recording a result", "status none: message");
	is_int(outcome, RESULTS_NOT_CALLED, "status none: not called");

	base_block(9, 0, "");
	rc = run(TOTAL, out, sizeof(out), &st, &d);
	has_str(d.msg, "unknown status 9", "unknown status");
	ok(rc < 0 && outcome == RESULTS_UNREADABLE, "unknown status: unreadable");

	base_block(1, 0, "x");
	put32(0, 0x12345678);
	rc = run(TOTAL, out, sizeof(out), &st, &d);
	is_int(rc, -EIO, "wrong magic: error");
	has_str(d.msg, "not a version 5 parameter block (magic 0x12345678", "wrong magic: message");
	is_int(outcome, RESULTS_UNREADABLE, "wrong magic: unreadable");

	base_block(1, 0, "x");
	rc = run(100, out, sizeof(out), &st, &d);
	has_str(d.msg, "result block is 100 bytes, shorter", "too short");
	ok(rc < 0 && outcome == RESULTS_UNREADABLE, "too short: unreadable");

	base_block(1, 0, "x");
	rc = run(OUT_OFF + 10, out, sizeof(out), &st, &d);
	is_int(rc, -EIO, "output buffer past the bytes read: error");
	has_str(d.msg, "outside the 1034 bytes read", "output buffer outside: message");
	is_int(st, -1, "no exit status set on error");
	is_int(outcome, RESULTS_UNREADABLE, "output buffer outside: unreadable");

	/* the output cannot be written (a full stream): the program ran, but
	 * its results are lost, which is not one of its statuses */
	base_block(1, 9, "0123456789abcdef");
	{
		char tiny[4];
		FILE *f = fmemopen(tiny, sizeof(tiny), "w");
		struct results r;

		memset(&d, 0, sizeof(d));
		setvbuf(f, NULL, _IONBF, 0);
		rc = results_report(&d, blk, TOTAL, f, &r);
		fclose(f);
		ok(rc < 0 && r.outcome == RESULTS_UNREADABLE,
		   "output not written: error, unreadable");
		has_str(d.msg, "the program returned 9, but its output cannot be written",
			"output not written: message gives the return value");
	}

	base_block(1, 3, "");
	put32(60, 0);                   /* no output buffer */
	rc = run(TOTAL, out, sizeof(out), &st, &d);
	is_int(rc, 0, "no output buffer: fine");
	is_int(st, 3, "no output buffer: status still reported");
	return tap_done();
}
