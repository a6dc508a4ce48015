/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-crash.c - panic (kdump) loads: the pure builders (crash.h) and the
 * whole tool (`kexec -p`, --print-ckr-size, -p -s, -p -u) on the fake
 * kernel, which refuses crash segments outside the reservation as Linux
 * does (fake_sys.c).
 *
 * The fixture machine: firmware map RAM [0, 0x9fc00) and
 * [0x100000, 0x7ffe0000), reserved 0x9fc00-0x9ffff, 0xf0000-0xfffff and
 * 0x7ffe0000-0x7fffffff; "Crash kernel" 0x15000000-0x1cffffff (128 MiB)
 * inside System RAM in /proc/iomem; two CPUs with crash notes; a
 * VMCOREINFO note.  Every expected value below follows from that and
 * from the ELF and boot-protocol layouts (doc/abi.md 5, 15), spelled out
 * here with their own offsets rather than taken from the code. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bzbuild.h"
#include "elfbuild.h"
#include "crash.h"
#include "fake_sys.h"
#include "memmap.h"
#include "runmain.h"
#include "sysroot.h"
#include "tap.h"

#define T_ON_CRASH 0x1u
#define T_UPDATE_ELFCOREHDR 0x4u
#define T_ARCH_386 0x00030000u
#define T_ARCH_X86_64 0x003e0000u
#define T_FILE_ON_CRASH 0x2u
#define REGION_START 0x15000000u
#define REGION_END 0x1cffffffu

static char root[256], bz[400], initrd[400];
static char *out_text, *err_text;

static uint64_t le(const uint8_t *b, int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | b[n];
	return v;
}

static const char iomem_text[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000f0000-000fffff : Reserved\n"
	"00100000-7ffdffff : System RAM\n"
	"  01000000-01ffffff : Kernel code\n"
	"  15000000-1cffffff : Crash kernel\n"
	"7ffe0000-7fffffff : Reserved\n"
	"fec00000-fec003ff : PNP0003:00\n";

static void put_memmap(int n, const char *s, const char *e, const char *type)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "sys/firmware/memmap/%d", n);
	sysroot_mkdir(root, rel);
	snprintf(rel, sizeof(rel), "sys/firmware/memmap/%d/start", n);
	sysroot_put(root, rel, s);
	snprintf(rel, sizeof(rel), "sys/firmware/memmap/%d/end", n);
	sysroot_put(root, rel, e);
	snprintf(rel, sizeof(rel), "sys/firmware/memmap/%d/type", n);
	sysroot_put(root, rel, type);
}

static void fixture(void)
{
	struct bzb_spec s = bzb_default();
	uint8_t *b;
	size_t n;

	sysroot_create(root, sizeof(root), "t-crash");
	put_memmap(0, "0x0\n", "0x9fbff\n", "System RAM\n");
	put_memmap(1, "0x9fc00\n", "0x9ffff\n", "Reserved\n");
	put_memmap(2, "0xf0000\n", "0xfffff\n", "Reserved\n");
	put_memmap(3, "0x100000\n", "0x7ffdffff\n", "System RAM\n");
	put_memmap(4, "0x7ffe0000\n", "0x7fffffff\n", "Reserved\n");
	sysroot_put(root, "proc/iomem", iomem_text);
	sysroot_put(root, "proc/cmdline",
		    "BOOT_IMAGE=/vmlinuz root=/dev/vda crashkernel=128M console=ttyS0\n");
	sysroot_put(root, "sys/kernel/kexec_loaded", "0\n");
	sysroot_put(root, "sys/kernel/kexec_crash_loaded", "0\n");
	sysroot_panic(root, 2);   /* notes at 7dc1d000, 7dc5d000 */
	b = bzb_build(&s, &n);
	snprintf(bz, sizeof(bz), "%s/bzImage", root);
	sysroot_write(bz, b, n);
	free(b);
	b = calloc(1, 0x5000);
	snprintf(initrd, sizeof(initrd), "%s/initrd", root);
	sysroot_write(initrd, b, 0x5000);
	free(b);
}

RUNMAIN_DEFINE_RUN(root, out_text, err_text)

static void new_fake(struct fake_sys *f)
{
	fake_sys_init(f);
	f->sysroot = root;
	f->crash_start = REGION_START;
	f->crash_end = REGION_END;
}

static int one_line(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl && nl[1] == '\0';
}

