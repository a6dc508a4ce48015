/* SPDX-License-Identifier: GPL-2.0-or-later */
/* memmap.c - the physical memory map as user space sees it (memmap.h).
 *
 * Sources (doc/abi.md 6.1, 6.2):
 *  - <sysroot>/sys/firmware/memmap/N/{start,end,type}: the firmware e820,
 *    hex strings, `end` inclusive.  Preferred: it is what the boot loader
 *    gave the kernel and is readable without privileges.
 *  - <sysroot>/proc/iomem, used only when the sysfs directory does not
 *    exist.  Lines are "<indent>start-end : name", `end` inclusive, two
 *    spaces of indent per nesting level.
 *
 * The /proc/iomem nesting rule (why not "keep every recognised line" as
 * kexec-tools does): a nested line is a sub-allocation of its parent.
 * Under "System RAM" the kernel nests "Kernel code", "Crash kernel" and on
 * some machines "reserved" blocks carved out by firmware/EFI; treating
 * such a nested "reserved" as a map entry would punch a hole into RAM
 * that the firmware map does not have.  Under a PCI window, on the other
 * hand, the kernel nests the e820 "Reserved" entry for MMCONFIG, which is
 * real map information.  So:
 *
 *     A line is kept iff its name is a recognised memory type AND none of
 *     its ancestors (lines with smaller indent above it) has a recognised
 *     memory type.
 *
 * i.e. the outermost memory-typed resource defines the map; its children
 * are ignored.  Unrecognised names (PCI, ROMs, APIC ...) are never kept.
 *
 * Overlaps between different types (possible in a buggy firmware e820)
 * are kept as given; memmap_is_ram() then treats any overlap with a
 * non-RAM region as "not RAM", like the kernel's e820 sanitizer where the
 * more restrictive type wins.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1   /* strdup, open_memstream, mkdtemp, O_CLOEXEC */
#endif
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "memmap.h"

#define IOMEM_MAX_DEPTH 64
#define IOMEM_MAX_BYTES (16u << 20)
#define NAME_MAX_LEN 127

static const struct {
	const char *name;
	enum mem_type type;
} mem_type_names[] = {
	{ "System RAM", MEM_RAM },
	{ "ACPI Tables", MEM_ACPI },
	{ "ACPI Non-volatile Storage", MEM_NVS },
	{ "Unusable memory", MEM_UNUSABLE },
	{ "Persistent Memory (legacy)", MEM_PRAM },
	{ "Persistent Memory", MEM_PMEM },
	/* No e820 number of our own for these two: like kexec-tools, they
	 * are passed on as reserved.  Neither is ever a destination. */
	{ "Soft Reserved", MEM_RESERVED },
	{ "Unknown E820 type", MEM_RESERVED },
};

int memmap_type_from_name(const char *name, enum mem_type *type)
{
	size_t i;

	if (!name)
		return -ENOENT;
	/* sysfs says "Reserved", /proc/iomem says "reserved" or "Reserved" */
	if (strcasecmp(name, "reserved") == 0) {
		*type = MEM_RESERVED;
		return 0;
	}
	for (i = 0; i < sizeof(mem_type_names) / sizeof(mem_type_names[0]); i++) {
		if (strcmp(name, mem_type_names[i].name) == 0) {
			*type = mem_type_names[i].type;
			return 0;
		}
	}
	return -ENOENT;
}

