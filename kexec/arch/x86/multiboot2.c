/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multiboot2.c - Multiboot2 kernels (specification 1.6), type
 * multiboot2-x86 (doc/abi.md "Multiboot").
 *
 * The header: magic 0xE85250D6, architecture (0 = i386 protected
 * mode), header_length, checksum (the four sum to 0 mod 2^32), 8-byte
 * aligned and wholly within the first 32768 bytes; then 8-byte aligned
 * tags (type, flags, size) up to the end tag (type 0, size 8).  Flags
 * bit 0 marks a tag optional: an optional tag we cannot honour is
 * ignored, a required one refused (one line naming the tag):
 *   1 information request: every type listed must be one we give
 *     (1, 2, 3, 4, 6; the ACPI RSDP tags 14/15 are never given: a
 *     loader cannot read the RSDP bytes, see doc/abi.md);
 *   2 address, 3 entry address: fixed load addresses, as Multiboot 1's
 *     a.out kludge; without the address tag the file must be an ELF;
 *   4 console flags: refused when required and bit 0 (a console must
 *     be present and described) is set;
 *   5 framebuffer: refused when required (we set no video mode);
 *   6 module alignment: honoured (modules are always page aligned);
 *   7 EFI boot services, 8/9 EFI i386/amd64 entry: refused when
 *     required (kexec does not boot through EFI);
 *   10 relocatable: the image is loaded at its own addresses anyway.
 *
 * The kernel starts like a Multiboot 1 kernel, with EAX = 0x36D76289
 * and EBX = the information: total_size, reserved, then 8-byte aligned
 * tags: command line (1), boot loader name (2), one per module (3),
 * basic memory information (4), memory map (6), end (0).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "le.h"
#include "multiboot.h"

typedef unsigned long long ull;

#define MB2_MAGIC        0xE85250D6u
#define MB2_BOOT_MAGIC   0x36D76289u
#define MB2_SEARCH       32768u
#define MB2_HDR_FIXED    16u
#define MB2_TAG_HDR      8u

/* header tags */
enum { HT_END, HT_INFO_REQ, HT_ADDRESS, HT_ENTRY, HT_CONSOLE,
       HT_FRAMEBUFFER, HT_MODALIGN, HT_EFI_BS, HT_ENTRY_EFI32,
       HT_ENTRY_EFI64, HT_RELOCATABLE };
#define HT_F_OPTIONAL    0x1u

/* information tags */
#define IT_END           0
#define IT_CMDLINE       1
#define IT_LOADER        2
#define IT_MODULE        3
#define IT_MEMINFO       4
#define IT_MMAP          6
#define MMAP_ENTRY       24u

#define ALIGN8(x) (((x) + 7u) & ~(size_t)7u)

static const char *const ht_names[] = {
	"end", "information request", "address", "entry address",
	"console flags", "framebuffer", "module alignment",
	"EFI boot services", "EFI i386 entry address",
	"EFI amd64 entry address", "relocatable",
};

struct mb2_hdr {
	uint32_t off, len;          /* in the file */
	int have_addr, have_entry;
	struct mb_addr addr;
	uint32_t entry;
};

static const struct mb_magic mb2_magic = {
	"multiboot2", MB2_MAGIC, 8, 4, MB2_SEARCH, 1
};

static int mb2_probe(struct diag *d, const struct image *img)
{
	return mb_probe(d, img, &mb2_magic, "multiboot2-x86");
}

static const char *ht_name(unsigned t)
{
	return t < sizeof(ht_names) / sizeof(ht_names[0]) ? ht_names[t] :
	       "unknown";
}

/* One information request: refuse (if required) what we do not give. */
static int info_request(struct diag *d, const struct image *img,
			const uint8_t *t, uint32_t size, int optional)
{
	uint32_t i;

	for (i = MB2_TAG_HDR; i + 4 <= size; i += 4) {
		uint32_t want = (uint32_t)get_le(t + i, 4);

		if (want == IT_END || want == IT_CMDLINE || want == IT_LOADER ||
		    want == IT_MODULE || want == IT_MEMINFO || want == IT_MMAP)
			continue;
		if (optional)
			continue;
		return diag_fail(d, -ENOTSUP,
				 "%s: the multiboot2 header requires information tag type %u, which kexec cannot provide (it gives types 1, 2, 3, 4 and 6)",
				 img->name, want);
	}
	return 0;
}

/* Walk and check the header's tags. */
static int mb2_parse(struct diag *d, const struct image *img, uint32_t off,
		     struct mb2_hdr *h)
{
	const uint8_t *b = img->data + off;
	uint32_t pos = MB2_HDR_FIXED;
	int rc;

