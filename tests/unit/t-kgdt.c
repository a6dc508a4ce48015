/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-kgdt.c - CPU 0's GDT from kallsyms + kcore (kexec/kgdt.c), on
 * synthetic core files of both classes.  Descriptors are the ones Linux
 * puts at __KERNEL_CS (0x00af9b000000ffff on x86_64, 0x00cf9b000000ffff on
 * i386), written here as literal numbers from the SDM layout. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "kgdt.h"
#include "kimage-read.h"
#include "tap.h"

static void put(unsigned char *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* A core with two PT_LOADs: [va0, va0 + 4096) holding @w0 (one word, the
 * __per_cpu_offset array) and [va1, va1 + 4096) holding @gdt (16 x 8). */
static unsigned char *core(int cls, uint64_t va0, uint64_t w0, uint64_t va1,
			   const uint64_t *gdt, size_t *len)
{
	size_t eh = cls == 2 ? 64 : 52, ph = cls == 2 ? 56 : 32;
	size_t data = 4096, n = data + 2 * 4096;
	unsigned char *b = calloc(1, n);

	memcpy(b, "\177ELF", 4);
	b[4] = (unsigned char)cls;
	b[5] = 1;
	b[6] = 1;
	put(b + 16, 4, 2);                         /* ET_CORE */
	put(b + 18, cls == 2 ? 62 : 3, 2);
	put(b + 20, 1, 4);
	if (cls == 2) {
		put(b + 32, eh, 8);
		put(b + 52, eh, 2);
		put(b + 54, ph, 2);
		put(b + 56, 2, 2);
	} else {
		put(b + 28, eh, 4);
		put(b + 40, eh, 2);
		put(b + 42, ph, 2);
		put(b + 44, 2, 2);
	}
	for (int i = 0; i < 2; i++) {
		unsigned char *p = b + eh + i * ph;
		uint64_t off = data + (uint64_t)i * 4096, va = i ? va1 : va0;

		put(p, 1, 4);
		if (cls == 2) {
			put(p + 4, 7, 4);
			put(p + 8, off, 8);
			put(p + 16, va, 8);
			put(p + 24, UINT64_MAX, 8);
			put(p + 32, 4096, 8);
			put(p + 40, 4096, 8);
		} else {
			put(p + 4, off, 4);
			put(p + 8, va, 4);
			put(p + 12, UINT32_MAX, 4);
			put(p + 16, 4096, 4);
			put(p + 20, 4096, 4);
			put(p + 24, 7, 4);
		}
	}
	put(b + data, w0, cls == 2 ? 8 : 4);
	for (int i = 0; i < 16 && gdt; i++)
		put(b + data + 4096 + 8 * i, gdt[i], 8);
	*len = n;
	return b;
}

static char dir[] = "/tmp/t-kgdt-XXXXXX", ks[300];

static void kallsyms(const char *text)
{
	FILE *f = fopen(ks, "w");

	if (!f || fputs(text, f) < 0)
		exit(2);
	fclose(f);
}

static int run(int cls, uint64_t va0, uint64_t w0, uint64_t va1,
	       const uint64_t *gdt, int is_64, uint16_t *lim, uint64_t *base,
	       struct diag *d)
{
	size_t len;
	unsigned char *b = core(cls, va0, w0, va1, gdt, &len);
	struct kcore *kc = NULL;
	int rc;

	memset(d, 0, sizeof(*d));
	rc = kcore_open_mem(d, b, len, "kcore", &kc);
	if (rc == 0) {
		rc = kgdt_from_symbols(d, ks, kc, is_64, lim, base);
		kcore_close(kc);
	}
	free(b);
	return rc;
}

int main(void)
{
	uint64_t g64[16] = { 0 }, g32[16] = { 0 };
	uint16_t lim = 0;
	uint64_t base = 0;
	struct diag d;
	int rc;

	if (!mkdtemp(dir))
		return 2;
	snprintf(ks, sizeof(ks), "%s/kallsyms", dir);
	g64[2] = 0x00af9b000000ffffull;          /* __KERNEL_CS, L=1 */
	g32[12] = 0x00cf9b000000ffffull;         /* __KERNEL_CS, flat 4 GiB */

	/* x86_64 SMP: per-CPU symbols are offsets; CPU 0's copy is at
	 * gdt_page + __per_cpu_offset[0] = 0xffff88801f400000 + 0xb000 */
	kallsyms("000000000000b000 D gdt_page\n"
		 "ffffffff82a13000 R __per_cpu_offset\n");
	rc = run(2, 0xffffffff82a13000ull, 0xffff88801f400000ull,
		 0xffff88801f40b000ull, g64, 1, &lim, &base, &d);
	is_int(rc, 0, "x86_64: found");
	is_u64(base, 0xffff88801f40b000ull, "x86_64: base = gdt_page + __per_cpu_offset[0]");
	is_int(lim, 0x7f, "x86_64: limit = 16 entries");

	/* the same address holding a table without 64-bit kernel code at
	 * 0x10 (what a wrong offset would land on) is refused */
	rc = run(2, 0xffffffff82a13000ull, 0xffff88801f400000ull,
		 0xffff88801f40b000ull, g32, 1, &lim, &base, &d);
	is_int(rc, -EINVAL, "x86_64: no 64-bit kernel code at 0x10: refused");
	has_str(d.msg, "no kernel code descriptor at selector 0x10", "x86_64: says what it checked");

	/* i386 SMP: absolute per-CPU symbols plus the offset */
	kallsyms("c1a0b000 D gdt_page\n"
		 "c19e2000 R __per_cpu_offset\n");
	rc = run(1, 0xc19e2000u, 0x3dff5000u, 0xffa00000u, g32, 0, &lim, &base, &d);
	is_int(rc, 0, "i386: found");
	is_u64(base, 0xffa00000u, "i386: base = gdt_page + __per_cpu_offset[0] (mod 2^32)");
	is_int(lim, 0xff, "i386: limit = 32 entries");
	rc = run(1, 0xc19e2000u, 0x3dff5000u, 0xffa00000u, g64, 0, &lim, &base, &d);
	is_int(rc, -EINVAL, "i386: a 64-bit code descriptor is not i386's kernel code");

	/* no SMP: no __per_cpu_offset, the symbol is the table */
	kallsyms("c1a0b000 D gdt_page\n");
	rc = run(1, 0xc0000000u, 0, 0xc1a0b000u, g32, 0, &lim, &base, &d);
	is_int(rc, 0, "UP kernel: found");
	is_u64(base, 0xc1a0b000u, "UP kernel: base = gdt_page");

	/* missing pieces */
	kallsyms("ffffffff82a13000 R __per_cpu_offset\n");
	rc = run(2, 0xffffffff82a13000ull, 0, 0, g64, 1, &lim, &base, &d);
	is_int(rc, -ENOENT, "no gdt_page: ENOENT");
	has_str(d.msg, "gdt_page", "no gdt_page: named");
	kallsyms("0000000000000000 D gdt_page\n");
	rc = run(2, 0xffffffff82a13000ull, 0, 0, g64, 1, &lim, &base, &d);
	is_int(rc, -EPERM, "hidden addresses (kptr_restrict): EPERM");
	kallsyms("000000000000b000 D gdt_page\n"
		 "ffffffff82a13000 R __per_cpu_offset\n");
	rc = run(1, 0xc19e2000u, 0, 0, g32, 1, &lim, &base, &d);
	is_int(rc, -EINVAL, "a 32-bit core for a 64-bit kernel: refused");
	rc = run(2, 0xffffffff82a13000ull, 0xffff88801f400000ull,
		 0xffff88801f500000ull, g64, 1, &lim, &base, &d);
	ok(rc < 0, "the GDT address outside the core: an error (%d)", rc);

	unlink(ks);
	rmdir(dir);
	return tap_done();
}