/* the recorded segment whose data starts with @magic at @off */
static const struct fake_seg *find_seg(const struct fake_load *l,
				       size_t off, const char *magic)
{
	size_t i;

	for (i = 0; i < l->nseg && i < FAKE_MAX_SEGS; i++)
		if (l->seg[i].data && l->seg[i].bufsz >= off + strlen(magic) &&
		    memcmp(l->seg[i].data + off, magic, strlen(magic)) == 0)
			return &l->seg[i];
	return NULL;
}

/* the bytes at physical @pa among the recorded segments, or NULL */
static const uint8_t *at_pa(const struct fake_load *l, uint64_t pa)
{
	size_t i;

	for (i = 0; i < l->nseg && i < FAKE_MAX_SEGS; i++)
		if (l->seg[i].data && pa >= l->seg[i].mem &&
		    pa < l->seg[i].mem + l->seg[i].bufsz)
			return l->seg[i].data + (pa - l->seg[i].mem);
	return NULL;
}

/* ---- the pure builders ---- */

static void test_iomem_crash(void)
{
	struct memmap m, c;
	struct range r;

	memset(&m, 0, sizeof(m));
	memset(&c, 0, sizeof(c));
	is_int(memmap_parse_iomem_crash(NULL, "iomem", iomem_text,
					strlen(iomem_text), &m, &c), 0,
	       "iomem with a crash region parses");
	is_int((int)c.n, 1, "one Crash kernel range");
	is_u64(c.v[0].r.start, 0x15000000, "crash start");
	is_u64(c.v[0].r.end, 0x1d000000, "crash end (half-open)");
	is_int(crash_load_region(&c, &r), 0, "load region found");
	is_u64(r.start, 0x15000000, "load region = the reservation");
	memmap_free(&m);
	memmap_free(&c);

	/* high + low: the panic image goes into the high one (crashk_res) */
	{
		static const char t[] =
			"00100000-bfffffff : System RAM\n"
			"  0b000000-0effffff : Crash kernel\n"
			"100000000-23fffffff : System RAM\n"
			"  22f000000-23effffff : Crash kernel\n";

		memset(&m, 0, sizeof(m));
		memset(&c, 0, sizeof(c));
		is_int(memmap_parse_iomem_crash(NULL, "iomem", t, strlen(t), &m, &c),
		       0, "high+low parses");
		is_int((int)c.n, 2, "two reservations");
		is_int(crash_load_region(&c, &r), 0, "region");
		is_u64(r.start, 0x22f000000ull, "the high reservation is the load region");
		memmap_free(&m);
		memmap_free(&c);
	}
	memset(&c, 0, sizeof(c));
	is_int(crash_load_region(&c, &r), -ENOENT, "no reservation: -ENOENT");
}

static void test_dump_ranges(void)
{
	struct memmap m, c;
	struct range out[8];
	size_t n = 0;

	memset(&m, 0, sizeof(m));
	memset(&c, 0, sizeof(c));
	memmap_parse_iomem_crash(NULL, "iomem", iomem_text, strlen(iomem_text),
				 &m, &c);
	is_int(crash_dump_ranges(NULL, &m, &c, out, 8, &n), 0, "dump ranges");
	is_int((int)n, 2, "RAM minus the first MiB and the reservation: 2 ranges");
	is_u64(out[0].start, 0x100000, "from 1 MiB");
	is_u64(out[0].end, 0x15000000, "to the reservation");
	is_u64(out[1].start, 0x1d000000, "after the reservation");
	is_u64(out[1].end, 0x7ffe0000, "to the end of RAM");
	is_int(crash_dump_ranges(NULL, &m, &c, out, 1, &n), -E2BIG,
	       "too many ranges: -E2BIG");
	memmap_free(&m);
	memmap_free(&c);
}