	memset(h, 0, sizeof(*h));
	h->off = off;
	h->len = (uint32_t)get_le(b + 8, 4);
	if (h->len < MB2_HDR_FIXED + MB2_TAG_HDR)
		return diag_fail(d, -EINVAL,
				 "%s: multiboot2 header_length %u is too short for the fixed part and an end tag (24 bytes)",
				 img->name, h->len);
	if (h->len > img->len - off || h->len > MB2_SEARCH - off)
		return diag_fail(d, -EINVAL,
				 "%s: multiboot2 header at 0x%x with header_length %u extends past %s",
				 img->name, off, h->len,
				 h->len > img->len - off ? "the end of the file" :
				 "the first 32768 bytes");
	for (;;) {
		const uint8_t *t = b + pos;
		unsigned type, flags;
		uint32_t size;
		int optional;

		if (h->len - pos < MB2_TAG_HDR)
			return diag_fail(d, -EINVAL,
					 "%s: multiboot2 header: no end tag within header_length %u",
					 img->name, h->len);
		type = (unsigned)get_le(t, 2);
		flags = (unsigned)get_le(t + 2, 2);
		size = (uint32_t)get_le(t + 4, 4);
		optional = flags & HT_F_OPTIONAL;
		if (size < MB2_TAG_HDR || size > h->len - pos)
			return diag_fail(d, -EINVAL,
					 "%s: multiboot2 header: %s tag (type %u) at offset %u has size %u, outside 8..%u",
					 img->name, ht_name(type), type, pos,
					 size, h->len - pos);
		switch (type) {
		case HT_END:
			return 0;
		case HT_INFO_REQ:
			rc = info_request(d, img, t, size, optional);
			if (rc)
				return rc;
			break;
		case HT_ADDRESS:
			if (size < 24)
				return diag_fail(d, -EINVAL,
						 "%s: multiboot2 header: address tag has size %u, not 24",
						 img->name, size);
			h->have_addr = 1;
			h->addr.hdr_off = off;
			h->addr.header_addr = (uint32_t)get_le(t + 8, 4);
			h->addr.load_addr = (uint32_t)get_le(t + 12, 4);
			h->addr.load_end = (uint32_t)get_le(t + 16, 4);
			h->addr.bss_end = (uint32_t)get_le(t + 20, 4);
			break;
		case HT_ENTRY:
			if (size < 12)
				return diag_fail(d, -EINVAL,
						 "%s: multiboot2 header: entry address tag has size %u, not 12",
						 img->name, size);
			h->have_entry = 1;
			h->entry = (uint32_t)get_le(t + 8, 4);
			break;
		case HT_CONSOLE:
			if (size < 12)
				return diag_fail(d, -EINVAL,
						 "%s: multiboot2 header: console flags tag has size %u, not 12",
						 img->name, size);
			if (!optional && (get_le(t + 8, 4) & 1))
				return diag_fail(d, -ENOTSUP,
						 "%s: the multiboot2 header requires a described console (console flags tag, bit 0), which kexec cannot provide",
						 img->name);
			break;
		case HT_MODALIGN:
		case HT_RELOCATABLE:
			break;
		case HT_FRAMEBUFFER:
		case HT_EFI_BS:
		case HT_ENTRY_EFI32:
		case HT_ENTRY_EFI64:
		default:
			if (!optional)
				return diag_fail(d, -ENOTSUP,
						 "%s: the multiboot2 header requires the %s tag (type %u), which kexec cannot honour%s",
						 img->name, ht_name(type), type,
						 type == HT_FRAMEBUFFER ? " (it sets no video mode)" :
						 type >= HT_EFI_BS && type <= HT_ENTRY_EFI64 ?
						 " (it does not boot through EFI)" : "");
			break;
		}
		pos += (uint32_t)ALIGN8(size);
		if (pos > h->len)
			return diag_fail(d, -EINVAL,
					 "%s: multiboot2 header: no end tag within header_length %u",
					 img->name, h->len);
	}
}

/* Append a tag header at @b + *pos; returns the tag's start. */
static uint8_t *tag(uint8_t *b, size_t *pos, uint32_t type, size_t size)
{
	uint8_t *t = b + *pos;

	put_le(t, type, 4);
	put_le(t + 4, size, 4);
	*pos += ALIGN8(size);
	return t;
}

