/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-options.c - libFuzzer harness for options_parse().
 *
 * The input is split on NUL bytes into argv[1..] (argv[0] is "kexec"), so
 * the corpus files are command lines with NUL separators.  Besides the
 * sanitizers, the harness checks the parser's contract: rc is 0 or
 * -EINVAL; a failure records a one-line message; a success yields a real
 * action, and the kernel pointer (if any) points into argv.
 *
 *   clang -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Ikexec \
 *       tests/fuzz/fuzz-options.c kexec/options.c kexec/diag.c -o fuzz-options
 *   ./fuzz-options -max_total_time=30 tests/fuzz/corpus/options
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *argv[MAX_ARGS + 2];
	struct diag d;
	struct options o;
	size_t i, start = 0;
	int argc = 0, rc, j, found;

	buf = malloc(size + 1);
	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	buf[size] = '\0';
	argv[argc++] = (char *)"kexec";
	for (i = 0; i <= size && argc <= MAX_ARGS; i++) {
		if (i == size || buf[i] == '\0') {
			if (i == size && start == size)
				break;   /* no empty arg after the last NUL */
			buf[i] = '\0';
			argv[argc++] = buf + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;

	memset(&d, 0, sizeof(d));
	rc = options_parse(&d, argc, argv, &o);
	if (rc != 0 && rc != -EINVAL)
		abort();
	if (rc) {
		if (d.rc != rc || d.msg[0] == '\0' || strchr(d.msg, '\n'))
			abort();
	} else {
		if (d.rc != 0 || o.action == ACT_NONE)
			abort();
		if (o.kernel) {
			found = 0;
			for (j = 1; j < argc; j++)
				if (o.kernel >= argv[j] &&
				    o.kernel <= argv[j] + strlen(argv[j]))
					found = 1;
			if (!found)
				abort();
		}
		int is_load = o.action == ACT_LOAD ||
			      o.action == ACT_LOAD_EXEC ||
			      o.action == ACT_LOAD_SHUTDOWN;

		if (is_load && !o.kernel)
			abort();
		/* -h/-v stop parsing where they stand (as in kexec-tools),
		 * so the load window is only meaningful for loads. */
		if (is_load && o.have_mem_min && o.have_mem_max &&
		    o.mem_min > o.mem_max)
			abort();
	}
	free(buf);
	return 0;
}
