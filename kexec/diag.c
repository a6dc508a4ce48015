/* SPDX-License-Identifier: GPL-2.0-or-later */
/* diag.c - first-error recording and debug logging (see diag.h).
 *
 * Messages are formatted into the fixed buffer in struct diag; anything
 * longer than DIAG_MSG_MAX-1 bytes is truncated, never overflowed.  A NULL
 * diag pointer is tolerated everywhere so pure helpers can be called
 * without a context (the rc is still returned).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

int diag_fail(struct diag *d, int rc, const char *fmt, ...)
{
	va_list ap;

	if (!d || d->rc != 0)
		return rc;
	d->rc = rc;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return rc;
}

void diag_suffix(struct diag *d, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (!d || d->rc == 0)
		return;
	n = strlen(d->msg);
	if (n >= sizeof(d->msg) - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(d->msg + n, sizeof(d->msg) - n, fmt, ap);
	va_end(ap);
}

void diag_prefix(struct diag *d, const char *fmt, ...)
{
	char pre[DIAG_MSG_MAX];
	char old[DIAG_MSG_MAX];
	size_t n, k;
	va_list ap;

	if (!d || d->rc == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	memcpy(old, d->msg, sizeof(old));
	old[sizeof(old) - 1] = '\0';
	/* Truncation is intended: the message is capped at DIAG_MSG_MAX. */
	n = strlen(pre);
	if (n > sizeof(d->msg) - 1)
		n = sizeof(d->msg) - 1;
	memcpy(d->msg, pre, n);
	k = strlen(old);
	if (k > sizeof(d->msg) - 1 - n)
		k = sizeof(d->msg) - 1 - n;
	memcpy(d->msg + n, old, k);
	d->msg[n + k] = '\0';
}

void diag_clear(struct diag *d)
{
	if (!d)
		return;
	d->rc = 0;
	d->msg[0] = '\0';
}

static void diag_vprint(struct diag *d, const char *fmt, va_list ap)
{
	FILE *f = (d && d->out) ? d->out : stderr;

	vfprintf(f, fmt, ap);
	fputc('\n', f);
}

void diag_debug(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	if (!d || !d->debug)
		return;
	va_start(ap, fmt);
	diag_vprint(d, fmt, ap);
	va_end(ap);
}

void diag_info(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vprint(d, fmt, ap);
	va_end(ap);
}
