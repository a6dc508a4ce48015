/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * entry64.S - x86_64 purgatory entry and return (purgatory-x86_64.ro).
 *
 * kexec makes purgatory_start the image entry of a preserve-context load,
 * so the kernel enters here on every `kexec -e` (section numbers refer to
 * doc/abi.md):
 *
 *   64-bit mode, CPL 0, IF=0, identity-mapped paging on the kernel's CR3,
 *   [RSP] = R (the kernel's re-entry point), RSP inside the 4 KiB swap
 *   page (3.3).  CR4 has no OSFXSR (no SSE), and up to 6.15 GDTR/IDTR have
 *   limit 0, so a segment load or any exception resets the machine (8.2).
 *
 * This file saves R and the kernel's state, moves to our own stack, calls
 * purgatory_main() (purgatory.c: checks, sha256, the program) and returns
 * to R re-entrantly (3.4 "Callee contract"), like
 * examples/phy_mode/phy_mode64.S.  No segment register is loaded; the
 * descriptor-table and control registers are only written back, with the
 * values they had at entry, if the program changed them.
 *
 * Small code model: kexec places the purgatory below 2 GiB.  Everything
 * here is RIP-relative (R_X86_64_PC32) except the .quad initialiser of
 * next_entry (R_X86_64_64).
 */

#include "purgatory-abi.h"
#include "direct32.inc"

#define STACK_SIZE	16384		/* sha256 + the program's own use */

	.code64

	.section .text.entry, "ax", @progbits
	.globl	purgatory_start
	.type	purgatory_start, @function
purgatory_start:
	/* Entry control and descriptor-table registers, first: R needs CR3
	 * to identity-map it (3.4), the program may change any of these,
	 * and the 32-bit detour (kj_go32/kj_back64, also for DIRECT)
	 * restores them from here. */
	movq	%cr0, %rax
	movq	%rax, save_cr0(%rip)
	movq	%cr3, %rax
	movq	%rax, save_cr3(%rip)
	movq	%cr4, %rax
	movq	%rax, save_cr4(%rip)
	sgdt	save_gdtr(%rip)
	sidt	save_idtr(%rip)

	/*
	 * 1. R = [RSP], read once: the swap page is overwritten by every
	 * swap (3.5).  On 6.14+ [RSP+8] is this entry's address (3.3); the
	 * return below works with or without that.  Only a jump
	 * (KJ_PP_F_JUMP, from the parameters, never guessed from the
	 * stack) has R there: for a normal kexec Linux 6.14 up to
	 * 786a45757dcd pushes nothing and [RSP] is the next page's first
	 * word (4.2), so R stays 0 and the stack is not read at all.
	 */
	movq	kj_params_pa(%rip), %rax
	testl	$KJ_PP_F_JUMP, KJ_PP_OFF_FLAGS(%rax)
	jz	1f
	movq	(%rsp), %rcx
	movq	%rcx, kj_jump_back(%rip)

	/* --args-none program with the safe-return repair (KJ_PP_F_DIRECT,
	 * always with KJ_PP_F_JUMP): no C, no stack switch; see kj_direct
	 * below. */
	testl	$KJ_PP_F_DIRECT, KJ_PP_OFF_FLAGS(%rax)
	jnz	kj_direct
1:

	/* The kernel's callee-saved registers (the kernel restores them
	 * itself, 3.6; we give them back anyway, as any callee would). */
	movq	%rbx, save_rbx(%rip)
	movq	%rbp, save_rbp(%rip)
	movq	%r12, save_r12(%rip)
	movq	%r13, save_r13(%rip)
	movq	%r14, save_r14(%rip)
	movq	%r15, save_r15(%rip)

	/* 2. Our own stack (16-byte aligned top, so the call below gives
	 * purgatory_main the SysV alignment). */
	leaq	kj_stack_top(%rip), %rsp
	cld

	/* 3. Checks, sha256, the program (purgatory.c). */
	call	purgatory_main

	/*
	 * 4. Back to R, re-entrantly (3.4):
	 *  - cli: IF must be 0 at R;
	 *  - entry CR0/CR3/CR4, GDTR, IDTR, each written back only if the
	 *    program changed it (so a well-behaved program leaves exactly
	 *    the proven phy_mode64 sequence), so CR3 identity-maps R and
	 *    next_entry;
	 *  - the kernel's callee-saved registers;
	 *  - RSP -> next_entry, a qword of ours holding purgatory_start: up
	 *    to 6.13 the kernel reads 0(%rsp) as the next entry, from 6.14
	 *    it pops it; both get purgatory_start, so the next `kexec -e`
	 *    comes back here.  ret_pad below it is ours too, in case the
	 *    kernel pushes before it switches stacks;
	 *  - jmp, not ret, so RSP stays on next_entry.
	 * The slot is rewritten on every return.
	 */
	cli
	cld
	movq	%cr0, %rax
	cmpq	save_cr0(%rip), %rax
	je	1f
	movq	save_cr0(%rip), %rax
	movq	%rax, %cr0
1:	movq	%cr3, %rax
	cmpq	save_cr3(%rip), %rax
	je	2f
	movq	save_cr3(%rip), %rax
	movq	%rax, %cr3
2:	movq	%cr4, %rax
	cmpq	save_cr4(%rip), %rax
	je	3f
	movq	save_cr4(%rip), %rax
	movq	%rax, %cr4
3:	sgdt	cur_dtr(%rip)		/* 2-byte limit, 8-byte base */
	movq	cur_dtr+2(%rip), %rax
	cmpq	save_gdtr+2(%rip), %rax
	jne	4f
	movw	cur_dtr(%rip), %ax
	cmpw	save_gdtr(%rip), %ax
	je	5f
4:	lgdt	save_gdtr(%rip)
5:	sidt	cur_dtr(%rip)
	movq	cur_dtr+2(%rip), %rax
	cmpq	save_idtr+2(%rip), %rax
	jne	6f
	movw	cur_dtr(%rip), %ax
	cmpw	save_idtr(%rip), %ax
	je	7f
6:	lidt	save_idtr(%rip)
7:
	/*
	 * Safe-return repair (doc/abi.md 3.4): kernels without commit
	 * 07fa619f2a40 reload segment registers in restore_processor_state
	 * while GDTR still holds what the callee left (limit 0 here), and
	 * triple-fault.  kexec patches kj_kernel_gdt with the running
	 * kernel's own GDT descriptor (found at load time: sgdt on CPU 0,
	 * or kallsyms and kcore, doc/abi.md 13.1); its base is a kernel virtual address, valid once the
	 * kernel has restored its CR3, and nothing here loads a segment
	 * before that.  Limit 0 = not patched: leave GDTR alone.
	 */
	cmpw	$0, kj_kernel_gdt(%rip)
	je	8f
	lgdt	kj_kernel_gdt(%rip)
8:

	movq	save_rbx(%rip), %rbx
	movq	save_rbp(%rip), %rbp
	movq	save_r12(%rip), %r12
	movq	save_r13(%rip), %r13
	movq	save_r14(%rip), %r14
	movq	save_r15(%rip), %r15

	/* Nowhere to go back to (R = 0: a normal kexec, and
	 * purgatory_main() returned, i.e. the block was unusable): stop. */
	cmpq	$0, kj_jump_back(%rip)
	je	kj_halt

	leaq	purgatory_start(%rip), %rax
	movq	%rax, next_entry(%rip)
	leaq	next_entry(%rip), %rsp
	jmpq	*kj_jump_back(%rip)
	.size	purgatory_start, . - purgatory_start

/*
 * KJ_PP_F_DIRECT: enter an --args-none program in the kernel's own entry
 * state (doc/abi.md 3.3), except that [RSP] holds kj_direct_return
 * instead of R (RAX clobbered).  The program returns as any callee does:
 * it jumps to "R" (here) with RSP on a word holding its next entry.  We
 * keep that entry for the next call, leave purgatory_start as the
 * kernel's next entry, load the kernel's GDT (the repair) and go to R.
 */
kj_direct:
	testl	$KJ_PP_F_PROG32, KJ_PP_OFF_FLAGS(%rax)
	jnz	kj_direct32
	leaq	kj_direct_return(%rip), %rax
	movq	%rax, (%rsp)
	movq	kj_params_pa(%rip), %rax
	jmpq	*KJ_PP_OFF_ENTRY(%rax)
kj_direct_return:
	cli
	movq	(%rsp), %rax
	movq	kj_params_pa(%rip), %rdx
	movq	%rax, KJ_PP_OFF_ENTRY(%rdx)
	leaq	purgatory_start(%rip), %rax
	movq	%rax, (%rsp)
	cmpw	$0, kj_kernel_gdt(%rip)
	je	1f
	lgdt	kj_kernel_gdt(%rip)
1:	jmpq	*kj_jump_back(%rip)

/*
 * void kj_boot_linux(uint64_t entry (%rdi), uint64_t boot_params (%rsi))
 *
 * Linux's 64-bit entry (doc/abi.md 5.3): long mode with the identity
 * map the kernel gave us (every segment, so [A, A + init_size) and
 * boot_params, is mapped), IF = 0, a GDT with __BOOT_CS = 0x10 (64-bit
 * code) and __BOOT_DS = 0x18, the data selectors loaded, RSI =
 * boot_params.  The kernel loads its own GDT/IDT early; until then
 * nothing may fault, as before.
 */
	.text
	.globl	kj_boot_linux
	.type	kj_boot_linux, @function
/* BOOT64_GDT: the boot GDT, DS/ES/FS/GS/SS = 0x18, CS = 0x10 through a
 * far return on the current stack (RAX clobbered) */
.macro BOOT64_GDT
	lgdt	boot_gdt_desc(%rip)
	movl	$0x18, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	pushq	$0x10
	leaq	1f(%rip), %rax
	pushq	%rax
	lretq
1:
.endm

kj_boot_linux:
	cli
	leaq	kj_stack_top(%rip), %rsp
	BOOT64_GDT
	movq	%rdi, boot64_entry(%rip)
	movq	%rdi, %rax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%ebp, %ebp
	xorl	%edi, %edi
	/* (also the end of kj_boot_regs' 64-bit boot) */
kj_boot64_tail:
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	jmpq	*boot64_entry(%rip)
	.size	kj_boot_linux, . - kj_boot_linux

/*
 * ---- 32-bit code from long mode (doc/abi.md 10.7) ----
 *
 * kj_go32 (64-bit, jumped to, no stack used): with the kernel's CR0,
 * CR3, CR4, GDTR and IDTR in save_* (purgatory_start), builds our
 * identity map of the low
 * 4 GiB (2 MiB pages; a PML5 on top when CR4.LA57 was set) for the way
 * back, loads IDTR limit 0 and our GDT (0x08 flat 32-bit code, 0x10
 * 64-bit code, 0x18 flat data), goes to compatibility mode, loads the
 * data selectors, clears CR0.PG (32-bit protected mode from here on),
 * EFER.LME, CR4 and CR3, and jumps to c32_to32.
 *
 * kj_back64 (32-bit, jumped to, no stack used): cli; paging off (the
 * program may have turned it on), our GDT and selectors again, our map
 * in CR3, CR4.PAE (and LA57), EFER.LME, CR0.PG|PE, far jump to 64-bit
 * code; there the kernel's CR3, CR4, CR0, GDTR and IDTR exactly as saved
 * at entry, and jmp *c32_to64.  Everything lives below 2 GiB (PURGATORY_MAX_ADDR),
 * so 32-bit absolute addresses reach it.
 */
#define MSR_EFER	0xc0000080
#define EFER_LME	0x100
#define CR0_PG		0x80000000
#define CR0_PE		0x1
#define CR4_PAE		0x20
#define CR4_LA57	0x1000
#define SEL_CODE32	0x08
#define SEL_CODE64	0x10
#define SEL_DATA	0x18
#define PDE_2M		0x83		/* present, writable, 2 MiB page */
#define PTE_TABLE	0x03		/* present, writable */

/* GO32 to32, to64: kj_go32 to 32-bit code at to32, whose kj_back64
 * comes back to 64-bit code at to64 (RAX clobbered) */
.macro GO32 to32, to64
	leaq	\to32(%rip), %rax
	movl	%eax, c32_to32(%rip)
	leaq	\to64(%rip), %rax
	movq	%rax, c32_to64(%rip)
	jmp	kj_go32
.endm

kj_go32:
	/* 4 page directories: 2048 x 2 MiB = [0, 4 GiB) */
	leaq	c32_pd(%rip), %rdi
	movl	$PDE_2M, %eax
	movl	$2048, %ecx
1:	movq	%rax, (%rdi)
	addq	$0x200000, %rax
	addq	$8, %rdi
	loop	1b
	leaq	c32_pd + PTE_TABLE(%rip), %rax
	leaq	c32_pdpt(%rip), %rdi
	movl	$4, %ecx
2:	movq	%rax, (%rdi)
	addq	$4096, %rax
	addq	$8, %rdi
	loop	2b
	leaq	c32_pdpt + PTE_TABLE(%rip), %rax
	movq	%rax, c32_pml4(%rip)
	leaq	c32_pml4 + PTE_TABLE(%rip), %rax
	movq	%rax, c32_pml5(%rip)
	/* the CR3 and CR4 to come back with */
	leaq	c32_pml4(%rip), %rax
	movl	$CR4_PAE, %edx
	testl	$CR4_LA57, save_cr4(%rip)
	jz	3f
	leaq	c32_pml5(%rip), %rax
	orl	$CR4_LA57, %edx
3:	movl	%eax, c32_lm_cr3(%rip)
	movl	%edx, c32_lm_cr4(%rip)
	lidt	c32_noidt(%rip)
	lgdt	c32_gdt_desc(%rip)
	ljmpl	*c32_compat_ptr(%rip)

	.code32
kj_compat32:				/* compatibility mode, CS = 0x08 */
	movl	$SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	movl	%cr0, %eax
	andl	$~CR0_PG, %eax
	movl	%eax, %cr0		/* long mode off: protected mode */
	movl	$MSR_EFER, %ecx
	rdmsr
	andl	$~EFER_LME, %eax
	wrmsr
	xorl	%eax, %eax
	movl	%eax, %cr4
	movl	%eax, %cr3
	jmp	*c32_to32

kj_back64:
	cli
	cld
	movl	%cr0, %eax
	andl	$~CR0_PG, %eax
	movl	%eax, %cr0
	lgdt	c32_gdt_desc		/* 6 bytes: limit, base below 4 GiB */
	ljmp	$SEL_CODE32, $1f
1:	movl	$SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	movl	c32_lm_cr4, %eax
	movl	%eax, %cr4
	movl	c32_lm_cr3, %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_PE), %eax
	movl	%eax, %cr0		/* compatibility mode */
	ljmp	$SEL_CODE64, $2f
	.code64
