/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pe.c - PE/COFF section tables and the EFI zboot header (pe.h).
 *
 * PE layout used (doc/abi.md 19.1): "MZ" at 0; e_lfanew (u32) at 0x3C
 * points to "PE\0\0"; the 20-byte COFF header follows it (Machine u16 at
 * +0, NumberOfSections u16 at +2, SizeOfOptionalHeader u16 at +16); the
 * section table starts after the optional header, 40 bytes per section
 * (Name[8], VirtualSize, VirtualAddress, SizeOfRawData, PointerToRawData,
 * ... as u32s from +8).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decompress.h"
#include "le.h"
#include "pe.h"

typedef unsigned long long ull;

int pe_parse(const uint8_t *b, size_t len, struct pe_info *pe, char *why,
	     size_t whylen)
{
	uint64_t lfanew, sec_off, end;
	unsigned optlen;

	memset(pe, 0, sizeof(*pe));
	if (len < PE_DOS_HDR_LEN || get_le(b, 2) != PE_DOS_MAGIC) {
		snprintf(why, whylen, "no \"MZ\" DOS header");
		return PE_NOT_PE;
	}
	lfanew = get_le(b + PE_LFANEW, 4);
	if (lfanew + 4 > len || get_le(b + lfanew, 4) != PE_SIG) {
		snprintf(why, whylen,
			 "no \"PE\\0\\0\" signature at e_lfanew 0x%llx",
			 (ull)lfanew);
		return PE_NOT_PE;
	}
	if (lfanew + 4 + PE_COFF_LEN > len) {
		snprintf(why, whylen,
			 "truncated: the COFF header at 0x%llx ends at 0x%llx, the file at 0x%zx",
			 (ull)lfanew + 4, (ull)lfanew + 4 + PE_COFF_LEN, len);
		return PE_BROKEN;
	}
	pe->pe_off = (uint32_t)lfanew;
	pe->machine = (uint16_t)get_le(b + lfanew + 4, 2);
	pe->nsec = (unsigned)get_le(b + lfanew + 6, 2);
	optlen = (unsigned)get_le(b + lfanew + 20, 2);
	sec_off = lfanew + 4 + PE_COFF_LEN + optlen;
	end = sec_off + (uint64_t)pe->nsec * PE_SECHDR_LEN;
	if (end > len) {
		snprintf(why, whylen,
			 "truncated: the table of %u sections at 0x%llx ends at 0x%llx, the file at 0x%zx",
			 pe->nsec, (ull)sec_off, (ull)end, len);
		return PE_BROKEN;
	}
	pe->sec_off = (size_t)sec_off;
	return 0;
}

void pe_section_get(const uint8_t *b, const struct pe_info *pe, unsigned i,
		    struct pe_section *s)
{
	const uint8_t *h = b + pe->sec_off + (size_t)i * PE_SECHDR_LEN;

	memcpy(s->name, h, 8);
	s->name[8] = '\0';
	s->vsize = (uint32_t)get_le(h + 8, 4);
	s->vaddr = (uint32_t)get_le(h + 12, 4);
	s->rawsize = (uint32_t)get_le(h + 16, 4);
	s->rawoff = (uint32_t)get_le(h + 20, 4);
	s->len = s->vsize && s->vsize <= s->rawsize ? s->vsize : s->rawsize;
}

int pe_find(const uint8_t *b, const struct pe_info *pe, const char *name,
	    unsigned *count)
{
	struct pe_section s;
	int found = -1;
	unsigned i;

	*count = 0;
	for (i = 0; i < pe->nsec; i++) {
		pe_section_get(b, pe, i, &s);
		if (strcmp(s.name, name) != 0)
			continue;
		if (found < 0)
			found = (int)i;
		(*count)++;
	}
	return found;
}

int pe_section_check(struct diag *d, const char *file,
		     const struct pe_section *s, size_t len)
{
	uint64_t end = (uint64_t)s->rawoff + s->len;

	if (s->len && (s->rawoff >= len || end > len))
		return diag_fail(d, -EINVAL,
				 "%s: section %s: its data (0x%llx bytes at file offset 0x%llx) runs past the end of the file (0x%zx bytes)",
				 file, s->name, (ull)s->len, (ull)s->rawoff,
				 len);
	return 0;
}

int pe_has_section(const uint8_t *h, size_t n, const char *name)
{
	struct pe_info pe;
	unsigned count;
	char why[160];

	return pe_parse(h, n, &pe, why, sizeof(why)) == 0 &&
	       pe_find(h, &pe, name, &count) >= 0;
}

int pe_file_has_section(const char *path, const char *name)
{
	enum { HEAD = 64 * 1024 };
	uint8_t *h;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), found = 0;

	if (fd < 0)
		return 0;
	h = malloc(HEAD);
	n = h ? pread(fd, h, HEAD, 0) : -1;
	close(fd);
	if (n > 0)
		found = pe_has_section(h, (size_t)n, name);
	free(h);
	return found;
}

/* ---- EFI zboot ---- */

