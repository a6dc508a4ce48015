/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmcore.h - read a crashed kernel's memory image (/proc/vmcore in the
 * kdump kernel, or a saved copy of it) and print its kernel log.
 *
 * The file is an ELF core file (ET_CORE), ELF64 or ELF32, little-endian,
 * e_machine EM_X86_64 or EM_386.  The kernel's word size (the size of an
 * `unsigned long`, 8 or 4) follows e_machine, not the ELF class: an i386
 * kernel's vmcore may have ELF64 headers.
 *
 *  - PT_NOTE segments hold ELF notes (12-byte header: namesz, descsz,
 *    type; name and descriptor each padded to 4 bytes).  The note named
 *    "VMCOREINFO" holds text lines KEY=VALUE written by the crashed
 *    kernel: SYMBOL(x)=hex address, OFFSET(s.f)/SIZE(s)/LENGTH(x)=decimal,
 *    NUMBER(x)=signed decimal, KERNELOFFSET=hex.  Other notes are skipped;
 *    an all-zero note header ends a PT_NOTE (padding).
 *  - PT_LOAD segments map memory: [p_vaddr, p_vaddr + p_memsz) in the
 *    kernel's virtual address space and the same bytes at
 *    [p_paddr, p_paddr + p_memsz) physically; the first p_filesz bytes are
 *    in the file at p_offset, the rest read as zeros.  A p_vaddr or
 *    p_paddr of all-ones (or one whose range would wrap) means "none".
 *
 * Kernel virtual addresses (the SYMBOL() values and the pointers read
 * from memory) are translated in this order:
 *   1. the PT_LOAD whose virtual range holds the address;
 *   2. x86_64 kernel image mapping: an address at or above
 *      __START_KERNEL_map (0xffffffff80000000) is physical
 *      va - __START_KERNEL_map + phys_base, with NUMBER(phys_base) from
 *      VMCOREINFO (this is the kernel's own __pa_symbol(); with KASLR
 *      phys_base already includes the virtual shift, so KERNELOFFSET is
 *      not needed);
 *   3. the direct map: physical va - PAGE_OFFSET, for addresses at or
 *      above PAGE_OFFSET (and, on x86_64, below __START_KERNEL_map).
 *      PAGE_OFFSET is NUMBER(page_offset_base) or NUMBER(PAGE_OFFSET)
 *      when VMCOREINFO has one (x86 kernels do not write them today),
 *      otherwise p_vaddr - p_paddr of the first PT_LOAD that has both
 *      (on x86_64 only one below __START_KERNEL_map): the kexec tools and
 *      the kernel's own kexec_file_load() describe RAM as
 *      p_vaddr = __va(p_paddr);
 *   then the PT_LOAD whose physical range holds the physical address.
 * An address none of these reaches is an error naming it.
 *
 * Everything taken from the file is untrusted: every offset, size and
 * count is checked before use, arithmetic cannot overflow, reads never
 * leave the file, and every loop is bounded.  Functions return 0 or a
 * negative errno and record one message in the diag (diag.h); messages
 * are one line and hold no bytes copied from the file.
 */
#ifndef KJ_VMCORE_H
#define KJ_VMCORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"

/* Largest accepted number of program headers (PN_XNUM extended numbering
 * included), and of VMCOREINFO bytes. */
#define VMCORE_MAX_PHNUM (1u << 20)
#define VMCORE_MAX_INFO (1u << 20)

/* Ring geometry limits (lockless ring buffer): the kernel's log buffer is
 * at most 2^31 bytes (LOG_BUF_LEN_MAX) and has 2^(size_bits - 5)
 * descriptors.  The fuzz harness builds with smaller limits so a hostile
 * input cannot make one run take minutes. */
#ifndef VMCORE_MAX_COUNT_BITS
#define VMCORE_MAX_COUNT_BITS 30
#endif
#ifndef VMCORE_MAX_SIZE_BITS
#define VMCORE_MAX_SIZE_BITS 31
#endif

struct vmcore;

/* Open a vmcore file and parse its headers and VMCOREINFO note.  The file
 * must be complete: a PT_LOAD or PT_NOTE that ends beyond the file's size
 * is reported as truncated. */
int vmcore_open(struct diag *d, const char *path, struct vmcore **out);

/* The same over a memory buffer, which must outlive the handle (tests,
 * fuzzing). */
int vmcore_open_mem(struct diag *d, const void *buf, size_t len,
		    struct vmcore **out);

void vmcore_close(struct vmcore *vc);

/* The crashed kernel's word size: 8 (x86_64) or 4 (i386). */
unsigned vmcore_word_size(const struct vmcore *vc);

/* Whether VMCOREINFO has a line "@key=...". */
int vmcore_info_has(const struct vmcore *vc, const char *key);

/* Look up VMCOREINFO @key (e.g. "SYMBOL(prb)", "OFFSET(prb_desc.state_var)")
 * and parse its value: hexadecimal for SYMBOL(...) and KERNELOFFSET,
 * decimal (optionally negative, or 0x-prefixed hex) for everything else.
 * -ENOENT (no message) if the key is absent; -EINVAL with a message if the
 * value is not a number. */
int vmcore_info_get(struct diag *d, const struct vmcore *vc, const char *key,
		    uint64_t *val);

/* The same, but a missing key is an error "VMCOREINFO has no KEY". */
int vmcore_info_need(struct diag *d, const struct vmcore *vc,
		     const char *key, uint64_t *val);

/* Read @len bytes at kernel virtual address @va (translated as above; the
 * range may span segments). */
int vmcore_read_va(struct diag *d, struct vmcore *vc, uint64_t va,
		   void *buf, size_t len);

/* Read a little-endian unsigned value of @n bytes (1..8) at @va. */
int vmcore_read_uint(struct diag *d, struct vmcore *vc, uint64_t va,
		     unsigned n, uint64_t *val);

/* Print the kernel log held in the vmcore to @out, one line per text line
 * as "[%5lu.%06lu] text" (seconds.microseconds of the record's
 * timestamp).  With @out NULL nothing is printed: the whole log is only
 * checked, so a caller can print nothing at all for a broken vmcore.
 * Two formats, chosen by VMCOREINFO:
 *  - the lockless ring buffer (Linux 5.10 and later): SYMBOL(prb);
 *  - the record buffer of Linux 3.5 to 5.9: SYMBOL(log_buf) with
 *    SIZE(printk_log) (or SIZE(log), Linux 3.5 to 3.10).
 * printk.c describes both. */
int vmcore_dmesg(struct diag *d, struct vmcore *vc, FILE *out);

/* The vmcore-dmesg program: arguments as for main(), output to @out,
 * messages to @err.  Returns the exit status (0, or 1 with one line on
 * @err). */
int vmcore_dmesg_main(int argc, char **argv, FILE *out, FILE *err);

#endif