int memmap_add(struct diag *d, struct memmap *m, uint64_t start,
	       uint64_t end_inclusive, enum mem_type type)
{
	uint64_t end;
	size_t i, pos;

	if (start > end_inclusive)
		return diag_fail(d, -EINVAL,
				 "invalid memory range 0x%llx-0x%llx: start is after end",
				 (unsigned long long)start,
				 (unsigned long long)end_inclusive);
	/* Half-open ranges cannot describe the very last byte of the
	 * address space; no real e820 entry reaches it, so clamp. */
	if (__builtin_add_overflow(end_inclusive, 1, &end))
		end = UINT64_MAX;
	if (start == end)
		return 0;

	/* Absorb every same-type region that overlaps or touches us. */
	for (i = 0; i < m->n;) {
		struct mem_region *r = &m->v[i];

		if (r->type == type && r->r.start <= end && start <= r->r.end) {
			if (r->r.start < start)
				start = r->r.start;
			if (r->r.end > end)
				end = r->r.end;
			memmove(&m->v[i], &m->v[i + 1],
				(m->n - i - 1) * sizeof(m->v[0]));
			m->n--;
			continue;
		}
		i++;
	}

	if (m->n == m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 16;
		struct mem_region *nv;

		if (ncap > SIZE_MAX / sizeof(*nv))
			return diag_fail(d, -ENOMEM, "memory map too large");
		nv = realloc(m->v, ncap * sizeof(*nv));
		if (!nv)
			return diag_fail(d, -ENOMEM,
					 "out of memory growing the memory map");
		m->v = nv;
		m->cap = ncap;
	}
	for (pos = 0; pos < m->n && m->v[pos].r.start <= start; pos++)
		;
	memmove(&m->v[pos + 1], &m->v[pos], (m->n - pos) * sizeof(m->v[0]));
	m->v[pos].r.start = start;
	m->v[pos].r.end = end;
	m->v[pos].type = type;
	m->n++;
	return 0;
}

/* Parse 1..16 hex digits at *p (bounded by @end). */
static int parse_hex_span(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	int nd = 0;

	while (s < end && isxdigit((unsigned char)*s)) {
		int c = (unsigned char)*s, dig;

		if (nd == 16)
			return -ERANGE;
		dig = isdigit(c) ? c - '0' : (tolower(c) - 'a' + 10);
		v = (v << 4) | (uint64_t)dig;
		nd++;
		s++;
	}
	if (nd == 0)
		return -EINVAL;
	*p = s;
	*out = v;
	return 0;
}

/* Copy up to 40 bytes of @s for a message, replacing non-printables. */
static void quote_excerpt(char *dst, size_t dstsz, const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 4 < dstsz && i < 40; i++)
		dst[k++] = isprint((unsigned char)s[i]) ? s[i] : '?';
	if (i < n && k + 4 < dstsz) {
		memcpy(dst + k, "...", 3);
		k += 3;
	}
	dst[k] = '\0';
}

int memmap_parse_iomem(struct diag *d, const char *name, const char *text,
		       size_t len, struct memmap *out)
{
	return memmap_parse_iomem_crash(d, name, text, len, out, NULL);
}

int memmap_parse_iomem_crash(struct diag *d, const char *name,
			     const char *text, size_t len, struct memmap *out,
			     struct memmap *crash)
{
	struct {
		size_t indent;
		int is_mem;
	} stack[IOMEM_MAX_DEPTH];
	size_t depth = 0, pos = 0, nlines = 0, kept = 0;
	unsigned lineno = 0;
	int all_zero = 1, rc;

