/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmdline.c - the new kernel's command line (cmdline.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int starts(const char *w, size_t n, const char *prefix)
{
	return n >= strlen(prefix) && memcmp(w, prefix, strlen(prefix)) == 0;
}

static int dropped(const char *w, size_t n, int panic)
{
	return starts(w, n, "BOOT_IMAGE=") ||
	       (panic && starts(w, n, "crashkernel="));
}

/* Append the words of @s to @out (which has room), dropping the
 * BOOT_IMAGE= words (and crashkernel= ones for a panic kernel). */
static size_t add_words(char *out, size_t o, const char *s, int panic)
{
	while (*s) {
		const char *w;
		int quoted = 0;

		while (is_blank(*s))
			s++;
		if (!*s)
			break;
		for (w = s; *s && (quoted || !is_blank(*s)); s++)
			if (*s == '"')
				quoted = !quoted;
		if (dropped(w, (size_t)(s - w), panic))
			continue;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, w, (size_t)(s - w));
		o += (size_t)(s - w);
	}
	return o;
}

int cmdline_build(struct diag *d, const char *running, const char *append,
		  int panic, char **out)
{
	size_t n = 1, o = 0;
	char *buf;

	if (running)
		n += strlen(running) + 1;
	if (append)
		n += strlen(append) + 1;
	buf = malloc(n);
	if (!buf)
		return diag_fail(d, -ENOMEM, "out of memory");
	if (running)
		o = add_words(buf, o, running, panic);
	if (append && *append) {
		if (o)
			buf[o++] = ' ';
		memcpy(buf + o, append, strlen(append));
		o += strlen(append);
	}
	buf[o] = '\0';
	*out = buf;
	return 0;
}

int cmdline_has_word(const char *s, const char *word)
{
	size_t len = strlen(word);

	while (*s) {
		const char *w;
		int quoted = 0;

		while (is_blank(*s))
			s++;
		for (w = s; *s && (quoted || !is_blank(*s)); s++)
			if (*s == '"')
				quoted = !quoted;
		if ((size_t)(s - w) >= len && memcmp(w, word, len) == 0 &&
		    ((size_t)(s - w) == len || w[len] == '='))
			return 1;
	}
	return 0;
}
