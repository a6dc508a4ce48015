/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-results.c - libFuzzer harness for the results read-back
 * (kexec/results.c): the parameter block a called program left behind,
 * as `kexec -e` reads it after the jump returned.
 *
 * Input: byte 0 bit 0 picks the output stream (0: memory, 1: /dev/full,
 * so the write-failure path runs too); the rest is the block.  Seeds
 * (tests/fuzz/corpus/results/): tests/fuzz/gen-seeds.c.
 *
 *   make fuzz && build/fuzz/fuzz-results -max_total_time=600 \
 *     /tmp/results-corpus tests/fuzz/corpus/results
 *
 * Aborts on broken contracts: rc and outcome disagreeing, a failure
 * without a one-line message, a success whose printed output is not
 * exactly min(out_len, out_size) bytes at out_off of the block, an exit
 * status outside the documented ranges.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "purgatory-abi.h"
#include "results.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *full;
	struct diag d = { 0 };
	struct results r;
	struct purgatory_params pp;
	char *txt = NULL;
	size_t tlen = 0;
	FILE *out;
	int rc, st, to_full;

	if (size < 1)
		return 0;
	to_full = data[0] & 1;
	data++;
	size--;
	if (to_full) {
		if (!full && !(full = fopen("/dev/full", "w")))
			abort();
		out = full;
	} else if (!(out = open_memstream(&txt, &tlen))) {
		abort();
	}
	memset(&r, 0x55, sizeof(r));
	rc = results_report(&d, data, size, out, &r);
	if (!to_full)
		fclose(out);
	else
		clearerr(full);
	if (rc > 0 || (rc == 0) != (r.outcome == RESULTS_RETURNED))
		abort();
	if (rc && (d.rc != rc || !d.msg[0] || strchr(d.msg, '\n') ||
		   (r.outcome != RESULTS_UNREADABLE &&
		    r.outcome != RESULTS_NOT_CALLED)))
		abort();
	if (rc == 0) {
		uint32_t n;

		memcpy(&pp, data, sizeof(pp));   /* it succeeded: size >= */
		n = pp.out_len < pp.out_size ? pp.out_len : pp.out_size;
		if (to_full && n)
			abort();                 /* /dev/full took bytes */
		if (!to_full && (tlen != n || (n && memcmp(txt, data + pp.out_off, n))))
			abort();
		st = results_exit_status(r.ret);
		if (st < 0 || st > RESULTS_EXIT_RET_OTHER ||
		    (st != RESULTS_EXIT_RET_OTHER && st != r.ret))
			abort();
	}
	free(txt);
	return 0;
}
