/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec.h - orchestration: load / unload / exec / status on top of the
 * pure pieces.  kexec_main() returns the process exit status; main()
 * is the only caller of exit(). */
#ifndef KJ_KEXEC_H
#define KJ_KEXEC_H

#include <stdio.h>
#include "sys.h"

struct kexec_env {
	const struct sys_ops *sys;
	void *sys_ctx;
	/* The sysroot and the test_* hooks are set from the environment only
	 * by the test build (main.c, KJ_TEST_HOOKS); the installed kexec
	 * has sysroot "" and every hook 0. */
	const char *sysroot;   /* "" or KEXEC_SYSROOT: prefix for /proc, /sys, /run */
	FILE *out;             /* stdout */
	FILE *err;             /* stderr */
	/* Test hook for the VM test of the purgatory's sha256 check
	 * (KEXEC_JUMP_TEST_CORRUPT_SEGMENT=N, N >= 1): flip one byte of the
	 * Nth program segment after hashing it.  0 = off (the default of a
	 * zero-initialised env). */
	int test_corrupt_segment;
	/* Test hook for the VM control cases (KEXEC_JUMP_TEST_NO_REPAIR=1):
	 * never apply the safe-return repair, as if the kernel's GDT could
	 * not be read, to show what it prevents.  0 = off. */
	int test_no_repair;
	/* KEXEC_JUMP_TEST_NO_SGDT=1: do not use sgdt for the kernel's GDT,
	 * as on a UMIP machine, so the kallsyms route is taken. */
	int test_no_sgdt;
	/* KEXEC_JUMP_TEST_BOOT32=1 (VM test of register boots): a normal
	 * load that is not a Linux kernel becomes a PLAN_BOOT_32 register
	 * boot with fixed values (load.c test_boot32), whatever its width. */
	int test_boot32;
};

int kexec_main(int argc, char **argv, const struct kexec_env *env);

#endif