static void test_elf_build(void)
{
	static const struct range ram[2] = { { 0x100000, 0x15000000 },
					     { 0x1d000000, 0x7ffe0000 } };
	static const struct crash_note notes[2] = { { 0x7dc1d000, 424 },
						    { 0x7dc5d000, 424 } };
	struct crash_elf_in in;
	uint8_t *h = NULL;
	size_t len = 0;
	uint64_t memsz = 0;
	const uint8_t *ph;

	memset(&in, 0, sizeof(in));
	in.elf64 = 1;
	in.x86_64 = 1;
	in.ram = ram;
	in.nram = 2;
	in.notes = notes;
	in.nnotes = 2;
	in.vmcoreinfo = (struct crash_note){ 0x2a0b000, 1024 };
	in.page_offset = 0xffff888000000000ull;
	in.have_text = 1;
	in.text_va = 0xffffffff81000000ull;
	in.text_pa = 0x1000000;
	in.text_size = 0x2000000;
	is_int(crash_elf_build(NULL, &in, &h, &len, &memsz), 0, "ELF64 headers");
	is_int((int)len, 64 + 6 * 56, "ehdr + 6 phdrs");
	is_u64(memsz, 4096, "one page");
	ok(memcmp(h, "\177ELF\2\1\1", 7) == 0, "ELF64 LSB ident");
	is_int((int)le(h + 16, 2), 4, "ET_CORE");
	is_int((int)le(h + 18, 2), 62, "EM_X86_64");
	is_u64(le(h + 32, 8), 64, "e_phoff");
	is_int((int)le(h + 54, 2), 56, "e_phentsize");
	is_int((int)le(h + 56, 2), 6, "e_phnum");
	ph = h + 64;
	is_int((int)le(ph, 4), 4, "phdr 0: PT_NOTE (CPU 0)");
	is_u64(le(ph + 8, 8), 0x7dc1d000, "note offset = its address");
	is_u64(le(ph + 32, 8), 424, "note size");
	ph += 56 * 2;
	is_int((int)le(ph, 4), 4, "phdr 2: PT_NOTE (VMCOREINFO)");
	is_u64(le(ph + 24, 8), 0x2a0b000, "vmcoreinfo address");
	ph += 56;
	is_int((int)le(ph, 4), 1, "phdr 3: PT_LOAD (kernel text)");
	is_u64(le(ph + 16, 8), 0xffffffff81000000ull, "text vaddr");
	is_u64(le(ph + 24, 8), 0x1000000, "text paddr");
	ph += 56;
	is_int((int)le(ph, 4), 1, "phdr 4: PT_LOAD (RAM)");
	is_u64(le(ph + 8, 8), 0x100000, "RAM offset = paddr");
	is_u64(le(ph + 16, 8), 0xffff888000100000ull, "RAM vaddr = page_offset + paddr");
	is_u64(le(ph + 40, 8), 0x14f00000, "RAM memsz");
	free(h);

	/* ELF32 for i386 */
	in.elf64 = 0;
	in.x86_64 = 0;
	in.have_text = 0;
	in.page_offset = 0xc0000000;
	in.vaddr_limit = 0x38000000;
	is_int(crash_elf_build(NULL, &in, &h, &len, &memsz), 0, "ELF32 headers");
	is_int((int)len, 52 + 5 * 32, "ehdr32 + 5 phdrs");
	is_int(h[4], 1, "ELFCLASS32");
	is_int((int)le(h + 18, 2), 3, "EM_386");
	is_int((int)le(h + 44, 2), 5, "e_phnum (32)");
	ph = h + 52 + 3 * 32;
	is_int((int)le(ph, 4), 1, "PT_LOAD");
	is_u64(le(ph + 8, 4), 0xc0100000u, "lowmem vaddr");
	ph += 32;
	is_u64(le(ph + 8, 4), 0xdd000000u, "lowmem vaddr (second range)");
	free(h);
	{
		static const struct range highmem[1] = { { 0x40000000, 0x50000000 } };

		in.ram = highmem;
		in.nram = 1;
		is_int(crash_elf_build(NULL, &in, &h, &len, &memsz), 0, "ELF32, high memory");
		is_u64(le(h + 52 + 3 * 32 + 8, 4), 0, "no vaddr above low memory");
		free(h);
	}

	/* ELF32 cannot reach 4 GiB */
	{
		static const struct range hi[1] = { { 0x100000000ull, 0x140000000ull } };

		in.ram = hi;
		in.nram = 1;
		is_int(crash_elf_build(NULL, &in, &h, &len, &memsz), -ERANGE,
		       "ELF32 with RAM above 4 GiB: -ERANGE");
	}
	/* room for hotplug */
	in.ram = ram;
	in.nram = 2;
	in.elf64 = 1;
	in.spare_phdrs = 8192;
	is_int(crash_elf_build(NULL, &in, &h, &len, &memsz), 0, "with spare room");
	ok(memsz >= 64 + (5 + 8192) * 56ull && memsz % 4096 == 0,
	   "hotplug room is page-rounded and holds 8192 more phdrs");
	free(h);
}

