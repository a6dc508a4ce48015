/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report.h - the plan printer (--dry-run, -d, failure dumps). */
#ifndef KJ_REPORT_H
#define KJ_REPORT_H

#include <stdio.h>
#include "plan.h"

/* Stable, diffable format:
 *   kexec plan
 *   entry 0x0000000001000000 (e_entry)
 *   flags 0x003e0002 preserve-context arch=x86_64
 *   segments 2
 *   segment 0x0000000001000000-0x0000000001001fff memsz 0x2000 bufsz 0x1234 ELF64 PT_LOAD #0
 */
void report_plan(FILE *f, const struct plan *p);

#endif
