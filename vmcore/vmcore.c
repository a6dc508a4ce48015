/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmcore.c - ELF core parsing, VMCOREINFO and address translation for
 * vmcore-dmesg (see vmcore.h for the file format and the translation
 * rules).
 *
 * Field offsets (System V gABI, little-endian):
 *   Elf64_Ehdr: e_type 16, e_machine 18, e_phoff 32, e_shoff 40,
 *               e_phentsize 54, e_phnum 56, e_shentsize 58; size 64.
 *   Elf32_Ehdr: e_type 16, e_machine 18, e_phoff 28, e_shoff 32,
 *               e_phentsize 42, e_phnum 44, e_shentsize 46; size 52.
 *   Elf64_Phdr: p_type 0, p_offset 8, p_vaddr 16, p_paddr 24,
 *               p_filesz 32, p_memsz 40; size 56.
 *   Elf32_Phdr: p_type 0, p_offset 4, p_vaddr 8, p_paddr 12,
 *               p_filesz 16, p_memsz 20; size 32.
 *   Section header 0 carries the real e_phnum in sh_info when e_phnum is
 *   PN_XNUM (0xffff): Elf64_Shdr sh_info at 44 (size 64), Elf32_Shdr
 *   sh_info at 28 (size 40).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "le.h"
#include "vmcore.h"

#define ET_CORE 4
#define EM_386 3
#define EM_X86_64 62
#define PT_LOAD 1
#define PT_NOTE 4
#define PN_XNUM 0xffffu

/* x86_64 __START_KERNEL_map */
#define KERNEL_MAP_X86_64 0xffffffff80000000ull

struct vc_seg {
	uint64_t offset, filesz, memsz;
	uint64_t vaddr, paddr;
	int has_va, has_pa;
};

struct vmcore {
	int fd;                     /* -1 for a memory buffer */
	const uint8_t *mem;
	uint64_t size;              /* file size */
	int cls;                    /* 1 = ELF32, 2 = ELF64 */
	unsigned machine;
	unsigned word;
	struct vc_seg *seg;
	size_t nseg;
	size_t last;                /* segment of the previous read (cache) */
	char *info;                 /* VMCOREINFO text, NUL-terminated */
	size_t info_len;
	int have_phys_base, have_page_offset;
	uint64_t phys_base, page_offset;
};

/* ---- file access ---- */

static int read_at(struct diag *d, struct vmcore *vc, uint64_t off,
		   void *buf, size_t len, const char *what)
{
	size_t done = 0;

	if (off > vc->size || len > vc->size - off)
		return diag_fail(d, -EINVAL,
				 "truncated: %s (bytes 0x%" PRIx64 "-0x%" PRIx64
				 ") runs past the end of the file (%" PRIu64 " bytes)",
				 what, off, off + (uint64_t)len, vc->size);
	if (vc->fd < 0) {
		memcpy(buf, vc->mem + off, len);
		return 0;
	}
	while (done < len) {
		ssize_t r = pread(vc->fd, (char *)buf + done, len - done,
				  (off_t)(off + done));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return diag_fail(d, -errno, "reading %s at offset 0x%" PRIx64
					 ": %s", what, off + done, strerror(errno));
		if (r == 0)
			return diag_fail(d, -EIO, "truncated: %s at offset 0x%"
					 PRIx64 ": unexpected end of file",
					 what, off + done);
		done += (size_t)r;
	}
	return 0;
}

/* ---- headers ---- */

static int add_seg(struct diag *d, struct vmcore *vc, const struct vc_seg *s,
		   size_t *cap)
{
	if (vc->nseg == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct vc_seg *n = realloc(vc->seg, ncap * sizeof(*n));

		if (!n)
			return diag_fail(d, -ENOMEM, "out of memory");
		vc->seg = n;
		*cap = ncap;
	}
	vc->seg[vc->nseg++] = *s;
	return 0;
}

