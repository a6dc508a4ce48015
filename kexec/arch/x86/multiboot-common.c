/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multiboot-common.c - what the Multiboot 1 and Multiboot2 loaders share
 * (multiboot.h).  Every address is checked to stay below 4 GiB. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "le.h"
#include "multiboot.h"

typedef unsigned long long ull;

#define LOWMEM_MAX  0xa0000ull    /* 640 KiB */
#define ONE_MIB     0x100000ull

int mb_check_opts(struct diag *d, const struct image *img,
		  const struct load_opts *o, const char *what)
{
	if (o->opt.preserve_context)
		return diag_fail(d, -ENOTSUP,
				 "%s: a %s kernel does not return, so it cannot be loaded with --load-preserve-context",
				 img->name, what);
	if (o->opt.crash)
		return diag_fail(d, -ENOTSUP,
				 "%s: a %s kernel cannot be a panic kernel (-p): only Linux kernels are",
				 img->name, what);
	if (o->nmodules != o->opt.nmodules)
		return diag_fail(d, -EINVAL,
				 "%s: %u --module files read for %u --module options",
				 img->name, o->nmodules, o->opt.nmodules);
	return 0;
}

/* Add @filesz bytes at @pa, memsz @memsz, at any alignment: a segment
 * that does not start on a page gets a copy with zeros in front. */
static int add_any(struct diag *d, const struct image *img, const char *label,
		   const uint8_t *data, uint64_t filesz, uint64_t pa,
		   uint64_t memsz, struct plan *p)
{
	uint64_t head = pa % KJ_PAGE_SIZE;
	uint8_t *copy;
	int rc;

	if (memsz == 0)
		return 0;
	if (pa >= MB_LIMIT || memsz > MB_LIMIT - pa)
		return diag_fail(d, -EINVAL,
				 "%s: %s at 0x%llx-0x%llx is not below 4 GiB, where a multiboot kernel starts (32-bit, paging off)",
				 img->name, label, (ull)pa, (ull)(pa + memsz - 1));
	if (head == 0) {
		rc = plan_add(p, d, filesz ? data : NULL, (size_t)filesz, pa,
			      memsz, label, 0);
	} else {
		copy = calloc(1, (size_t)(head + filesz) + 1);
		if (!copy)
			return diag_fail(d, -ENOMEM, "out of memory");
		if (filesz)
			memcpy(copy + head, data, (size_t)filesz);
		rc = plan_add(p, d, copy, (size_t)(head + filesz), pa - head,
			      head + memsz, label, 1);
	}
	if (rc)
		diag_prefix(d, "%s: ", img->name);
	return rc;
}

int mb_load_elf(struct diag *d, const struct image *img, const char *what,
		struct plan *p, struct mb_kernel *k)
{
	struct elf_info e;
	char label[64];
	size_t i, n = 0;
	uint64_t entry;
	int rc, found = 0, bits;

	rc = elf_parse(d, img->name, img->data, img->len, &e);
	if (rc)
		return rc;
	bits = e.elfclass == ELFCLASS64 ? 64 : 32;
	if (!((bits == 32 && (e.machine == EM_386 || e.machine == EM_486)) ||
	      (bits == 64 && e.machine == EM_X86_64))) {
		rc = diag_fail(d, -ENOEXEC,
			       "%s: %s kernel is an ELF%d for machine %u, not i386 or x86_64 (and its header has no load addresses)",
			       img->name, what, bits, e.machine);
		goto out;
	}
	if (e.type != ET_EXEC) {
		rc = diag_fail(d, -ENOEXEC,
			       "%s: %s kernel has ELF type %u, not an executable (ET_EXEC)",
			       img->name, what, e.type);
		goto out;
	}
	entry = e.entry;
	k->lo = UINT64_MAX;
	k->hi = 0;
	for (i = 0; i < e.phnum; i++) {
		const struct elf_phdr *ph = &e.ph[i];

		if (ph->type != PT_LOAD)
			continue;
		snprintf(label, sizeof(label), "%s ELF%d PT_LOAD #%zu", what,
			 bits, n++);
		if (ph->memsz == 0)
			continue;
		/* elf_parse checked offset + filesz <= len, filesz <= memsz */
		rc = add_any(d, img, label, img->data + ph->offset, ph->filesz,
			     ph->paddr, ph->memsz, p);
		if (rc)
			goto out;
		if (ph->paddr < k->lo)
			k->lo = ph->paddr;
		if (ph->paddr + ph->memsz > k->hi)
			k->hi = ph->paddr + ph->memsz;
		if (!found && e.entry >= ph->paddr &&
		    e.entry - ph->paddr < ph->memsz)
			found = 1;
	}
	if (k->hi == 0) {
		rc = diag_fail(d, -ENOEXEC,
			       "%s: %s kernel has no non-empty PT_LOAD segment",
			       img->name, what);
		goto out;
	}
	/* a virtual e_entry: where its PT_LOAD lies physically */
	for (i = 0; !found && i < e.phnum; i++) {
		const struct elf_phdr *ph = &e.ph[i];

		if (ph->type == PT_LOAD && e.entry >= ph->vaddr &&
		    e.entry - ph->vaddr < ph->memsz) {
			entry = e.entry - ph->vaddr + ph->paddr;
			found = 1;
		}
	}
	if (!found) {
		rc = diag_fail(d, -ENOEXEC,
			       "%s: %s kernel's entry e_entry 0x%llx is in none of its PT_LOAD segments",
			       img->name, what, (ull)e.entry);
		goto out;
	}
	k->entry = entry;
	snprintf(p->entry_what, sizeof(p->entry_what), "e_entry");
	rc = 0;
out:
	elf_info_free(&e);
	return rc;
}

