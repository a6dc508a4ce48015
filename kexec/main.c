/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c - the only place that knows about the real system: it picks the
 * sysroot (KEXEC_SYSROOT, for tests against fixture trees) and the real
 * kernel seam, and turns kexec_main()'s result into the exit status. */
#include <stdio.h>
#include <stdlib.h>

#include "kexec.h"
#include "sys.h"

int main(int argc, char **argv)
{
	const char *root = getenv("KEXEC_SYSROOT");
	/* testing only: see struct kexec_env */
	const char *corrupt = getenv("KEXEC_JUMP_TEST_CORRUPT_SEGMENT");
	const char *no_repair = getenv("KEXEC_JUMP_TEST_NO_REPAIR");
	const char *no_sgdt = getenv("KEXEC_JUMP_TEST_NO_SGDT");
	const char *boot32 = getenv("KEXEC_JUMP_TEST_BOOT32");
	struct kexec_env env = {
		.sys = &sys_linux_ops,
		.sys_ctx = NULL,
		.sysroot = root ? root : "",
		.out = stdout,
		.err = stderr,
		.test_corrupt_segment = corrupt ? atoi(corrupt) : 0,
		.test_no_repair = no_repair && no_repair[0] == '1',
		.test_no_sgdt = no_sgdt && no_sgdt[0] == '1',
		.test_boot32 = boot32 && boot32[0] == '1',
	};

	return kexec_main(argc, argv, &env);
}