2:	movq	save_cr3(%rip), %rax
	movq	%rax, %cr3
	movq	save_cr4(%rip), %rax
	movq	%rax, %cr4
	movq	save_cr0(%rip), %rax
	movq	%rax, %cr0
	lgdt	save_gdtr(%rip)
	lidt	save_idtr(%rip)
	jmpq	*c32_to64(%rip)

/*
 * int kj_call32(uint32_t entry (%edi), uint32_t params (%esi))
 *
 * Call the 32-bit program as int program(struct purgatory_params *),
 * cdecl (the pointer at [ESP+4], ESP+4 16-byte aligned), on our own stack
 * below the caller's frame, in 32-bit protected mode with paging off;
 * return its EAX in long mode with the kernel's state back.
 */
	.globl	kj_call32
	.type	kj_call32, @function
kj_call32:
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, c32_rsp(%rip)
	movl	%edi, c32_entry(%rip)
	movl	%esi, c32_arg(%rip)
	GO32	call32_prog, call32_done
	.code32
call32_prog:
	movl	c32_rsp, %esp		/* below 2 GiB: the low half */
	andl	$-16, %esp
	subl	$12, %esp
	pushl	c32_arg
	cld
	call	*c32_entry
	movl	%eax, c32_ret
	jmp	kj_back64
	.code64
