/* SPDX-License-Identifier: GPL-2.0-or-later */
/* purgatory-blob.h - the two purgatories embedded in kexec.
 *
 * kexec/purgatory-blob.S includes the built relocatable objects
 * (purgatory/, linked with `ld -r`) byte for byte with .incbin:
 *   kj_purgatory_x86_64  ELF64 x86_64, for 64-bit kernels;
 *   kj_purgatory_i386    ELF32 i386, for 32-bit kernels.
 * Both are in every build, whatever the tool's own width: the purgatory
 * must match the running kernel's width.  Size = end - start.  The bytes
 * are read-only; kexec/elf-rel.c relocates a copy.
 */
#ifndef KJ_PURGATORY_BLOB_H
#define KJ_PURGATORY_BLOB_H

extern const unsigned char kj_purgatory_x86_64[];
extern const unsigned char kj_purgatory_x86_64_end[];
extern const unsigned char kj_purgatory_i386[];
extern const unsigned char kj_purgatory_i386_end[];

#endif