static void test_capture_map(void)
{
	struct memmap host, c, out;
	struct range load = { 0x15000000, 0x1d000000 }, hdr = { 0x15000000, 0x15001000 };
	size_t i;
	int ram_ok = 1;

	memset(&host, 0, sizeof(host));
	memset(&c, 0, sizeof(c));
	memmap_add(NULL, &host, 0, 0x9fbff, MEM_RAM);
	memmap_add(NULL, &host, 0x9fc00, 0x9ffff, MEM_RESERVED);
	memmap_add(NULL, &host, 0x100000, 0x7ffdffff, MEM_RAM);
	memmap_add(NULL, &host, 0x7ffe0000, 0x7fffffff, MEM_ACPI);
	memmap_add(NULL, &c, 0x15000000, 0x1cffffff, MEM_RAM);
	is_int(crash_capture_map(NULL, &host, &c, load, hdr, &out), 0, "capture map");
	is_int((int)out.n, 4, "low RAM, reserved, crash RAM less headers, ACPI");
	for (i = 0; i < out.n; i++)
		if (out.v[i].type == MEM_RAM &&
		    !((out.v[i].r.start == 0 && out.v[i].r.end == 0x9fc00) ||
		      (out.v[i].r.start == 0x15001000 && out.v[i].r.end == 0x1d000000)))
			ram_ok = 0;
	ok(ram_ok, "RAM only below 1 MiB and in the reservation after the headers");
	is_int(out.v[out.n - 1].type, MEM_ACPI, "ACPI kept");
	memmap_free(&out);
	memmap_free(&host);
	memmap_free(&c);
}

/* ---- the whole tool ---- */

static void check_capture_load(const struct fake_sys *f, const char *what,
			       const char *want_cmdline)
{
	const struct fake_load *l = &f->loads[f->nloads - 1];
	const struct fake_seg *bp, *eh;
	const uint8_t *cl;
	char want[600];
	size_t i;
	int in_region = 1, e820_ok = 1, n;

	is_intf(l->rc, 0, "%s: the kernel accepted it", what);
	is_intf((int)l->flags, (int)(T_ON_CRASH | T_ARCH_X86_64),
		"%s: KEXEC_ON_CRASH | x86_64", what);
	for (i = 0; i < l->nseg && i < FAKE_MAX_SEGS; i++)
		if (l->seg[i].mem < REGION_START ||
		    l->seg[i].mem + l->seg[i].memsz - 1 > REGION_END)
			in_region = 0;
	ok(in_region, "%s: every segment in the reservation", what);
	ok(l->entry >= REGION_START && l->entry <= REGION_END,
	   "%s: entry in the reservation", what);
	eh = find_seg(l, 0, "\177ELF\2");
	ok(eh != NULL, "%s: an ELF64 core header segment", what);
	if (!eh)
		return;
	is_int((int)le(eh->data + 16, 2), 4, "core headers: ET_CORE");
	is_int((int)le(eh->data + 56, 2), 5,
	       "core headers: 2 CPU notes + VMCOREINFO + 2 RAM ranges");
	is_u64(eh->mem, REGION_START, "core headers at the start of the reservation");
	bp = find_seg(l, 0x202, "HdrS");
	ok(bp != NULL, "%s: a boot_params segment", what);
	if (!bp)
		return;
	cl = at_pa(l, le(bp->data + 0x228, 4));
	snprintf(want, sizeof(want), "%s%selfcorehdr=0x%llx", want_cmdline,
		 want_cmdline[0] ? " " : "", (unsigned long long)eh->mem);
	ok(cl != NULL, "%s: the command line is in a segment", what);
	if (cl)
		is_str((const char *)cl, want, "capture command line");
	n = bp->data[0x1e8];
	for (i = 0; i < (size_t)n; i++) {
		const uint8_t *e = bp->data + 0x2d0 + 20 * i;
		uint64_t s = le(e, 8), len = le(e + 8, 8);
		uint32_t type = (uint32_t)le(e + 16, 4);

		if (type == 1 && !(s + len <= 0x100000 ||
				   (s >= eh->mem + eh->memsz && s + len <= REGION_END + 1ull)))
			e820_ok = 0;
	}
	ok(n >= 3 && e820_ok,
	   "%s: the capture kernel's e820 (%d entries) has RAM only below 1 MiB and in the reservation past the headers",
	   what, n);
}

