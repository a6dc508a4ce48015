/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pe.h - PE/COFF files as far as kexec needs them (doc/abi.md 19): the
 * section table of a unified kernel image (arch/x86/uki.c), and the EFI
 * zboot wrapper around a compressed kernel.  Pure: no I/O except the
 * diag messages; every header-derived offset and size is checked against
 * the buffer before it is used.
 */
#ifndef KJ_PE_H
#define KJ_PE_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "image.h"

/* DOS header ("MZ", e_lfanew at 0x3C), PE signature, COFF header */
#define PE_DOS_MAGIC      0x5a4du      /* "MZ" */
#define PE_LFANEW         0x3c
#define PE_DOS_HDR_LEN    0x40
#define PE_SIG            0x00004550u  /* "PE\0\0" */
#define PE_COFF_LEN       20           /* after the signature */
#define PE_SECHDR_LEN     40

/* What the headers say, after bounds checks. */
struct pe_info {
	uint32_t pe_off;        /* e_lfanew: "PE\0\0" */
	uint16_t machine;
	unsigned nsec;          /* NumberOfSections */
	size_t sec_off;         /* the section table's file offset; the
				   whole table lies inside the buffer */
};

struct pe_section {
	char name[9];           /* Name, NUL-terminated */
	uint32_t vsize, vaddr, rawsize, rawoff;
	/* the section's bytes in the file (pe_section_bytes): VirtualSize
	 * when non-zero and not above SizeOfRawData (the rest of the raw
	 * data is file-alignment padding), else SizeOfRawData (a section
	 * whose VirtualSize is larger is zero-filled past its raw data in
	 * memory; those zeros are not file contents) */
	uint64_t len;
};

/* Result codes of pe_parse() besides 0 */
#define PE_NOT_PE   1   /* no "MZ", or no "PE\0\0" where e_lfanew says */
#define PE_BROKEN   2   /* "PE\0\0" found, but the COFF header or the
			   section table runs past the end */

/* Parse the DOS and COFF headers and bound the section table.  0, or
 * PE_NOT_PE / PE_BROKEN with the reason in @why. */
int pe_parse(const uint8_t *b, size_t len, struct pe_info *pe, char *why,
	     size_t whylen);

/* Section header @i (< pe->nsec). */
void pe_section_get(const uint8_t *b, const struct pe_info *pe, unsigned i,
		    struct pe_section *s);

/* Index of the section named @name (up to 8 chars), or -1; *count is
 * set to how many sections carry that name. */
int pe_find(const uint8_t *b, const struct pe_info *pe, const char *name,
	    unsigned *count);

/* The section's bytes lie inside a file of @len bytes: 0, or -EINVAL
 * with "FILE: section NAME: ..." recorded (@file names the file). */
int pe_section_check(struct diag *d, const char *file,
		     const struct pe_section *s, size_t len);

/* The file @path is a PE file whose section table (within its first
 * 64 KiB) has a section named @name; 0 when it cannot be read. */
int pe_file_has_section(const char *path, const char *name);
/* The same on the file's first @n bytes, already read. */
int pe_has_section(const uint8_t *h, size_t n, const char *name);

/* ---- EFI zboot (Linux drivers/firmware/efi/libstub/zboot-header.S):
 * "MZ" at 0, "zimg" at 4, u32 payload offset at 8, u32 payload size at
 * 12, the compression type as a NUL-terminated string at 24 (ending
 * before 0x38). */
#define ZBOOT_MAGIC_OFF   4
#define ZBOOT_PAYLOAD_OFF 8
#define ZBOOT_PAYLOAD_LEN 12
#define ZBOOT_COMP_OFF    24
#define ZBOOT_COMP_END    0x38
#define ZBOOT_HDR_LEN     0x40

struct zboot_info {
	uint32_t payload_off, payload_len;   /* inside the buffer */
	char comp[ZBOOT_COMP_END - ZBOOT_COMP_OFF + 1];
};

/* 0 = a zboot image, bounds checked; PE_NOT_PE = not one ("MZ" + "zimg"
 * missing); PE_BROKEN = the header is cut off or its payload lies
 * outside the file (reason in @why). */
int zboot_parse(const uint8_t *b, size_t len, struct zboot_info *z,
		char *why, size_t whylen);

/* When @img is a zboot image, replace its bytes by the decompressed
 * payload (img->compression and img->file_len set as by
 * image_decompress()); anything else is left alone.  Errors name the
 * file and the reason (unknown or unbuilt compression, payload out of
 * bounds, payload not in the format the header names); on failure @img
 * is unchanged. */
int zboot_unwrap(struct diag *d, struct image *img);

/* The file @path starts like a zboot image ("MZ", "zimg"); 0 when it
 * cannot be read. */
int zboot_file_magic(const char *path);
/* The same on the file's first @n bytes, already read. */
int zboot_magic(const uint8_t *h, size_t n);

#endif
