/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tap.h - minimal TAP-style assertions for unit tests.
 * Each check prints "ok N - desc" or "not ok N - desc (file:line)"; a
 * failure does not stop the run.  tap_done() prints the plan line and
 * returns the exit status (0 all passed, 1 otherwise).  The test runner
 * (tests/run-all.sh) counts "ok"/"not ok" lines. */
#ifndef KJ_TAP_H
#define KJ_TAP_H

#include <stdio.h>
#include <string.h>
#include <inttypes.h>

static int tap_n, tap_failed;

static inline int tap_check(int cond, const char *file, int line,
			    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
#include <stdarg.h>
static inline int tap_check(int cond, const char *file, int line,
			    const char *fmt, ...)
{
	va_list ap;
	tap_n++;
	printf("%s %d - ", cond ? "ok" : "not ok", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (!cond) {
		printf(" (%s:%d)", file, line);
		tap_failed++;
	}
	printf("\n");
	fflush(stdout);
	return cond;
}

#define ok(cond, ...) tap_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, desc)                                              \
	do {                                                                 \
		long long g_ = (long long)(got), w_ = (long long)(want);     \
		if (!ok(g_ == w_, "%s", desc))                               \
			printf("#   got %lld, want %lld\n", g_, w_);         \
	} while (0)
#define is_u64(got, want, desc)                                              \
	do {                                                                 \
		uint64_t g_ = (uint64_t)(got), w_ = (uint64_t)(want);        \
		if (!ok(g_ == w_, "%s", desc))                               \
			printf("#   got 0x%" PRIx64 ", want 0x%" PRIx64 "\n", g_, w_); \
	} while (0)
/* is_int with a printf-style description */
#define is_intf(got, want, ...)                                              \
	do {                                                                 \
		long long g_ = (long long)(got), w_ = (long long)(want);     \
		if (!ok(g_ == w_, __VA_ARGS__))                              \
			printf("#   got %lld, want %lld\n", g_, w_);          \
	} while (0)

#define is_str(got, want, desc)                                              \
	do {                                                                 \
		const char *g_ = (got), *w_ = (want);                        \
		if (!ok(g_ && w_ && strcmp(g_, w_) == 0, "%s", desc))        \
			printf("#   got \"%s\", want \"%s\"\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
	} while (0)
#define has_str(hay, needle, desc)                                           \
	do {                                                                 \
		const char *h_ = (hay), *n_ = (needle);                      \
		if (!ok(h_ && n_ && strstr(h_, n_) != NULL, "%s", desc))     \
			printf("#   \"%s\" does not contain \"%s\"\n", h_ ? h_ : "(null)", n_ ? n_ : "(null)"); \
	} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	if (tap_failed)
		printf("# %d of %d checks failed\n", tap_failed, tap_n);
	return tap_failed ? 1 : 0;
}

#endif
