/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-cmdline.c - libFuzzer harness for the new kernel's command line
 * (kexec/cmdline.c): the running kernel's /proc/cmdline split into
 * words (quotes, blanks, BOOT_IMAGE= and crashkernel= dropped) with
 * --append added, and the word lookup.
 *
 * Input: byte 0 bit 0 is the panic flag, bit 1 "no --append"; the rest
 * is split at the first NUL into the running command line and the
 * --append text.  Seeds: tests/fuzz/corpus/cmdline/ (gen-seeds.c).
 *
 *   make fuzz && build/fuzz/fuzz-cmdline -max_total_time=600 \
 *     /tmp/cmdline-corpus tests/fuzz/corpus/cmdline
 *
 * Aborts on broken contracts: the result longer than its inputs; the
 * --append text not its verbatim suffix; without /proc/cmdline a result
 * other than the --append text; a dropped word the lookup still finds
 * (a word of the rebuilt line starting "BOOT_IMAGE=" when no --append
 * brought one); the rebuild not idempotent (rebuilding the rebuilt
 * line alone gives the same text).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = { 0 };
	char *buf, *running, *append, *out = NULL, *again = NULL;
	size_t rl, al, ol;
	int panic, rc;

	if (size < 1)
		return 0;
	panic = data[0] & 1;
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	buf[size] = '\0';
	running = buf;
	rl = strlen(running);
	append = (data[0] & 2) ? NULL : running + rl + (rl < size - 1);
	al = append ? strlen(append) : 0;

	rc = cmdline_build(&d, running, append, panic, &out);
	if (rc)
		abort();             /* only -ENOMEM, which a fuzzer never gets */
	ol = strlen(out);
	if (ol > rl + al + 1)
		abort();
	if (al && (ol < al || strcmp(out + ol - al, append)))
		abort();
	if (!append) {
		if (cmdline_has_word(out, "BOOT_IMAGE") &&
		    strstr(out, "BOOT_IMAGE=") == out)
			abort();
		rc = cmdline_build(&d, out, NULL, panic, &again);
		if (rc || strcmp(out, again))
			abort();
		free(again);
	}
	free(out);

	rc = cmdline_build(&d, NULL, running, panic, &out);
	if (rc || strcmp(out, running))
		abort();
	free(out);

	(void)cmdline_has_word(running, "crashkernel");
	if (append && *append)
		(void)cmdline_has_word(running, append);
	free(buf);
	return 0;
}
