/* SPDX-License-Identifier: GPL-2.0-or-later */
/* load.h - the load pipeline: options -> image -> loader -> plan ->
 * jump/panic specifics -> syscall (doc/design.md).
 *
 * kexec.c calls load_run() for -l, -p, -f and `kexec KERNEL`; the stages
 * live in load.c, and what differs between a normal load, a jump
 * (--load-preserve-context) and a panic load (-p) lives in one `struct
 * load_kind` each (load-kind.h: jump.c, crash.c).
 */
#ifndef KJ_LOAD_H
#define KJ_LOAD_H

#include "diag.h"
#include "kexec.h"
#include "options.h"

struct load_result {
	int loaded;        /* an image was handed to the kernel */
	int preserve;      /* ... a preserve-context one (kexec -e returns) */
};

/* Build and (unless --dry-run) load the image @o names.  Returns 0, or a
 * negative errno with one message recorded in @d.  A failure never
 * unloads or changes the image already loaded. */
int load_run(const struct kexec_env *env, struct diag *d,
	     const struct options *o, struct load_result *res);

#endif
