/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c - the only place that knows about the real system: it picks the
 * real kernel seam and turns kexec_main()'s result into the exit status.
 *
 * The installed kexec reads no environment variable here.  The test build
 * (-DKJ_TEST_HOOKS=1, build/tests/kexec-hooks, never installed) also
 * reads the sysroot (KEXEC_SYSROOT, for tests against fixture trees) and
 * the KEXEC_JUMP_TEST_* hooks of struct kexec_env; without it none of
 * those names is in the binary (tests/unit/t-hooks.sh checks). */
#include <stdio.h>
#include <stdlib.h>

#include "kexec.h"
#include "sys.h"

#if KJ_TEST_HOOKS
/* testing only: see struct kexec_env */
static void test_hooks(struct kexec_env *env)
{
	const char *root = getenv("KEXEC_SYSROOT");
	const char *corrupt = getenv("KEXEC_JUMP_TEST_CORRUPT_SEGMENT");
	const char *no_repair = getenv("KEXEC_JUMP_TEST_NO_REPAIR");
	const char *no_sgdt = getenv("KEXEC_JUMP_TEST_NO_SGDT");
	const char *boot32 = getenv("KEXEC_JUMP_TEST_BOOT32");

	env->sysroot = root ? root : "";
	env->test_corrupt_segment = corrupt ? atoi(corrupt) : 0;
	env->test_no_repair = no_repair && no_repair[0] == '1';
	env->test_no_sgdt = no_sgdt && no_sgdt[0] == '1';
	env->test_boot32 = boot32 && boot32[0] == '1';
}
#endif

int main(int argc, char **argv)
{
	/* production: sysroot "" (the real /proc, /sys, /run), hooks off */
	struct kexec_env env = {
		.sys = &sys_linux_ops,
		.sys_ctx = NULL,
		.sysroot = "",
		.out = stdout,
		.err = stderr,
	};

#if KJ_TEST_HOOKS
	test_hooks(&env);
#endif
	return kexec_main(argc, argv, &env);
}
