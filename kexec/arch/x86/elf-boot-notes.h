/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elf-boot-notes.h - the ELF boot notes a program started with
 * --args-elf receives (doc/abi.md 20): a header
 *
 *   u32 b_signature  0x0E1FB007
 *   u32 b_size       bytes of the whole area, header included
 *   u16 b_checksum   16-bit one's-complement (IP) checksum of the area,
 *                    computed with b_checksum = 0
 *   u16 b_records    number of notes
 *
 * then b_records ELF notes (u32 n_namesz, u32 n_descsz, u32 n_type, the
 * name and the descriptor each padded to 4 bytes).  The standard notes
 * have an empty name (n_namesz 0).  Pure, no I/O.
 */
#ifndef KJ_ELF_BOOT_NOTES_H
#define KJ_ELF_BOOT_NOTES_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"

#define EBN_SIGNATURE          0x0E1FB007u
#define EBN_HDR_LEN            12
#define EBN_FIRMWARE_TYPE      1
#define EBN_BOOTLOADER_NAME    2
#define EBN_BOOTLOADER_VERSION 3
#define EBN_COMMAND_LINE       4
/* the longest area we build: a command line is refused beyond it */
#define EBN_MAX_LEN            4096u

/* The 16-bit one's-complement sum of @n bytes as little-endian words
 * (an odd last byte is padded with zero), complemented. */
uint16_t ebn_checksum(const uint8_t *b, size_t n);

/* Build the notes: EBN_BOOTLOADER_NAME "kexec", EBN_BOOTLOADER_VERSION
 * @version, EBN_COMMAND_LINE @cmdline (NULL = ""), each descriptor a
 * NUL-terminated string.  *out is malloc'd, *len its size (a multiple of
 * 4, at most EBN_MAX_LEN).  -E2BIG with a message naming @name when the
 * command line does not fit. */
int ebn_build(struct diag *d, const char *name, const char *version,
	      const char *cmdline, uint8_t **out, size_t *len);

#endif
