/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-vmcore.c - libFuzzer harness for vmcore-dmesg's parser: the ELF
 * core headers, notes and VMCOREINFO (vmcore_open_mem), address
 * translation and both kernel log formats (vmcore_dmesg), all fed from
 * one untrusted input, the whole input being the vmcore file.
 *
 * Seeds (tests/fuzz/corpus/vmcore/) are written by the unit test:
 *   KJ_WRITE_VMCORE_SEEDS=tests/fuzz/corpus/vmcore build/tests/t-vmcore
 *
 * Build and run (from the top of the tree; clang >= 14), or `make fuzz`:
 *   clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
 *     -DVMCORE_MAX_COUNT_BITS=16 -DVMCORE_MAX_SIZE_BITS=20 \
 *     -Ikexec -Ivmcore -o fuzz-vmcore tests/fuzz/fuzz-vmcore.c \
 *     vmcore/vmcore.c vmcore/printk.c vmcore/dmesg-main.c kexec/diag.c
 *   mkdir -p /tmp/vmcore-corpus && ./fuzz-vmcore /tmp/vmcore-corpus \
 *     tests/fuzz/corpus/vmcore -max_len=65536 -max_total_time=600
 * The smaller ring limits keep one input from walking 2^30 descriptors.
 *
 * Besides sanitizer reports, the harness aborts on broken invariants: an
 * error without a message, with a mismatched rc or with a newline in it;
 * a check-only pass (no output) and a printing pass that disagree; two
 * printing passes with different output.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmcore.h"

static void check_diag(const struct diag *d, int rc)
{
	if (rc > 0)
		abort();
	if (rc < 0 && (d->rc != rc || d->msg[0] == '\0' || strchr(d->msg, '\n')))
		abort();
	if (rc == 0 && d->rc != 0)
		abort();
}

/* Print the log to memory; returns the rc, *out the text (caller frees). */
static int print_pass(struct vmcore *vc, char **out, size_t *len)
{
	struct diag d = { 0 };
	FILE *f;
	int rc;

	*out = NULL;
	*len = 0;
	f = open_memstream(out, len);
	if (!f)
		abort();
	rc = vmcore_dmesg(&d, vc, f);
	check_diag(&d, rc);
	if (fclose(f) != 0)
		abort();
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = { 0 };
	struct vmcore *vc = NULL;
	char *o1, *o2;
	size_t l1, l2;
	int rc, rc1, rc2;

	rc = vmcore_open_mem(&d, data, size, &vc);
	check_diag(&d, rc);
	if (rc) {
		if (vc)
			abort();
		return 0;
	}
	if (vmcore_word_size(vc) != 4 && vmcore_word_size(vc) != 8)
		abort();

	memset(&d, 0, sizeof(d));
	rc = vmcore_dmesg(&d, vc, NULL);
	check_diag(&d, rc);
	if (rc == 0) {
		/* what main() does next: print; it must succeed the same way */
		rc1 = print_pass(vc, &o1, &l1);
		rc2 = print_pass(vc, &o2, &l2);
		if (rc1 != 0 || rc2 != 0 || l1 != l2 || memcmp(o1, o2, l1) != 0)
			abort();
		/* every line is "[sssss.uuuuuu] text" */
		if (l1 && (o1[0] != '[' || o1[l1 - 1] != '\n'))
			abort();
		free(o1);
		free(o2);
	}
	vmcore_close(vc);
	return 0;
}