static void test_panic_load(void)
{
	struct fake_sys f;

	new_fake(&f);
	is_int(run(&f, "--print-ckr-size"), 0, "--print-ckr-size: exit 0");
	is_str(out_text, "134217728\n", "--print-ckr-size: 128 MiB in bytes");

	is_int(run(&f, "-p %s -c --initrd=%s --command-line=root=/dev/vda", bz, initrd),
	       0, "kexec -p -c: exit 0");
	is_str(err_text, "", "kexec -p: nothing on stderr");
	is_int((int)f.nloads, 1, "one kexec_load");
	check_capture_load(&f, "-p -c", "root=/dev/vda");
	is_int(f.crash.loaded, 1, "the crash image is loaded");
	is_int(f.image.loaded, 0, "the normal image is not");
	is_int(run(&f, "-S -p"), 1, "-S -p: loaded (1)");
	is_int(run(&f, "-S -l"), 0, "-S -l: no normal image (0)");

	/* --reuse-cmdline: crashkernel= goes for the capture kernel... */
	is_int(run(&f, "--load-panic %s -c --reuse-cmdline --append=irqpoll", bz), 0,
	       "-p --reuse-cmdline: exit 0");
	check_capture_load(&f, "-p --reuse-cmdline",
			   "root=/dev/vda console=ttyS0 irqpoll");
	/* ... but stays for a kexec reboot */
	is_int(run(&f, "-l %s -c --reuse-cmdline", bz), 0, "-l --reuse-cmdline: exit 0");
	{
		const struct fake_load *l = &f.loads[f.nloads - 1];
		const struct fake_seg *bp = find_seg(l, 0x202, "HdrS");
		const uint8_t *cl = bp ? at_pa(l, le(bp->data + 0x228, 4)) : NULL;

		ok(cl != NULL, "-l: command line found");
		if (cl)
			is_str((const char *)cl, "root=/dev/vda crashkernel=128M console=ttyS0",
			       "-l --reuse-cmdline keeps crashkernel=");
		is_int((int)l->flags, (int)T_ARCH_X86_64, "-l: no KEXEC_ON_CRASH");
	}
	/* -l -p KERNEL is a panic load too (kexec-tools) */
	is_int(run(&f, "-l -p %s -c", bz), 0, "-l -p: exit 0");
	is_int((int)(f.loads[f.nloads - 1].flags & T_ON_CRASH), 1, "-l -p: KEXEC_ON_CRASH");

	/* the file syscall */
	is_int(run(&f, "-p -s %s --initrd=%s --append=x", bz, initrd), 0, "-p -s: exit 0");
	is_int((int)f.nfile_loads, 1, "-p -s: one kexec_file_load");
	is_int((int)f.file_loads[0].flags, (int)T_FILE_ON_CRASH, "-p -s: KEXEC_FILE_ON_CRASH");
	is_str(f.file_loads[0].cmdline, "x", "-p -s: the command line as given (the kernel adds elfcorehdr=)");
	/* and -a tries it first */
	is_int(run(&f, "-p %s", bz), 0, "-p (auto): exit 0");
	is_int((int)f.nfile_loads, 2, "-p (auto): kexec_file_load first");

	/* unload the panic image: -p -u and -s -p -u */
	is_int(run(&f, "-p -u"), 0, "-p -u: exit 0");
	is_int(f.crash.loaded, 0, "-p -u: the crash image is gone");
	is_int(run(&f, "-s -p -u"), 0, "-s -p -u: exit 0");
	is_int((int)(f.file_loads[f.nfile_loads - 1].flags & 3), 3,
	       "-s -p -u: KEXEC_FILE_UNLOAD | KEXEC_FILE_ON_CRASH");

	/* --hotplug */
	f.crash_hotplug = 1;
	is_int(run(&f, "-p -c --hotplug %s", bz), 0, "-p --hotplug: exit 0");
	{
		const struct fake_load *l = &f.loads[f.nloads - 1];
		const struct fake_seg *eh = find_seg(l, 0, "\177ELF");

		is_int((int)(l->flags & T_UPDATE_ELFCOREHDR), (int)T_UPDATE_ELFCOREHDR,
		       "--hotplug: KEXEC_UPDATE_ELFCOREHDR");
		ok(eh && eh->memsz >= 64 + 8192ull * 56,
		   "--hotplug: the header segment has room for the kernel's rewrites");
	}
	fake_sys_free(&f);
}

