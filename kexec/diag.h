/* SPDX-License-Identifier: GPL-2.0-or-later */
/* diag.h - first-error recording and debug logging, carried in a context.
 *
 * Convention (whole project): every fallible function returns 0 or a
 * negative errno and records exactly one human-readable message through
 * diag_fail().  Only the first failure is kept; later calls keep the first
 * message but still return their own rc.  Library code never prints except
 * through diag_debug()/diag_info().  Only main() exits.
 */
#ifndef KJ_DIAG_H
#define KJ_DIAG_H

#include <stdarg.h>
#include <stdio.h>

#define DIAG_MSG_MAX 512

struct diag {
	int rc;                   /* first recorded error, 0 if none */
	char msg[DIAG_MSG_MAX];   /* its message, without "kexec: " prefix */
	int debug;                /* non-zero: diag_debug() output enabled */
	FILE *out;                /* where debug/info go; NULL means stderr */
};

/* Record @rc (negative errno) with a printf-style message, unless an error
 * is already recorded.  Returns @rc so callers can `return diag_fail(...)`. */
int diag_fail(struct diag *d, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix the recorded message with context, e.g. "loading %s: ".  No-op if
 * no error is recorded. */
void diag_prefix(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Forget the recorded error (used when an error is handled, e.g. a probe
 * rejection that lets the next loader try). */
void diag_clear(struct diag *d);
/* Add text at the end of the recorded message (if any), capped. */
void diag_suffix(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Debug output, only when d->debug is set. A newline is appended. */
void diag_debug(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Informational output (always shown), newline appended. */
void diag_info(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