int mb_load_addr(struct diag *d, const struct image *img, const char *what,
		 const struct mb_addr *a, uint32_t entry, struct plan *p,
		 struct mb_kernel *k)
{
	uint64_t off, load_end, bss_end, filesz;
	char label[64];
	int rc;

	if (a->load_addr > a->header_addr)
		return diag_fail(d, -EINVAL,
				 "%s: %s header: load_addr 0x%x is above header_addr 0x%x",
				 img->name, what, a->load_addr, a->header_addr);
	if ((uint64_t)a->header_addr - a->load_addr > a->hdr_off)
		return diag_fail(d, -EINVAL,
				 "%s: %s header: load_addr 0x%x is 0x%llx bytes before header_addr 0x%x, but the header is only 0x%x bytes into the file",
				 img->name, what, a->load_addr,
				 (ull)(a->header_addr - a->load_addr),
				 a->header_addr, a->hdr_off);
	off = a->hdr_off - ((uint64_t)a->header_addr - a->load_addr);
	if (a->load_end == 0) {
		load_end = a->load_addr + (img->len - off);
	} else {
		if (a->load_end <= a->load_addr)
			return diag_fail(d, -EINVAL,
					 "%s: %s header: load_end_addr 0x%x is not above load_addr 0x%x",
					 img->name, what, a->load_end,
					 a->load_addr);
		load_end = a->load_end;
		if (load_end - a->load_addr > img->len - off)
			return diag_fail(d, -EINVAL,
					 "%s: %s header: load_addr 0x%x to load_end_addr 0x%x is 0x%llx bytes, past the end of the file (0x%llx bytes from offset 0x%llx)",
					 img->name, what, a->load_addr,
					 a->load_end,
					 (ull)(load_end - a->load_addr),
					 (ull)(img->len - off), (ull)off);
	}
	if (load_end > MB_LIMIT)
		return diag_fail(d, -EINVAL,
				 "%s: %s kernel at 0x%x is 0x%llx bytes long, past 4 GiB",
				 img->name, what, a->load_addr,
				 (ull)(load_end - a->load_addr));
	if (a->header_addr >= load_end)
		return diag_fail(d, -EINVAL,
				 "%s: %s header: header_addr 0x%x is not in the loaded part 0x%x-0x%llx",
				 img->name, what, a->header_addr, a->load_addr,
				 (ull)load_end - 1);
	bss_end = load_end;
	if (a->bss_end) {
		if (a->bss_end < load_end)
			return diag_fail(d, -EINVAL,
					 "%s: %s header: bss_end_addr 0x%x is below the end of the loaded part 0x%llx",
					 img->name, what, a->bss_end,
					 (ull)load_end);
		bss_end = a->bss_end;
	}
	if (entry < a->load_addr || entry >= load_end)
		return diag_fail(d, -EINVAL,
				 "%s: %s header: entry_addr 0x%x is not in the loaded part 0x%x-0x%llx",
				 img->name, what, entry, a->load_addr,
				 (ull)load_end - 1);
	filesz = load_end - a->load_addr;
	snprintf(label, sizeof(label), "%s kernel", what);
	rc = add_any(d, img, label, img->data + off, filesz, a->load_addr,
		     bss_end - a->load_addr, p);
	if (rc)
		return rc;
	k->lo = a->load_addr;
	k->hi = bss_end;
	k->entry = entry;
	snprintf(p->entry_what, sizeof(p->entry_what), "entry_addr");
	return 0;
}

int mb_place_modules(struct diag *d, const struct image *img,
		     const struct load_opts *o, const struct memmap *m,
		     struct plan *p, uint64_t min, uint64_t *pa)
{
	char label[64];
	unsigned i;
	int rc;

	for (i = 0; i < o->nmodules; i++) {
		const struct image *mod = &o->modules[i];
		uint64_t size = mod->len ? mod->len : 1;

		rc = plan_find_space(p, d, m, size, KJ_PAGE_SIZE, min,
				     MB_LIMIT - 1, 0, &pa[i]);
		if (rc) {
			diag_prefix(d, "%s: no room below 4 GiB for module %u (%s, %zu bytes): ",
				    img->name, i, mod->name, mod->len);
			return rc;
		}
		snprintf(label, sizeof(label), "module %u", i);
		rc = plan_add(p, d, mod->len ? mod->data : NULL, mod->len,
			      pa[i], size, label, 0);
		if (rc) {
			diag_prefix(d, "%s: ", img->name);
			return rc;
		}
		min = pa[i] + size;
	}
	return 0;
}