/* True when [a, a + n) does not wrap the 64-bit space. */
static int range_ok(uint64_t a, uint64_t n)
{
	return n == 0 || a <= UINT64_MAX - (n - 1);
}

static int name_is_vmcoreinfo(const uint8_t *name, uint32_t namesz)
{
	static const char want[] = "VMCOREINFO";
	uint32_t n = namesz;

	while (n > 0 && name[n - 1] == '\0')
		n--;
	return n == sizeof(want) - 1 && memcmp(name, want, n) == 0;
}

/* Walk the notes of one PT_NOTE; keep the first VMCOREINFO. */
static int parse_notes(struct diag *d, struct vmcore *vc, unsigned idx,
		       uint64_t off, uint64_t len)
{
	uint64_t pos = 0;
	char what[64];

	snprintf(what, sizeof(what), "PT_NOTE %u", idx);
	while (len - pos >= 12) {
		uint8_t h[12], name[16];
		uint64_t namesz, descsz, nsz4, dsz4;

		if (read_at(d, vc, off + pos, h, sizeof(h), what))
			return d->rc;
		namesz = get_le(h, 4);
		descsz = get_le(h + 4, 4);
		if (namesz == 0 && descsz == 0 && get_le(h + 8, 4) == 0)
			break;          /* padding after the last note */
		nsz4 = (namesz + 3) & ~3ull;
		dsz4 = (descsz + 3) & ~3ull;
		if (nsz4 + dsz4 > len - pos - 12)
			return diag_fail(d, -EINVAL,
					 "PT_NOTE %u: the note at offset 0x%" PRIx64
					 " (namesz %" PRIu64 ", descsz %" PRIu64
					 ") runs past the segment's %" PRIu64 " bytes",
					 idx, off + pos, namesz, descsz, len);
		if (namesz <= sizeof(name)) {
			if (read_at(d, vc, off + pos + 12, name, (size_t)namesz, what))
				return d->rc;
			if (name_is_vmcoreinfo(name, (uint32_t)namesz) && !vc->info) {
				if (descsz > VMCORE_MAX_INFO)
					return diag_fail(d, -EINVAL,
							 "the VMCOREINFO note has %" PRIu64
							 " bytes, more than %u",
							 descsz, VMCORE_MAX_INFO);
				vc->info = malloc((size_t)descsz + 1);
				if (!vc->info)
					return diag_fail(d, -ENOMEM, "out of memory");
				if (read_at(d, vc, off + pos + 12 + nsz4, vc->info,
					    (size_t)descsz, "the VMCOREINFO note"))
					return d->rc;
				vc->info[descsz] = '\0';
				/* the text ends at the first NUL */
				vc->info_len = strlen(vc->info);
			}
		}
		pos += 12 + nsz4 + dsz4;
	}
	return 0;
}