call32_done:
	movq	c32_rsp(%rip), %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	movl	c32_ret(%rip), %eax
	ret
	.size	kj_call32, . - kj_call32

/*
 * KJ_PP_F_DIRECT with KJ_PP_F_PROG32: an --args-none 32-bit program on
 * this x86_64 kernel.  Entered as an i386 kernel would enter it (doc/abi.md
 * 3.2), but on our stack: 32-bit protected mode, paging off, [ESP] =
 * kj_direct32_return, EDX = its entry, the other general registers 0.
 * It returns as any callee does (3.4): ESP on a dword holding its next
 * entry, jmp to "R".  We store that entry in the block for the next call,
 * come back to long mode with the kernel's state, load the kernel's GDT
 * (the repair) and return to R with RSP on next_entry = purgatory_start,
 * like the return path above.
 */
kj_direct32:
	GO32	direct32_prog, direct32_done
	.code32
direct32_prog:
	movl	$kj_stack_top - 16, %esp
	movl	$kj_direct32_return, (%esp)
	movl	kj_params_pa, %eax
	movl	KJ_PP_OFF_ENTRY(%eax), %edx
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	jmp	*%edx
kj_direct32_return:
	DIRECT_KEEP_NEXT_ENTRY
	jmp	kj_back64
	.code64
