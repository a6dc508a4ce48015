/* SPDX-License-Identifier: GPL-2.0-or-later */
/* purgatory.h - internal interfaces of the freestanding purgatory.
 *
 * The purgatory is built twice from the same sources, as
 * purgatory-x86_64.ro (-m64) and purgatory-i386.ro (-m32), with the
 * project's freestanding flags only.  What kexec sees of it is two global
 * symbols (kexec/purgatory-load.h):
 *   purgatory_start  the entry, in entry64.S / entry32.S;
 *   kj_params_pa     8 bytes in .data, initially 0; kexec writes the
 *                    physical address of the parameter block there
 *                    (include/purgatory-abi.h) after relocation.
 * plus the optional kj_stack_top (the top of our stack, for
 * params->stack_top).
 */
#ifndef KJ_PURGATORY_H
#define KJ_PURGATORY_H

#include <stddef.h>
#include <stdint.h>
#include "purgatory-abi.h"

/* Written by kexec before the load (purgatory.c). */
extern uint64_t kj_params_pa;
/* R, the kernel's re-entry point, saved by the entry code on every call
 * (8 bytes on both widths; the high half is 0 on i386). */
extern uint64_t kj_jump_back;

/* Called by the entry code on our own stack; returns to it, and it
 * returns to the kernel (program mode).  In Linux-boot mode it does not
 * return when the checks pass (kj_boot_linux) or fail (kj_halt). */
void purgatory_main(void);

/* entry64.S / entry32.S.  Boot trampoline: load a GDT with flat
 * __BOOT_CS = 0x10 (64-bit code on x86_64, 32-bit code on i386) and
 * __BOOT_DS = 0x18, DS/ES/FS/GS/SS = 0x18, a stack, ESI/RSI = @boot_params,
 * EBX = EBP = EDI = 0, and jump to @entry (doc/abi.md 5.3). */
void kj_boot_linux(uintptr_t entry, uintptr_t boot_params)
	__attribute__((noreturn));
/* entry32.S / entry64.S: start a register boot (KJ_PP_F_BOOT_REGS) as
 * the block says (doc/abi.md 10.7); never returns. */
void kj_boot_regs(struct purgatory_params *p) __attribute__((noreturn));
#if UINTPTR_MAX != 0xffffffffu
/* entry64.S: call the 32-bit program at @entry as
 * int program(struct purgatory_params *) in 32-bit protected mode with
 * paging off, and come back to long mode (KJ_PP_F_PROG32). */
int kj_call32(uint32_t entry, uint32_t params);
#endif
/* cli; hlt forever. */
void kj_halt(void) __attribute__((noreturn));
#if UINTPTR_MAX == 0xffffffffu
/* entry32.S: Linux-to-Linux jump stubs and the GDT kexec patched in */
void kj_to_a_stub(void);
extern uint8_t kj_kernel_gdt[16];
#endif

/* console.c: polled 8250 output on I/O port @port (0 = no output).  Never
 * programs the baud rate or line settings: Linux set them, and its console
 * must stay readable after the return.  A UART that never becomes ready
 * costs a bounded spin per byte, not a hang. */
/* Program the divisor for @baud, 8N1 (0 = leave the UART as it is). */
void con_set_baud(uint16_t port, uint32_t baud);
void con_putc(uint16_t port, char c);
void con_puts(uint16_t port, const char *s);       /* "\n" -> "\r\n" */
void con_puthex(uint16_t port, uint64_t v);        /* "0x" + digits */
void con_putdec(uint16_t port, uint64_t v);        /* unsigned decimal */
void con_putsdec(uint16_t port, int32_t v);        /* signed decimal */
void con_putbytes(uint16_t port, const uint8_t *b, size_t n); /* hex */
/* Also copy every byte con_* write to the VGA text console (on != 0;
 * starts vga_console_start()), whatever the port. */
void con_vga(int on);

/* vga.c: --reset-vga and --console-vga (doc/abi.md 21) */
void vga_reset(void);                 /* mode 3 registers, clear, home */
void vga_console_start(void);         /* pick up the hardware cursor */
void vga_console_putc(char c);        /* one byte at the cursor */

/* simd.c: SSE for SHA-NI, and the CPU given back as it was (doc/abi.md 23) */
#define KJ_CR0_MP     0x2u
#define KJ_CR0_EM     0x4u
#define KJ_CR0_TS     0x8u
#define KJ_CR4_OSFXSR 0x200u
struct kj_simd {
	/* room for the 512-byte FXSAVE image at a 16-byte boundary (on the
	 * stack, aligned by hand: .bss would cost the purgatory a page, and
	 * it must fit in 64 KiB, kexec/confine.h) */
	uint8_t fxraw[512 + 15];
	uintptr_t cr0, cr4;     /* as found */
	int on;                 /* SSE enabled and state saved by us */
};
/* CR0/CR4 values with SSE usable: EM and TS clear, MP set / OSFXSR set. */
uintptr_t kj_simd_cr0(uintptr_t cr0);
uintptr_t kj_simd_cr4(uintptr_t cr4);
/* If the CPU has SHA-NI (and the SSE levels it needs): save CR0/CR4,
 * enable SSE, FXSAVE the x87/SSE state; return 1.  Else touch nothing and
 * return 0. */
int kj_simd_begin(struct kj_simd *s);
/* Undo kj_simd_begin() (no-op if it returned 0). */
void kj_simd_end(struct kj_simd *s);

#endif
