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
	put32(4, 3);                    /* version */
	put32(8, 896);                  /* size */
	put32(56, OUT_OFF);             /* out_off */
	put32(60, 256);                 /* out_size */
	put32(64, (uint32_t)strlen(output));
	put32(68, (uint32_t)ret);
	put32(72, status);
	put32(88, 1);                   /* nr_regions */
	memcpy(blk + OUT_OFF, output, strlen(output));
}

static int run(size_t len, char *out, size_t outsz, int *status,
	       struct diag *d)
{
	FILE *f = fmemopen(out, outsz, "w");
	int rc;

	memset(d, 0, sizeof(*d));
	memset(out, 0, outsz);
	*status = -1;
	rc = results_report(d, blk, len, f, status);
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

	base_block(1, -1, "");
	run(TOTAL, out, sizeof(out), &st, &d);
	is_int(st, 255, "return value -1 gives exit status 255");
	base_block(1, 300, "");
	run(TOTAL, out, sizeof(out), &st, &d);
	is_int(st, 44, "return value 300 gives 300 & 255 = 44");

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

	put32(76, 5);                   /* bad_region 5 of 1 */
	rc = run(TOTAL, out, sizeof(out), &st, &d);
	is_int(rc, -EIO, "mismatch with region out of range: error");
	has_str(d.msg, "region 5 of 1", "out-of-range region reported as such");

	base_block(3, 0, "");
	put32(76, 7);
	rc = run(TOTAL, out, sizeof(out), &st, &d);
	is_int(rc, -EIO, "bad params: error");
	has_str(d.msg, "parameter block invalid (check 7)", "bad params: reason");

	base_block(0, 0, "");
	rc = run(TOTAL, out, sizeof(out), &st, &d);
	is_int(rc, -EIO, "status none: error");
	has_str(d.msg, "without recording a result", "status none: message");

	base_block(9, 0, "");
	rc = run(TOTAL, out, sizeof(out), &st, &d);
	has_str(d.msg, "unknown status 9", "unknown status");

	base_block(1, 0, "x");
	put32(0, 0x12345678);
	rc = run(TOTAL, out, sizeof(out), &st, &d);
	is_int(rc, -EIO, "wrong magic: error");
	has_str(d.msg, "not a version 3 parameter block (magic 0x12345678", "wrong magic: message");

	base_block(1, 0, "x");
	rc = run(100, out, sizeof(out), &st, &d);
	has_str(d.msg, "result block is 100 bytes, shorter", "too short");

	base_block(1, 0, "x");
	rc = run(OUT_OFF + 10, out, sizeof(out), &st, &d);
	is_int(rc, -EIO, "output buffer past the bytes read: error");
	has_str(d.msg, "outside the 1034 bytes read", "output buffer outside: message");
	is_int(st, -1, "no exit status set on error");

	base_block(1, 3, "");
	put32(60, 0);                   /* no output buffer */
	rc = run(TOTAL, out, sizeof(out), &st, &d);
	is_int(rc, 0, "no output buffer: fine");
	is_int(st, 3, "no output buffer: status still reported");
	return tap_done();
}
