/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bootregs32.S - a 32-bit image that reports the state it was started
 * in, for the VM test of the purgatory's register boots (KJ_PP_F_BOOT_REGS,
 * kexec/plan.h PLAN_BOOT_32; doc/abi.md 10.7).  It never returns.
 *
 * On COM1 (polled, bounded) it prints one line
 *
 *   kexec_test bootregs: eax=XXXXXXXX ebx=... ecx=... edx=... esi=...
 *     edi=... ebp=... sp0=[ESP] sp1=[ESP+4] cs=.. ds=.. es=.. ss=..
 *     cr0pg=N if=N esp=XXXXXXXX
 *
 * (on one line), then "KJ-EXIT", which ends the VM test (tests/vm/
 * run-qemu.sh stops QEMU when it sees it), and halts.  Linked with
 * examples/phy_mode/phy_mode.lds: entry 0x1000000, data at 0x1001000.
 */
#define COM1		0x3f8
#define SPIN_LIMIT	0x10000

	.code32
	.section .text.entry, "ax", @progbits
	.globl	_start
	.type	_start, @function
_start:
	/* everything first, before any register is used */
	movl	%eax, r_eax
	movl	%ebx, r_ebx
	movl	%ecx, r_ecx
	movl	%edx, r_edx
	movl	%esi, r_esi
	movl	%edi, r_edi
	movl	%ebp, r_ebp
	movl	%esp, r_esp
	movl	(%esp), %eax
	movl	%eax, r_sp0
	movl	4(%esp), %eax
	movl	%eax, r_sp1
	movw	%cs, r_cs
	movw	%ds, r_ds
	movw	%es, r_es
	movw	%ss, r_ss
	movl	%cr0, %eax
	shrl	$31, %eax
	movl	%eax, r_pg
	pushfl
	popl	%eax
	shrl	$9, %eax
	andl	$1, %eax
	movl	%eax, r_if
	movl	$stack_top, %esp

	movl	$s_head, %esi
	call	puts
	movl	$fields, %ebx
1:	movl	(%ebx), %esi		/* name, or 0 at the end */
	testl	%esi, %esi
	jz	2f
	call	puts
	movl	4(%ebx), %edx		/* the value's address */
	movl	(%edx), %eax
	movl	8(%ebx), %ecx		/* hex digits */
	call	puthex
	addl	$12, %ebx
	jmp	1b
2:	movl	$s_tail, %esi
	call	puts
3:	cli
	hlt
	jmp	3b
	.size	_start, . - _start

/* puts: the NUL-terminated string at ESI (clobbers EAX, EDX, ESI, EDI) */
puts:
1:	movb	(%esi), %al
	testb	%al, %al
	jz	2f
	call	putc
	incl	%esi
	jmp	1b
2:	ret

/* puthex: ECX low hex digits of EAX (clobbers EAX, ECX, EDX, EDI) */
puthex:
	pushl	%ebx
	movl	%eax, %ebx
1:	decl	%ecx
	js	2f
	movl	%ebx, %eax
	pushl	%ecx
	shll	$2, %ecx
	shrl	%cl, %eax
	popl	%ecx
	andl	$15, %eax
	movb	hexdig(%eax), %al
	call	putc
	jmp	1b
2:	popl	%ebx
	ret

/* putc: AL on COM1 after THR empty, or after SPIN_LIMIT polls */
putc:
	movb	%al, %ah
	movl	$SPIN_LIMIT, %edi
1:	movw	$COM1 + 5, %dx
	inb	%dx, %al
	testb	$0x20, %al
	jnz	2f
	decl	%edi
	jnz	1b
2:	movw	$COM1, %dx
	movb	%ah, %al
	outb	%al, %dx
	ret

	.section .rodata
hexdig:	.ascii	"0123456789abcdef"
s_head:	.asciz	"\r\nkexec_test bootregs:"
s_tail:	.asciz	"\r\nKJ-EXIT\r\n"
n_eax:	.asciz	" eax="
n_ebx:	.asciz	" ebx="
n_ecx:	.asciz	" ecx="
n_edx:	.asciz	" edx="
n_esi:	.asciz	" esi="
n_edi:	.asciz	" edi="
n_ebp:	.asciz	" ebp="
n_sp0:	.asciz	" sp0="
n_sp1:	.asciz	" sp1="
n_cs:	.asciz	" cs="
n_ds:	.asciz	" ds="
n_es:	.asciz	" es="
n_ss:	.asciz	" ss="
n_pg:	.asciz	" cr0pg="
n_if:	.asciz	" if="
n_esp:	.asciz	" esp="
	.balign	4
fields:	/* name, value, digits */
	.long	n_eax, r_eax, 8
	.long	n_ebx, r_ebx, 8
	.long	n_ecx, r_ecx, 8
	.long	n_edx, r_edx, 8
	.long	n_esi, r_esi, 8
	.long	n_edi, r_edi, 8
	.long	n_ebp, r_ebp, 8
	.long	n_sp0, r_sp0, 8
	.long	n_sp1, r_sp1, 8
	.long	n_cs, r_cs, 4
	.long	n_ds, r_ds, 4
	.long	n_es, r_es, 4
	.long	n_ss, r_ss, 4
	.long	n_pg, r_pg, 1
	.long	n_if, r_if, 1
	.long	n_esp, r_esp, 8
	.long	0

	.data
	.balign	4
r_eax:	.long	0
r_ebx:	.long	0
r_ecx:	.long	0
r_edx:	.long	0
r_esi:	.long	0
r_edi:	.long	0
r_ebp:	.long	0
r_esp:	.long	0
r_sp0:	.long	0
r_sp1:	.long	0
r_cs:	.long	0		/* movw fills the low half */
r_ds:	.long	0
r_es:	.long	0
r_ss:	.long	0
r_pg:	.long	0
r_if:	.long	0

	.bss
	.balign	16
	.skip	1024
stack_top:

	.section .note.GNU-stack, "", @progbits
