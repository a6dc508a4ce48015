/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kgdt.h - the running kernel's GDT for CPU 0, from its symbols.
 *
 * The safe-return repair (doc/abi.md 3.4) needs the descriptor CPU 0's
 * GDT has.  `sgdt` from user space gives it (sys_ops.read_kernel_gdt),
 * except where UMIP hides it or a 32-bit kexec runs on a 64-bit kernel.
 * Then this finds the same table another way: CPU 0's copy of the
 * per-CPU variable `gdt_page` is at &gdt_page + __per_cpu_offset[0]
 * (both from /proc/kallsyms, the offset read through /proc/kcore; a
 * kernel without SMP has no __per_cpu_offset and &gdt_page is the table).
 * This is the kernel's writable GDT, which its own restore code reloads
 * from; the result is checked by reading the table through kcore and
 * requiring a flat kernel code descriptor at __KERNEL_CS.
 */
#ifndef KJ_KGDT_H
#define KJ_KGDT_H

#include <stdint.h>
#include "diag.h"
#include "kimage-read.h"

/* GDT_ENTRIES * 8 - 1 (arch/x86/include/asm/segment.h) */
#define KGDT_LIMIT_64 0x7fu      /* 16 entries */
#define KGDT_LIMIT_32 0xffu      /* 32 entries */
#define KGDT_KERNEL_CS_64 0x10u  /* GDT_ENTRY_KERNEL_CS 2 */
#define KGDT_KERNEL_CS_32 0x60u  /* GDT_ENTRY_KERNEL_CS 12 */

/* Returns 0 with *limit and *base set, or -errno with one message.  @kc reads
 * the kernel's memory (kimage-read.h); its word size must match @is_64. */
int kgdt_from_symbols(struct diag *d, const char *kallsyms_path,
		      struct kcore *kc, int is_64, uint16_t *limit,
		      uint64_t *base);

#endif
