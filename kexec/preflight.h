/* SPDX-License-Identifier: GPL-2.0-or-later */
/* preflight.h - can the running kernel survive the return from a kexec
 * jump?  (doc/abi.md 3.4)
 *
 * Kernels without commit 07fa619f2a40 (all i386; x86_64 before 6.13
 * unless a stable backport carries it) reload segment registers after the
 * return while GDTR still holds what the callee left, and triple-fault.
 * The purgatory repairs that by loading the kernel's own GDT first, for
 * --args-none programs too through its direct mode (doc/abi.md 13). */
#ifndef KJ_PREFLIGHT_H
#define KJ_PREFLIGHT_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"

enum return_safety {
	RETURN_UNKNOWN = 0,    /* could not tell */
	RETURN_NATIVE,         /* the kernel restores its GDT itself */
	RETURN_NEEDS_REPAIR,   /* returning crashes without the repair */
};

/* Decide for the running kernel (files under @sysroot).  x86_64: look for
 * the fix's lgdt in the code between the kallsyms symbols virtual_mapped
 * and swap_pages, read through /proc/kcore; if that code cannot be read,
 * fall back on the version in /proc/sys/kernel/osrelease (>= 6.13 means
 * native, anything else unknown).  i386: always needs the repair (no fix
 * exists).  @why gets a short reason for messages.  Never fails: problems
 * give RETURN_UNKNOWN with the reason in @why. */
enum return_safety preflight_return(const char *sysroot, int kernel_64,
				    char *why, size_t whylen);

/* Pure helper (tested on its own): does @code hold an lgdt with a memory
 * operand (0f 01 /2, mod != 3)? */
int preflight_code_has_lgdt(const uint8_t *code, size_t len);

#endif
