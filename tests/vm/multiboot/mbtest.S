/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mbtest.S - headers and entry of the multiboot test kernels
 * (mbtest.c): -DMB_AOUT: Multiboot 1 with the a.out kludge (flat
 * binary), -DMB2: Multiboot2 (ELF), else Multiboot 1 (ELF).  32-bit. */
	.section .multiboot, "a"
	.p2align 3
#ifdef MB2
mb2_header:
	.long 0xE85250D6                  /* magic */
	.long 0                           /* architecture: i386 */
	.long mb2_end - mb2_header        /* header_length */
	.long -(0xE85250D6 + (mb2_end - mb2_header))
	/* information request (required): cmdline, loader name, modules,
	 * basic meminfo, mmap */
	.p2align 3
1:	.short 1, 0
	.long 2f - 1b
	.long 1, 2, 3, 4, 6
2:	.p2align 3
	/* module alignment (required) */
1:	.short 6, 0
	.long 8
	/* framebuffer (optional): must be ignored */
	.p2align 3
1:	.short 5, 1
	.long 20
	.long 0, 0, 0
	/* end */
	.p2align 3
	.short 0, 0
	.long 8
mb2_end:
#else
#ifdef MB_AOUT
#define MB1_FLAGS 0x00010003
#else
#define MB1_FLAGS 0x00000003
#endif
mb1_header:
	.long 0x1BADB002
	.long MB1_FLAGS
	.long -(0x1BADB002 + MB1_FLAGS)
#ifdef MB_AOUT
	.long mb1_header                  /* header_addr */
	.long __image_start               /* load_addr */
	.long __data_end                  /* load_end_addr */
	.long __bss_end                   /* bss_end_addr */
	.long _start                      /* entry_addr */
#endif
#endif

	.text
	.globl _start
	.code32
_start:
	cli
	movl $stack_top, %esp
	pushl %ebx
	pushl %eax
	call mbmain
1:	cli
	hlt
	jmp 1b

	.bss
	.p2align 4
	.space 16384
stack_top:
	.section .note.GNU-stack, "", @progbits