/* The end of the RAM that starts at or before @a and runs on without a
 * hole (adjacent RAM regions count as one); @a itself if none. */
static uint64_t ram_run_end(const struct memmap *m, uint64_t a)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct mem_region *r = &m->v[i];

		if (r->type != MEM_RAM || r->r.end <= a)
			continue;
		if (r->r.start > a)
			break;
		a = r->r.end;
	}
	return a;
}

void mb_mem_sizes(const struct memmap *m, uint32_t *lower, uint32_t *upper)
{
	uint64_t l = ram_run_end(m, 0), u = ram_run_end(m, ONE_MIB);

	if (l > LOWMEM_MAX)
		l = LOWMEM_MAX;
	if (u > MB_LIMIT)
		u = MB_LIMIT;
	*lower = (uint32_t)(l / 1024);
	*upper = (uint32_t)((u - ONE_MIB) / 1024);
}

char *mb_cmdline(const struct image *img, const struct load_opts *o)
{
	const char *args = o->cmdline ? o->cmdline : "";
	size_t n = strlen(img->name) + 1 + strlen(args) + 1;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s%s%s", img->name, args[0] ? " " : "", args);
	return s;
}

int mb_info_alloc(struct diag *d, const struct image *img,
		  const struct plan *p, const struct memmap *m, size_t len,
		  uint64_t min, uint64_t *pa, uint8_t **buf)
{
	int rc = plan_find_space(p, d, m, len, KJ_PAGE_SIZE, min,
				 MB_LIMIT - 1, 0, pa);

	if (rc) {
		diag_prefix(d, "%s: no room below 4 GiB for the boot information (%zu bytes): ",
			    img->name, len);
		return rc;
	}
	*buf = calloc(1, len);
	return *buf ? 0 : diag_fail(d, -ENOMEM, "out of memory");
}

void mb_put_region(uint8_t *e, const struct mem_region *r)
{
	put_le(e, r->r.start, 8);
	put_le(e + 8, r->r.end - r->r.start, 8);
	put_le(e + 16, (uint32_t)r->type, 4);
}

int mb_finish(struct diag *d, const struct image *img, struct plan *p,
	      const struct mb_kernel *k, uint32_t magic, uint8_t *buf,
	      size_t len, uint64_t pa, const char *label)
{
	int rc = plan_add(p, d, buf, len, pa, len, label, 1);

	if (rc) {
		diag_prefix(d, "%s: ", img->name);
		return rc;
	}
	p->entry = k->entry;
	p->entry_bits = 32;
	memset(&p->boot, 0, sizeof(p->boot));
	p->boot.mode = PLAN_BOOT_32;
	p->boot.reg[PLAN_REG_AX] = magic;
	p->boot.reg[PLAN_REG_BX] = pa;
	return 0;
}

int mb_find(const struct image *img, const struct mb_magic *h,
	    uint32_t *off, char *why, size_t whylen)
{
	size_t lim = img->len < h->search ? img->len : h->search, o;
	const char *seen = NULL;
	unsigned i;

	for (o = 0; o + 4 * (size_t)h->nsum <= lim; o += h->align) {
		const uint8_t *b = img->data + o;
		uint32_t sum = 0;

		if (get_le(b, 4) != h->magic)
			continue;
		for (i = 0; i < h->nsum; i++)
			sum += (uint32_t)get_le(b + 4 * i, 4);
		if (sum != 0) {
			if (!seen)
				seen = "magic without a valid checksum";
			continue;
		}
		/* another architecture's header (MIPS is 4) is not ours */
		if (h->arch0 && get_le(b + 4, 4) != 0) {
			seen = "header not for architecture 0 (i386)";
			continue;
		}
		*off = (uint32_t)o;
		return 0;
	}
	if (seen)
		snprintf(why, whylen, "%s %s in the first %zu bytes", h->what,
			 seen, h->search);
	else
		snprintf(why, whylen, "no %s header in the first %zu bytes",
			 h->what, h->search);
	return -ENOEXEC;
}

int mb_probe(struct diag *d, const struct image *img,
	     const struct mb_magic *h, const char *loader)
{
	char why[96];
	uint32_t off;
	int rc = mb_find(img, h, &off, why, sizeof(why));

	if (rc)
		diag_debug(d, "%s: %s: %s", loader, img->name, why);
	return rc;
}

int mb_load_whole(struct diag *d, const struct image *img,
		  const struct load_opts *o, const struct memmap *m,
		  struct plan *p,
		  int (*fn)(struct diag *, const struct image *,
			    const struct load_opts *, const struct memmap *,
			    struct plan *))
{
	size_t n0 = p->nseg, i;
	int rc = fn(d, img, o, m, p);

	if (rc == 0)
		return 0;
	for (i = n0; i < p->nseg && i <= KEXEC_SEGMENT_MAX; i++) {
		if (p->seg[i].owned)
			free((void *)p->seg[i].buf);
		p->seg[i].buf = NULL;
		p->seg[i].owned = 0;
	}
	if (p->nseg > n0)
		p->nseg = n0;
	p->entry_what[0] = '\0';
	return rc;
}
