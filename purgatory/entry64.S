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

#define STACK_SIZE	16384		/* sha256 + the program's own use */

	.code64

	.section .text.entry, "ax", @progbits
	.globl	purgatory_start
	.type	purgatory_start, @function
purgatory_start:
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

	/* Entry control and descriptor-table registers: R needs CR3 to
	 * identity-map it (3.4); the program may change any of these. */
	movq	%cr0, %rax
	movq	%rax, save_cr0(%rip)
	movq	%cr3, %rax
	movq	%rax, save_cr3(%rip)
	movq	%cr4, %rax
	movq	%rax, save_cr4(%rip)
	sgdt	save_gdtr(%rip)
	sidt	save_idtr(%rip)

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
kj_boot_linux:
	cli
	lgdt	boot_gdt_desc(%rip)
	movl	$0x18, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	leaq	kj_stack_top(%rip), %rsp
	/* CS = 0x10 through a far return */
	pushq	$0x10
	leaq	1f(%rip), %rax
	pushq	%rax
	lretq
1:	movq	%rdi, %rax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%ebp, %ebp
	xorl	%edi, %edi
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	jmpq	*%rax
	.size	kj_boot_linux, . - kj_boot_linux

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

	.section .note.GNU-stack, "", @progbits