/* every refusal: one line, exit 1, the loaded panic image kept */
static void refused(struct fake_sys *f, const char *args, const char *needle,
		    const char *what)
{
	uint64_t entry = f->crash.entry;
	int rc = run(f, "%s", args);

	is_intf(rc, 1, "%s: exit 1", what);
	printf("# %s", err_text ? err_text : "(nothing)\n");
	ok(err_text && one_line(err_text), "%s: one line", what);
	if (err_text && !strstr(err_text, needle))
		ok(0, "%s: message names '%s': %s", what, needle, err_text);
	else
		ok(1, "%s: message names '%s'", what, needle);
	ok(f->crash.loaded && f->crash.entry == entry,
	   "%s: the loaded panic image is untouched", what);
}

static void test_refusals(void)
{
	struct fake_sys f;
	char args[3000];

	new_fake(&f);
	fake_sys_preload(&f, 0x15100000, T_ON_CRASH | T_ARCH_X86_64, REGION_START);
	ok(f.crash.loaded, "a panic image is loaded before the refusals");

	snprintf(args, sizeof(args), "-p %s --load-preserve-context", bz);
	refused(&f, args, "does not return", "-p with --load-preserve-context");
	snprintf(args, sizeof(args), "-p %s -c --elf32-core-headers", bz);
	refused(&f, args, "ELF64", "--elf32-core-headers on x86_64");
	snprintf(args, sizeof(args), "-l %s --hotplug", bz);
	refused(&f, args, "panic load", "--hotplug without -p");
	snprintf(args, sizeof(args), "-p %s -c --args-none", bz);
	refused(&f, args, "--args-none does not apply to bzImage images", "-p --args-none");
	refused(&f, "-p", "needs a kernel file", "-p without a kernel");

	/* no reservation */
	sysroot_put(root, "proc/iomem",
		    "00001000-0009fbff : System RAM\n00100000-7ffdffff : System RAM\n");
	snprintf(args, sizeof(args), "-p %s -c", bz);
	refused(&f, args, "crashkernel=", "no crash reservation");
	/* one too small for the kernel and initrd */
	sysroot_put(root, "proc/iomem",
		    "00100000-7ffdffff : System RAM\n  15000000-150fffff : Crash kernel\n");
	snprintf(args, sizeof(args), "-p %s -c --initrd=%s", bz, initrd);
	refused(&f, args, "larger crashkernel=", "reservation too small");
	/* above 2 GiB on x86_64: the file syscall can do it */
	sysroot_put(root, "proc/iomem",
		    "00100000-bfffffff : System RAM\n  a0000000-a7ffffff : Crash kernel\n");
	snprintf(args, sizeof(args), "-p %s -c", bz);
	refused(&f, args, "use -s", "reservation above 2 GiB");
	sysroot_put(root, "proc/iomem", iomem_text);
	/* a kernel without CONFIG_CRASH_DUMP */
	{
		char p[600];

		snprintf(p, sizeof(p), "%s/sys/kernel/kexec_crash_loaded", root);
		unlink(p);
		snprintf(args, sizeof(args), "-p %s -c", bz);
		refused(&f, args, "CONFIG_CRASH_DUMP", "no CONFIG_CRASH_DUMP");
		sysroot_put(root, "sys/kernel/kexec_crash_loaded", "1\n");
	}
	/* what the kernel's file loader would refuse is refused before the
	 * call (Linux frees the loaded panic kernel once a panic load
	 * reaches it), with -s and with the default -a */
	{
		char longcl[2100];

		memset(longcl, 'x', sizeof(longcl) - 1);
		longcl[sizeof(longcl) - 1] = '\0';
		snprintf(args, sizeof(args), "-p -s %s --append=%.2030s", bz, longcl);
		refused(&f, args, "cmdline_size", "-p -s, command line too long for the image");
		snprintf(args, sizeof(args), "-p %s --append=%.2030s", bz, longcl);
		refused(&f, args, "cmdline_size", "-p (auto), command line too long for the image");
		is_int((int)f.nfile_loads, 0, "no kexec_file_load was tried");
	}
	/* the kernel refuses after our checks: say that none is loaded */
	{
		uint64_t e = f.crash.entry;

		fake_script_push(&f.load_script, -ENOMEM);
		snprintf(args, sizeof(args), "-p %s -c", bz);
		is_int(run(&f, "%s", args), 1, "kernel ENOMEM: exit 1");
		has_str(err_text, "none is loaded now", "kernel ENOMEM: the message says the old panic kernel is gone");
		is_int(f.crash.loaded, 0, "(the fake, like Linux, dropped it)");
		fake_sys_preload(&f, e, T_ON_CRASH | T_ARCH_X86_64, REGION_START);
	}
	/* the kernel refuses the hotplug flag (before 6.6) */
	snprintf(args, sizeof(args), "-p %s -c --hotplug", bz);
	refused(&f, args, "Linux 6.6", "--hotplug on a kernel without it");
	fake_sys_free(&f);
}