static int parse_phdr(struct diag *d, struct vmcore *vc, unsigned i,
		      uint64_t phoff, size_t *cap)
{
	int is64 = vc->cls == 2;
	uint8_t p[56];
	uint64_t type, none = is64 ? UINT64_MAX : UINT32_MAX;
	struct vc_seg s;
	char what[48];

	snprintf(what, sizeof(what), "program header %u", i);
	if (read_at(d, vc, phoff, p, is64 ? 56 : 32, what))
		return d->rc;
	type = get_le(p, 4);
	if (type != PT_LOAD && type != PT_NOTE)
		return 0;
	memset(&s, 0, sizeof(s));
	if (is64) {
		s.offset = get_le(p + 8, 8);
		s.vaddr = get_le(p + 16, 8);
		s.paddr = get_le(p + 24, 8);
		s.filesz = get_le(p + 32, 8);
		s.memsz = get_le(p + 40, 8);
	} else {
		s.offset = get_le(p + 4, 4);
		s.vaddr = get_le(p + 8, 4);
		s.paddr = get_le(p + 12, 4);
		s.filesz = get_le(p + 16, 4);
		s.memsz = get_le(p + 20, 4);
	}
	if (s.filesz && (s.offset > vc->size || s.filesz > vc->size - s.offset))
		return diag_fail(d, -EINVAL,
				 "truncated: %s %u needs file bytes up to 0x%" PRIx64
				 "%s, the file has %" PRIu64,
				 type == PT_LOAD ? "PT_LOAD" : "PT_NOTE", i,
				 s.offset + s.filesz,
				 range_ok(s.offset, s.filesz) ? "" : " (wraps)",
				 vc->size);
	if (type == PT_NOTE)
		return parse_notes(d, vc, i, s.offset, s.filesz);
	if (s.filesz > s.memsz)
		return diag_fail(d, -EINVAL, "PT_LOAD %u: p_filesz 0x%" PRIx64
				 " is larger than p_memsz 0x%" PRIx64,
				 i, s.filesz, s.memsz);
	if (s.memsz == 0)
		return 0;
	s.has_va = s.vaddr != none && range_ok(s.vaddr, s.memsz);
	s.has_pa = s.paddr != none && range_ok(s.paddr, s.memsz);
	return add_seg(d, vc, &s, cap);
}

static int parse_headers(struct diag *d, struct vmcore *vc)
{
	uint8_t e[64];
	uint64_t phoff, shoff, phnum, phentsize, natural;
	size_t cap = 0;
	unsigned i;
	int is64;

	if (vc->size < 4)
		return diag_fail(d, -EINVAL, "not an ELF file (%" PRIu64 " bytes)",
				 vc->size);
	if (read_at(d, vc, 0, e, 4, "the ELF header"))
		return d->rc;
	if (memcmp(e, "\177ELF", 4) != 0)
		return diag_fail(d, -EINVAL, "not an ELF file");
	if (vc->size < 16)
		return diag_fail(d, -EINVAL, "truncated: %" PRIu64
				 " bytes, shorter than an ELF header", vc->size);
	if (read_at(d, vc, 0, e, 16, "the ELF header"))
		return d->rc;
	if (e[4] != 1 && e[4] != 2)
		return diag_fail(d, -EINVAL, "unknown ELF class %u", e[4]);
	if (e[5] != 1)
		return diag_fail(d, -EINVAL, "not a little-endian ELF file (EI_DATA %u)", e[5]);
	vc->cls = e[4];
	is64 = vc->cls == 2;
	if (read_at(d, vc, 0, e, is64 ? 64 : 52, "the ELF header"))
		return d->rc;
	if (get_le(e + 16, 2) != ET_CORE)
		return diag_fail(d, -EINVAL, "not an ELF core file (e_type %u)",
				 (unsigned)get_le(e + 16, 2));
	vc->machine = (unsigned)get_le(e + 18, 2);
	if (vc->machine == EM_X86_64)
		vc->word = 8;
	else if (vc->machine == EM_386)
		vc->word = 4;
	else
		return diag_fail(d, -EINVAL, "not an x86 vmcore (e_machine %u)",
				 vc->machine);
	phoff = is64 ? get_le(e + 32, 8) : get_le(e + 28, 4);
	shoff = is64 ? get_le(e + 40, 8) : get_le(e + 32, 4);
	phentsize = get_le(e + (is64 ? 54 : 42), 2);
	phnum = get_le(e + (is64 ? 56 : 44), 2);
	natural = is64 ? 56 : 32;
	if (phnum == PN_XNUM) {
		uint64_t shentsize = get_le(e + (is64 ? 58 : 46), 2);
		uint8_t sh[4];

		if (shoff == 0 || shentsize < (is64 ? 64u : 40u))
			return diag_fail(d, -EINVAL,
					 "e_phnum is PN_XNUM but there is no section header 0 "
					 "(e_shoff 0x%" PRIx64 ", e_shentsize %" PRIu64 ")",
					 shoff, shentsize);
		if (!range_ok(shoff, 64) ||
		    read_at(d, vc, shoff + (is64 ? 44 : 28), sh, 4, "section header 0"))
			return diag_fail(d, -EINVAL, "truncated: section header 0 at 0x%"
					 PRIx64 " is beyond the end of the file", shoff);
		phnum = get_le(sh, 4);
	}
	if (phnum == 0)
		return diag_fail(d, -EINVAL, "no program headers");
	if (phnum > VMCORE_MAX_PHNUM)
		return diag_fail(d, -EINVAL, "%" PRIu64 " program headers, more than %u",
				 phnum, VMCORE_MAX_PHNUM);
	if (phentsize < natural)
		return diag_fail(d, -EINVAL, "e_phentsize %" PRIu64 " is smaller than %" PRIu64,
				 phentsize, natural);
	/* phnum <= 2^20 and phentsize < 2^16: the product cannot overflow */
	if (phoff > vc->size || phnum * phentsize > vc->size - phoff)
		return diag_fail(d, -EINVAL,
				 "%sthe program headers (e_phoff 0x%" PRIx64
				 ", %" PRIu64 " x %" PRIu64 " bytes) end beyond the file's %"
				 PRIu64 " bytes", phoff <= vc->size ? "truncated: " : "",
				 phoff, phnum, phentsize, vc->size);
	for (i = 0; i < phnum; i++)
		if (parse_phdr(d, vc, i, phoff + i * phentsize, &cap))
			return d->rc;
	if (!vc->info)
		return diag_fail(d, -EINVAL, "no VMCOREINFO note");
	return 0;
}

