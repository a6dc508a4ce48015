/* SPDX-License-Identifier: GPL-2.0-or-later */
/* runmain.h - run the whole tool (kexec_main) in a unit test, on a fake
 * kernel (fake_sys.h) and a fixture sysroot, capturing its output. */
#ifndef KJ_RUNMAIN_H
#define KJ_RUNMAIN_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_sys.h"
#include "kexec.h"

#define RUNMAIN_MAXARG 24

/* Split @line at blanks into argv (after "kexec") and run kexec_main with
 * @f as the kernel and @sysroot.  *out / *err are freed first and then
 * hold what it printed (caller frees).  Returns its exit status. */
static inline int run_main_line(struct fake_sys *f, const char *sysroot,
				char **out, char **err, const char *fmt,
				va_list ap)
{
	char line[4096], *argv[RUNMAIN_MAXARG], *tok, *save = NULL;
	size_t olen = 0, elen = 0;
	struct kexec_env env;
	FILE *o, *e;
	int argc = 0, rc;

	free(*out);
	free(*err);
	*out = *err = NULL;
	vsnprintf(line, sizeof(line), fmt, ap);
	argv[argc++] = (char *)"kexec";
	for (tok = strtok_r(line, " ", &save); tok && argc < RUNMAIN_MAXARG - 1;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	o = open_memstream(out, &olen);
	e = open_memstream(err, &elen);
	memset(&env, 0, sizeof(env));   /* test hooks off */
	env.sys = &fake_sys_ops;
	env.sys_ctx = f;
	env.sysroot = sysroot;
	env.out = o;
	env.err = e;
	rc = kexec_main(argc, argv, &env);
	fclose(o);
	fclose(e);
	return rc;
}

/* run_main_line() with the format's arguments in place of a va_list. */
static inline int run_main(struct fake_sys *f, const char *sysroot,
			   char **out, char **err, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static inline int run_main(struct fake_sys *f, const char *sysroot,
			   char **out, char **err, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = run_main_line(f, sysroot, out, err, fmt, ap);
	va_end(ap);
	return rc;
}

/* For tests that keep their sysroot and captured output in file-scope
 * variables: defines static int run(f, fmt, ...) over run_main_line(). */
#define RUNMAIN_DEFINE_RUN(ROOT, OUT, ERR)                                  \
	static int run(struct fake_sys *f, const char *fmt, ...)            \
		__attribute__((format(printf, 2, 3)));                      \
	static int run(struct fake_sys *f, const char *fmt, ...)            \
	{                                                                   \
		va_list ap;                                                 \
		int rc;                                                     \
									    \
		va_start(ap, fmt);                                          \
		rc = run_main_line(f, ROOT, &OUT, &ERR, fmt, ap);           \
		va_end(ap);                                                 \
		return rc;                                                  \
	}

#endif