static void test_i386(void)
{
	struct fake_sys f;
	const struct fake_seg *eh;

	new_fake(&f);
	snprintf(f.machine, sizeof(f.machine), "i686");
	{
		struct bzb_spec s = bzb_default();
		uint8_t *b;
		size_t n;

		s.xloadflags = 0;     /* a 32-bit kernel */
		s.initrd_addr_max = 0x37ffffff;
		b = bzb_build(&s, &n);
		sysroot_write(bz, b, n);
		free(b);
	}
	is_int(run(&f, "-p %s --initrd=%s", bz, initrd), 0, "i386 -p: exit 0");
	is_str(err_text, "", "i386 -p: quiet");
	is_int((int)f.loads[f.nloads - 1].flags, (int)(T_ON_CRASH | T_ARCH_386),
	       "i386: KEXEC_ON_CRASH | i386");
	eh = find_seg(&f.loads[f.nloads - 1], 0, "\177ELF\1");
	ok(eh != NULL, "i386: ELF32 core headers by default (RAM below 4 GiB)");
	if (eh)
		is_int((int)le(eh->data + 18, 2), 3, "i386: EM_386");
	is_int(run(&f, "-p %s --elf64-core-headers", bz), 0, "i386 --elf64-core-headers: exit 0");
	eh = find_seg(&f.loads[f.nloads - 1], 0, "\177ELF\2");
	ok(eh != NULL, "i386 --elf64-core-headers: ELF64");
	fake_sys_free(&f);
}

/* -p --args-linux: an x86_64 vmlinux linked at 16 MiB moves into the
 * reservation as a whole, 2 MiB aligned, its entry with it */
static void test_vmlinux(void)
{
	struct fake_sys f;
	struct eb_spec s;
	char path[400];
	uint8_t *b;
	size_t n, i;
	const struct fake_load *l;
	int in_region = 1, found = 0;

	memset(&s, 0, sizeof(s));
	s.cls = 2;
	s.type = 2;
	s.machine = 62;
	s.entry = 0x1000000;
	s.nph = 2;
	s.ph[0] = (struct eb_phdr){ .type = 1, .flags = 5, .offset = 0x1000,
				    .vaddr = 0xffffffff81000000ull, .paddr = 0x1000000,
				    .filesz = 0x3000, .memsz = 0x3000, .align = 0x1000 };
	s.ph[1] = (struct eb_phdr){ .type = 1, .flags = 6, .offset = 0x4000,
				    .vaddr = 0xffffffff81200000ull, .paddr = 0x1200000,
				    .filesz = 0x1000, .memsz = 0x5000, .align = 0x1000 };
	b = eb_build(&s, &n);
	snprintf(path, sizeof(path), "%s/vmlinux", root);
	sysroot_write(path, b, n);
	free(b);
	new_fake(&f);
	is_int(run(&f, "-p %s --args-linux --append=x", path), 0, "-p vmlinux: exit 0");
	is_str(err_text, "", "-p vmlinux: quiet");
	l = &f.loads[f.nloads - 1];
	for (i = 0; i < l->nseg && i < FAKE_MAX_SEGS; i++) {
		if (l->seg[i].mem < REGION_START ||
		    l->seg[i].mem + l->seg[i].memsz - 1 > REGION_END)
			in_region = 0;
		/* the text segment: its first bytes are (offset & 0xff) */
		if (l->seg[i].bufsz == 0x3000 && l->seg[i].data &&
		    l->seg[i].data[1] == 1) {
			found = 1;
			ok(l->seg[i].mem % 0x200000 == 0,
			   "-p vmlinux: moved 2 MiB aligned (0x%llx)",
			   (unsigned long long)l->seg[i].mem);
			ok(find_seg(l, 0, "\177ELF\2") != NULL, "-p vmlinux: core headers");
			{
				/* the second PT_LOAD keeps its distance */
				size_t k;
				int kept = 0;

				for (k = 0; k < l->nseg; k++)
					if (l->seg[k].mem == l->seg[i].mem + 0x200000 &&
					    l->seg[k].memsz == 0x5000)
						kept = 1;
				ok(kept, "-p vmlinux: the PT_LOADs keep their distance");
			}
		}
	}
	ok(found, "-p vmlinux: the text PT_LOAD was loaded");
	ok(in_region, "-p vmlinux: every segment in the reservation");
	/* an i386 vmlinux cannot move: refused before the kernel sees it */
	snprintf(f.machine, sizeof(f.machine), "i686");
	s.cls = 1;
	s.machine = 3;
	s.ph[0].vaddr = 0xc1000000u;
	s.ph[1].vaddr = 0xc1200000u;
	b = eb_build(&s, &n);
	sysroot_write(path, b, n);
	free(b);
	fake_sys_preload(&f, 0x15100000, T_ON_CRASH | T_ARCH_386, REGION_START);
	is_int(run(&f, "-p %s --args-linux", path), 1, "-p i386 vmlinux at 16 MiB: exit 1");
	ok(f.crash.loaded && f.crash.entry == 0x15100000,
	   "-p i386 vmlinux: the loaded panic kernel is kept");
	printf("# %s", err_text ? err_text : "");
	fake_sys_free(&f);
}

