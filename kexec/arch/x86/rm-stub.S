/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rm-stub.S - the bzImage --real-mode trampoline (bzimage.c, doc/abi.md
 * 5.7), kept in the tool as bytes [kj_rm_stub, kj_rm_stub_end) and loaded
 * as a kexec segment of its own at a page S below 640 KiB.
 *
 * The purgatory enters it through a 32-bit register boot (plan.h
 * PLAN_BOOT_32, from either kernel width, after the sha256 checks):
 * 32-bit protected mode, paging off, IF = 0, flat selectors, EIP = S, with
 *   EBX = S (this code's own physical address),
 *   EDX = the real-mode kernel's segment X / 16,
 *   ESI = the real-mode SP (the top of the setup heap/stack).
 * It goes 32-bit protected -> 16-bit protected (its own GDT: 0x08 16-bit
 * code and 0x10 16-bit data, base S, limit 0xFFFF) -> real mode (CR0.PE
 * off, far jump to S/16:...) -> the real-mode IVT (IDTR base 0, limit
 * 0x3FF) -> DS = ES = FS = GS = SS = X/16, SP = ESI -> far jump to
 * (X/16 + 0x20):0, the kernel's setup code.  Never returns.
 *
 * Position independent: every address below is an offset from
 * kj_rm_stub, resolved by the assembler (no relocations); the two
 * addresses that depend on S (the GDT's base in the GDTR and in the
 * two descriptors) and the two far pointers are written at run time,
 * into the stub's own copy at S.  Width-neutral: assembled with the
 * tool's -m32 or -m64 as data.
 */
#define OFF(sym)	((sym) - kj_rm_stub)

	.section .rodata, "a", @progbits
	.balign	16
	.globl	kj_rm_stub
	.type	kj_rm_stub, @object
kj_rm_stub:
	.code32
	cli
	cld
	/* the GDT's address into the GDTR operand; base S into both
	 * descriptors (bits 0-23: S < 1 MiB, so bits 24-31 stay 0) */
	leal	OFF(rm_gdt)(%ebx), %eax
	movl	%eax, OFF(rm_gdtr) + 2(%ebx)
	movl	%ebx, %eax
	movw	%ax, OFF(rm_gdt) + 0x08 + 2(%ebx)
	movw	%ax, OFF(rm_gdt) + 0x10 + 2(%ebx)
	shrl	$16, %eax
	movb	%al, OFF(rm_gdt) + 0x08 + 4(%ebx)
	movb	%al, OFF(rm_gdt) + 0x10 + 4(%ebx)
	/* the real-mode far pointers: this code's segment, the kernel's */
	movl	%ebx, %eax
	shrl	$4, %eax
	movw	%ax, OFF(rm_far_real) + 2(%ebx)
	leal	0x20(%edx), %eax
	movw	%ax, OFF(rm_far_kernel) + 2(%ebx)
	lgdtl	OFF(rm_gdtr)(%ebx)
	ljmpl	*OFF(rm_far16)(%ebx)

	.code16
rm_pm16:				/* 16-bit protected mode, CS base S */
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movl	%cr0, %eax
	andl	$0x7ffffffe, %eax	/* PE (and PG, already off) clear */
	movl	%eax, %cr0
	ljmpw	*%cs:OFF(rm_far_real)

rm_real:				/* real mode, CS = S / 16 */
	movw	%cs, %ax
	movw	%ax, %ds
	lidtw	OFF(rm_idtr)
	movw	%dx, %ax
	movw	%ax, %ss
	movw	%si, %sp
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ds
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	ljmpw	*%cs:OFF(rm_far_kernel)

	.balign	8
rm_gdt:
	.quad	0
	.quad	0x00009b000000ffff	/* 0x08: 16-bit code, base S, 64 KiB */
	.quad	0x000093000000ffff	/* 0x10: 16-bit data, base S, 64 KiB */
rm_gdt_end:
	.balign	4
	.word	0
rm_gdtr:				/* limit, base (written above) */
	.word	rm_gdt_end - rm_gdt - 1
	.long	0
	.balign	4
	.word	0
rm_idtr:				/* the real-mode vector table */
	.word	0x3ff
	.long	0
rm_far16:				/* ljmpl operand: offset, selector */
	.long	OFF(rm_pm16)
	.word	0x08
rm_far_real:				/* ljmpw operands: offset, segment */
	.word	OFF(rm_real)
	.word	0
rm_far_kernel:
	.word	0
	.word	0
	.globl	kj_rm_stub_end
	.type	kj_rm_stub_end, @object
kj_rm_stub_end:
	.size	kj_rm_stub, kj_rm_stub_end - kj_rm_stub

	.section .note.GNU-stack, "", @progbits