int zboot_parse(const uint8_t *b, size_t len, struct zboot_info *z,
		char *why, size_t whylen)
{
	uint64_t off, n;
	size_t i;

	memset(z, 0, sizeof(*z));
	if (len < ZBOOT_MAGIC_OFF + 4 || get_le(b, 2) != PE_DOS_MAGIC ||
	    memcmp(b + ZBOOT_MAGIC_OFF, "zimg", 4) != 0) {
		snprintf(why, whylen, "no \"MZ\" and \"zimg\"");
		return PE_NOT_PE;
	}
	if (len < ZBOOT_HDR_LEN) {
		snprintf(why, whylen,
			 "truncated: 0x%zx bytes, the zboot header has 0x%x",
			 len, ZBOOT_HDR_LEN);
		return PE_BROKEN;
	}
	for (i = ZBOOT_COMP_OFF; i < ZBOOT_COMP_END && b[i]; i++)
		z->comp[i - ZBOOT_COMP_OFF] = (char)b[i];
	if (i == ZBOOT_COMP_END) {
		snprintf(why, whylen,
			 "the compression type at 0x%x is not NUL-terminated before 0x%x",
			 ZBOOT_COMP_OFF, ZBOOT_COMP_END);
		return PE_BROKEN;
	}
	for (i = 0; z->comp[i]; i++)
		if ((unsigned char)z->comp[i] < 0x20 ||
		    (unsigned char)z->comp[i] > 0x7e)
			z->comp[i] = '?';
	off = get_le(b + ZBOOT_PAYLOAD_OFF, 4);
	n = get_le(b + ZBOOT_PAYLOAD_LEN, 4);
	if (n == 0 || off < ZBOOT_HDR_LEN || off + n > len) {
		snprintf(why, whylen,
			 "the payload (0x%llx bytes at 0x%llx) is %s (file 0x%zx bytes)",
			 (ull)n, (ull)off,
			 n == 0 ? "empty" : off < ZBOOT_HDR_LEN ?
			 "inside the header" : "past the end of the file",
			 len);
		return PE_BROKEN;
	}
	z->payload_off = (uint32_t)off;
	z->payload_len = (uint32_t)n;
	return 0;
}

/* Compression type names in zboot headers (Linux's Makefile.zboot
 * comp-type, 6.1 .. 7.2) and the decompressor each needs. */
static const struct {
	const char *name;
	enum decomp_fmt fmt;
} zboot_types[] = {
	{ "gzip", DECOMP_GZIP },
	{ "zstd", DECOMP_ZSTD },
	{ "zstd22", DECOMP_ZSTD },
	{ "lzma", DECOMP_LZMA },
	{ "xzkern", DECOMP_XZ },
};

int zboot_unwrap(struct diag *d, struct image *img)
{
	enum decomp_fmt f = DECOMP_NONE;
	struct zboot_info z;
	char why[160], what[512];
	uint8_t *out;
	size_t outlen, i;
	int rc;

	rc = zboot_parse(img->data, img->len, &z, why, sizeof(why));
	if (rc == PE_NOT_PE)
		return 0;
	if (rc)
		return diag_fail(d, -EINVAL, "%.400s: PE/zboot image: %s",
				 img->name, why);
	for (i = 0; i < sizeof(zboot_types) / sizeof(zboot_types[0]); i++)
		if (strcmp(z.comp, zboot_types[i].name) == 0)
			f = zboot_types[i].fmt;
	if (f == DECOMP_NONE)
		return diag_fail(d, -ENOTSUP,
				 "%.400s: PE/zboot image (%s payload): this kexec cannot decompress %s (it takes gzip, zstd, lzma and xzkern)",
				 img->name, z.comp[0] ? z.comp : "unnamed",
				 z.comp[0] ? z.comp : "an unnamed format");
	if (decomp_detect(img->data + z.payload_off, z.payload_len) != f)
		return diag_fail(d, -EINVAL,
				 "%.400s: PE/zboot image: the payload at 0x%x does not start like %s data, as the header says",
				 img->name, z.payload_off, decomp_name(f));
	snprintf(what, sizeof(what), "%.400s: PE/zboot %s payload", img->name,
		 z.comp);
	rc = decomp_buf(d, what, f, img->data + z.payload_off, z.payload_len,
			DECOMP_LIMIT, decomp_built_in(), &out, &outlen);
	if (rc)
		return rc;
	diag_debug(d, "%s: PE/zboot, %s payload of %u bytes at 0x%x decompressed to %zu",
		   img->name, z.comp, z.payload_len, z.payload_off, outlen);
	img->file_len = img->len;
	image_set_data(img, out, outlen);
	img->compression = decomp_name(f);
	return 0;
}

int zboot_file_magic(const char *path)
{
	uint8_t h[ZBOOT_MAGIC_OFF + 4];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = pread(fd, h, sizeof(h), 0);
	close(fd);
	return n == (ssize_t)sizeof(h) && zboot_magic(h, sizeof(h));
}

int zboot_magic(const uint8_t *h, size_t n)
{
	return n >= ZBOOT_MAGIC_OFF + 4 && get_le(h, 2) == PE_DOS_MAGIC &&
	       memcmp(h + ZBOOT_MAGIC_OFF, "zimg", 4) == 0;
}
