/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * entry32.S - i386 purgatory entry and return (purgatory-i386.ro).
 *
 * kexec makes purgatory_start the image entry of a preserve-context load
 * on an i386 kernel, so the kernel enters here on every `kexec -e`
 * (section numbers refer to doc/abi.md):
 *
 *   32-bit protected mode, CPL 0, paging off (pointers are physical
 *   addresses), IF=0, flat CS/DS/ES/SS, GDTR and IDTR with limit 0 (a
 *   segment load or any exception resets the machine), ESP = swap page +
 *   0xFFC and [ESP] = R, the kernel's re-entry point (3.2).  [ESP+4] is in
 *   the next page and is not ours.
 *
 * This file saves R and the kernel's state, moves to our own stack, calls
 * purgatory_main() (purgatory.c: checks, sha256, the program, cdecl) and
 * returns to R re-entrantly (3.4), like examples/phy_mode/phy_mode32.S.
 * No segment register is loaded; CR0, CR3, GDTR and IDTR are only written
 * back, with the values they had at entry, if the program changed them.  CR4 is not touched at all: the
 * kernel needs CR4.PAE unchanged at R (3.4) and a CPU without CR4 would
 * fault on the access.
 *
 * All addressing is absolute (R_386_32); the call is R_386_PC32.
 */

#include "purgatory-abi.h"
#include "direct32.inc"

#define STACK_SIZE	16384		/* sha256 + the program's own use */

	.code32

	.section .text.entry, "ax", @progbits
	.globl	purgatory_start
	.type	purgatory_start, @function
purgatory_start:
	/* 1. R = [ESP], read once: the swap page is overwritten by every
	 * swap (3.5).  kj_jump_back is 8 bytes; the high half stays 0.
	 * Only a jump (KJ_PP_F_JUMP, from the parameters) has R there;
	 * otherwise R stays 0 and the stack is not read (4.2). */
	movl	kj_params_pa, %eax
	testl	$KJ_PP_F_JUMP, KJ_PP_OFF_FLAGS(%eax)
	jz	1f
	movl	(%esp), %ecx
	movl	%ecx, kj_jump_back

	/* --args-none program with the safe-return repair (KJ_PP_F_DIRECT,
	 * always with KJ_PP_F_JUMP): no C, no stack switch; see kj_direct
	 * below. */
	testl	$KJ_PP_F_DIRECT, KJ_PP_OFF_FLAGS(%eax)
	jnz	kj_direct
1:

	/* The kernel's callee-saved registers (the kernel restores them
	 * itself, 3.6; we give them back anyway, as any callee would). */
	movl	%ebx, save_ebx
	movl	%ebp, save_ebp
	movl	%esi, save_esi
	movl	%edi, save_edi

	/* Entry control and descriptor-table registers. */
	movl	%cr0, %eax
	movl	%eax, save_cr0
	movl	%cr3, %eax
	movl	%eax, save_cr3
	sgdt	save_gdtr
	sidt	save_idtr

	/* 2. Our own stack, 16-byte aligned at the call (i386 SysV). */
	movl	$kj_stack_top, %esp
	cld

	/* 3. Checks, sha256, the program (purgatory.c). */
	call	purgatory_main

	/*
	 * 4. Back to R, re-entrantly (3.4, i386):
	 *  - cli: IF must be 0 at R;
	 *  - entry CR0 first (paging off again if the program turned it
	 *    on; we run at VA == PA), then CR3, GDTR, IDTR, each written
	 *    back only if the program changed it (a well-behaved program
	 *    leaves exactly the proven phy_mode32 sequence);
	 *  - the kernel's callee-saved registers;
	 *  - ESP -> next_entry, a dword of ours holding purgatory_start: the
	 *    i386 kernel reads 0(%esp) without popping and uses it as the
	 *    next entry, so the next `kexec -e` comes back here.  The kernel
	 *    does a call/pop at ESP-4 before it switches stacks: ret_pad
	 *    below next_entry is ours;
	 *  - jmp, not ret, so ESP stays on next_entry.
	 * The slot is rewritten on every return.
	 */
	cli
	cld
	movl	%cr0, %eax
	cmpl	save_cr0, %eax
	je	1f
	movl	save_cr0, %eax
	movl	%eax, %cr0
1:	movl	%cr3, %eax
	cmpl	save_cr3, %eax
	je	2f
	movl	save_cr3, %eax
	movl	%eax, %cr3
2:	sgdt	cur_dtr			/* 2-byte limit, 4-byte base */
	movl	cur_dtr+2, %eax
	cmpl	save_gdtr+2, %eax
	jne	3f
	movw	cur_dtr, %ax
	cmpw	save_gdtr, %ax
	je	4f
