/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elf-boot-notes.c - ELF boot notes for --args-elf (elf-boot-notes.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "elf-boot-notes.h"
#include "le.h"

uint16_t ebn_checksum(const uint8_t *b, size_t n)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2) {
		sum += (uint32_t)b[i] | (uint32_t)b[i + 1] << 8;
		sum = (sum & 0xffff) + (sum >> 16);
	}
	if (n & 1) {
		sum += b[n - 1];
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return (uint16_t)~sum;
}

static size_t pad4(size_t v)
{
	return (v + 3) & ~(size_t)3;
}

/* Append one note with an empty name and the string @s as its
 * descriptor at @b + *off. */
static void put_note(uint8_t *b, size_t *off, uint32_t type, const char *s)
{
	size_t n = strlen(s) + 1;

	put_le(b + *off, 0, 4);
	put_le(b + *off + 4, n, 4);
	put_le(b + *off + 8, type, 4);
	memcpy(b + *off + 12, s, n);
	*off += 12 + pad4(n);
}

int ebn_build(struct diag *d, const char *name, const char *version,
	      const char *cmdline, uint8_t **out, size_t *len)
{
	static const char loader[] = "kexec";
	size_t total, off = EBN_HDR_LEN;
	uint8_t *b;

	*out = NULL;
	*len = 0;
	if (!cmdline)
		cmdline = "";
	if (!version)
		version = "";
	if (strlen(version) > 256)
		version = "";
	total = EBN_HDR_LEN + 3 * 12 + pad4(sizeof(loader)) +
		pad4(strlen(version) + 1);
	if (strlen(cmdline) >= EBN_MAX_LEN ||
	    (total += pad4(strlen(cmdline) + 1)) > EBN_MAX_LEN)
		return diag_fail(d, -E2BIG,
				 "%s: the command line is %zu bytes; ELF boot notes take at most %u bytes in all",
				 name, strlen(cmdline), EBN_MAX_LEN);
	b = calloc(1, total);
	if (!b)
		return diag_fail(d, -ENOMEM, "out of memory");
	put_note(b, &off, EBN_BOOTLOADER_NAME, loader);
	put_note(b, &off, EBN_BOOTLOADER_VERSION, version);
	put_note(b, &off, EBN_COMMAND_LINE, cmdline);
	put_le(b, EBN_SIGNATURE, 4);
	put_le(b + 4, total, 4);
	put_le(b + 10, 3, 2);
	put_le(b + 8, ebn_checksum(b, total), 2);
	*out = b;
	*len = total;
	return 0;
}