	if (!name)
		name = "/proc/iomem";
	while (pos < len) {
		const char *line = text + pos, *nl, *le, *p, *nm;
		char excerpt[64], tname[NAME_MAX_LEN + 1];
		uint64_t start, end;
		size_t indent = 0, llen, nlen, k;
		enum mem_type type;
		int is_mem, ancestor_mem = 0;

		nl = memchr(line, '\n', len - pos);
		llen = nl ? (size_t)(nl - line) : len - pos;
		pos += llen + (nl ? 1 : 0);
		lineno++;
		le = line + llen;
		while (le > line && (le[-1] == '\r' || le[-1] == ' ' ||
				     le[-1] == '\t'))
			le--;
		if (le == line)
			continue;        /* blank line */

		p = line;
		while (p < le && *p == ' ') {
			p++;
			indent++;
		}
		if (parse_hex_span(&p, le, &start) || p == le || *p != '-')
			goto malformed;
		p++;
		if (parse_hex_span(&p, le, &end))
			goto malformed;
		if (le - p < 3 || memcmp(p, " : ", 3) != 0)
			goto malformed;
		nm = p + 3;
		nlen = (size_t)(le - nm);
		if (start > end)
			return diag_fail(d, -EINVAL,
					 "%s:%u: start 0x%llx is after end 0x%llx",
					 name, lineno, (unsigned long long)start,
					 (unsigned long long)end);
		nlines++;
		if (start != 0 || end != 0)
			all_zero = 0;

		while (depth > 0 && stack[depth - 1].indent >= indent)
			depth--;
		for (k = 0; k < depth; k++)
			ancestor_mem |= stack[k].is_mem;
		is_mem = 0;
		if (nlen <= NAME_MAX_LEN && !memchr(nm, '\0', nlen)) {
			memcpy(tname, nm, nlen);
			tname[nlen] = '\0';
			is_mem = memmap_type_from_name(tname, &type) == 0;
		}
		if (depth == IOMEM_MAX_DEPTH)
			return diag_fail(d, -EINVAL,
					 "%s:%u: resources nested deeper than %d levels",
					 name, lineno, IOMEM_MAX_DEPTH);
		stack[depth].indent = indent;
		stack[depth].is_mem = is_mem;
		depth++;
		if (crash && nlen == 12 && memcmp(nm, "Crash kernel", 12) == 0) {
			rc = memmap_add(d, crash, start, end, MEM_RAM);
			if (rc) {
				diag_prefix(d, "%s:%u: ", name, lineno);
				return rc;
			}
		}
		if (is_mem && !ancestor_mem) {
			rc = memmap_add(d, out, start, end, type);
			if (rc) {
				diag_prefix(d, "%s:%u: ", name, lineno);
				return rc;
			}
			kept++;
		}
		continue;
malformed:
		quote_excerpt(excerpt, sizeof(excerpt), line, llen);
		return diag_fail(d, -EINVAL,
				 "%s:%u: malformed line, expected \"<start>-<end> : <name>\": \"%s\"",
				 name, lineno, excerpt);
	}
	if (nlines == 0)
		return diag_fail(d, -ENOENT, "%s: no resource lines found",
				 name);
	if (all_zero)
		return diag_fail(d, -EPERM,
				 "%s: all addresses read as 0: addresses are hidden from this user (reading them needs CAP_SYS_ADMIN; run as root)",
				 name);
	if (kept == 0)
		return diag_fail(d, -ENOENT,
				 "%s: no memory ranges (System RAM, Reserved, ACPI ...) found",
				 name);
	out->source = "iomem";
	return 0;
}

/* Trim ASCII whitespace at both ends; returns the start, sets *n. */
static const char *trim(const char *s, size_t *n)
{
	size_t l = strlen(s);

	while (l > 0 && isspace((unsigned char)*s)) {
		s++;
		l--;
	}
	while (l > 0 && isspace((unsigned char)s[l - 1]))
		l--;
	*n = l;
	return s;
}

