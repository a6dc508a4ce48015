/* SPDX-License-Identifier: GPL-2.0-or-later */
/* purgatory-load.h - put the purgatory and its parameter block into a plan.
 *
 * A loader first adds the program's own segments and sets its entry; then
 * purgatory_setup() (pure: no syscalls, no /proc):
 *   a. hashes every segment already in the plan (one region each, in plan
 *      order, over [mem, mem + bufsz); see purgatory-load.c for why bufsz);
 *   b. adds the "purgatory params" segment
 *          [struct purgatory_params][--append text, NUL][output buffer]
 *      and fills the block (include/purgatory-abi.h), little-endian;
 *   c. relocates the purgatory for the kernel's width (x86_64 or i386) at
 *      a free address, writes the block's physical address into its
 *      `kj_params_pa`, adds it as "purgatory" and makes `purgatory_start`
 *      the plan's entry.
 * Both new segments go in [1 MiB, 2 GiB), top-down.
 */
#ifndef KJ_PURGATORY_LOAD_H
#define KJ_PURGATORY_LOAD_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "memmap.h"
#include "plan.h"

/* Symbols of the purgatory object that kexec uses (the contract with
 * purgatory/). */
#define PURGATORY_SYM_START     "purgatory_start" /* entry */
#define PURGATORY_SYM_PARAMS_PA "kj_params_pa"    /* uint64_t, 8 bytes */
#define PURGATORY_SYM_STACK_TOP "kj_stack_top"    /* optional: a symbol at
							the top of its stack */
#define PURGATORY_SYM_KERNEL_GDT "kj_kernel_gdt"  /* 16 bytes: the kernel's
							GDT descriptor (limit 2,
							base 8 or 4), loaded
							before returning */

#define PURGATORY_OUT_DEFAULT   4096u      /* output buffer bytes */
#define PURGATORY_SERIAL_PORT   0x3f8u     /* COM1 */
#define PURGATORY_SERIAL_BAUD   115200u
#define PURGATORY_MIN_ADDR      0x100000ull   /* 1 MiB */
#define PURGATORY_MAX_ADDR      0x7fffffffull /* 2 GiB - 1, inclusive */
#define PURGATORY_MAX_APPEND    0x100000u     /* --append text, bytes */