direct32_done:
	cmpw	$0, kj_kernel_gdt(%rip)
	je	1f
	lgdt	kj_kernel_gdt(%rip)
1:	leaq	purgatory_start(%rip), %rax
	movq	%rax, next_entry(%rip)
	leaq	next_entry(%rip), %rsp
	jmpq	*kj_jump_back(%rip)

/*
 * void kj_boot_regs(struct purgatory_params *p (%rdi))   (never returns)
 *
 * A register boot (KJ_PP_F_BOOT_REGS, kexec/plan.h struct plan_boot).
 * 64-bit (no KJ_PP_F_PROG32): the boot GDT of kj_boot_linux (0x10 64-bit
 * code, 0x18 data) on the kernel's identity map, the stack words as
 * qwords at kj_stack_top - 8 * n, RAX RBX RCX RDX RSI RDI RBP from
 * boot_regs[], R8-R15 0, jmp to the entry.  32-bit: kj_go32, then the
 * same as the i386 purgatory (boot32.inc) with a GDT whose 0x10 is flat
 * 32-bit code.
 */
	.globl	kj_boot_regs
	.type	kj_boot_regs, @function
kj_boot_regs:
	cli
	cld
	testl	$KJ_PP_F_PROG32, KJ_PP_OFF_FLAGS(%rdi)
	jnz	3f
	movq	KJ_PP_OFF_ENTRY(%rdi), %rax
	movq	%rax, boot64_entry(%rip)
	BOOT64_GDT
	movl	KJ_PP_OFF_BOOT_NSTACK(%rdi), %ecx
	leaq	kj_stack_top(%rip), %rdx
	leaq	(, %rcx, 8), %rax
	subq	%rax, %rdx		/* RDX = the new RSP */
	xorl	%ebx, %ebx