static int parse_sysfs_hex(struct diag *d, const char *dir, const char *file,
			   const char *txt, uint64_t *out)
{
	char excerpt[64];
	const char *s, *p, *e;
	size_t n;

	s = trim(txt ? txt : "", &n);
	p = s;
	e = s + n;
	if (e - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (parse_hex_span(&p, e, out) == 0 && p == e)
		return 0;
	quote_excerpt(excerpt, sizeof(excerpt), s, n);
	return diag_fail(d, -EINVAL, "%s/%s: not a hex address: \"%s\"", dir,
			 file, excerpt);
}

int memmap_parse_sysfs_entry(struct diag *d, const char *dir,
			     const char *start_txt, const char *end_txt,
			     const char *type_txt, struct memmap *out)
{
	char tname[NAME_MAX_LEN + 1];
	uint64_t start, end;
	enum mem_type type;
	const char *t;
	size_t n;
	int rc;

	if (!dir)
		dir = "memmap";
	rc = parse_sysfs_hex(d, dir, "start", start_txt, &start);
	if (rc)
		return rc;
	rc = parse_sysfs_hex(d, dir, "end", end_txt, &end);
	if (rc)
		return rc;
	if (start > end)
		return diag_fail(d, -EINVAL,
				 "%s: start 0x%llx is after end 0x%llx", dir,
				 (unsigned long long)start,
				 (unsigned long long)end);
	t = trim(type_txt ? type_txt : "", &n);
	if (n == 0)
		return diag_fail(d, -EINVAL, "%s/type: empty", dir);
	if (n > NAME_MAX_LEN)
		n = NAME_MAX_LEN;
	memcpy(tname, t, n);
	tname[n] = '\0';
	if (memmap_type_from_name(tname, &type) != 0) {
		/* Every firmware map entry is memory of some kind; an
		 * unknown one must never become a destination. */
		diag_debug(d, "%s: unknown type \"%s\", treated as Reserved",
			   dir, tname);
		type = MEM_RESERVED;
	}
	rc = memmap_add(d, out, start, end, type);
	if (rc)
		return rc;
	out->source = "sysfs";
	return 0;
}

/* Read a whole (small, text) file into a NUL-terminated malloc'd buffer.
 * Returns 0 or -errno; no message (callers know what to say). */
static int read_text(const char *path, size_t max, char **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *b, *nb;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	b = malloc(cap);
	if (!b) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t r;

		if (cap - n < 2) {
			if (cap >= max) {
				err = -EFBIG;
				goto fail;
			}
			nb = realloc(b, cap * 2);
			if (!nb) {
				err = -ENOMEM;
				goto fail;
			}
			b = nb;
			cap *= 2;
		}
		r = read(fd, b + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
fail:
	free(b);
	close(fd);
	return err;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static int load_sysfs(struct diag *d, const char *dirpath, DIR *dir,
		      struct memmap *out)
{
	static const char *const files[3] = { "start", "end", "type" };
	uint64_t *idx = NULL, *ni;
	size_t nidx = 0, cap = 0, i, k;
	struct dirent *de;
	int rc = 0;

	while ((de = readdir(dir)) != NULL) {
		const char *s = de->d_name;
		uint64_t v = 0;

		if (!*s)
			continue;
		for (; *s; s++) {
			if (!isdigit((unsigned char)*s) || v > 100000000)
				break;
			v = v * 10 + (uint64_t)(*s - '0');
		}
		if (*s)
			continue;        /* ".", "..", anything non-numeric */
		if (nidx == cap) {
			cap = cap ? cap * 2 : 64;
			ni = realloc(idx, cap * sizeof(*idx));
			if (!ni) {
				free(idx);
				return diag_fail(d, -ENOMEM, "out of memory");
			}
			idx = ni;
		}
		idx[nidx++] = v;
	}
	if (nidx == 0) {
		free(idx);
		return diag_fail(d, -ENOENT, "%s: no memory map entries",
				 dirpath);
	}
	qsort(idx, nidx, sizeof(*idx), cmp_u64);
	for (i = 0; i < nidx && rc == 0; i++) {
		char entry[4096], path[4096 + 8];
		char *txt[3] = { NULL, NULL, NULL };
		size_t tl;
		int n;

		n = snprintf(entry, sizeof(entry), "%s/%llu", dirpath,
			     (unsigned long long)idx[i]);
		if (n < 0 || (size_t)n >= sizeof(entry)) {
			rc = diag_fail(d, -ENAMETOOLONG, "%s: path too long",
				       dirpath);
			break;
		}
		for (k = 0; k < 3 && rc == 0; k++) {
			snprintf(path, sizeof(path), "%s/%s", entry, files[k]);
			rc = read_text(path, 4096, &txt[k], &tl);
			if (rc)
				rc = diag_fail(d, rc, "%s: cannot read: %s",
					       path, strerror(-rc));
		}
		if (rc == 0)
			rc = memmap_parse_sysfs_entry(d, entry, txt[0], txt[1],
						      txt[2], out);
		for (k = 0; k < 3; k++)
			free(txt[k]);
	}
	free(idx);
	return rc;
}

int memmap_load(struct diag *d, const char *sysroot, struct memmap *out)
{
	char sysdir[4096], iomem[4096];
	char *text = NULL;
	size_t len = 0;
	DIR *dir;
	int rc, n1, n2;

	memset(out, 0, sizeof(*out));
	if (!sysroot)
		sysroot = "";
	n1 = snprintf(sysdir, sizeof(sysdir), "%s/sys/firmware/memmap",
		      sysroot);
	n2 = snprintf(iomem, sizeof(iomem), "%s/proc/iomem", sysroot);
	if (n1 < 0 || n2 < 0 || (size_t)n1 >= sizeof(sysdir) ||
	    (size_t)n2 >= sizeof(iomem))
		return diag_fail(d, -ENAMETOOLONG, "sysroot path too long: %s",
				 sysroot);

	dir = opendir(sysdir);
	if (dir) {
		rc = load_sysfs(d, sysdir, dir, out);
		closedir(dir);
		if (rc)
			memmap_free(out);
		else
			diag_debug(d, "memory map: %zu regions from %s",
				   out->n, sysdir);
		return rc;
	}
	if (errno != ENOENT)
		return diag_fail(d, -errno, "%s: %s", sysdir, strerror(errno));

	diag_debug(d, "%s does not exist, falling back to %s", sysdir, iomem);
	rc = read_text(iomem, IOMEM_MAX_BYTES, &text, &len);
	if (rc == -ENOENT)
		return diag_fail(d, rc,
				 "no memory map: neither %s nor %s exists",
				 sysdir, iomem);
	if (rc)
		return diag_fail(d, rc, "%s: cannot read: %s", iomem,
				 strerror(-rc));
	rc = memmap_parse_iomem(d, iomem, text, len, out);
	free(text);
	if (rc)
		memmap_free(out);
	else
		diag_debug(d, "memory map: %zu regions from %s", out->n,
			   iomem);
	return rc;
}

int memmap_is_ram(const struct memmap *m, struct range r)
{
	uint64_t cur = r.start;
	size_t i;

	if (r.start > r.end)
		return 0;
	for (i = 0; i < m->n; i++)
		if (m->v[i].type != MEM_RAM && range_overlaps(m->v[i].r, r))
			return 0;
	if (r.start == r.end)
		return 1;        /* nothing to cover */
	/* v[] is sorted by start: sweep the RAM regions once. */
	for (i = 0; i < m->n && cur < r.end; i++) {
		const struct mem_region *g = &m->v[i];

		if (g->type == MEM_RAM && g->r.start <= cur && g->r.end > cur)
			cur = g->r.end;
	}
	return cur >= r.end;
}

void memmap_free(struct memmap *m)
{
	if (!m)
		return;
	free(m->v);
	m->v = NULL;
	m->n = 0;
	m->cap = 0;
}

int memmap_load_iomem(struct diag *d, const char *sysroot, struct memmap *out,
		      struct memmap *crash)
{
	char iomem[4096];
	char *text;
	size_t len;
	int n, rc;

	memset(out, 0, sizeof(*out));
	n = snprintf(iomem, sizeof(iomem), "%s/proc/iomem",
		     sysroot ? sysroot : "");
	if (n < 0 || (size_t)n >= sizeof(iomem))
		return diag_fail(d, -ENAMETOOLONG, "sysroot path too long: %s",
				 sysroot);
	rc = read_text(iomem, IOMEM_MAX_BYTES, &text, &len);
	if (rc)
		return diag_fail(d, rc, "%s: cannot read: %s", iomem,
				 strerror(-rc));
	rc = memmap_parse_iomem_crash(d, iomem, text, len, out, crash);
	free(text);
	if (rc) {
		memmap_free(out);
		if (crash)
			memmap_free(crash);
	}
	return rc;
}