struct purgatory_opts {
	int kernel_64;          /* the running kernel is x86_64 (else i386):
				   selects the purgatory's width */
	uint64_t entry;         /* the program's entry (physical) */
	const char *append;     /* --append text, or NULL for none */
	uint32_t out_size;      /* output buffer bytes (0 = none) */
	int no_checks;          /* -i/--no-checks: KJ_PP_F_NO_CHECKS */
	int console_serial;     /* --console-serial: KJ_PP_F_CONSOLE_SERIAL */
	int reset_vga;          /* --reset-vga: KJ_PP_F_RESET_VGA */
	int console_vga;        /* --console-vga: KJ_PP_F_CONSOLE_VGA */
	uint16_t serial_port;   /* 8250 I/O port (0 = none) */
	uint32_t serial_baud;   /* 0 = leave the UART as it is */
	/* Test hook (VM test of the sha256 check): index of a program
	 * segment (plan order, before the purgatory's) whose data gets one
	 * byte flipped AFTER its digest was computed; -1 = none.  The flip
	 * happens in a private copy, never in the caller's buffer. */
	int corrupt_segment;
	/* Safe-return repair (doc/abi.md 3.4): the running kernel's GDT
	 * descriptor on CPU 0 (sgdt, or kallsyms and kcore: doc/abi.md
	 * 13.1); the purgatory loads it just
	 * before going back, so kernels without the GDT fix (all i386,
	 * x86_64 before 6.13) survive the return.  limit 0 = none. */
	uint16_t kernel_gdt_limit;
	uint64_t kernel_gdt_base;
	/* Linux-boot mode (KJ_PP_F_BOOT_LINUX): a normal kexec of a Linux
	 * kernel.  After the checks the purgatory jumps to @entry with
	 * ESI/RSI = @boot_params (non-zero, below 4 GiB) instead of calling
	 * a program.  Callers also set out_size 0 and append NULL (the
	 * command line lives in boot_params). */
	int boot_linux;
	uint64_t boot_params;
	/* with boot_linux, a Linux-to-Linux jump: the purgatory appends
	 * kexec_jump_back_entry= (KJ_PP_F_JUMP_BACK_ARG); the loader left
	 * KJ_PP_CMDLINE_SPARE bytes after the command line */
	int jump_back_arg;
	/* ... with the i386 repair: one more zeroed page after the
	 * parameter block, the mailbox B's jump-back helper writes B's GDT
	 * descriptor into (entry32.S kj_to_a_stub) */
	int mailbox;
	/* KJ_PP_F_JUMP: a preserve-context load, entered with the kernel's
	 * re-entry point on the stack (set by the loader, which knows; the
	 * purgatory never guesses from the stack).  Implied by direct and
	 * jump_back_arg. */
	int jump;
	/* KJ_PP_F_DIRECT: an --args-none program entered directly, only
	 * the GDT repair on the way back (no checks, no results) */
	int direct;
	/* KJ_PP_F_PROG32: the code at @entry is 32-bit (plan.entry_bits
	 * 32) on an x86_64 kernel; the purgatory leaves long mode to call
	 * it (or, with direct, to enter it) and comes back.  The entry, the
	 * parameter block and every program segment must lie below 4 GiB.
	 * Ignored for an i386 kernel, whose purgatory is 32-bit anyway. */
	int prog32;
	/* A register boot (plan.h struct plan_boot, KJ_PP_F_BOOT_REGS):
	 * boot.mode PLAN_BOOT_32 or PLAN_BOOT_64 (x86_64 kernels only), 0 =
	 * none.  Not with boot_linux or direct.  Callers also set out_size 0
	 * and append NULL: nothing comes back. */
	struct plan_boot boot;
	/* The purgatory object to use instead of the embedded one for
	 * kernel_64 (unit tests); NULL = embedded. */
	const uint8_t *blob;
	size_t blob_len;
	/* Threads to hash on (0 = one per online CPU, at most 8; 1 = none;
	 * Linux-boot mode only splits big segments when more than 1). */
	unsigned hash_threads;
};

/* Where the results live, for `kexec -e` to read back. */
struct purgatory_placed {
	uint64_t params_pa;     /* physical address of struct purgatory_params */
	size_t params_len;      /* bytes used: block + text + output buffer */
	uint64_t params_memsz;  /* its segment's size (page multiple) */
	uint32_t out_off;       /* output buffer offset in the block (0 if none) */
	uint32_t out_size;      /* and its size */
	uint64_t image_pa;      /* the relocated purgatory */
	uint64_t image_memsz;
	uint64_t entry;         /* purgatory_start (= plan entry) */
};

/* Defaults: out_size 4096, serial 0x3f8/115200, corrupt_segment -1,
 * everything else 0/NULL. */
void purgatory_opts_init(struct purgatory_opts *po);

/* The embedded purgatory object for a kernel width.  Returns 0, or
 * -ENOENT (with a message) when this kexec was built without it. */
int purgatory_blob(struct diag *d, int kernel_64, const uint8_t **obj,
		   size_t *len);

/* Add the purgatory and its parameter block to @p (steps a-c above) and
 * set p->entry/entry_what to purgatory_start.  @m is the memory map for
 * placement.  @out (may be NULL) receives the addresses.
 * Errors (one diag message, plan left exactly as it was): more than 14
 * program segments (the kernel's limit is 16 with ours), no program
 * segments, program entry outside them, --append too long, boot mode
 * with boot_params 0 or above 4 GiB, a register boot that is not
 * possible (unknown mode, 64-bit from an i386 kernel, too many stack
 * words, a 32-bit entry above 4 GiB, with boot_linux or direct), a
 * 32-bit program with a segment above 4 GiB, no room below
 * 2 GiB, a broken purgatory object or missing symbol, a bad
 * corrupt_segment index. */
int purgatory_setup(struct diag *d, struct plan *p, const struct memmap *m,
		    const struct purgatory_opts *po,
		    struct purgatory_placed *out);

#endif
