/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kimage-read.c - find and read a loaded kexec image's source pages
 * through /proc/kallsyms and /proc/kcore (see kimage-read.h).
 *
 * Kernel facts used (read in the 6.1.192 and 6.12.117 sources):
 *  - include/linux/kexec.h (6.1 line 321, 6.12 line 294): struct kimage
 *    starts with `kimage_entry_t head;`, and kimage_entry_t is `unsigned
 *    long` (both versions, line 78): 8 bytes on x86_64, 4 on i386.
 *  - include/linux/kexec.h (both, lines 5-13): IND_DESTINATION_BIT 0,
 *    IND_INDIRECTION_BIT 1, IND_DONE_BIT 2, IND_SOURCE_BIT 3.
 *  - kernel/kexec_core.c: an entry is a page address | one flag; the list
 *    starts with head, which the first kimage_add_entry() turns into an
 *    INDIRECTION entry; a SOURCE entry serves the current destination
 *    and advances it by one page; the walk stops at a zero entry or DONE.
 *  - fs/proc/kcore.c (6.1 lines 402-412, 6.12 lines 399-409): PT_LOAD
 *    p_offset = vaddr - PAGE_OFFSET + data_offset, p_filesz = p_memsz =
 *    size; p_paddr = __pa(addr) for KCORE_RAM (the direct map),
 *    __pa_symbol(addr) for KCORE_TEXT (the kernel image), and
 *    (elf_addr_t)-1 for everything else (vmalloc, modules, vmemmap,
 *    user/vsyscall).  Kernels before that assignment wrote 0 for every
 *    PT_LOAD, so a p_paddr of 0 is "unknown", except where it is the
 *    only p_paddr that is not all-ones: an i386 kernel with
 *    CONFIG_HIGHMEM describes all of its low memory as one KCORE_RAM
 *    entry at __va(0) (6.12 fs/proc/kcore.c, the CONFIG_HIGHMEM
 *    kcore_ram_list()), and has no text entry (ARCH_PROC_KCORE_TEXT is
 *    x86_64's).
 *
 * On i386, highmem pages are not in /proc/kcore: a source page there
 * (source pages are GFP_HIGHUSER) makes the read fail with "not covered".
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kimage-read.h"

struct kcore_seg {
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t offset;
	uint64_t size;     /* p_filesz */
	int has_pa;
};

struct kcore {
	int fd;                      /* -1 for a memory buffer */
	const unsigned char *mem;
	uint64_t file_size;
	int size_known;
	unsigned word;               /* 4 or 8 */
	struct kcore_seg *seg;
	size_t nseg;
	char *name;
};

#define FILE_OFF_MAX ((uint64_t)INT64_MAX)

static uint64_t get_le(const unsigned char *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

/* Read exactly @n bytes at file offset @off. */
static int read_at(struct diag *d, struct kcore *kc, uint64_t off,
		   void *buf, size_t n, const char *what)
{
	size_t done = 0;

	if (off > FILE_OFF_MAX || n > FILE_OFF_MAX - off)
		return diag_fail(d, -EOVERFLOW,
				 "%s: %s at offset %#" PRIx64 " is out of range",
				 kc->name, what, off);
	if (kc->size_known && off + n > kc->file_size)
		return diag_fail(d, -EIO,
				 "%s: %s (offset %#" PRIx64 ", %zu bytes) extends beyond the end of the file (%" PRIu64 " bytes)",
				 kc->name, what, off, n, kc->file_size);
	if (kc->mem) {
		memcpy(buf, kc->mem + off, n);
		return 0;
	}
	while (done < n) {
		ssize_t r = pread(kc->fd, (char *)buf + done, n - done,
				  (off_t)(off + done));

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return diag_fail(d, -errno, "%s: reading %s at offset %#" PRIx64 ": %s",
					 kc->name, what, off + done,
					 strerror(errno));
		}
		if (r == 0)
			return diag_fail(d, -EIO,
					 "%s: short read of %s at offset %#" PRIx64 " (%zu of %zu bytes)",
					 kc->name, what, off, done, n);
		done += (size_t)r;
	}
	return 0;
}

static int parse_headers(struct diag *d, struct kcore *kc)
{
	unsigned char eh[64];
	unsigned char *ph = NULL;
	uint64_t phoff, tab;
	unsigned cls, machine, type, phentsize, phnum, stdent;
	size_t i, nzero = 0;   /* PT_LOADs with a p_paddr */
	int rc;

	if (kc->size_known && kc->file_size < 52)
		return diag_fail(d, -ENOEXEC, "%s: truncated: too short for an ELF header (%" PRIu64 " bytes)",
				 kc->name, kc->file_size);
	rc = read_at(d, kc, 0, eh, 52, "the ELF header");
	if (rc)
		return rc;
	if (memcmp(eh, "\177ELF", 4) != 0)
		return diag_fail(d, -ENOEXEC, "%s: not an ELF file", kc->name);
	cls = eh[4];
	if (cls != 1 && cls != 2)
		return diag_fail(d, -ENOEXEC, "%s: unknown ELF class %u",
				 kc->name, cls);
	if (eh[5] != 1)
		return diag_fail(d, -ENOEXEC, "%s: not a little-endian ELF file",
				 kc->name);
	if (cls == 2) {
		if (kc->size_known && kc->file_size < 64)
			return diag_fail(d, -ENOEXEC, "%s: truncated: too short for an ELF64 header",
					 kc->name);
		rc = read_at(d, kc, 52, eh + 52, 12, "the ELF header");
		if (rc)
			return rc;
	}
	type = (unsigned)get_le(eh + 16, 2);
	machine = (unsigned)get_le(eh + 18, 2);
	if (type != 4)
		return diag_fail(d, -ENOEXEC, "%s: not an ELF core file (e_type %u)",
				 kc->name, type);
	if ((cls == 2 && machine != 62) || (cls == 1 && machine != 3))
		return diag_fail(d, -ENOEXEC, "%s: ELF%s core for machine %u, not %s",
				 kc->name, cls == 2 ? "64" : "32", machine,
				 cls == 2 ? "x86_64" : "i386");
	if (cls == 2) {
		kc->word = 8;
		phoff = get_le(eh + 32, 8);
		phentsize = (unsigned)get_le(eh + 54, 2);
		phnum = (unsigned)get_le(eh + 56, 2);
		stdent = 56;
	} else {
		kc->word = 4;
		phoff = get_le(eh + 28, 4);
		phentsize = (unsigned)get_le(eh + 42, 2);
		phnum = (unsigned)get_le(eh + 44, 2);
		stdent = 32;
	}
	if (phentsize < stdent || phentsize > 1024)
		return diag_fail(d, -ENOEXEC, "%s: bad e_phentsize %u (ELF%s needs %u)",
				 kc->name, phentsize, cls == 2 ? "64" : "32",
				 stdent);
	if (phnum == 0)
		return diag_fail(d, -ENOEXEC, "%s: no program headers", kc->name);
	if (phnum > KCORE_MAX_PHNUM)
		return diag_fail(d, -ENOEXEC, "%s: %u program headers (more than %u)",
				 kc->name, phnum, KCORE_MAX_PHNUM);
	tab = (uint64_t)phentsize * phnum;
	if (phoff > FILE_OFF_MAX || tab > FILE_OFF_MAX - phoff)
		return diag_fail(d, -ENOEXEC, "%s: program header table offset %#" PRIx64 " out of range",
				 kc->name, phoff);
	if (kc->size_known && phoff + tab > kc->file_size)
		return diag_fail(d, -ENOEXEC, "%s: truncated: program headers end at %" PRIu64 ", file has %" PRIu64 " bytes",
				 kc->name, phoff + tab, kc->file_size);
	ph = malloc((size_t)tab);
	kc->seg = calloc(phnum, sizeof(*kc->seg));
	if (!ph || !kc->seg) {
		free(ph);
		return diag_fail(d, -ENOMEM, "%s: out of memory", kc->name);
	}
	rc = read_at(d, kc, phoff, ph, (size_t)tab, "the program headers");
	if (rc) {
		free(ph);
		return rc;
	}
	for (i = 0; i < phnum; i++) {
		const unsigned char *p = ph + i * phentsize;
		struct kcore_seg s;
		uint64_t none;

		if (get_le(p, 4) != 1)   /* PT_LOAD */
			continue;
		if (cls == 2) {
			s.offset = get_le(p + 8, 8);
			s.vaddr = get_le(p + 16, 8);
			s.paddr = get_le(p + 24, 8);
			s.size = get_le(p + 32, 8);
			none = UINT64_MAX;
		} else {
			s.offset = get_le(p + 4, 4);
			s.vaddr = get_le(p + 8, 4);
			s.paddr = get_le(p + 12, 4);
			s.size = get_le(p + 16, 4);
			none = UINT32_MAX;
		}
		if (s.size == 0)
			continue;
		if (s.offset > FILE_OFF_MAX || s.size > FILE_OFF_MAX - s.offset) {
			free(ph);
			return diag_fail(d, -ENOEXEC, "%s: PT_LOAD %zu: offset %#" PRIx64 " + size %#" PRIx64 " out of range",
					 kc->name, i, s.offset, s.size);
		}
		/* A virtual range may end exactly at the top of the address
		 * space; beyond that it wraps, which no kernel produces. */
		if (s.size - 1 > UINT64_MAX - s.vaddr ||
		    (cls == 1 && s.vaddr + (s.size - 1) > UINT32_MAX)) {
			free(ph);
			return diag_fail(d, -ENOEXEC, "%s: PT_LOAD %zu: virtual range %#" PRIx64 "+%#" PRIx64 " wraps",
					 kc->name, i, s.vaddr, s.size);
		}
		s.has_pa = s.paddr != none && s.paddr != 0 &&
			   s.size - 1 <= UINT64_MAX - s.paddr;
		if (s.paddr != none)
			nzero++;       /* counts every p_paddr given */
		kc->seg[kc->nseg++] = s;
	}
	free(ph);
	/* the only p_paddr, and it is 0: RAM from 0 (see the top) */
	for (i = 0; nzero == 1 && i < kc->nseg; i++)
		if (kc->seg[i].paddr == 0)
			kc->seg[i].has_pa = 1;
	return 0;
}

static int kcore_new(struct diag *d, const char *name, struct kcore **out)
{
	struct kcore *kc = calloc(1, sizeof(*kc));

	*out = NULL;
	if (!kc || !(kc->name = strdup(name ? name : "kcore"))) {
		free(kc);
		return diag_fail(d, -ENOMEM, "out of memory");
	}
	kc->fd = -1;
	*out = kc;
	return 0;
}

int kcore_open(struct diag *d, const char *path, struct kcore **out)
{
	struct kcore *kc;
	struct stat st;
	int rc, e;

	*out = NULL;
	rc = kcore_new(d, path, &kc);
	if (rc)
		return rc;
	kc->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (kc->fd < 0) {
		e = errno;
		kcore_close(kc);
		if (e == ENOENT)
			return diag_fail(d, -ENOENT, "%s does not exist: this kernel has no /proc/kcore (CONFIG_PROC_KCORE)",
					 path);
		if (e == EPERM || e == EACCES)
			return diag_fail(d, -e, "cannot open %s: %s (needs root with CAP_SYS_RAWIO, and no kernel lockdown)",
					 path, strerror(e));
		return diag_fail(d, -e, "cannot open %s: %s", path, strerror(e));
	}
	if (fstat(kc->fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		kc->file_size = (uint64_t)st.st_size;
		kc->size_known = 1;
	}
	rc = parse_headers(d, kc);
	if (rc) {
		kcore_close(kc);
		return rc;
	}
	*out = kc;
	return 0;
}

int kcore_open_mem(struct diag *d, const void *buf, size_t len,
		   const char *name, struct kcore **out)
{
	struct kcore *kc;
	int rc;

	*out = NULL;
	rc = kcore_new(d, name, &kc);
	if (rc)
		return rc;
	kc->mem = buf;
	kc->file_size = len;
	kc->size_known = 1;
	rc = parse_headers(d, kc);
	if (rc) {
		kcore_close(kc);
		return rc;
	}
	*out = kc;
	return 0;
}

void kcore_close(struct kcore *kc)
{
	if (!kc)
		return;
	if (kc->fd >= 0)
		close(kc->fd);
	free(kc->seg);
	free(kc->name);
	free(kc);
}

unsigned kcore_word_size(const struct kcore *kc)
{
	return kc->word;
}

int kcore_load_seg(const struct kcore *kc, size_t i, uint64_t *vaddr,
		   uint64_t *paddr, uint64_t *size)
{
	if (i >= kc->nseg)
		return -ENOENT;
	*vaddr = kc->seg[i].vaddr;
	*paddr = kc->seg[i].has_pa ? kc->seg[i].paddr : UINT64_MAX;
	*size = kc->seg[i].size;
	return 0;
}

/* Shared by the VA and PA readers: @phys selects which address of the
 * segments is matched. */
static int read_addr(struct diag *d, struct kcore *kc, uint64_t addr,
		     void *buf, size_t len, int phys)
{
	unsigned char *out = buf;

	while (len) {
		const struct kcore_seg *s = NULL;
		uint64_t rel, avail;
		size_t i, n;
		int rc;

		for (i = 0; i < kc->nseg; i++) {
			const struct kcore_seg *c = &kc->seg[i];
			uint64_t base = phys ? c->paddr : c->vaddr;

			if (phys && !c->has_pa)
				continue;
			if (addr >= base && addr - base < c->size) {
				s = c;
				break;
			}
		}
		if (!s) {
			if (phys)
				return diag_fail(d, -EFAULT, "physical address %#" PRIx64 " is not covered by %s (no PT_LOAD with a physical address maps it%s)",
						 addr, kc->name,
						 kc->word == 4 ? "; highmem is not in kcore" : "");
			return diag_fail(d, -EFAULT, "kernel address %#" PRIx64 " is not covered by %s",
					 addr, kc->name);
		}
		rel = addr - (phys ? s->paddr : s->vaddr);
		avail = s->size - rel;
		n = avail < len ? (size_t)avail : len;
		rc = read_at(d, kc, s->offset + rel, out, n,
			     phys ? "physical memory" : "kernel memory");
		if (rc)
			return rc;
		out += n;
		len -= n;
		if (len && addr + n < addr)
			return diag_fail(d, -EFAULT, "%s read at %#" PRIx64 " wraps around the address space",
					 phys ? "physical" : "kernel", addr);
		addr += n;
	}
	return 0;
}

int kcore_read_va(struct diag *d, struct kcore *kc, uint64_t va,
		  void *buf, size_t len)
{
	return read_addr(d, kc, va, buf, len, 0);
}

int kcore_read_pa(struct diag *d, struct kcore *kc, uint64_t pa,
		  void *buf, size_t len)
{
	return read_addr(d, kc, pa, buf, len, 1);
}

/* ---- /proc/kallsyms ---- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse one line.  Returns 1 with the fields set, 0 for a malformed line. */
static int parse_kallsyms_line(char *line, uint64_t *addr, char **name,
			       int *is_module)
{
	char *p = line, *end;
	uint64_t a = 0;
	int digits = 0, v;

	while ((v = hexval((unsigned char)*p)) >= 0) {
		if (++digits > 16)
			return 0;
		a = (a << 4) | (unsigned)v;
		p++;
	}
	if (!digits || *p != ' ')
		return 0;
	p++;
	if (*p == '\0' || *p == ' ' || *p == '\t' || *p == '\n' ||
	    (p[1] != ' ' && p[1] != '\t'))
		return 0;
	p += 2;
	while (*p == ' ' || *p == '\t')
		p++;
	end = p;
	while (*end && *end != ' ' && *end != '\t' && *end != '\n' &&
	       *end != '\r')
		end++;
	if (end == p)
		return 0;
	*is_module = 0;
	if (*end) {
		char *q = end;

		*end = '\0';
		q++;
		while (*q == ' ' || *q == '\t')
			q++;
		*is_module = *q == '[';
	}
	*addr = a;
	*name = p;
	return 1;
}

/* @hint, if set, is appended to the "not found" message. */
static int kallsyms_find(struct diag *d, FILE *f, const char *name,
			 const char *symbol, uint64_t *addr, const char *hint)
{
	char *line = NULL;
	size_t cap = 0;
	uint64_t kaddr = 0, maddr = 0;
	int kfound = 0, mfound = 0, rc = 0;

	while (getline(&line, &cap, f) >= 0) {
		uint64_t a;
		char *sym;
		int is_mod;

		if (!parse_kallsyms_line(line, &a, &sym, &is_mod) ||
		    strcmp(sym, symbol) != 0)
			continue;
		if (is_mod) {
			if (!mfound)
				maddr = a;
			mfound = 1;
		} else if (!kfound) {
			kaddr = a;
			kfound = 1;
		} else if (a != kaddr) {
			rc = diag_fail(d, -ENOTUNIQ, "%s: symbol %s is ambiguous (%#" PRIx64 " and %#" PRIx64 ")",
				       name, symbol, kaddr, a);
			break;
		}
	}
	if (!rc && ferror(f))
		rc = diag_fail(d, -EIO, "%s: read error", name);
	free(line);
	if (rc)
		return rc;
	if (!kfound && !mfound)
		return diag_fail(d, -ENOENT, "symbol %s not found in %s%s%s",
				 symbol, name, hint ? ": " : "",
				 hint ? hint : "");
	*addr = kfound ? kaddr : maddr;
	if (*addr == 0)
		return diag_fail(d, -EPERM, "%s: the address of %s reads as 0: addresses hidden (run as root; kptr_restrict)",
				 name, symbol);
	return 0;
}

int kallsyms_lookup_stream(struct diag *d, FILE *f, const char *name,
			   const char *symbol, uint64_t *addr)
{
	return kallsyms_find(d, f, name, symbol, addr, NULL);
}

static int kallsyms_open_find(struct diag *d, const char *path,
			      const char *symbol, uint64_t *addr,
			      const char *hint)
{
	FILE *f = fopen(path, "re");
	int rc;

	if (!f) {
		int e = errno;

		if (e == ENOENT)
			return diag_fail(d, -ENOENT, "%s does not exist (kernel without CONFIG_KALLSYMS?)",
					 path);
		return diag_fail(d, -e, "cannot open %s: %s", path,
				 strerror(e));
	}
	rc = kallsyms_find(d, f, path, symbol, addr, hint);
	fclose(f);
	return rc;
}

int kallsyms_lookup(struct diag *d, const char *path, const char *symbol,
		    uint64_t *addr)
{
	return kallsyms_open_find(d, path, symbol, addr, NULL);
}

/* ---- the kimage entry list ---- */

static int seen_before(const uint64_t *v, size_t n, uint64_t x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

/* Walk the list from @head; for each destination page in
 * [first, first + npages pages) record its source in @src (UINT64_MAX:
 * none yet). */
static int walk_list(struct diag *d, struct kcore *kc, uint64_t head,
		     uint64_t first, size_t npages, uint64_t *src)
{
	const unsigned w = kc->word;
	const size_t per_page = KIMAGE_PAGE_SIZE / w;
	const uint64_t wmask = w == 8 ? UINT64_MAX : UINT32_MAX;
	const uint64_t pmask = ~(uint64_t)(KIMAGE_PAGE_SIZE - 1) & wmask;
	unsigned char page[KIMAGE_PAGE_SIZE];
	uint64_t *ind = NULL;
	size_t nind = 0, slot = 0, count;
	uint64_t entry = head, cur_page = 0, dest = 0;
	int in_page = 0, have_dest = 0, rc = 0;

	ind = malloc(KIMAGE_MAX_IND_PAGES * sizeof(*ind));
	if (!ind)
		return diag_fail(d, -ENOMEM, "out of memory");

	for (count = 0;; count++) {
		uint64_t flags = entry & 0xf, addr = entry & pmask;

		if (count >= KIMAGE_MAX_ENTRIES) {
			rc = diag_fail(d, -ELOOP, "kexec image entry list is longer than %u entries (corrupt or looping)",
				       KIMAGE_MAX_ENTRIES);
			break;
		}
		if (entry == 0 || entry == KIMAGE_IND_DONE)
			break;
		if ((entry & ~pmask & ~(uint64_t)0xf) ||
		    (flags & (flags - 1)) || flags == 0) {
			if (in_page)
				rc = diag_fail(d, -EINVAL, "kexec image entry %#" PRIx64 " (slot %zu of list page %#" PRIx64 ") is not a page address with one flag",
					       entry, slot, cur_page);
			else
				rc = diag_fail(d, -EINVAL, "kexec image list head %#" PRIx64 " is not a page address with one flag",
					       entry);
			break;
		}
		if (flags == KIMAGE_IND_INDIRECTION) {
			if (seen_before(ind, nind, addr)) {
				rc = diag_fail(d, -ELOOP, "kexec image entry list loops: list page %#" PRIx64 " is reached twice",
					       addr);
				break;
			}
			if (nind >= KIMAGE_MAX_IND_PAGES) {
				rc = diag_fail(d, -ELOOP, "kexec image entry list has more than %u list pages",
					       KIMAGE_MAX_IND_PAGES);
				break;
			}
			ind[nind++] = addr;
			rc = kcore_read_pa(d, kc, addr, page, sizeof(page));
			if (rc) {
				diag_prefix(d, "reading kexec image list page: ");
				break;
			}
			cur_page = addr;
			in_page = 1;
			slot = 0;
			entry = get_le(page, w);
			continue;
		}
		if (flags == KIMAGE_IND_DESTINATION) {
			dest = addr;
			have_dest = 1;
		} else if (flags == KIMAGE_IND_SOURCE) {
			if (!have_dest) {
				rc = diag_fail(d, -EINVAL, "kexec image source entry %#" PRIx64 " comes before any destination",
					       entry);
				break;
			}
			if (dest >= first &&
			    (dest - first) / KIMAGE_PAGE_SIZE < npages) {
				size_t i = (size_t)((dest - first) / KIMAGE_PAGE_SIZE);

				if (src[i] != UINT64_MAX) {
					rc = diag_fail(d, -EINVAL, "destination page %#" PRIx64 " appears twice in the kexec image",
						       dest);
					break;
				}
				src[i] = addr;
			}
			dest = (dest + KIMAGE_PAGE_SIZE) & wmask;
		} else {
			/* a DONE flag with address bits */
			rc = diag_fail(d, -EINVAL, "kexec image entry %#" PRIx64 " is not a valid end marker",
				       entry);
			break;
		}
		if (!in_page) {
			rc = diag_fail(d, -EINVAL, "kexec image list head %#" PRIx64 " is not an indirection entry",
				       entry);
			break;
		}
		if (++slot >= per_page) {
			rc = diag_fail(d, -EINVAL, "kexec image list page %#" PRIx64 " ends without a link or end entry",
				       cur_page);
			break;
		}
		entry = get_le(page + slot * w, w);
	}
	free(ind);
	return rc;
}

int kimage_read_dest_kcore(struct diag *d, struct kcore *kc,
			   uint64_t kexec_image_va, uint64_t dest_pa,
			   void *buf, size_t len)
{
	const unsigned w = kc->word;
	unsigned char word[8];
	uint64_t image, head, first, last, *src;
	unsigned char *out = buf;
	size_t npages, i;
	int rc;

	if (len == 0)
		return 0;
	if (len - 1 > UINT64_MAX - dest_pa)
		return diag_fail(d, -EINVAL, "range %#" PRIx64 "+%zu wraps around",
				 dest_pa, len);
	first = dest_pa & ~(uint64_t)(KIMAGE_PAGE_SIZE - 1);
	last = (dest_pa + (len - 1)) & ~(uint64_t)(KIMAGE_PAGE_SIZE - 1);
	npages = (size_t)((last - first) / KIMAGE_PAGE_SIZE) + 1;

	rc = kcore_read_va(d, kc, kexec_image_va, word, w);
	if (rc) {
		diag_prefix(d, "reading kexec_image: ");
		return rc;
	}
	image = get_le(word, w);
	if (image == 0)
		return diag_fail(d, -ENOENT, "no kexec image is loaded (kexec_image is NULL)");
	rc = kcore_read_va(d, kc, image, word, w);
	if (rc) {
		diag_prefix(d, "reading the kexec image: ");
		return rc;
	}
	head = get_le(word, w);

	src = malloc(npages * sizeof(*src));
	if (!src)
		return diag_fail(d, -ENOMEM, "out of memory");
	for (i = 0; i < npages; i++)
		src[i] = UINT64_MAX;
	rc = walk_list(d, kc, head, first, npages, src);
	for (i = 0; !rc && i < npages; i++)
		if (src[i] == UINT64_MAX)
			rc = diag_fail(d, -ENOENT, "destination page %#" PRIx64 " is not part of the loaded kexec image",
				       first + (uint64_t)i * KIMAGE_PAGE_SIZE);
	for (i = 0; !rc && i < npages; i++) {
		size_t off = i ? 0 : (size_t)(dest_pa - first);
		size_t n = KIMAGE_PAGE_SIZE - off;

		if (n > len)
			n = len;
		rc = kcore_read_pa(d, kc, src[i] + off, out, n);
		if (rc)
			diag_prefix(d, "reading the source of destination page %#" PRIx64 ": ",
				    first + (uint64_t)i * KIMAGE_PAGE_SIZE);
		out += n;
		len -= n;
	}
	free(src);
	return rc;
}

int kimage_read_dest(struct diag *d, const char *sysroot, uint64_t dest_pa,
		     void *buf, size_t len)
{
	char syms[4096], core[4096];
	struct kcore *kc;
	uint64_t va;
	int n1, n2, rc;

	if (!sysroot)
		sysroot = "";
	n1 = snprintf(syms, sizeof(syms), "%s/proc/kallsyms", sysroot);
	n2 = snprintf(core, sizeof(core), "%s/proc/kcore", sysroot);
	if (n1 < 0 || n2 < 0 || (size_t)n1 >= sizeof(syms) ||
	    (size_t)n2 >= sizeof(core))
		return diag_fail(d, -ENAMETOOLONG, "sysroot path too long: %s",
				 sysroot);
	rc = kallsyms_open_find(d, syms, "kexec_image", &va,
				"reading results back needs a kernel built with CONFIG_KALLSYMS_ALL and CONFIG_PROC_KCORE");
	if (rc)
		return rc;
	rc = kcore_open(d, core, &kc);
	if (rc)
		return rc;
	rc = kimage_read_dest_kcore(d, kc, va, dest_pa, buf, len);
	kcore_close(kc);
	return rc;
}
