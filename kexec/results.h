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

/* Interpret @len bytes of [struct purgatory_params][text][output buffer].
 * When the program ran: writes its output (out_len bytes, clamped to the
 * buffer) to @out, sets *exit_status = ret & 255 and returns 0.
 * Otherwise returns a negative errno with one message: the sha256 check
 * failed (segment, address, both digests), the purgatory found its block
 * invalid, it never completed, or the bytes are not a parameter block. */
int results_report(struct diag *d, const uint8_t *buf, size_t len, FILE *out,
		   int *exit_status);

#endif