2:	cmpq	%rcx, %rbx
	jae	4f
	movq	KJ_PP_OFF_BOOT_STACK(%rdi, %rbx, 8), %rax
	movq	%rax, (%rdx, %rbx, 8)
	incq	%rbx
	jmp	2b
4:	movq	%rdx, %rsp
	movq	%rdi, %r8
	movq	KJ_PP_OFF_BOOT_REGS + 0 * 8(%r8), %rax
	movq	KJ_PP_OFF_BOOT_REGS + 1 * 8(%r8), %rbx
	movq	KJ_PP_OFF_BOOT_REGS + 2 * 8(%r8), %rcx
	movq	KJ_PP_OFF_BOOT_REGS + 3 * 8(%r8), %rdx
	movq	KJ_PP_OFF_BOOT_REGS + 4 * 8(%r8), %rsi
	movq	KJ_PP_OFF_BOOT_REGS + 5 * 8(%r8), %rdi
	movq	KJ_PP_OFF_BOOT_REGS + 6 * 8(%r8), %rbp
	jmp	kj_boot64_tail
3:	movl	%edi, c32_arg(%rip)
	GO32	boot32_prog, kj_halt		/* (no way back) */
	.code32
boot32_prog:
	lgdt	boot32_gdt_desc
	movl	c32_arg, %edi
	ljmp	$0x10, $kj_boot32_tail
	.size	kj_boot_regs, . - kj_boot_regs

