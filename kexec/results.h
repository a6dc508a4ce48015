/* SPDX-License-Identifier: GPL-2.0-or-later */
/* results.h - what a program called through the purgatory left behind.
 *
 * After a preserve-context return, kexec -e reads the parameter block
 * segment back (kimage-read.c) and hands its bytes here. */
#ifndef KJ_RESULTS_H
#define KJ_RESULTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "diag.h"

/* Exit statuses of `kexec -e` once a jump into a program called through
 * the purgatory has come back (doc/kexec.8, EXIT STATUS).  A return value
 * r with 0 <= r <= RESULTS_EXIT_RET_MAX is the exit status itself; the
 * statuses above it are kexec's own, so none of them can be mistaken for
 * a value the program returned.  (1 and 2 are kexec's ordinary error and
 * -S statuses, 255 a failed `kexec -e`: see kexec.c.) */
#define RESULTS_EXIT_RET_MAX     250 /* 0..250: the program's return value */
#define RESULTS_EXIT_RET_OTHER   251 /* it returned a value outside 0..250 */
#define RESULTS_EXIT_UNREADABLE  252 /* its results cannot be read back */
#define RESULTS_EXIT_NOT_CALLED  253 /* the purgatory did not call it, or
					recorded no result */

/* What the block says happened; set by results_report() on every path. */
enum results_outcome {
	RESULTS_UNREADABLE = 0, /* not a usable parameter block, or the
				   output could not be written out */
	RESULTS_NOT_CALLED,     /* sha256 mismatch, bad parameter block, or
				   no result recorded */
	RESULTS_RETURNED,       /* the program returned: ret is valid */
};

struct results {
	enum results_outcome outcome;
	int32_t ret;            /* the return value, for RESULTS_RETURNED */
};

/* Interpret @len bytes of [struct purgatory_params][text][output buffer].
 * When the program ran: writes its output (out_len bytes, clamped to the
 * buffer) to @out, sets r->outcome = RESULTS_RETURNED and r->ret, and
 * returns 0.  Otherwise returns a negative errno with one message and
 * r->outcome saying which kind of failure it is: RESULTS_NOT_CALLED when
 * the purgatory reports that it did not call the program (the sha256
 * check failed: segment, address, both digests; it found its block
 * invalid; it never recorded a result), RESULTS_UNREADABLE when the bytes
 * are not a usable parameter block or the output cannot be written. */
int results_report(struct diag *d, const uint8_t *buf, size_t len, FILE *out,
		   struct results *r);

/* The exit status for a program that returned @ret: @ret itself when it
 * is 0..RESULTS_EXIT_RET_MAX, RESULTS_EXIT_RET_OTHER otherwise. */
int results_exit_status(int32_t ret);

#endif