static int mb2_load_plan(struct diag *d, const struct image *img,
		    const struct load_opts *o, const struct memmap *m,
		    struct plan *p)
{
	uint64_t mod_pa[OPT_MAX_MODULES], info_pa;
	uint32_t off, lower, upper;
	struct mb_kernel k;
	struct mb2_hdr h;
	size_t len, pos, i, nmap = m->n, clen;
	uint8_t *b, *t;
	char why[96], *cmd;
	int rc;

	rc = mb_check_opts(d, img, o, "multiboot2");
	if (rc)
		return rc;
	rc = mb_find(img, &mb2_magic, &off, why, sizeof(why));
	if (rc)
		return diag_fail(d, rc, "%s: not a multiboot2 kernel (%s)",
				 img->name, why);
	rc = mb2_parse(d, img, off, &h);
	if (rc)
		return rc;
	if (h.have_addr) {
		if (!h.have_entry)
			return diag_fail(d, -EINVAL,
					 "%s: the multiboot2 header has an address tag but no entry address tag",
					 img->name);
		rc = mb_load_addr(d, img, "multiboot2", &h.addr, h.entry, p,
				  &k);
	} else {
		rc = mb_load_elf(d, img, "multiboot2", p, &k);
		if (rc == 0 && h.have_entry) {
			/* the tag wins over e_entry */
			if (h.entry < k.lo || h.entry >= k.hi)
				return diag_fail(d, -EINVAL,
						 "%s: multiboot2 entry address 0x%x is outside the loaded kernel 0x%llx-0x%llx",
						 img->name, h.entry,
						 (ull)k.lo, (ull)k.hi - 1);
			k.entry = h.entry;
			snprintf(p->entry_what, sizeof(p->entry_what),
				 "entry_addr");
		}
	}
	if (rc)
		return rc;
	rc = mb_place_modules(d, img, o, m, p, k.hi, mod_pa);
	if (rc)
		return rc;

	cmd = mb_cmdline(img, o);
	if (!cmd)
		return diag_fail(d, -ENOMEM, "out of memory");
	clen = strlen(cmd) + 1;
	len = 8 + ALIGN8(8 + clen) + ALIGN8(8 + sizeof(MB_LOADER_NAME)) +
	      16 + ALIGN8(16 + nmap * MMAP_ENTRY) + 8;
	for (i = 0; i < o->nmodules; i++)
		len += ALIGN8(16 + strlen(o->opt.modules[i]) + 1);
	rc = mb_info_alloc(d, img, p, m, len, k.hi, &info_pa, &b);
	if (rc) {
		free(cmd);
		return rc;
	}
	pos = 8;
	t = tag(b, &pos, IT_CMDLINE, 8 + clen);
	memcpy(t + 8, cmd, clen);
	free(cmd);
	t = tag(b, &pos, IT_LOADER, 8 + sizeof(MB_LOADER_NAME));
	memcpy(t + 8, MB_LOADER_NAME, sizeof(MB_LOADER_NAME));
	for (i = 0; i < o->nmodules; i++) {
		size_t n = strlen(o->opt.modules[i]) + 1;

		t = tag(b, &pos, IT_MODULE, 16 + n);
		put_le(t + 8, mod_pa[i], 4);
		put_le(t + 12, mod_pa[i] + o->modules[i].len, 4);
		memcpy(t + 16, o->opt.modules[i], n);
	}
	mb_mem_sizes(m, &lower, &upper);
	t = tag(b, &pos, IT_MEMINFO, 16);
	put_le(t + 8, lower, 4);
	put_le(t + 12, upper, 4);
	t = tag(b, &pos, IT_MMAP, 16 + nmap * MMAP_ENTRY);
	put_le(t + 8, MMAP_ENTRY, 4);
	put_le(t + 12, 0, 4);
	for (i = 0; i < nmap; i++)
		mb_put_region(t + 16 + i * MMAP_ENTRY, &m->v[i]);
	tag(b, &pos, IT_END, 8);
	put_le(b, pos, 4);        /* total_size; reserved stays 0 */
	return mb_finish(d, img, p, &k, MB2_BOOT_MAGIC, b, len, info_pa,
			 "multiboot2 information");
}

static int mb2_load(struct diag *d, const struct image *img,
		    const struct load_opts *o, const struct memmap *m,
		    struct plan *p)
{
	return mb_load_whole(d, img, o, m, p, mb2_load_plan);
}

const struct loader multiboot2_x86_loader = {
	.name = "multiboot2-x86",
	.summary = "Multiboot2 kernel (ELF or address tag), --module",
	.flags = 0,
	.takes = OPT_G(OPT_G_APPEND) | OPT_G(OPT_G_REUSE_CMDLINE) |
		 OPT_G(OPT_G_MODULE),
	.probe = mb2_probe,
	.load = mb2_load,
};