/* PAGE_OFFSET and phys_base for translation (see vmcore.h). */
static int setup_translation(struct diag *d, struct vmcore *vc)
{
	uint64_t v;
	size_t i;
	int rc;

	rc = vmcore_info_get(d, vc, "NUMBER(phys_base)", &v);
	if (rc == 0) {
		vc->phys_base = v;
		vc->have_phys_base = vc->word == 8;
	} else if (rc != -ENOENT) {
		return rc;
	}
	rc = vmcore_info_get(d, vc, "NUMBER(page_offset_base)", &v);
	if (rc == -ENOENT)
		rc = vmcore_info_get(d, vc, "NUMBER(PAGE_OFFSET)", &v);
	if (rc == 0) {
		vc->page_offset = v;
		vc->have_page_offset = 1;
		return 0;
	}
	if (rc != -ENOENT)
		return rc;
	for (i = 0; i < vc->nseg; i++) {
		const struct vc_seg *s = &vc->seg[i];

		if (!s->has_va || !s->has_pa || s->vaddr < s->paddr || s->vaddr == 0)
			continue;
		if (vc->word == 8 && s->vaddr >= KERNEL_MAP_X86_64)
			continue;
		vc->page_offset = s->vaddr - s->paddr;
		vc->have_page_offset = 1;
		break;
	}
	return 0;
}

static int vmcore_new(struct diag *d, struct vmcore **out)
{
	struct vmcore *vc = calloc(1, sizeof(*vc));

	*out = NULL;
	if (!vc)
		return diag_fail(d, -ENOMEM, "out of memory");
	vc->fd = -1;
	*out = vc;
	return 0;
}

static int vmcore_finish_open(struct diag *d, struct vmcore *vc,
			      struct vmcore **out)
{
	if (parse_headers(d, vc) || setup_translation(d, vc)) {
		vmcore_close(vc);
		return d->rc ? d->rc : -EINVAL;
	}
	*out = vc;
	return 0;
}

