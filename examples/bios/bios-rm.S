/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bios-rm.S - call one BIOS interrupt in real mode, from the 32-bit
 * protected-mode, paging-off world an i386 kexec jump gives a program.
 *
 *   void bios_rm_call(void);   (cdecl; reads and writes bios_rm_regs)
 *
 * bios.c fills, before the first call:
 *   bios_rm_gdt/bios_rm_gdtr  a GDT holding flat descriptors at the
 *                             indexes of the selectors we were entered
 *                             with, plus a 16-bit code and data segment
 *                             with base BIOS_BASE, limit 64 KiB;
 *   bios_rm_sel16             the 16-bit code selector (data = code + 8 is
 *                             NOT assumed: bios_rm_sel16d);
 *   bios_rm_pm32 + 4          the selector we were entered with in CS;
 *   bios_rm_sels              entry DS, ES, FS, GS, SS selectors.
 *
 * The switch (Intel SDM vol. 3, 9.9.2 "Switching Back to Real-Address
 * Mode"): load our GDT, far-jump to a 16-bit code segment, load 16-bit
 * data segments (64 KiB limits), clear CR0.PE, far-jump to real mode
 * (CS = BIOS_BASE >> 4), set the real-mode segments, stack and IDTR
 * (the BIOS's vector table at 0, limit 0x3ff), then call the vector as
 * INT would: pushf; lcall [vector].  Back: lgdt, CR0 as it was at entry
 * (PE on, paging off), far-jump to the entry CS selector, reload the entry
 * data selectors through our GDT, put GDTR/IDTR back as they were and
 * return.  IF stays 0 throughout except inside the BIOS (which may set
 * it; bios_rm_regs.eflags reports what it left, and we cli right after).
 *
 * Everything the real-mode half touches (its code, bios_rm_regs, the
 * GDT pointer, the stack) sits in one section, .rm, 16-byte aligned and
 * below 1 MiB: the real-mode segment is bios_rm_start >> 4 and the 16-bit
 * protected-mode segments have base bios_rm_start, so R(x), an offset
 * from bios_rm_start, is an assembly-time constant.
 */
#include "bios.h"

#define R(x)	((x) - bios_rm_start)

	.section .text, "ax", @progbits
	.code32
	.globl	bios_rm_call
	.type	bios_rm_call, @function
bios_rm_call:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	%esp, save_esp
	sgdt	save_gdtr
	sidt	save_idtr
	movl	%cr0, %eax
	movl	%eax, save_cr0
	cli

	lgdt	bios_rm_gdtr
	movw	bios_rm_sel16d, %dx		/* 16-bit data selector */
	ljmp	*pm16_ptr
	.size	bios_rm_call, . - bios_rm_call

	.section .rm, "awx", @progbits
	.balign	16
	.globl	bios_rm_start
bios_rm_start:
	.code16
pm16:	/* 16-bit protected mode, CS base bios_rm_start */
	movw	%dx, %ds
	movw	%dx, %es
	movw	%dx, %fs
	movw	%dx, %gs
	movw	%dx, %ss
	movl	%cr0, %eax
	andl	$0x7ffffffe, %eax		/* PE and PG off */
	movl	%eax, %cr0
	ljmpw	*%cs:R(bios_rm_far)

rm:	/* real mode, CS = bios_rm_start >> 4 */
	movw	%cs, %ax
	movw	%ax, %ds
	movw	%ax, %ss
	movl	$R(rm_stack_top), %esp
	xorw	%ax, %ax
	movw	%ax, %fs
	movw	%ax, %gs
	lidtl	R(rm_idtr)

	/* the vector, from the IVT at 0:0 */
	movzbw	R(bios_rm_regs) + BRR_INTNO, %bx
	shlw	$2, %bx
	movl	%fs:(%bx), %eax
	movl	%eax, R(vector)

	/* the caller's registers; DS last */
	movw	R(bios_rm_regs) + BRR_ES, %ax
	movw	%ax, %es
	pushw	R(bios_rm_regs) + BRR_DS
	movl	R(bios_rm_regs) + BRR_EBX, %ebx
	movl	R(bios_rm_regs) + BRR_ECX, %ecx
	movl	R(bios_rm_regs) + BRR_EDX, %edx
	movl	R(bios_rm_regs) + BRR_ESI, %esi
	movl	R(bios_rm_regs) + BRR_EDI, %edi
	movl	R(bios_rm_regs) + BRR_EBP, %ebp
	movl	R(bios_rm_regs) + BRR_EAX, %eax
	popw	%ds

	pushfw				/* INT: flags, then a far call */
	lcallw	*%cs:R(vector)

	/* what the BIOS returned */
	pushfl
	pushl	%eax
	movw	%ds, %cs:R(ret_ds)	/* real mode: CS-relative writes work */
	movw	%cs, %ax
	movw	%ax, %ds
	cli
	popl	%eax
	movl	%eax, R(bios_rm_regs) + BRR_EAX
	popl	%eax
	movl	%eax, R(bios_rm_regs) + BRR_EFLAGS
	movl	%ebx, R(bios_rm_regs) + BRR_EBX
	movl	%ecx, R(bios_rm_regs) + BRR_ECX
	movl	%edx, R(bios_rm_regs) + BRR_EDX
	movl	%esi, R(bios_rm_regs) + BRR_ESI
	movl	%edi, R(bios_rm_regs) + BRR_EDI
	movl	%ebp, R(bios_rm_regs) + BRR_EBP
	movw	R(ret_ds), %ax
	movw	%ax, R(bios_rm_regs) + BRR_DS
	movw	%es, R(bios_rm_regs) + BRR_ES

	/* back to protected mode */
	lgdtl	R(bios_rm_gdtr)
	movl	R(save_cr0), %eax
	movl	%eax, %cr0
	ljmpl	*%cs:R(bios_rm_pm32)

	.code32
pm32:	/* 32-bit protected mode with the entry CS selector (our GDT) */
	movw	%cs:bios_rm_sels + 8, %ax	/* SS first: the stack */
	movw	%ax, %ss
	movw	%cs:bios_rm_sels + 0, %ax
	movw	%ax, %ds
	movw	bios_rm_sels + 2, %ax
	movw	%ax, %es
	movw	bios_rm_sels + 4, %ax
	movw	%ax, %fs
	movw	bios_rm_sels + 6, %ax
	movw	%ax, %gs
	movl	save_esp, %esp
	lgdt	save_gdtr		/* as we found them (limit 0 on entry) */
	lidt	save_idtr
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

	.balign	8
	.globl	bios_rm_regs
bios_rm_regs:
	.fill	40, 1, 0
	.globl	bios_rm_gdtr
bios_rm_gdtr:			/* limit, base: filled by bios.c */
	.word	0
	.long	0
	.balign	4
	.globl	bios_rm_far
bios_rm_far:			/* m16:16 to rm: offset, segment (by C) */
	.word	R(rm)
	.word	0
	.balign	8
	.globl	bios_rm_pm32
bios_rm_pm32:			/* far pointer m16:32 to pm32, selector by C */
	.long	pm32
	.word	0
	.balign	8
pm16_ptr:			/* far pointer m16:32 to pm16 (16-bit CS) */
	.long	R(pm16)
	.globl	bios_rm_sel16
bios_rm_sel16:
	.word	0
	.globl	bios_rm_sel16d
bios_rm_sel16d:
	.word	0
	.balign	8
rm_idtr:			/* the real-mode vector table */
	.word	0x3ff
	.long	0
	.balign	8
vector:	.long	0
ret_ds:	.word	0
	.balign	4
save_esp:	.long	0
save_cr0:	.long	0
	.balign	8
save_gdtr:	.fill	8, 1, 0
save_idtr:	.fill	8, 1, 0

	.balign	16
rm_stack:
	.fill	RM_STACK_SIZE, 1, 0
rm_stack_top:

	.section .note.GNU-stack, "", @progbits
