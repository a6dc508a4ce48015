/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * phy_mode64.S - re-entrant x86_64 physical-mode program for kexec jump.
 *
 * Load and call it from a 64-bit kernel:
 *   kexec -l --load-preserve-context --args-none phy_mode64.elf
 *   kexec -e        (each call prints "phy_mode64: call N" on COM1)
 *
 * Section numbers refer to doc/abi.md.
 *
 * Entry state (3.3): 64-bit mode, CPL 0, IF=0, identity-mapped paging on
 * the kernel's CR3, [RSP] = R (the kernel's re-entry point), RSP inside
 * the 4 KiB swap page.  CR4 has no OSFXSR, so SSE/AVX raise #UD.  Up to
 * 6.15 GDTR and IDTR have limit 0, so a segment load or any exception
 * resets the machine (8.2).  This code therefore uses only integer
 * instructions and port I/O, never loads a segment register or a
 * descriptor table, and never touches CR3.
 *
 * Memory: only our own segments plus the one read of the swap-page stack.
 * Everything else belongs to the kernel we return to (3.5, 8.2).
 *
 * Registers: only RAX, RCX, RDX, RSI, RDI are written.  They are
 * caller-saved in the SysV ABI.  The kernel restores its callee-saved
 * registers itself (3.6), so nothing needs saving here.
 */

#define COM1_THR	0x3f8		/* transmit holding register */
#define COM1_LSR	0x3fd		/* line status register */
#define LSR_THRE	0x20		/* bit 5: THR empty */
#define SPIN_LIMIT	0x10000		/* LSR polls per byte before giving up */
#define STACK_SIZE	2048		/* deepest use is 3 return addresses */

	.code64

	.section .text.entry, "ax", @progbits
	.globl	_start
	.type	_start, @function
_start:
	/*
	 * 1. Save R = [RSP] first.  The swap page is overwritten by every
	 * swap (3.5), so we read it once and then never use it again.
	 * On 6.14+ [RSP+8] holds this entry address (3.3).  We ignore it:
	 * the return below works on both conventions.
	 */
	movq	(%rsp), %rax
	movq	%rax, ret_addr(%rip)

	/* 2. Switch to our own stack, inside our data segment. */
	leaq	stack_top(%rip), %rsp
	cld				/* RFLAGS is 0x2 already (3.3); be explicit */

	/* 3. Count this call.  The counter starts at 0 because .bss is
	 * zero-filled.  It persists because the kernel swaps our pages out
	 * on return and back in on the next call (3.5). */
	incq	call_count(%rip)

	/* 4. "phy_mode64: call N\r\n" on COM1. */
	leaq	msg_prefix(%rip), %rsi
	call	puts
	movq	call_count(%rip), %rax
	call	putdec
	leaq	msg_eol(%rip), %rsi
	call	puts

	/*
	 * 5. Return to R, re-entrantly (3.4 "Callee contract").
	 *  - cli: IF must be 0 at R.  It is 0 already; this makes sure.
	 *  - CR3 is unchanged since entry, so it still identity-maps R's
	 *    page and our next_entry slot.
	 *  - RSP -> next_entry, a qword of ours holding the address the
	 *    next "kexec -e" should enter, i.e. _start.  The kernel takes
	 *    the qword at RSP as the peer's re-entry point (image->start).
	 *    Up to 6.13 it reads 0(%rsp); from 6.14 it pops it.  Both see
	 *    the same value.  A plain "ret" would leave RSP past the swap
	 *    page, so up to 6.13 the next entry would be garbage (8.1).
	 *  - The qwords below next_entry are ours too (ret_pad), in case the
	 *    kernel pushes before it switches stacks.
	 *  - jmp, not ret, so RSP stays on next_entry.
	 * We rewrite the slot every time, so a stray write cannot leave a
	 * bad entry for the next call.
	 */
	cli
	leaq	_start(%rip), %rax
	movq	%rax, next_entry(%rip)
	leaq	next_entry(%rip), %rsp
	jmpq	*ret_addr(%rip)
	.size	_start, . - _start

	.text

/* puts: send the NUL-terminated string at RSI.  Clobbers RAX, RCX, RDX, RSI. */
puts:
1:	movb	(%rsi), %al
	testb	%al, %al
	jz	2f
	call	putc
	incq	%rsi
	jmp	1b
2:	ret

/*
 * putdec: send RAX as unsigned decimal.  The digits are built backwards in
 * numbuf (.bss, so numbuf[20], the terminator, is always 0).  Then puts
 * sends them.  Clobbers RAX, RCX, RDX, RSI, RDI.
 */
putdec:
	leaq	numbuf_end(%rip), %rdi
	movl	$10, %ecx
1:	xorl	%edx, %edx
	divq	%rcx			/* RDX:RAX / 10; divisor != 0, no #DE */
	addb	$'0', %dl
	decq	%rdi
	movb	%dl, (%rdi)
	testq	%rax, %rax
	jnz	1b
	movq	%rdi, %rsi
	jmp	puts

/*
 * putc: send AL to COM1.  Polls LSR.THRE, but only SPIN_LIMIT times: if the
 * UART never gets ready (absent, wedged), we write anyway rather than hang
 * with interrupts off.  An absent UART reads 0xff, so THRE looks set and
 * this costs nothing.  We leave the baud rate and line settings alone:
 * Linux set them up and its console must stay readable.
 * Clobbers RCX, RDX, AH.
 */
putc:
	movb	%al, %ah		/* inb below only writes AL */
	movl	$SPIN_LIMIT, %ecx
	movw	$COM1_LSR, %dx
1:	inb	%dx, %al
	testb	$LSR_THRE, %al
	jnz	2f
	pause				/* rep; nop: no SSE needed */
	decl	%ecx
	jnz	1b
2:	movb	%ah, %al
	movw	$COM1_THR, %dx
	outb	%al, %dx
	ret

	.section .rodata, "a", @progbits
msg_prefix:
	.asciz	"phy_mode64: call "
msg_eol:
	.asciz	"\r\n"

	.data
	.balign	8
ret_addr:				/* R of the current call */
	.quad	0
	/*
	 * Return area: next_entry sits on top of ret_pad, so the words
	 * below the SP we return with are ours (3.4 "Requirements").
	 */
ret_pad:
	.fill	8, 8, 0
next_entry:				/* next entry for the kernel (3.4) */
	.quad	_start

	.bss
	.balign	8
call_count:				/* 0 at first load; counts calls */
	.skip	8
numbuf:					/* 20 digits hold any 64-bit value */
	.skip	20
numbuf_end:				/* the terminating NUL */
	.skip	1
	.balign	16
stack:
	.skip	STACK_SIZE
stack_top:				/* 16-byte aligned, grows down */

	.section .note.GNU-stack, "", @progbits
