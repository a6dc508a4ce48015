/* cmdline.c - the new kernel's command line (cmdline.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int dropped(const char *w, size_t n)
{
	static const char *const drop[] = { "BOOT_IMAGE=", "crashkernel=" };
	size_t i;

	for (i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
		if (n >= strlen(drop[i]) && memcmp(w, drop[i], strlen(drop[i])) == 0)
			return 1;
	return 0;
}

/* Append the words of @s to @out (which has room), dropping the
 * BOOT_IMAGE=/crashkernel= words. */
static size_t add_words(char *out, size_t o, const char *s)
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
		if (dropped(w, (size_t)(s - w)))
			continue;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, w, (size_t)(s - w));
		o += (size_t)(s - w);
	}
	return o;
}

int cmdline_build(struct diag *d, const char *running, const char *append,
		  char **out)
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
		o = add_words(buf, o, running);
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