/* --pass-memmap-cmdline: the capture kernel's map as memmap= words
 * after elfcorehdr=, in hex bytes: RAM SIZE@ADDR, ACPI data SIZE#ADDR,
 * ACPI NVS and reserved SIZE$ADDR.  The fixture's map gets an ACPI
 * and an NVS range for this test (removed after it). */
static void test_pass_memmap(void)
{
	struct fake_sys f;
	const struct fake_load *l;
	const struct fake_seg *bp, *eh;
	const char *cl;
	char want[400];

	new_fake(&f);
	put_memmap(5, "0x80000000\n", "0x8000ffff\n", "ACPI Tables\n");
	put_memmap(6, "0x80010000\n", "0x8001ffff\n", "ACPI Non-volatile Storage\n");
	is_int(run(&f, "-p %s -c --pass-memmap-cmdline --append=root=/dev/vda", bz), 0,
	       "-p --pass-memmap-cmdline: exit 0");
	{
		char p[700];

		snprintf(p, sizeof(p), "rm -r %s/sys/firmware/memmap/5 %s/sys/firmware/memmap/6",
			 root, root);
		ok(system(p) == 0, "the extra map entries removed");
	}
	is_str(err_text, "", "-p --pass-memmap-cmdline: nothing on stderr");
	if (f.nloads != 1) {
		ok(0, "-p --pass-memmap-cmdline: one load");
		return;
	}
	l = &f.loads[0];
	eh = find_seg(l, 0, "\177ELF\2");
	bp = find_seg(l, 0x202, "HdrS");
	cl = bp ? (const char *)at_pa(l, le(bp->data + 0x228, 4)) : NULL;
	ok(eh && cl, "-p --pass-memmap-cmdline: headers and command line");
	if (!eh || !cl)
		return;
	/* in address order: low RAM [0, 0x9fc00), the fixture's reserved
	 * 0x9fc00 (1 KiB) and 0xf0000 (64 KiB), the reservation's RAM from
	 * the end of the headers to its end (nothing else is RAM for the
	 * capture kernel), reserved 0x7ffe0000 (128 KiB), ACPI data
	 * 0x80000000 and NVS 0x80010000 (64 KiB each) */
	snprintf(want, sizeof(want),
		 "root=/dev/vda elfcorehdr=0x%llx memmap=exactmap memmap=0x9fc00@0x0 memmap=0x400$0x9fc00 memmap=0x10000$0xf0000 memmap=0x%llx@0x%llx memmap=0x20000$0x7ffe0000 memmap=0x10000#0x80000000 memmap=0x10000$0x80010000",
		 (unsigned long long)eh->mem,
		 (unsigned long long)(REGION_END + 1ull - eh->mem - eh->memsz),
		 (unsigned long long)(eh->mem + eh->memsz));
	is_str(cl, want, "the command line: elfcorehdr=, exactmap, then every range with its type's separator");
	fake_sys_free(&f);
}

int main(void)
{
	fixture();
	test_pass_memmap();
	test_iomem_crash();
	test_dump_ranges();
	test_elf_build();
	test_capture_map();
	test_panic_load();
	test_refusals();
	test_i386();
	test_vmlinux();
	sysroot_remove(root);
	free(out_text);
	free(err_text);
	return tap_done();
}