3:	lgdt	save_gdtr
4:	sidt	cur_dtr
	movl	cur_dtr+2, %eax
	cmpl	save_idtr+2, %eax
	jne	5f
	movw	cur_dtr, %ax
	cmpw	save_idtr, %ax
	je	6f
5:	lidt	save_idtr
6:
	/*
	 * Safe-return repair (doc/abi.md 3.4): i386 kernels reload
	 * segment registers in restore_processor_state while GDTR still
	 * holds what the callee left, and triple-fault.  kexec patches
	 * kj_kernel_gdt with the running kernel's own GDT descriptor (sgdt
	 * on CPU 0, or kallsyms and kcore, at load time: doc/abi.md 13.1);
	 * its base is a kernel virtual address,
	 * valid once the kernel has turned paging back on, and nothing here
	 * loads a segment before that.  Limit 0 = not patched.
	 */
	cmpw	$0, kj_kernel_gdt
	je	7f
	lgdt	kj_kernel_gdt
7:

	movl	save_ebx, %ebx
	movl	save_ebp, %ebp
	movl	save_esi, %esi
	movl	save_edi, %edi

	/* Nowhere to go back to (R = 0: a normal kexec, and
	 * purgatory_main() returned, i.e. the block was unusable): stop. */
	cmpl	$0, kj_jump_back
	je	kj_halt

	movl	$purgatory_start, next_entry
	movl	$next_entry, %esp
	jmp	*kj_jump_back
	.size	purgatory_start, . - purgatory_start

/*
 * void kj_boot_linux(uint32_t entry, uint32_t boot_params)   (cdecl)
 *
 * Linux's 32-bit entry (doc/abi.md 5.3): protected mode, paging off,
 * IF = 0, a GDT with flat __BOOT_CS = 0x10 and __BOOT_DS = 0x18, CS =
 * 0x10, DS = ES = SS = 0x18, ESI = boot_params, EBX = EBP = EDI = 0.
 */
	.text
	.globl	kj_boot_linux
	.type	kj_boot_linux, @function
kj_boot_linux:
	cli
	movl	4(%esp), %eax		/* entry */
	movl	8(%esp), %esi		/* boot_params */
	lgdt	boot_gdt_desc
	ljmp	$0x10, $1f
1:	movl	$0x18, %ecx
	movl	%ecx, %ds
	movl	%ecx, %es
	movl	%ecx, %fs
	movl	%ecx, %gs
	movl	%ecx, %ss
	movl	$kj_stack_top, %esp
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%ebp, %ebp
	xorl	%edi, %edi
	jmp	*%eax
	.size	kj_boot_linux, . - kj_boot_linux

/*
 * void kj_boot_regs(struct purgatory_params *p)   (cdecl; never returns)
 *
 * A register boot (KJ_PP_F_BOOT_REGS; always 32-bit here, kexec refuses
 * PLAN_BOOT_64 for an i386 kernel): our boot GDT (0x10 flat 32-bit code,
 * 0x18 flat data), the data selectors loaded, then boot32.inc puts the
 * block's stack words and registers in place and jumps to its entry.
 */
	.globl	kj_boot_regs
	.type	kj_boot_regs, @function
kj_boot_regs:
	cli
	cld
	movl	4(%esp), %edi
	lgdt	boot_gdt_desc
	ljmp	$0x10, $kj_boot32_tail
	.size	kj_boot_regs, . - kj_boot_regs

#include "boot32.inc"

/*
 * KJ_PP_F_DIRECT: enter an --args-none program in the kernel's own entry
 * state (doc/abi.md 3.2), except that [ESP] holds kj_direct_return
 * instead of R (EAX clobbered).  The program returns as any callee does:
 * it jumps to "R" (here) with ESP on a dword holding its next entry.  We
 * keep that entry for the next call, leave purgatory_start as the
 * kernel's next entry, load the kernel's GDT (the repair) and go to R.
 */
kj_direct:
	movl	$kj_direct_return, (%esp)
	movl	kj_params_pa, %eax
	jmp	*KJ_PP_OFF_ENTRY(%eax)
kj_direct_return:
	DIRECT_KEEP_NEXT_ENTRY
	movl	$purgatory_start, (%esp)
	cmpw	$0, kj_kernel_gdt
	je	1f
	lgdt	kj_kernel_gdt
1:	jmp	*kj_jump_back