#include "boot32.inc"
	.code64

	.globl	kj_halt
	.type	kj_halt, @function
kj_halt:
	cli
1:	hlt
	jmp	1b
	.size	kj_halt, . - kj_halt

	.data
	.balign	8
save_rbx:	.quad	0
save_rbp:	.quad	0
save_r12:	.quad	0
save_r13:	.quad	0
save_r14:	.quad	0
save_r15:	.quad	0
save_cr0:	.quad	0
save_cr3:	.quad	0
save_cr4:	.quad	0
save_gdtr:	.fill	16, 1, 0	/* sgdt/sidt store 10 bytes */
	.globl	kj_kernel_gdt
	.type	kj_kernel_gdt, @object
	.size	kj_kernel_gdt, 16
kj_kernel_gdt:	.fill	16, 1, 0	/* patched by kexec: limit(2) base(8) */
save_idtr:	.fill	16, 1, 0
cur_dtr:	.fill	16, 1, 0	/* sgdt/sidt at return, to compare */

	/* The boot GDT: 0x10 = 64-bit code, 0x18 = flat data (accessed
	 * bits preset, so the CPU never writes to it). */
	.balign	8
boot_gdt:
	.quad	0
	.quad	0
	.quad	0x00af9b000000ffff	/* 0x10: __BOOT_CS, L = 1 */
	.quad	0x00cf93000000ffff	/* 0x18: __BOOT_DS, 4 GiB flat */
boot_gdt_end:
	.balign	8
	.word	0, 0, 0
boot_gdt_desc:				/* lgdt operand: limit, base */
	.word	boot_gdt_end - boot_gdt - 1
	.quad	boot_gdt

	/* The 32-bit detour (kj_go32 / kj_back64) */
	.balign	8
c32_rsp:	.quad	0
c32_to64:	.quad	0		/* 64-bit continuation */
c32_noidt:	.fill	16, 1, 0	/* limit 0: any exception resets */
boot64_entry:	.quad	0
c32_to32:	.long	0		/* 32-bit continuation */
c32_entry:	.long	0
c32_arg:	.long	0
c32_ret:	.long	0
c32_lm_cr3:	.long	0		/* our map, for the way back */
c32_lm_cr4:	.long	0
c32_compat_ptr:				/* ljmpl operand: offset, selector */
	.long	kj_compat32
	.word	SEL_CODE32
	.balign	8
c32_gdt:
	.quad	0
	.quad	0x00cf9b000000ffff	/* 0x08: flat 32-bit code */
	.quad	0x00af9b000000ffff	/* 0x10: 64-bit code */
	.quad	0x00cf93000000ffff	/* 0x18: flat data */
c32_gdt_end:
	.balign	8
	.word	0, 0, 0
c32_gdt_desc:
	.word	c32_gdt_end - c32_gdt - 1
	.quad	c32_gdt
	/* a 32-bit register boot: 0x10 = flat 32-bit code, 0x18 = data */
	.balign	8
boot32_gdt:
	.quad	0
	.quad	0
	.quad	0x00cf9b000000ffff	/* 0x10 */
	.quad	0x00cf93000000ffff	/* 0x18 */
boot32_gdt_end:
	.balign	8
	.word	0, 0, 0
boot32_gdt_desc:
	.word	boot32_gdt_end - boot32_gdt - 1
	.quad	boot32_gdt

	/* Return area: next_entry on top of ret_pad, so the qwords below
	 * the RSP we return with are ours (3.4). */
ret_pad:
	.fill	8, 8, 0
	.type	next_entry, @object
	.size	next_entry, 8
next_entry:
	.quad	purgatory_start

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

	/* The identity map of [0, 4 GiB) for the way back from 32-bit
	 * code, rebuilt by every kj_go32 */
	.balign	4096
c32_pml5:	.skip	4096
c32_pml4:	.skip	4096
c32_pdpt:	.skip	4096
c32_pd:		.skip	4 * 4096

	.section .note.GNU-stack, "", @progbits