int vmcore_open(struct diag *d, const char *path, struct vmcore **out)
{
	struct vmcore *vc;
	struct stat st;

	if (vmcore_new(d, &vc))
		return d->rc;
	/* non-blocking: a FIFO with no writer must not hang the open */
	vc->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (vc->fd < 0) {
		int e = errno;

		vmcore_close(vc);
		return diag_fail(d, -e, "%s", strerror(e));
	}
	if (fstat(vc->fd, &st) != 0) {
		int e = errno;

		vmcore_close(vc);
		return diag_fail(d, -e, "%s", strerror(e));
	}
	if (S_ISDIR(st.st_mode)) {
		vmcore_close(vc);
		return diag_fail(d, -EISDIR, "%s", strerror(EISDIR));
	}
	if (!S_ISREG(st.st_mode)) {
		vmcore_close(vc);
		return diag_fail(d, -EINVAL, "not a regular file (a %s)",
				 S_ISFIFO(st.st_mode) ? "FIFO" :
				 S_ISCHR(st.st_mode) ? "character device" :
				 S_ISBLK(st.st_mode) ? "block device" :
				 "special file");
	}
	(void)fcntl(vc->fd, F_SETFL, fcntl(vc->fd, F_GETFL) & ~O_NONBLOCK);
	vc->size = st.st_size > 0 ? (uint64_t)st.st_size : 0;
	return vmcore_finish_open(d, vc, out);
}

int vmcore_open_mem(struct diag *d, const void *buf, size_t len,
		    struct vmcore **out)
{
	struct vmcore *vc;

	if (vmcore_new(d, &vc))
		return d->rc;
	vc->mem = buf;
	vc->size = len;
	return vmcore_finish_open(d, vc, out);
}

void vmcore_close(struct vmcore *vc)
{
	if (!vc)
		return;
	if (vc->fd >= 0)
		close(vc->fd);
	free(vc->seg);
	free(vc->info);
	free(vc);
}

unsigned vmcore_word_size(const struct vmcore *vc)
{
	return vc->word;
}

/* ---- VMCOREINFO ---- */

static int find_key(const struct vmcore *vc, const char *key,
		    const char **val, size_t *vlen)
{
	size_t klen = strlen(key);
	const char *p = vc->info, *end = vc->info + vc->info_len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		if ((size_t)(le - p) > klen && memcmp(p, key, klen) == 0 &&
		    p[klen] == '=') {
			*val = p + klen + 1;
			*vlen = (size_t)(le - *val);
			return 0;
		}
		p = le + 1;
	}
	return -ENOENT;
}

static int digit_value(int c, unsigned base)
{
	int v;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	else
		return -1;
	return (unsigned)v < base ? v : -1;
}