/*
 * Linux-to-Linux jumps with the safe-return repair (doc/abi.md 3.4,
 * 4.3).  Kernel A booted kernel B through us; each kernel's kexec -e then
 * enters the other one's re-entry point directly, and on i386 each one's
 * return path faults unless its own GDT is loaded (the peer's relocate
 * code leaves GDTR with limit 0).  So the two re-entry points are
 * reached through these stubs, which stay in memory B's map reserves:
 *
 *   kj_to_a_stub: B's way back (its kexec_jump_back_entry=).  Entered
 *     from B's kexec -e with [ESP] = B's re-entry point: keep it, copy
 *     B's GDT descriptor from the mailbox page B's jump-back helper
 *     filled, make A's next entry kj_to_b_stub ([ESP], read by A's
 *     return path), load A's GDT (kj_kernel_gdt), enter A at R.
 *   kj_to_b_stub: A's next entry.  [ESP] = A's new re-entry point: keep
 *     it as R, make B's next entry kj_to_a_stub, load B's GDT, enter B.
 *
 * Paging is off in both (the i386 relocate code turns it off before the
 * call); nothing here touches a segment register.
 */

	.globl	kj_to_a_stub
	.type	kj_to_a_stub, @function
kj_to_a_stub:
	cli
	movl	(%esp), %eax
	movl	%eax, l2l_r_b
	movl	kj_params_pa, %edx
	addl	$4096, %edx
	cmpl	$KJ_PP_MAILBOX_MAGIC, (%edx)
	jne	1f
	movw	4(%edx), %ax
	movw	%ax, l2l_b_gdt
	movl	8(%edx), %eax
	movl	%eax, l2l_b_gdt + 2
1:	movl	$kj_to_b_stub, (%esp)
	cmpw	$0, kj_kernel_gdt
	je	2f
	lgdt	kj_kernel_gdt
2:	jmp	*kj_jump_back
	.size	kj_to_a_stub, . - kj_to_a_stub

	.globl	kj_to_b_stub
	.type	kj_to_b_stub, @function
kj_to_b_stub:
	cli
	movl	(%esp), %eax
	movl	%eax, kj_jump_back
	movl	$kj_to_a_stub, (%esp)
	cmpw	$0, l2l_b_gdt
	je	1f
	lgdt	l2l_b_gdt
1:	jmp	*l2l_r_b
	.size	kj_to_b_stub, . - kj_to_b_stub

	.globl	kj_halt
	.type	kj_halt, @function
kj_halt:
	cli
1:	hlt
	jmp	1b
	.size	kj_halt, . - kj_halt

	.data
	.balign	8
save_ebx:	.long	0
save_ebp:	.long	0
save_esi:	.long	0
save_edi:	.long	0
save_cr0:	.long	0
save_cr3:	.long	0
save_gdtr:	.fill	8, 1, 0		/* sgdt/sidt store 6 bytes */
	.globl	kj_kernel_gdt
	.type	kj_kernel_gdt, @object
	.size	kj_kernel_gdt, 16
kj_kernel_gdt:	.fill	16, 1, 0	/* patched by kexec: limit(2) base(4) */
l2l_r_b:	.long	0		/* B's re-entry point */
l2l_b_gdt:	.fill	8, 1, 0		/* B's GDT: limit(2) base(4) */
save_idtr:	.fill	8, 1, 0
cur_dtr:	.fill	8, 1, 0		/* sgdt/sidt at return, to compare */

	/* The boot GDT: 0x10 = 32-bit flat code, 0x18 = flat data
	 * (accessed bits preset, so the CPU never writes to it). */
	.balign	8
boot_gdt:
	.quad	0
	.quad	0
	.quad	0x00cf9b000000ffff	/* 0x10: __BOOT_CS */
	.quad	0x00cf93000000ffff	/* 0x18: __BOOT_DS */
boot_gdt_end:
	.balign	4
	.word	0
boot_gdt_desc:				/* lgdt operand: limit, base */
	.word	boot_gdt_end - boot_gdt - 1
	.long	boot_gdt

	/* Return area: next_entry on top of ret_pad, so the dwords below
	 * the ESP we return with are ours (3.4). */
ret_pad:
	.fill	16, 4, 0
	.type	next_entry, @object
	.size	next_entry, 4
next_entry:
	.long	purgatory_start

	.bss
	.balign	16
	.type	kj_stack, @object
	.size	kj_stack, STACK_SIZE
kj_stack:
	.skip	STACK_SIZE
	/* Top of the stack (exclusive, 16-byte aligned): kexec copies it
	 * into params->stack_top. */
	.globl	kj_stack_top
kj_stack_top:

	.section .note.GNU-stack, "", @progbits
