/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * phy_mode32.S - re-entrant i386 physical-mode program for kexec jump.
 *
 * Load and call it from a 32-bit (i386) kernel:
 *   kexec -l --load-preserve-context --args-none phy_mode32.elf
 *   kexec -e        (each call prints "phy_mode32: call N" on COM1)
 * A 64-bit kernel enters every program in long mode (7.3), so this file
 * is for i386 kernels only.
 *
 * Section numbers refer to doc/abi.md.
 *
 * Entry state (3.2): 32-bit protected mode, CPL 0, paging off (addresses
 * are physical), IF=0, flat CS/DS/ES/SS, GDTR and IDTR with limit 0 (a
 * segment load or any exception resets the machine), ESP = swap page +
 * 0xFFC and [ESP] = R (the kernel's re-entry point).  [ESP+4] is in the
 * next page and is not ours.  This code uses only integer instructions and
 * port I/O, and never touches segment registers, descriptor tables or
 * control registers (CR4.PAE must still match the kernel's paging mode at
 * R, 3.4).
 *
 * Memory: only our own segments plus the one read of the swap-page stack.
 * Everything else belongs to the kernel we return to (3.5, 8.2).
 *
 * Registers: EAX, ECX, EDX, ESI and EDI are written.  The kernel restores
 * its callee-saved registers itself (3.6), so nothing needs saving here.
 *
 * Returning to Linux is expected to triple-fault on i386 kernels: 6.1
 * crashes in restore_processor_state(), and no i386 fix is known (3.4).
 * That is why we print before we return.  The return itself is done
 * correctly anyway.
 */

#define COM1_THR	0x3f8		/* transmit holding register */
#define COM1_LSR	0x3fd		/* line status register */
#define LSR_THRE	0x20		/* bit 5: THR empty */
#define SPIN_LIMIT	0x10000		/* LSR polls per byte before giving up */
#define STACK_SIZE	2048		/* deepest use is 3 return addresses */

	.code32

	.section .text.entry, "ax", @progbits
	.globl	_start
	.type	_start, @function
_start:
	/*
	 * 1. Save R = [ESP] first.  The swap page is overwritten by every
	 * swap (3.5), so we read it once and then never use it again.
	 */
	movl	(%esp), %eax
	movl	%eax, ret_addr

	/* 2. Switch to our own stack, inside our data segment. */
	movl	$stack_top, %esp
	cld				/* EFLAGS is 0x2 already (3.2); be explicit */

	/* 3. Count this call.  The counter starts at 0 because .bss is
	 * zero-filled.  It persists because the kernel swaps our pages out
	 * on return and back in on the next call (3.5). */
	incl	call_count

	/* 4. "phy_mode32: call N\r\n" on COM1. */
	movl	$msg_prefix, %esi
	call	puts
	movl	call_count, %eax
	call	putdec
	movl	$msg_eol, %esi
	call	puts

	/*
	 * 5. Return to R, re-entrantly (3.4 "Callee contract" and
	 *    "Requirements", i386).
	 *  - cli: IF must be 0 at R.  It is 0 already; this makes sure.
	 *  - Paging, CR4 and segments are as the kernel left them.
	 *  - ESP -> next_entry, a dword of ours holding the address the
	 *    next "kexec -e" should enter, i.e. _start.  The i386 kernel
	 *    reads 0(%esp) without popping and stores it as the peer's
	 *    re-entry point (image->start).  A plain "ret" would leave ESP
	 *    at swap page + 0x1000, so the next entry would be read from
	 *    a page that is not ours: garbage (8.1).
	 *  - The kernel does a call/pop at ESP-4 before it switches
	 *    stacks, so the dwords below next_entry are ours (ret_pad).
	 *  - jmp, not ret, so ESP stays on next_entry.
	 * We rewrite the slot every time, so a stray write cannot leave a
	 * bad entry for the next call.
	 */
	cli
	movl	$_start, next_entry
	movl	$next_entry, %esp
	jmp	*ret_addr
	.size	_start, . - _start

	.text

/* puts: send the NUL-terminated string at ESI.  Clobbers EAX, ECX, EDX, ESI. */
puts:
1:	movb	(%esi), %al
	testb	%al, %al
	jz	2f
	call	putc
	incl	%esi
	jmp	1b
2:	ret

/*
 * putdec: send EAX as unsigned decimal.  The digits are built backwards in
 * numbuf (.bss, so numbuf[10], the terminator, is always 0).  Then puts
 * sends them.  Clobbers EAX, ECX, EDX, ESI, EDI.
 */
putdec:
	movl	$numbuf_end, %edi
	movl	$10, %ecx
1:	xorl	%edx, %edx
	divl	%ecx			/* EDX:EAX / 10; divisor != 0, no #DE */
	addb	$'0', %dl
	decl	%edi
	movb	%dl, (%edi)
	testl	%eax, %eax
	jnz	1b
	movl	%edi, %esi
	jmp	puts

/*
 * putc: send AL to COM1.  Polls LSR.THRE, but only SPIN_LIMIT times: if the
 * UART never gets ready (absent, wedged), we write anyway rather than hang
 * with interrupts off.  An absent UART reads 0xff, so THRE looks set and
 * this costs nothing.  We leave the baud rate and line settings alone:
 * Linux set them up and its console must stay readable.
 * Clobbers ECX, EDX, AH.
 */
putc:
	movb	%al, %ah		/* inb below only writes AL */
	movl	$SPIN_LIMIT, %ecx
	movw	$COM1_LSR, %dx
1:	inb	%dx, %al
	testb	$LSR_THRE, %al
	jnz	2f
	pause				/* rep; nop */
	decl	%ecx
	jnz	1b
2:	movb	%ah, %al
	movw	$COM1_THR, %dx
	outb	%al, %dx
	ret

	.section .rodata, "a", @progbits
msg_prefix:
	.asciz	"phy_mode32: call "
msg_eol:
	.asciz	"\r\n"

	.data
	.balign	4
ret_addr:				/* R of the current call */
	.long	0
	/*
	 * Return area: next_entry sits on top of ret_pad, so the words
	 * below the ESP we return with are ours (3.4 "Requirements").
	 */
ret_pad:
	.fill	16, 4, 0
next_entry:				/* next entry for the kernel (3.4) */
	.long	_start

	.bss
	.balign	4
call_count:				/* 0 at first load; counts calls */
	.skip	4
numbuf:					/* 10 digits hold any 32-bit value */
	.skip	10
numbuf_end:				/* the terminating NUL */
	.skip	1
	.balign	16
stack:
	.skip	STACK_SIZE
stack_top:				/* 16-byte aligned, grows down */

	.section .note.GNU-stack, "", @progbits
