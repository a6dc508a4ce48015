/* SPDX-License-Identifier: GPL-2.0-or-later */
/* efi.c - the runtime-map entry parser, the EFI descriptor writer and
 * the FDT header check (efi.h; doc/abi.md 17). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "efi.h"
#include "le.h"

typedef unsigned long long ull;

int efi_parse_u64(const char *text, uint64_t *v)
{
	const char *s = text;
	uint64_t x = 0;
	unsigned base = 10;
	int digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; *s && *s != '\n'; s++) {
		unsigned dv;

		if (*s >= '0' && *s <= '9')
			dv = (unsigned)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			dv = (unsigned)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			dv = (unsigned)(*s - 'A' + 10);
		else
			return -EINVAL;
		if (x > (UINT64_MAX - dv) / base)
			return -EINVAL;
		x = x * base + dv;
		digits++;
	}
	if (!digits || (*s == '\n' && s[1] != '\0'))
		return -EINVAL;
	*v = x;
	return 0;
}

int efi_md_parse(struct diag *d, const char *name, const char *type,
		 const char *phys, const char *virt, const char *pages,
		 const char *attr, struct efi_md *out)
{
	const char *const txt[5] = { type, phys, virt, pages, attr };
	static const char *const what[5] = { "type", "phys_addr", "virt_addr",
					     "num_pages", "attribute" };
	uint64_t v[5];
	const uint64_t page_mask = (UINT64_C(1) << EFI_PAGE_SHIFT) - 1;
	int i;

	for (i = 0; i < 5; i++)
		if (efi_parse_u64(txt[i], &v[i]))
			return diag_fail(d, -EINVAL,
					 "%s/%s: not a number", name, what[i]);
	if (v[0] > UINT32_MAX)
		return diag_fail(d, -EINVAL, "%s/type: 0x%llx does not fit 32 bits",
				 name, (ull)v[0]);
	if (v[3] == 0)
		return diag_fail(d, -EINVAL, "%s/num_pages: 0", name);
	if ((v[1] & page_mask) || (v[2] & page_mask))
		return diag_fail(d, -EINVAL,
				 "%s: phys_addr 0x%llx or virt_addr 0x%llx is not page aligned",
				 name, (ull)v[1], (ull)v[2]);
	if (v[3] > (UINT64_MAX >> EFI_PAGE_SHIFT) ||
	    v[1] > UINT64_MAX - (v[3] << EFI_PAGE_SHIFT) + 1)
		return diag_fail(d, -EINVAL,
				 "%s: 0x%llx pages at 0x%llx run past the end of the address space",
				 name, (ull)v[3], (ull)v[1]);
	out->type = (uint32_t)v[0];
	out->phys = v[1];
	out->virt = v[2];
	out->pages = v[3];
	out->attr = v[4];
	return 0;
}

void efi_md_write(uint8_t *buf, const struct efi_md *md, size_t n,
		  uint32_t desc_size)
{
	size_t i;

	memset(buf, 0, n * desc_size);
	for (i = 0; i < n; i++, buf += desc_size) {
		put_le(buf, md[i].type, 4);
		put_le(buf + 8, md[i].phys, 8);
		put_le(buf + 16, md[i].virt, 8);
		put_le(buf + 24, md[i].pages, 8);
		put_le(buf + 32, md[i].attr, 8);
	}
}

void efi_state_free(struct efi_state *e)
{
	free(e->md);
	memset(e, 0, sizeof(*e));
}

static uint32_t get_be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

int fdt_check(struct diag *d, const char *name, const uint8_t *data,
	      size_t len, size_t *size)
{
	uint64_t total, off_struct, off_strings, off_rsv, version, last;

	if (len < FDT_HEADER_SIZE)
		return diag_fail(d, -EINVAL,
				 "%s: %zu bytes, too short for a device tree header (%u)",
				 name, len, FDT_HEADER_SIZE);
	if (get_be32(data) != FDT_MAGIC)
		return diag_fail(d, -EINVAL,
				 "%s: not a flattened device tree (magic 0x%08x, not 0xd00dfeed)",
				 name, get_be32(data));
	total = get_be32(data + 4);
	off_struct = get_be32(data + 8);
	off_strings = get_be32(data + 12);
	off_rsv = get_be32(data + 16);
	version = get_be32(data + 20);
	last = get_be32(data + 24);
	if (total < FDT_HEADER_SIZE || total > len)
		return diag_fail(d, -EINVAL,
				 "%s: device tree totalsize %llu is outside [%u, %zu] (the header and the file)",
				 name, (ull)total, FDT_HEADER_SIZE, len);
	if (version < 16 || last > 17)
		return diag_fail(d, -EINVAL,
				 "%s: device tree version %llu (last compatible %llu): versions 16 and 17 are read",
				 name, (ull)version, (ull)last);
	if (off_rsv < FDT_HEADER_SIZE || off_rsv + 16 > total ||
	    off_struct < FDT_HEADER_SIZE || off_struct + 4 > total ||
	    off_strings < FDT_HEADER_SIZE || off_strings > total)
		return diag_fail(d, -EINVAL,
				 "%s: device tree block offsets (struct 0x%llx, strings 0x%llx, reserve map 0x%llx) lie outside its totalsize %llu",
				 name, (ull)off_struct, (ull)off_strings,
				 (ull)off_rsv, (ull)total);
	if (version >= 17 &&
	    (off_struct + get_be32(data + 36) > total ||
	     off_strings + get_be32(data + 32) > total))
		return diag_fail(d, -EINVAL,
				 "%s: device tree structure (%u bytes) or strings (%u bytes) run past its totalsize %llu",
				 name, get_be32(data + 36), get_be32(data + 32),
				 (ull)total);
	*size = (size_t)total;
	return 0;
}
