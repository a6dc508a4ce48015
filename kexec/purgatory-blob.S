/* SPDX-License-Identifier: GPL-2.0-or-later */
/* purgatory-blob.S - embed the built purgatories in kexec
 * (purgatory-blob.h).
 *
 * The build assembles this with -I<builddir>/purgatory passed to the
 * assembler (-Wa,-I...), so .incbin finds the objects in VPATH builds too,
 * and makes this object depend on them (purgatory/purgatory.am).
 * Width-neutral: assembled with the tool's own -m32 or -m64.
 */
	.section .rodata, "a", @progbits

	.balign	16
	.globl	kj_purgatory_x86_64
	.type	kj_purgatory_x86_64, @object
kj_purgatory_x86_64:
	.incbin	"purgatory-x86_64.ro"
	.globl	kj_purgatory_x86_64_end
	.type	kj_purgatory_x86_64_end, @object
kj_purgatory_x86_64_end:
	.size	kj_purgatory_x86_64, kj_purgatory_x86_64_end - kj_purgatory_x86_64

	.balign	16
	.globl	kj_purgatory_i386
	.type	kj_purgatory_i386, @object
kj_purgatory_i386:
	.incbin	"purgatory-i386.ro"
	.globl	kj_purgatory_i386_end
	.type	kj_purgatory_i386_end, @object
kj_purgatory_i386_end:
	.size	kj_purgatory_i386, kj_purgatory_i386_end - kj_purgatory_i386

	.section .note.GNU-stack, "", @progbits