/* Parse s[0..n) in @base; 0 on success. */
static int parse_number(const char *s, size_t n, unsigned base, uint64_t *out)
{
	uint64_t v = 0;
	int neg = 0;
	size_t i = 0;

	if (base == 10 && n > 0 && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (n - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		base = 16;
		i += 2;
	}
	if (i == n)
		return -1;
	for (; i < n; i++) {
		int dv = digit_value((unsigned char)s[i], base);

		if (dv < 0 || v > (UINT64_MAX - (uint64_t)dv) / base)
			return -1;
		v = v * base + (uint64_t)dv;
	}
	if (neg && v > (uint64_t)INT64_MAX + 1)
		return -1;
	*out = neg ? (uint64_t)0 - v : v;
	return 0;
}

int vmcore_info_has(const struct vmcore *vc, const char *key)
{
	const char *s;
	size_t n;

	return find_key(vc, key, &s, &n) == 0;
}

int vmcore_info_get(struct diag *d, const struct vmcore *vc, const char *key,
		    uint64_t *val)
{
	unsigned base = 10;
	const char *s;
	size_t n;

	if (find_key(vc, key, &s, &n))
		return -ENOENT;
	if (strncmp(key, "SYMBOL(", 7) == 0 || strcmp(key, "KERNELOFFSET") == 0)
		base = 16;
	if (parse_number(s, n, base, val))
		return diag_fail(d, -EINVAL, "VMCOREINFO: the value of %s is not a %s number",
				 key, base == 16 ? "hexadecimal" : "decimal");
	return 0;
}

int vmcore_info_need(struct diag *d, const struct vmcore *vc,
		     const char *key, uint64_t *val)
{
	int rc = vmcore_info_get(d, vc, key, val);

	if (rc == -ENOENT)
		return diag_fail(d, -ENOENT, "VMCOREINFO has no %s", key);
	return rc;
}

/* ---- reading memory ---- */

/* Copy what segment @s holds of [addr, addr + len) starting at @addr
 * (@base is the segment's start in the same address space). */
static int seg_copy(struct diag *d, struct vmcore *vc, const struct vc_seg *s,
		    uint64_t base, uint64_t addr, uint8_t *buf, size_t *len)
{
	uint64_t rel = addr - base, n = s->memsz - rel;

	if (n > *len)
		n = *len;
	if (rel < s->filesz) {
		uint64_t f = s->filesz - rel < n ? s->filesz - rel : n;

		if (read_at(d, vc, s->offset + rel, buf, (size_t)f, "segment data"))
			return d->rc;
		memset(buf + f, 0, (size_t)(n - f));
	} else {
		memset(buf, 0, (size_t)n);
	}
	*len = (size_t)n;
	return 0;
}

static const struct vc_seg *find_va(struct vmcore *vc, uint64_t va)
{
	size_t i;

	if (vc->last < vc->nseg) {
		const struct vc_seg *s = &vc->seg[vc->last];

		if (s->has_va && va >= s->vaddr && va - s->vaddr < s->memsz)
			return s;
	}
	for (i = 0; i < vc->nseg; i++) {
		const struct vc_seg *s = &vc->seg[i];

		if (s->has_va && va >= s->vaddr && va - s->vaddr < s->memsz) {
			vc->last = i;
			return s;
		}
	}
	return NULL;
}

static const struct vc_seg *find_pa(const struct vmcore *vc, uint64_t pa)
{
	size_t i;

	for (i = 0; i < vc->nseg; i++) {
		const struct vc_seg *s = &vc->seg[i];

		if (s->has_pa && pa >= s->paddr && pa - s->paddr < s->memsz)
			return s;
	}
	return NULL;
}

static int va_to_pa(const struct vmcore *vc, uint64_t va, uint64_t *pa)
{
	if (vc->word == 8 && va >= KERNEL_MAP_X86_64) {
		if (!vc->have_phys_base)
			return -1;
		*pa = va - KERNEL_MAP_X86_64 + vc->phys_base;
		return 0;
	}
	if (vc->have_page_offset && va >= vc->page_offset) {
		*pa = va - vc->page_offset;
		return 0;
	}
	return -1;
}

int vmcore_read_va(struct diag *d, struct vmcore *vc, uint64_t va,
		   void *buf, size_t len)
{
	uint8_t *b = buf;

	if (!range_ok(va, len))
		return diag_fail(d, -EFAULT, "address range 0x%" PRIx64 " + %zu wraps",
				 va, len);
	while (len > 0) {
		const struct vc_seg *s = find_va(vc, va);
		size_t n = len;
		uint64_t pa;

		if (s) {
			if (seg_copy(d, vc, s, s->vaddr, va, b, &n))
				return d->rc;
		} else if (va_to_pa(vc, va, &pa) == 0 && (s = find_pa(vc, pa))) {
			if (seg_copy(d, vc, s, s->paddr, pa, b, &n))
				return d->rc;
		} else {
			return diag_fail(d, -EFAULT,
					 "address 0x%" PRIx64 " is not in the vmcore", va);
		}
		b += n;
		va += n;
		len -= n;
	}
	return 0;
}

int vmcore_read_uint(struct diag *d, struct vmcore *vc, uint64_t va,
		     unsigned n, uint64_t *val)
{
	uint8_t b[8];

	if (vmcore_read_va(d, vc, va, b, n))
		return d->rc;
	*val = get_le(b, (int)n);
	return 0;
}
