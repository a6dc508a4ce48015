/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-kexec.c - end-to-end tests of kexec_main() with the fake kernel seam
 * (fake_sys.c) and fixture sysroots built in a temporary directory.
 *
 * The fixture machine: RAM at [0, 0x9fc00) and [0x100000, 0x7ffe0000),
 * a reserved hole in between; no image loaded.  Test programs are tiny
 * static ELF files written by the test (elfbuild.h), so every expected
 * address, size and flag below follows from the fixture and the ELF
 * headers written here (and doc/abi.md 1.3 for the flag values). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfbuild.h"
#include "fake_sys.h"
#include "kcorebuild.h"
#include "kexec.h"
#include "runmain.h"
#include "tap.h"


/* Flag values from the uapi (doc/abi.md 1.3), spelled out here rather
 * than taken from the code under test. */
#define T_ON_CRASH 0x1u
#define T_PRESERVE 0x2u
#define T_ARCH_386 0x00030000u
#define T_ARCH_X86_64 0x003e0000u

static char root[256];
static char elf64[300], elf32[300], elf64_bad[300];
static uint8_t *elf64_data;
static size_t elf64_len;
static char *out_text, *err_text;

/* ---- fixture helpers ---- */

static void put_file(const char *rel, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void put_file(const char *rel, const char *fmt, ...)
{
	char path[512];
	va_list ap;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
}

static void mkdirs(const char *rel)
{
	char path[512], *p;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
}

/* Contents of <root>/<rel>, or NULL.  Caller frees. */
static char *get_file(const char *rel)
{
	char path[512], *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	buf = calloc(1, 4096);
	n = (long)fread(buf, 1, 4095, f);
	buf[n < 0 ? 0 : n] = '\0';
	fclose(f);
	return buf;
}

static int exists(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return access(path, F_OK) == 0;
}

static void memmap_entry(int n, const char *start, const char *end,
			 const char *type)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "sys/firmware/memmap/%d", n);
	mkdirs(rel);
	snprintf(rel, sizeof(rel), "sys/firmware/memmap/%d/start", n);
	put_file(rel, "%s\n", start);
	snprintf(rel, sizeof(rel), "sys/firmware/memmap/%d/end", n);
	put_file(rel, "%s\n", end);
	snprintf(rel, sizeof(rel), "sys/firmware/memmap/%d/type", n);
	put_file(rel, "%s\n", type);
}

/* Reset the fixture's kernel-state files to "nothing special". */
static void reset_state(void)
{
	char path[512];

	put_file("sys/kernel/kexec_loaded", "0\n");
	put_file("sys/kernel/kexec_crash_loaded", "0\n");
	put_file("proc/sys/kernel/kexec_load_disabled", "0\n");
	/* a kernel that returns from jumps by itself (preflight.c) */
	put_file("proc/sys/kernel/osrelease", "6.13.0\n");
	put_file("sys/kernel/security/lockdown",
		 "[none] integrity confidentiality\n");
	put_file("proc/self/status", "Name:\tkexec\nCapEff:\t000001ffffffffff\n");
	snprintf(path, sizeof(path), "%s/proc/sys/kernel/kexec_load_limit_reboot",
		 root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/run/kexec-jump/loaded", root);
	unlink(path);
}

static void write_bytes(const char *path, const uint8_t *b, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(b, 1, n, f) != n) {
		perror(path);
		exit(2);
	}
	fclose(f);
}

static void make_fixture(void)
{
	struct eb_spec s;
	uint8_t *b;
	size_t n;

	snprintf(root, sizeof(root), "%s/t-kexec.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		exit(2);
	}
	memmap_entry(0, "0x0", "0x9fbff", "System RAM");
	memmap_entry(1, "0x9fc00", "0x9ffff", "Reserved");
	memmap_entry(2, "0x100000", "0x7ffdffff", "System RAM");
	mkdirs("sys/kernel/security");
	mkdirs("proc/sys/kernel");
	mkdirs("proc/self");
	mkdirs("run");
	reset_state();

	/* ELF64 x86_64: one PT_LOAD, file offset 0x1000, 0x1234 bytes, to
	 * 0x100000 with memsz 0x1800 (one page and a half); entry 0x100010. */
	memset(&s, 0, sizeof(s));
	s.cls = 2;
	s.type = 2;            /* ET_EXEC */
	s.machine = 62;        /* EM_X86_64 */
	s.entry = 0x100010;
	s.nph = 1;
	s.ph[0] = (struct eb_phdr){ .type = 1, .flags = 7, .offset = 0x1000,
				    .vaddr = 0x100000, .paddr = 0x100000,
				    .filesz = 0x1234, .memsz = 0x1800,
				    .align = 0x1000 };
	elf64_data = eb_build(&s, &elf64_len);
	snprintf(elf64, sizeof(elf64), "%s/phy64.elf", root);
	write_bytes(elf64, elf64_data, elf64_len);

	/* The same program placed at 0xa0000, in the reserved hole. */
	s.entry = 0xa0000;
	s.ph[0].paddr = s.ph[0].vaddr = 0xa0000;
	b = eb_build(&s, &n);
	snprintf(elf64_bad, sizeof(elf64_bad), "%s/hole64.elf", root);
	write_bytes(elf64_bad, b, n);
	free(b);

	/* ELF32 i386: 0x200 bytes to 0x200000, memsz 0x3000, entry 0x200000. */
	memset(&s, 0, sizeof(s));
	s.cls = 1;
	s.type = 2;
	s.machine = 3;         /* EM_386 */
	s.entry = 0x200000;
	s.nph = 1;
	s.ph[0] = (struct eb_phdr){ .type = 1, .flags = 7, .offset = 0x1000,
				    .vaddr = 0x200000, .paddr = 0x200000,
				    .filesz = 0x200, .memsz = 0x3000,
				    .align = 0x1000 };
	b = eb_build(&s, &n);
	snprintf(elf32, sizeof(elf32), "%s/phy32.elf", root);
	write_bytes(elf32, b, n);
	free(b);
}

static void remove_fixture(void)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", root);
	free(elf64_data);
}

/* ---- running kexec_main ---- */

/* Run kexec_main on @fmt (blank-separated words) with @f as the kernel.
 * Leaves stdout/stderr text in out_text / err_text. */
static uint32_t get32(const uint8_t *b, size_t off)
{
	return b[off] | b[off + 1] << 8 | b[off + 2] << 16 |
	       (uint32_t)b[off + 3] << 24;
}

/* The parameter block ("KJPB" at offset 0) among the segments of one
 * recorded load, or NULL. */
static const struct fake_seg *block_seg(const struct fake_load *l)
{
	size_t i;

	for (i = 0; i < l->nseg && i < FAKE_MAX_SEGS; i++)
		if (l->seg[i].data && l->seg[i].bufsz >= 128 &&
		    memcmp(l->seg[i].data, "KJPB", 4) == 0)
			return &l->seg[i];
	return NULL;
}

/* The flags word (offset 12) of the parameter block of one recorded
 * load; -1 if there is none. */
static long block_flags(const struct fake_load *l)
{
	const struct fake_seg *seg = block_seg(l);

	return seg ? (long)get32(seg->data, 12) : -1;
}

RUNMAIN_DEFINE_RUN(root, out_text, err_text)

static void new_fake(struct fake_sys *f)
{
	fake_sys_init(f);
	f->sysroot = root;
	reset_state();
}

static int one_line(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl && nl[1] == '\0';
}

/* ---- tests ---- */

static void test_dry_run(void)
{
	struct fake_sys f;
	int rc;

	new_fake(&f);
	rc = run(&f, "--dry-run --load-preserve-context --args-none %s", elf64);
	is_int(rc, 0, "dry-run: exit 0");
	is_int(fake_sys_count(&f, "kexec_load"), 0, "dry-run: no kexec_load");
	is_int(fake_sys_count(&f, "probe"), 0, "dry-run: no probe");
	is_int(fake_sys_count(&f, "reboot"), 0, "dry-run: no reboot");
	has_str(out_text, "kexec plan\n", "dry-run: plan on stdout");
	has_str(out_text, "entry 0x0000000000100010", "dry-run: entry is e_entry");
	has_str(out_text, "flags 0x003e0002", "dry-run: preserve-context | arch x86_64");
	has_str(out_text, "segments 1\n", "dry-run: one segment");
	has_str(out_text,
		"segment 0x0000000000100000-0x0000000000101fff memsz 0x2000 bufsz 0x1234",
		"dry-run: segment line with page-rounded memsz");
	is_str(err_text, "", "dry-run: nothing on stderr");
	ok(!exists("run/kexec-jump/loaded"), "dry-run: no state file");
	ok(!f.image.loaded, "dry-run: nothing loaded");

	/* --dry-run with plain FILE or -f must not shut down or exec */
	f.trace[0] = '\0';
	rc = run(&f, "--dry-run --args-none %s", elf64);
	is_int(rc, 0, "dry-run FILE: exit 0");
	rc = run(&f, "-f --dry-run --args-none %s", elf64);
	is_int(rc, 0, "dry-run -f: exit 0");
	is_str(f.trace, "uname,uname", "dry-run FILE / -f: only uname was called");
	fake_sys_free(&f);
}

/* A raw blob (--type=phys): 0x1801 bytes, so one page and one byte, at
 * 0x2000000 in the fixture's RAM; its segment covers two pages. */
static void test_phys(void)
{
	static const char want_plan[] =
		"kexec plan\n"
		"entry 0x0000000002000000 (--load-addr)\n"
		"flags 0x003e0002 preserve-context arch=x86_64\n"
		"segments 1\n"
		"segment 0x0000000002000000-0x0000000002001fff memsz 0x2000 bufsz 0x1801 phys blob\n";
	static const char want_i386[] =
		"kexec plan\n"
		"entry 0x0000000002001800 (--entry)\n"
		"flags 0x00030000 arch=i386\n"
		"segments 1\n"
		"segment 0x0000000002000000-0x0000000002001fff memsz 0x2000 bufsz 0x1801 phys blob\n";
	struct fake_sys f;
	char blob[300];
	int loads0;
	uint8_t data[0x1801];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(0xa5 ^ (i >> 3));
	snprintf(blob, sizeof(blob), "%s/blob.bin", root);
	write_bytes(blob, data, sizeof(data));

	new_fake(&f);
	rc = run(&f, "--dry-run --load-preserve-context -t phys --load-addr=0x2000000 --args-none %s",
		 blob);
	is_int(rc, 0, "phys dry-run: exit 0");
	is_str(out_text, want_plan, "phys dry-run: the exact plan");
	is_str(err_text, "", "phys dry-run: nothing on stderr");
	is_int(f.nloads, 0, "phys dry-run: no kexec_load");

	snprintf(f.machine, sizeof(f.machine), "i686");
	rc = run(&f, "--dry-run -l --type phys --load-addr 0x2000000 --entry=0x2001800 --args-none %s",
		 blob);
	is_int(rc, 0, "phys dry-run i686 --entry: exit 0");
	is_str(out_text, want_i386, "phys dry-run i686 --entry: the exact plan");
	snprintf(f.machine, sizeof(f.machine), "x86_64");

	/* the load itself (fake kernel) */
	rc = run(&f, "--load-preserve-context -t phys --load-addr=0x2000000 --args-none %s",
		 blob);
	is_int(rc, 0, "phys load: exit 0");
	is_int(f.nloads, 1, "phys load: one kexec_load");
	is_u64(f.loads[0].entry, 0x2000000, "phys load: entry = --load-addr");
	is_u64(f.loads[0].flags, T_PRESERVE | T_ARCH_X86_64, "phys load: flags");
	ok(f.loads[0].nseg == 1 && f.loads[0].seg[0].mem == 0x2000000 &&
	   f.loads[0].seg[0].memsz == 0x2000 &&
	   f.loads[0].seg[0].bufsz == sizeof(data),
	   "phys load: one segment, two pages, the whole file");
	ok(f.loads[0].seg[0].data &&
	   memcmp(f.loads[0].seg[0].data, data, sizeof(data)) == 0,
	   "phys load: segment bytes are the file");

	/* refusals: exit 1, one line naming the problem, no syscall */
	rc = run(&f, "-l -t phys --load-addr=0x2000000 %s", blob);
	is_int(rc, 1, "phys: neither --load-preserve-context nor --args-none: exit 1");
	has_str(err_text, "blob.bin: a raw blob is either called through the purgatory (--load-preserve-context) or entered directly (--args-none)",
		"phys: neither: message");
	ok(one_line(err_text), "phys: neither: one line");
	/* called through the purgatory: the program, then the purgatory and
	 * its parameter block, entry = the purgatory */
	loads0 = fake_sys_count(&f, "kexec_load");
	rc = run(&f, "--dry-run --load-preserve-context -t phys --load-addr=0x2000000 --append=hi %s", blob);
	is_int(rc, 0, "phys via the purgatory: dry-run exit 0");
	has_str(out_text, "segments 3\n", "via the purgatory: blob + purgatory + params");
	has_str(out_text, "(purgatory)\n", "via the purgatory: entry is the purgatory");
	has_str(out_text, " purgatory\n", "via the purgatory: a purgatory segment");
	has_str(out_text, " purgatory params\n", "via the purgatory: a params segment");
	has_str(out_text, "bufsz 0x1801 phys blob\n", "via the purgatory: the blob as given");
	is_int(fake_sys_count(&f, "kexec_load") - loads0, 0, "via the purgatory, dry-run: no syscall");
	rc = run(&f, "--load-preserve-context -t phys --load-addr=0x2000000 %s", blob);
	is_int(rc, 0, "phys via the purgatory: load exit 0");
	is_int(fake_sys_count(&f, "kexec_load") - loads0, 1, "via the purgatory: one kexec_load");
	ok(block_flags(&f.loads[f.nloads - 1]) == (0x4 | 0x40),
	   "via the purgatory: block flags VERIFY_ONCE | JUMP (checks on)");
	rc = run(&f, "-i --load-preserve-context -t phys --load-addr=0x2000000 %s", blob);
	is_int(rc, 0, "-i via the purgatory: exit 0");
	ok(block_flags(&f.loads[f.nloads - 1]) == (0x4 | 0x1 | 0x40),
	   "-i reaches the parameter block as NO_CHECKS");
	loads0 = fake_sys_count(&f, "kexec_load");
	/* the safe-return repair: the kernel's GDT goes to the purgatory */
	f.gdt_limit = 0x7f;
	f.gdt_base = 0xfffffe0000001000ull;
	rc = run(&f, "-d --dry-run --load-preserve-context -t phys --load-addr=0x2000000 %s", blob);
	is_int(rc, 0, "repair: dry-run exit 0");
	if (sizeof(void *) == 8)
		has_str(err_text, "kernel GDT 0xfffffe0000001000 limit 0x7f (sgdt on CPU 0)",
			"repair: the kernel GDT is handed to the purgatory");
	else   /* a 32-bit process sees half of a 64-bit kernel's GDT base */
		ok(strstr(err_text, "kernel GDT 0x") == NULL,
		   "repair: a 32-bit kexec does not use sgdt on a 64-bit kernel");
	f.gdt_limit = 0;
	rc = run(&f, "-d --dry-run --load-preserve-context -t phys --load-addr=0x2000000 %s", blob);
	if (sizeof(void *) == 8)
		has_str(err_text, "kernel GDT not found",
			"repair: a hidden GDT (UMIP) and no kallsyms route mean no repair, and -d says so");
	else   /* no sgdt there; the kallsyms route finds nothing here */
		has_str(err_text, "kernel GDT not found",
			"repair: a 32-bit kexec on a 64-bit kernel tries kallsyms, -d says it failed");
	rc = run(&f, "--load-preserve-context --args-none --append=x -t phys --load-addr=0x2000000 %s", blob);
	is_int(rc, 1, "--append with --args-none: exit 1");
	has_str(err_text, "--append/--command-line is passed by the purgatory, which --args-none leaves out",
		"--append with --args-none: message");
	rc = run(&f, "-l --args-none --command-line=x -t phys --load-addr=0x2000000 %s", blob);
	is_int(rc, 1, "--command-line without preserve-context: exit 1");
	rc = run(&f, "-l -t phys --load-addr=0x2000010 --args-none %s", blob);
	is_int(rc, 1, "phys unaligned: exit 1");
	has_str(err_text, "--load-addr 0x2000010 is not page aligned (4096)",
		"phys unaligned: message");
	rc = run(&f, "-l -t phys --args-none %s", blob);
	is_int(rc, 1, "phys without --load-addr: exit 1");
	has_str(err_text, "needs --load-addr", "phys without --load-addr: message");
	rc = run(&f, "-l -t phys --load-addr=0xa0000 --args-none %s", blob);
	is_int(rc, 1, "phys in the reserved hole: exit 1");
	has_str(err_text, "blob.bin: phys blob: 0xa0000-0xa1fff is not System RAM",
		"phys in the reserved hole: names the file, label and range");
	rc = run(&f, "-l --load-addr=0x2000000 --args-none %s", blob);
	is_int(rc, 1, "--load-addr without -t phys: exit 1");
	has_str(err_text, "blob.bin: not a recognised kernel image (tried: uki, multiboot2-x86, multiboot-x86, elf-x86, bzImage; by --type only: phys; --load-addr needs --type=phys)",
		"--load-addr without -t phys: says which type takes it");
	rc = run(&f, "-l --args-none %s", blob);
	is_int(rc, 1, "raw blob without --type: exit 1");
	has_str(err_text, "by --type only: phys", "raw blob without --type: hints at phys");
	is_int(fake_sys_count(&f, "kexec_load") - loads0, 0, "phys refusals: no further kexec_load");
	fake_sys_free(&f);
}

static void test_good_load(void)
{
	struct fake_sys f;
	char *st;
	int rc;

	new_fake(&f);
	rc = run(&f, "--load-preserve-context --args-none %s", elf64);
	is_int(rc, 0, "load: exit 0");
	is_str(err_text, "", "load: quiet on stderr");
	is_str(out_text, "", "load: quiet on stdout");
	is_int(fake_sys_count(&f, "kexec_load"), 1, "load: kexec_load called once");
	is_u64(f.loads[0].entry, 0x100010, "load: entry");
	is_u64(f.loads[0].flags, T_PRESERVE | T_ARCH_X86_64, "load: flags");
	is_int(f.loads[0].nseg, 1, "load: one segment");
	is_u64(f.loads[0].seg[0].mem, 0x100000, "load: segment mem");
	is_u64(f.loads[0].seg[0].memsz, 0x2000, "load: segment memsz");
	is_u64(f.loads[0].seg[0].bufsz, 0x1234, "load: segment bufsz");
	ok(f.loads[0].seg[0].data &&
	   memcmp(f.loads[0].seg[0].data, elf64_data + 0x1000, 0x1234) == 0,
	   "load: segment bytes are the file's PT_LOAD bytes");
	ok(f.image.loaded && f.image.entry == 0x100010, "load: kernel holds the image");
	/* a kernel that is not a regular file: one line, exit 1, no system
	 * call, the image just loaded stays (a FIFO or /dev/zero used to
	 * hang or eat memory) */
	{
		size_t nl = f.nloads;

		rc = run(&f, "--load-preserve-context --args-none /dev/zero");
		is_int(rc, 1, "kernel /dev/zero: exit 1");
		is_str(err_text, "kexec: /dev/zero: not a regular file (a character device)\n",
		       "kernel /dev/zero: one line naming the file and why");
		is_int((int)(f.nloads - nl), 0, "kernel /dev/zero: no kexec_load");
		ok(f.image.loaded && f.image.entry == 0x100010, "kernel /dev/zero: the loaded image stays");
	}
	st = get_file("run/kexec-jump/loaded");
	has_str(st, "flags 0x003e0002", "load: state file records the flags");
	has_str(st, "phy64.elf", "load: state file records the file");
	free(st);

	/* -l, --entry override, normal image */
	rc = run(&f, "-l --args-none --entry=0x100800 %s", elf64);
	is_int(rc, 0, "load -l --entry: exit 0");
	is_int(f.nloads, 2, "load -l: a second kexec_load");
	is_u64(f.loads[1].entry, 0x100800, "load -l: --entry overrides e_entry");
	is_u64(f.loads[1].flags, T_ARCH_X86_64, "load -l: no preserve-context flag");
	st = get_file("run/kexec-jump/loaded");
	has_str(st, "flags 0x003e0000", "load -l: state file updated");
	free(st);

	/* -d prints the plan on stderr before the syscall */
	rc = run(&f, "-d -l --args-none %s", elf64);
	is_int(rc, 0, "load -d: exit 0");
	has_str(err_text, "kexec plan", "load -d: plan on stderr");
	is_str(out_text, "", "load -d: nothing on stdout");
	fake_sys_free(&f);
}

static void test_i386(void)
{
	struct fake_sys f;
	size_t n_before;
	int rc;

	new_fake(&f);
	snprintf(f.machine, sizeof(f.machine), "i686");
	/* i386 kernels crash on the return unless the purgatory repairs it
	 * (doc/abi.md 3.4): a bare --args-none program is refused... */
	rc = run(&f, "--load-preserve-context --args-none %s", elf32);
	is_int(rc, 1, "i686: --args-none jump image refused by the preflight");
	has_str(err_text, "returning from this jump would crash this kernel (i386 kernels never restore their GDT",
		"i686: the preflight says why");
	has_str(err_text, "the purgatory's repair needs the kernel's GDT, which this kexec cannot read (UMIP or a 32-bit kexec on a 64-bit kernel, and no kallsyms/kcore route), or add --risk-crash-on-return",
		"i686: and why the repair cannot help here");
	ok(one_line(err_text), "i686: preflight refusal is one line");
	is_int(f.nloads, 0, "i686: no kexec_load for the refused image");
	/* a kernel without CONFIG_KEXEC_JUMP cannot jump at all: that
	 * message wins over the preflight's */
	f.kexec_jump = 0;
	rc = run(&f, "--load-preserve-context --args-none %s", elf32);
	is_int(rc, 1, "i686 without KEXEC_JUMP: exit 1");
	has_str(err_text, "CONFIG_KEXEC_JUMP", "i686 without KEXEC_JUMP: that is what it says");
	ok(one_line(err_text), "i686 without KEXEC_JUMP: one line, no preflight warning before it");
	f.kexec_jump = 1;
	/* ...unless the user takes the risk, which is then spelled out */
	rc = run(&f, "--load-preserve-context --args-none --risk-crash-on-return %s", elf32);
	has_str(err_text, "warning: returning from this jump will crash this kernel",
		"i686: --risk-crash-on-return warns");
	is_int(rc, 0, "i686: ELF32 loads");
	is_u64(f.loads[0].flags & 0xffff0000u, T_ARCH_386, "i686: arch field i386");
	is_u64(f.loads[0].flags & 0xffffu, T_PRESERVE, "i686: preserve-context");
	is_u64(f.loads[0].seg[0].memsz, 0x3000, "i686: memsz");
	/* with the kernel's GDT readable, the purgatory's direct mode
	 * (KJ_PP_F_DIRECT) enters the program and repairs the return */
	n_before = f.nloads;
	f.gdt_limit = 0xff;
	f.gdt_base = 0xff7f4000;
	rc = run(&f, "--load-preserve-context --args-none %s", elf32);
	is_int(rc, 0, "i686 --args-none, GDT readable: loads");
	is_str(err_text, "", "i686 --args-none, GDT readable: no warning");
	if (f.nloads == n_before + 1) {
		const struct fake_load *l = &f.loads[n_before];

		is_int(block_flags(l), 0x20 | 0x1 | 0x40, "i686 --args-none: parameter block DIRECT | NO_CHECKS | JUMP");
		ok(l->entry != 0x200000, "i686 --args-none: the image entry is the purgatory, not e_entry");
		ok(l->seg[0].mem == 0x200000 && l->seg[0].memsz == 0x3000,
		   "i686 --args-none: the program's segment as before");
	} else {
		ok(0, "i686 --args-none: load recorded");
	}
	/* the VM control hook switches the repair off: refused again */
	f.gdt_limit = 0;
	n_before = f.nloads;
	rc = run(&f, "-l --args-none %s", elf64);
	is_int(rc, 1, "i686: ELF64 refused");
	has_str(err_text, "kexec: ", "i686: ELF64 error has the prefix");
	is_int(f.nloads, n_before, "i686: no syscall for the refused ELF64");
	ok(one_line(err_text), "i686: one line");

	snprintf(f.machine, sizeof(f.machine), "aarch64");
	rc = run(&f, "-l --args-none %s", elf64);
	is_int(rc, 1, "aarch64: refused");
	has_str(err_text, "unsupported machine 'aarch64'", "aarch64: says why");
	is_int(f.nloads, n_before, "aarch64: no syscall");
	fake_sys_free(&f);
}

/* ELF32 programs on an x86_64 kernel go through the purgatory's 32-bit
 * detour (doc/abi.md 10.7): the flags the block carries for each way. */
static void test_elf32_on_x86_64(void)
{
	struct fake_sys f;
	const struct fake_seg *b;
	int rc;

	new_fake(&f);
	f.gdt_limit = 0x7f;
	f.gdt_base = 0xfffffe0000001000ull;
	rc = run(&f, "--load-preserve-context %s", elf32);
	is_int(rc, 0, "x86_64, ELF32 called: loads");
	if (ok(f.nloads == 1, "x86_64, ELF32 called: one kexec_load")) {
		is_int(block_flags(&f.loads[0]), 0x4 | 0x40 | 0x80,
		       "x86_64, ELF32 called: VERIFY_ONCE | JUMP | PROG32");
		is_u64(f.loads[0].flags & 0xffff0000u, 0x003e0000u, "x86_64, ELF32 called: arch x86_64");
		ok(f.loads[0].entry != 0x200000, "x86_64, ELF32 called: entered through the purgatory");
	}
	rc = run(&f, "--load-preserve-context --args-none %s", elf32);
	is_int(rc, 0, "x86_64, ELF32 --args-none jump: loads");
	if (ok(f.nloads == 2, "x86_64, ELF32 --args-none jump: one more kexec_load"))
		is_int(block_flags(&f.loads[1]), 0x20 | 0x1 | 0x40 | 0x80,
		       "x86_64, ELF32 --args-none: DIRECT | NO_CHECKS | JUMP | PROG32");
	rc = run(&f, "-l --args-none %s", elf32);
	is_int(rc, 0, "x86_64, ELF32 --args-none normal kexec: loads");
	if (ok(f.nloads == 3, "x86_64, ELF32 normal kexec: one more kexec_load")) {
		b = block_seg(&f.loads[2]);
		is_int(block_flags(&f.loads[2]), 0x100 | 0x80,
		       "x86_64, ELF32 normal kexec: a 32-bit register boot (BOOT_REGS | PROG32)");
		ok(b && b->bufsz >= 992 && get32(b->data, 984) == 0 &&
		   get32(b->data, 896) == 0 && get32(b->data, 24) == 0x200000,
		   "x86_64, ELF32 normal kexec: entry e_entry, registers 0, no stack words");
		is_u64(f.loads[2].flags & 0xffffu, 0, "x86_64, ELF32 normal kexec: no preserve-context");
	}
	fake_sys_free(&f);
}

static void test_failed_load_keeps_old(void)
{
	struct fake_sys f;
	char *st;
	int rc;

	/* A kernel without CONFIG_KEXEC_JUMP: the modelled kernel refuses
	 * flag 0x2 on the load and on the probe. */
	new_fake(&f);
	f.kexec_jump = 0;
	fake_sys_preload(&f, 0xdead000, T_ARCH_X86_64, 0x200000);
	put_file("run/kexec-jump/loaded", "flags 0x003e0000\nfile old\n");
	rc = run(&f, "--load-preserve-context --args-none %s", elf64);
	is_int(rc, 1, "no KEXEC_JUMP: exit 1");
	has_str(err_text, "CONFIG_KEXEC_JUMP", "no KEXEC_JUMP: names the config option");
	has_str(err_text, "phy64.elf", "no KEXEC_JUMP: names the file");
	ok(strncmp(err_text, "kexec: ", 7) == 0, "no KEXEC_JUMP: kexec: prefix");
	ok(one_line(err_text), "no KEXEC_JUMP: one line");
	is_int(f.nloads, 1, "no KEXEC_JUMP: exactly one kexec_load (no unload first)");
	ok(f.nloads >= 1 && f.loads[0].nseg == 1, "no KEXEC_JUMP: that call was the load");
	ok(f.nprobes >= 1 && f.probes[0] == (T_PRESERVE | T_ARCH_X86_64),
	   "no KEXEC_JUMP: probed flag 0x2 with the arch field");
	ok(f.image.loaded && f.image.entry == 0xdead000 &&
	   f.image.first_mem == 0x200000,
	   "no KEXEC_JUMP: the previous image is still loaded");
	st = get_file("sys/kernel/kexec_loaded");
	has_str(st, "1", "no KEXEC_JUMP: kexec_loaded still 1");
	free(st);
	st = get_file("run/kexec-jump/loaded");
	has_str(st, "file old", "no KEXEC_JUMP: state file untouched");
	free(st);
	fake_sys_free(&f);

	/* EINVAL, but the probe says preserve-context is fine: generic */
	new_fake(&f);
	fake_script_push(&f.load_script, -EINVAL);
	rc = run(&f, "--load-preserve-context --args-none %s", elf64);
	is_int(rc, 1, "EINVAL, jump supported: exit 1");
	ok(err_text && !strstr(err_text, "CONFIG_KEXEC_JUMP"),
	   "EINVAL, jump supported: does not blame CONFIG_KEXEC_JUMP");
	has_str(err_text, "Invalid argument", "EINVAL, jump supported: generic message");
	is_int(fake_sys_count(&f, "probe"), 1, "EINVAL, jump supported: one probe");
	fake_sys_free(&f);

	/* Both probes refused (here: the arch field is what the kernel
	 * dislikes), so the jump flag is not the culprit. */
	new_fake(&f);
	f.kernel_arch = T_ARCH_386;
	rc = run(&f, "--load-preserve-context --args-none %s", elf64);
	is_int(rc, 1, "arch refused: exit 1");
	is_int(fake_sys_count(&f, "probe"), 2, "arch refused: probed with and without 0x2");
	ok(f.nprobes == 2 && f.probes[1] == T_ARCH_X86_64,
	   "arch refused: second probe has the arch field only");
	ok(err_text && !strstr(err_text, "CONFIG_KEXEC_JUMP"),
	   "arch refused: not blamed on CONFIG_KEXEC_JUMP");
	has_str(err_text, "flags 0x003e0002", "arch refused: shows the flags sent");
	fake_sys_free(&f);

	/* EINVAL on a normal load: no probe at all */
	new_fake(&f);
	fake_script_push(&f.load_script, -EINVAL);
	rc = run(&f, "-l --args-none %s", elf64);
	is_int(rc, 1, "EINVAL normal: exit 1");
	is_int(fake_sys_count(&f, "probe"), 0, "EINVAL normal: no probe");
	ok(err_text && !strstr(err_text, "CONFIG_KEXEC_JUMP"),
	   "EINVAL normal: not blamed on CONFIG_KEXEC_JUMP");

	/* -d on a failed load: the plan is on stderr as well */
	rc = run(&f, "-d -l --args-none %s", elf64);
	is_int(rc, 0, "script exhausted: the model accepts");
	fake_script_push(&f.load_script, -ENOMEM);
	rc = run(&f, "-d -l --args-none %s", elf64);
	is_int(rc, 1, "ENOMEM -d: exit 1");
	has_str(err_text, "kexec plan", "ENOMEM -d: plan printed");
	has_str(err_text, "out of memory", "ENOMEM -d: reason printed");
	fake_sys_free(&f);
}

struct eperm_case {
	const char *desc;
	unsigned euid;
	const char *rel, *content;   /* fixture file to change, or NULL */
	const char *want;
};

static void test_errno_messages(void)
{
	static const struct eperm_case eperm[] = {
		{ "EPERM non-root", 1000, NULL, NULL, "not root (euid 1000)" },
		{ "EPERM no CAP_SYS_BOOT", 0, "proc/self/status",
		  "Name:\tkexec\nCapEff:\t0000000000000000\n", "lacks CAP_SYS_BOOT" },
		{ "EPERM kexec_load_disabled", 0,
		  "proc/sys/kernel/kexec_load_disabled", "1\n",
		  "kexec_load_disabled is 1" },
		{ "EPERM lockdown integrity", 0, "sys/kernel/security/lockdown",
		  "none [integrity] confidentiality\n", "lockdown=integrity" },
		{ "EPERM lockdown confidentiality", 0,
		  "sys/kernel/security/lockdown",
		  "none integrity [confidentiality]\n", "lockdown=confidentiality" },
		{ "EPERM load limit", 0, "proc/sys/kernel/kexec_load_limit_reboot",
		  "0\n", "kexec_load_limit_reboot is 0" },
		{ "EPERM unexplained", 0, NULL, NULL, "no reason visible here" },
	};
	static const struct { int err; const char *desc, *want; } other[] = {
		{ -EBUSY, "EBUSY", "another kexec load or exec is in progress" },
		{ -EADDRNOTAVAIL, "EADDRNOTAVAIL", "destination address" },
		{ -ENOMEM, "ENOMEM", "out of memory" },
		{ -EFAULT, "EFAULT", "Bad address" },
		{ -EOVERFLOW, "EOVERFLOW", "above 4 GiB" },
		{ -EACCES, "EACCES", "security module" },
		{ -EIO, "EIO (strerror)", "Input/output error" },
	};
	struct fake_sys f;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(eperm) / sizeof(eperm[0]); i++) {
		new_fake(&f);
		f.euid = eperm[i].euid;
		if (eperm[i].rel)
			put_file(eperm[i].rel, "%s", eperm[i].content);
		fake_script_push(&f.load_script, -EPERM);
		rc = run(&f, "-l --args-none %s", elf64);
		is_int(rc, 1, eperm[i].desc);
		has_str(err_text, eperm[i].want, eperm[i].desc);
		has_str(err_text, "phy64.elf", eperm[i].desc);
		ok(one_line(err_text), "%s: one line", eperm[i].desc);
		fake_sys_free(&f);
	}
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		new_fake(&f);
		fake_script_push(&f.load_script, other[i].err);
		rc = run(&f, "-l --args-none %s", elf64);
		is_int(rc, 1, other[i].desc);
		has_str(err_text, other[i].want, other[i].desc);
		has_str(err_text, "phy64.elf", other[i].desc);
		ok(one_line(err_text), "%s: one line", other[i].desc);
		ok(!f.image.loaded, "%s: nothing loaded", other[i].desc);
		fake_sys_free(&f);
	}
}

static void test_exec(void)
{
	struct fake_sys f;
	int rc;

	/* preserve-context image: sync, no ifdown, jump returns -> 0 */
	new_fake(&f);
	rc = run(&f, "--load-preserve-context --args-none %s", elf64);
	is_int(rc, 0, "exec/pc: load");
	f.trace[0] = '\0';
	rc = run(&f, "-e");
	is_int(rc, 0, "exec/pc: a returning jump exits 0");
	is_str(f.trace, "sync,reboot", "exec/pc: sync then reboot, no ifdown");
	is_str(err_text, "", "exec/pc: nothing printed");
	rc = run(&f, "-e");
	is_int(rc, 0, "exec/pc: and again");
	is_int(f.nreboot, 2, "exec/pc: two jumps");
	f.trace[0] = '\0';
	rc = run(&f, "-e -y");
	is_int(rc, 0, "exec/pc -y: exit 0");
	is_str(f.trace, "reboot", "exec/pc -y: no sync");

	/* the state file gone (a tmpfs /run emptied, or removed by hand):
	 * the image may be a jump, so the interfaces stay up and a return
	 * is a good one (it used to take them down and exit 255) */
	{
		char sp[600];

		snprintf(sp, sizeof(sp), "%s/run/kexec-jump/loaded", root);
		ok(unlink(sp) == 0, "exec/pc, no state file: removed");
		f.trace[0] = '\0';
		rc = run(&f, "-e");
		is_int(rc, 0, "exec/pc, no state file: the return exits 0");
		is_str(f.trace, "sync,reboot", "exec/pc, no state file: no ifdown");
		is_str(err_text, "", "exec/pc, no state file: nothing printed");
		put_file("run/kexec-jump/loaded", "entry 0x100000\n");
		f.trace[0] = '\0';
		rc = run(&f, "-e");
		is_int(rc, 0, "exec/pc, state file without flags: exit 0");
		is_str(f.trace, "sync,reboot", "exec/pc, state file without flags: no ifdown");
	}

	/* jump that fails */
	fake_script_push(&f.reboot_script, -EBUSY);
	rc = run(&f, "-e");
	is_int(rc, 255, "exec/pc EBUSY: exit 255");
	has_str(err_text, "kexec -e failed: ", "exec/pc EBUSY: failure line");
	has_str(err_text, "Device or resource busy", "exec/pc EBUSY: reason");
	fake_sys_free(&f);

	/* normal image: sync, ifdown, reboot; a return is a failure (255) */
	new_fake(&f);
	rc = run(&f, "-l --args-none %s", elf64);
	is_int(rc, 0, "exec/normal: load");
	f.trace[0] = '\0';
	rc = run(&f, "-e");
	is_int(rc, 255, "exec/normal: reboot returned -> 255");
	is_str(f.trace, "sync,ifdown,reboot", "exec/normal: sync, ifdown, reboot in order");
	has_str(err_text, "kexec -e failed: ", "exec/normal: failure line");
	f.trace[0] = '\0';
	rc = run(&f, "-e -x");
	is_int(rc, 255, "exec/normal -x: 255");
	is_str(f.trace, "sync,reboot", "exec/normal -x: no ifdown");
	f.trace[0] = '\0';
	rc = run(&f, "-x -y -e");
	is_str(f.trace, "reboot", "exec/normal -x -y: neither sync nor ifdown");
	f.trace[0] = '\0';
	f.ifdown_rc = -EPERM;
	rc = run(&f, "-e");
	is_int(rc, 255, "exec/normal ifdown fails: still runs reboot");
	is_str(f.trace, "sync,ifdown,reboot", "exec/normal ifdown fails: reboot attempted");
	has_str(err_text, "warning", "exec/normal ifdown fails: warning printed");
	f.ifdown_rc = 0;
	fake_script_push(&f.reboot_script, -EPERM);
	rc = run(&f, "-e");
	is_int(rc, 255, "exec EPERM: 255");
	has_str(err_text, "kexec -e failed: permission denied", "exec EPERM: reason");
	fake_script_push(&f.reboot_script, -EINVAL);
	rc = run(&f, "-e");
	is_int(rc, 255, "exec EINVAL: 255");
	has_str(err_text, "Invalid argument", "exec EINVAL: reason");
	fake_sys_free(&f);

	/* nothing loaded */
	new_fake(&f);
	rc = run(&f, "-e");
	is_int(rc, 1, "exec/none: exit 1");
	has_str(err_text, "kexec: no kexec image is loaded (use kexec -l first)",
		"exec/none: message");
	is_int(f.nreboot, 0, "exec/none: no reboot");
	is_int(f.nsync + f.nifdown, 0, "exec/none: no sync or ifdown");
	fake_sys_free(&f);

	/* -f FILE: load and exec at once */
	new_fake(&f);
	rc = run(&f, "-f --load-preserve-context --args-none %s", elf64);
	is_int(rc, 0, "force/pc: exit 0 after the jump returns");
	is_str(f.trace, "uname,kexec_load,sync,reboot", "force/pc: load, sync, reboot");
	fake_sys_free(&f);
	new_fake(&f);
	rc = run(&f, "-f --args-none %s", elf64);
	is_int(rc, 255, "force/normal: 255 when reboot returns");
	is_str(f.trace, "uname,kexec_load,sync,ifdown,reboot", "force/normal: load, sync, ifdown, reboot");
	fake_sys_free(&f);
}

/* ---- kexec -e reading a called program's results back ---- */

static void put32(uint8_t *b, size_t off, uint32_t v)
{
	eb_put(b, off, v, 4);
}

/* How the kernel looks after a jump into the program of the last load in
 * @f came back. */
struct after_jump {
	uint32_t status;        /* what the purgatory recorded (1 returned,
				   2 sha256 mismatch, 3 bad params, 0 none) */
	int32_t ret;            /* what the program returned */
	const char *output;     /* what it wrote into the output buffer */
	int no_kexec_image;     /* kallsyms without kexec_image: a kernel
				   without CONFIG_KALLSYMS_ALL */
	int no_kcore;           /* no /proc/kcore (CONFIG_PROC_KCORE) */
};

/* Write the sysroot's proc/kallsyms and proc/kcore as the kernel shows
 * them after the jump: the source pages of the parameter block (its
 * address and length from the state file, its bytes as kexec loaded
 * them) hold the block with the purgatory's and the program's results in
 * it (include/purgatory-abi.h offsets, spelled out). */
static void jump_came_back(const struct fake_sys *f, const struct after_jump *a)
{
	const struct fake_seg *seg = f->nloads ? block_seg(&f->loads[f->nloads - 1]) : NULL;
	char *st = get_file("run/kexec-jump/loaded"), *line, ks[256], path[512];
	unsigned long long pa = 0, len = 0;
	uint64_t dest, src = 0x4000;
	size_t npages, out_off;
	struct kcb_img m;
	uint8_t *blk;

	line = st ? strstr(st, "\nparams ") : NULL;
	if (!seg || !line || sscanf(line + 8, "%llx %llu", &pa, &len) != 2 ||
	    pa != seg->mem || len < seg->bufsz || len > seg->memsz) {
		fprintf(stderr, "test bug: no parameter block in the last load (state: %s)\n",
			st ? st : "none");
		exit(2);
	}
	free(st);
	blk = calloc(1, len);
	if (!blk)
		exit(2);
	memcpy(blk, seg->data, seg->bufsz);
	out_off = get32(blk, 56);                  /* out_off */
	if (a->output) {
		if (out_off + strlen(a->output) > len ||
		    strlen(a->output) > get32(blk, 60)) {   /* out_size */
			fprintf(stderr, "test bug: output does not fit\n");
			exit(2);
		}
		memcpy(blk + out_off, a->output, strlen(a->output));
		put32(blk, 64, (uint32_t)strlen(a->output));   /* out_len */
	}
	put32(blk, 16, get32(blk, 16) + 1);         /* call_count */
	put32(blk, 68, (uint32_t)a->ret);           /* ret */
	put32(blk, 72, a->status);                  /* status */
	if (a->status == 2) {   /* region 0 hashed to 0xee.. (offset 96) */
		put32(blk, 76, 0);
		memset(blk + 96, 0xee, 32);
	}
	dest = pa & ~(uint64_t)(KCB_PG - 1);
	npages = (size_t)((pa - dest + len + KCB_PG - 1) / KCB_PG);
	kcb_init(&m, 2, 3 + npages, KCB_PG);
	kcb_simple_list(&m, dest, src, npages);
	kcb_put_bytes(&m, src + (pa - dest), blk, len);
	free(blk);

	snprintf(path, sizeof(path), "%s/proc/kcore", root);
	unlink(path);
	if (!a->no_kcore)
		write_bytes(path, m.buf, m.len);
	if (a->no_kexec_image)
		put_file("proc/kallsyms", "ffffffff81000000 T _text\n"
			 "ffffffff81000400 T kexec_load\n");
	else
		put_file("proc/kallsyms", "ffffffff81000000 T _text\n%s",
			 kcb_kallsyms_line(&m, ks, sizeof(ks)));
	kcb_free(&m);
}

/* The kernel without kallsyms and kcore again (loads look for them). */
static void forget_jump(void)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/proc/kcore", root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/proc/kallsyms", root);
	unlink(path);
}

static void test_exec_results(void)
{
	/* the exit statuses of a returned jump (doc/kexec.8 EXIT STATUS):
	 * 0..250 are the program's value, anything else 251 plus a line */
	static const struct { int32_t ret; int want; } values[] = {
		{ 0, 0 }, { 7, 7 }, { 250, 250 },
		{ 251, 251 }, { 255, 251 }, { 1000, 251 }, { -1, 251 },
	};
	static const struct {
		struct after_jump a;
		int want;
		const char *msg, *what;
	} fails[] = {
		{ { 1, 5, "lost\n", 1, 0 }, 252,
		  "kexec: the jump returned, but the program's results cannot be read: symbol kexec_image not found in ",
		  "kallsyms without kexec_image (no CONFIG_KALLSYMS_ALL)" },
		{ { 1, 5, "lost\n", 0, 1 }, 252,
		  "kexec: the jump returned, but the program's results cannot be read: ",
		  "no /proc/kcore" },
		{ { 9, 5, "", 0, 0 }, 252,
		  "kexec: the result block has an unknown status 9",
		  "a status the purgatory never writes" },
		{ { 2, 0, "", 0, 0 }, 253,
		  "kexec: the program was not called: segment 0 (",
		  "sha256 mismatch" },
		{ { 3, 0, "", 0, 0 }, 253,
		  "kexec: the program was not called: the purgatory found its parameter block invalid",
		  "bad parameter block" },
		{ { 0, 0, "", 0, 0 }, 253,
		  "kexec: the purgatory returned without recording a result",
		  "no result recorded" },
	};
	struct fake_sys f;
	struct after_jump a;
	char want[160];
	size_t i;
	int rc;

	new_fake(&f);
	rc = run(&f, "--load-preserve-context --append=hi %s", elf64);
	is_int(rc, 0, "results: load through the purgatory");
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		memset(&a, 0, sizeof(a));
		a.status = 1;
		a.ret = values[i].ret;
		a.output = "hello from the program\n";
		jump_came_back(&f, &a);
		rc = run(&f, "-e");
		is_intf(rc, values[i].want, "results: the program returned %ld: exit %d",
			(long)values[i].ret, values[i].want);
		is_str(out_text, "hello from the program\n", "  ... its output printed");
		if (values[i].want != 251) {
			is_str(err_text, "", "  ... nothing on stderr");
			continue;
		}
		snprintf(want, sizeof(want),
			 "kexec: the program returned %ld (exit status 251: values outside 0-250 map to 251)\n",
			 (long)values[i].ret);
		is_str(err_text, want, "  ... and one line with the real value");
	}
	is_int(f.nreboot, (int)(sizeof(values) / sizeof(values[0])),
	       "results: one jump per kexec -e");

	for (i = 0; i < sizeof(fails) / sizeof(fails[0]); i++) {
		jump_came_back(&f, &fails[i].a);
		rc = run(&f, "-e");
		is_intf(rc, fails[i].want, "results, %s: exit %d", fails[i].what,
			fails[i].want);
		has_str(err_text, fails[i].msg, "  ... the message");
		ok(one_line(err_text), "  ... one line");
		is_str(out_text, "", "  ... nothing on stdout");
	}
	/* what the two kernel-config messages say to do */
	jump_came_back(&f, &fails[0].a);
	run(&f, "-e");
	has_str(err_text, "needs a kernel built with CONFIG_KALLSYMS_ALL and CONFIG_PROC_KCORE\n",
		"results, no kexec_image: names the kernel options");
	jump_came_back(&f, &fails[1].a);
	run(&f, "-e");
	has_str(err_text, "this kernel has no /proc/kcore (CONFIG_PROC_KCORE)\n",
		"results, no kcore: names the kernel option");

	/* -f: load and exec at once carries the statuses too (the kernel
	 * state is the one the same load leaves) */
	memset(&a, 0, sizeof(a));
	a.status = 1;
	a.ret = 42;
	a.output = "forty-two\n";
	jump_came_back(&f, &a);
	rc = run(&f, "-f --load-preserve-context --append=hi %s", elf64);
	is_int(rc, 42, "results -f: the program's value");
	is_str(out_text, "forty-two\n", "results -f: its output");
	a.status = 2;
	jump_came_back(&f, &a);
	rc = run(&f, "-f --load-preserve-context --append=hi %s", elf64);
	is_int(rc, 253, "results -f: not called: 253");

	/* a failed jump stays 255, whatever the results would say */
	fake_script_push(&f.reboot_script, -EBUSY);
	rc = run(&f, "-e");
	is_int(rc, 255, "results: reboot fails: still 255");

	/* --args-none (direct mode): no results to read, 0 after a good
	 * return even on a kernel without kexec_image in kallsyms */
	rc = run(&f, "--load-preserve-context --args-none %s", elf64);
	is_int(rc, 0, "results: --args-none load");
	put_file("proc/kallsyms", "ffffffff81000000 T _text\n");
	rc = run(&f, "-e");
	is_int(rc, 0, "results: --args-none jump returned: exit 0");
	is_str(err_text, "", "results: --args-none: nothing on stderr");
	forget_jump();
	fake_sys_free(&f);
}

static void test_shutdown(void)
{
	struct fake_sys f;
	int rc;

	new_fake(&f);
	rc = run(&f, "--args-none %s", elf64);
	is_int(rc, 0, "FILE: exit 0");
	is_str(f.trace, "uname,kexec_load,shutdown", "FILE: load then shutdown");
	f.shutdown_rc = -ENOENT;
	rc = run(&f, "--args-none %s", elf64);
	is_int(rc, 1, "FILE, no shutdown: exit 1");
	has_str(err_text, "fake: cannot run shutdown", "FILE, no shutdown: message");
	fake_sys_free(&f);
}

static void test_status(void)
{
	struct fake_sys f;

	new_fake(&f);
	put_file("sys/kernel/kexec_loaded", "1\n");
	put_file("sys/kernel/kexec_crash_loaded", "0\n");
	is_int(run(&f, "-S"), 0, "-S: crash image by default, not loaded -> 0");
	is_str(out_text, "", "-S: prints nothing");
	is_str(err_text, "", "-S: prints nothing on stderr");
	is_int(run(&f, "-S -l"), 1, "-S -l: normal image loaded -> 1");
	is_int(run(&f, "-l -S"), 1, "-l -S: same");
	is_int(run(&f, "-S --load-preserve-context"), 1, "-S --load-preserve-context: normal image");
	is_int(run(&f, "-S -p"), 0, "-S -p: crash image not loaded -> 0");
	put_file("sys/kernel/kexec_loaded", "0\n");
	put_file("sys/kernel/kexec_crash_loaded", "1\n");
	is_int(run(&f, "-S"), 1, "-S: crash image loaded -> 1");
	is_int(run(&f, "-S -l"), 0, "-S -l: normal image not loaded -> 0");
	is_int(run(&f, "-S -d"), 1, "-S -d: exit 1");
	has_str(err_text, "loaded", "-S -d: one line about it");
	{
		char path[512];

		snprintf(path, sizeof(path), "%s/sys/kernel/kexec_crash_loaded", root);
		unlink(path);
	}
	is_int(run(&f, "-S"), 2, "-S: unreadable -> 2");
	has_str(err_text, "kexec_crash_loaded", "-S unreadable: names the file");
	is_int(f.nloads + f.nreboot, 0, "-S: no syscalls");
	fake_sys_free(&f);
}

static void test_unload(void)
{
	struct fake_sys f;
	int rc;

	new_fake(&f);
	rc = run(&f, "--load-preserve-context --args-none %s", elf64);
	is_int(rc, 0, "unload: load first");
	ok(exists("run/kexec-jump/loaded"), "unload: state file present");
	rc = run(&f, "-u");
	is_int(rc, 0, "unload: exit 0");
	is_int(f.nloads, 2, "unload: one more kexec_load");
	is_int(f.loads[1].nseg, 0, "unload: nr_segments 0");
	is_u64(f.loads[1].entry, 0, "unload: entry 0");
	is_u64(f.loads[1].flags, T_ARCH_X86_64, "unload: flags are the arch field only");
	ok(!f.image.loaded, "unload: image gone");
	ok(!exists("run/kexec-jump/loaded"), "unload: state file removed");
	is_int(run(&f, "-S -l"), 0, "unload: -S -l now says not loaded");

	fake_sys_preload(&f, 0x1000000, T_ON_CRASH | T_ARCH_X86_64, 0x1000000);
	rc = run(&f, "-p -u");
	is_int(rc, 0, "unload -p: exit 0");
	is_u64(f.loads[2].flags, T_ON_CRASH | T_ARCH_X86_64, "unload -p: KEXEC_ON_CRASH");
	ok(!f.crash.loaded, "unload -p: crash image gone");

	fake_script_push(&f.load_script, -EPERM);
	f.euid = 1000;
	rc = run(&f, "-u");
	is_int(rc, 1, "unload EPERM: exit 1");
	has_str(err_text, "not root", "unload EPERM: says why");
	fake_sys_free(&f);
}

/* --load-jump-back-helper --entry=ADDR (in kernel B, doc/abi.md 4.3) */
static void test_jump_back_helper(void)
{
	struct fake_sys f;
	int rc;

	new_fake(&f);
	rc = run(&f, "--load-jump-back-helper --entry=0x7ff3000");
	is_int(rc, 0, "jump-back: exit 0");
	is_int(f.nloads, 1, "jump-back: one kexec_load");
	is_u64(f.loads[0].entry, 0x7ff3000, "jump-back: entry is --entry");
	is_int(f.loads[0].nseg, 1, "jump-back: one segment (0 would unload)");
	is_u64(f.loads[0].seg[0].mem, 0x1000, "jump-back: the segment is at 0x1000, not 0");
	is_u64(f.loads[0].seg[0].memsz, 0, "jump-back: the segment is empty (memsz 0)");
	is_u64(f.loads[0].seg[0].bufsz, 0, "jump-back: no bytes (bufsz 0)");
	is_u64(f.loads[0].flags, T_PRESERVE | T_ARCH_X86_64,
	       "jump-back: PRESERVE_CONTEXT with this kernel's arch field");
	{
		char *state = get_file("run/kexec-jump/loaded");

		has_str(state, "flags 0x003e0002",
			"jump-back: recorded as a jump image, so kexec -e expects to come back");
		free(state);
	}
	rc = run(&f, "-e");
	is_int(rc, 0, "jump-back: kexec -e comes back (the other kernel jumped here again)");
	is_int(f.nrebooted, 0, "jump-back: not a reboot");

	/* i386 kernel: the i386 arch field */
	fake_sys_free(&f);
	new_fake(&f);
	snprintf(f.machine, sizeof(f.machine), "i686");
	rc = run(&f, "--load-jump-back-helper --entry=0x1000");
	is_int(rc, 0, "jump-back i386: exit 0");
	is_u64(f.loads[0].flags, T_PRESERVE | T_ARCH_386, "jump-back i386: arch field 386");

	/* our purgatory on the other side asked for this kernel's GDT
	 * (kexec_jump_back_mailbox=): the segment carries it there */
	mkdirs("proc");
	put_file("proc/cmdline", "console=ttyS0 kexec_jump_back_entry=0x7ff0123 kexec_jump_back_mailbox=0x7ff5000\n");
	fake_sys_free(&f);
	new_fake(&f);
	snprintf(f.machine, sizeof(f.machine), "i686");
	f.gdt_limit = 0xff;
	f.gdt_base = 0xff7f4000;
	rc = run(&f, "--load-jump-back-helper --entry=0x7ff0123");
	is_int(rc, 0, "jump-back mailbox: exit 0");
	is_u64(f.loads[0].seg[0].mem, 0x7ff5000, "jump-back mailbox: the segment is the mailbox page");
	is_u64(f.loads[0].seg[0].memsz, 0x1000, "jump-back mailbox: one page");
	ok(f.loads[0].seg[0].data && f.loads[0].seg[0].bufsz == 16 &&
	   memcmp(f.loads[0].seg[0].data, "KJGD\xff\x00\x00\x00\x00\x40\x7f\xff\0\0\0\0", 16) == 0,
	   "jump-back mailbox: magic, limit 0xff, base 0xff7f4000");
	fake_sys_free(&f);
	new_fake(&f);
	snprintf(f.machine, sizeof(f.machine), "i686");
	rc = run(&f, "--load-jump-back-helper --entry=0x7ff0123");
	is_int(rc, 1, "jump-back mailbox, GDT unreadable: exit 1");
	has_str(err_text, "needs this kernel's GDT to come back here safely", "jump-back mailbox, GDT unreadable: says why");
	is_int(f.nloads, 0, "jump-back mailbox, GDT unreadable: nothing loaded");
	put_file("proc/cmdline", "console=ttyS0 kexec_jump_back_mailbox=0x7ff5001\n");
	fake_sys_free(&f);
	new_fake(&f);
	rc = run(&f, "--load-jump-back-helper --entry=0x7ff0123");
	is_int(rc, 1, "jump-back: a bad mailbox address is refused");
	has_str(err_text, "bad kexec_jump_back_mailbox=", "jump-back: bad mailbox message");
	put_file("proc/cmdline", "console=ttyS0\n");

	/* a kernel without KEXEC_JUMP: the load fails, the old image stays */
	fake_sys_free(&f);
	new_fake(&f);
	f.kexec_jump = 0;
	fake_sys_preload(&f, 0x2000000, T_ARCH_X86_64, 0x2000000);
	rc = run(&f, "--load-jump-back-helper --entry=0x1000");
	is_int(rc, 1, "jump-back without KEXEC_JUMP: exit 1");
	has_str(err_text, "cannot load the jump-back helper: this kernel was built without CONFIG_KEXEC_JUMP",
		"jump-back without KEXEC_JUMP: says so");
	ok(one_line(err_text), "jump-back without KEXEC_JUMP: one line");
	ok(f.image.loaded && f.image.first_mem == 0x2000000, "jump-back: earlier image kept");

	/* refusals: nothing reaches the kernel */
	{
		static const struct { const char *args, *msg; } t[] = {
			{ "--load-jump-back-helper", "needs --entry=ADDR" },
			{ "--load-jump-back-helper --entry=0", "--entry=0 is not a re-entry point" },
			{ "--load-jump-back-helper --entry=0x1000 /boot/vmlinuz", "does not take a kernel file" },
			{ "--load-jump-back-helper --entry=0x1000 -e", "cannot be combined with -e" },
			{ "--load-jump-back-helper --entry=0x1000 -l", "cannot be combined with -l" },
			{ "--load-jump-back-helper --entry=0x1000 --load-preserve-context", "cannot be combined" },
			{ "--load-jump-back-helper --entry=0x1000 --append=x", "--append does not apply to --load-jump-back-helper" },
			{ "--load-jump-back-helper --entry=0x1000 --args-none", "--args-none does not apply" },
			{ "--load-jump-back-helper --entry=0x1000 -s", "leave out -s" },
		};
		for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
			fake_sys_free(&f);
			new_fake(&f);
			rc = run(&f, "%s", t[i].args);
			is_int(rc, 1, t[i].args);
			has_str(err_text, t[i].msg, t[i].args);
			is_int(f.nloads, 0, "no kexec_load");
		}
	}
	fake_sys_free(&f);
	new_fake(&f);
	rc = run(&f, "--load-jump-back-helper --entry=0x1000 --dry-run");
	is_int(rc, 0, "jump-back --dry-run: exit 0");
	has_str(out_text, "entry 0x0000000000001000, 1 empty segment at 0x1000, flags 0x003e0002",
		"jump-back --dry-run: prints the call");
	is_int(f.nloads, 0, "jump-back --dry-run: no kexec_load");
	fake_sys_free(&f);
}

static void test_refusals(void)
{
	struct fake_sys f;
	int rc;

	new_fake(&f);
	rc = run(&f, "-s -l --args-none %s", elf64);
	is_int(rc, 1, "-s: exit 1");
	has_str(err_text, "with kexec_file_load (-s): --args-none programs are loaded with kexec_load; leave out -s", "-s --args-none: says why");
	is_int(f.nloads, 0, "-s: no syscall");

	rc = run(&f, "-l --args-none %s", elf64_bad);
	is_int(rc, 1, "segment outside RAM: exit 1");
	has_str(err_text, "hole64.elf", "segment outside RAM: names the file");
	is_int(f.nloads, 0, "segment outside RAM: no syscall");

	rc = run(&f, "-l --args-none %s/does-not-exist", root);
	is_int(rc, 1, "missing file: exit 1");
	has_str(err_text, "does-not-exist", "missing file: names it");
	is_int(f.nloads, 0, "missing file: no syscall");

	rc = run(&f, "--frobnicate");
	is_int(rc, 1, "bad option: exit 1");
	ok(err_text && strncmp(err_text, "kexec: unknown option", 21) == 0,
	   "bad option: kexec: prefix");
	ok(one_line(err_text), "bad option: one line");

	rc = run(&f, "-l %s -e", elf64);
	is_int(rc, 1, "two actions: exit 1");
	is_int(f.nloads + f.nreboot, 0, "two actions: nothing done");
	fake_sys_free(&f);
}

static void test_help_version(void)
{
	struct fake_sys f;

	new_fake(&f);
	is_int(run(&f, "--help"), 0, "--help: exit 0");
	has_str(out_text, "Usage: kexec", "--help: usage on stdout");
	has_str(out_text, "elf-x86", "--help: lists the image types");
	is_str(err_text, "", "--help: nothing on stderr");
	is_int(run(&f, "-v"), 0, "-v: exit 0");
	/* what scripts do with kexec-tools' "kexec-tools 2.0.32": the first
	 * word, and the second as a dotted version */
	ok(out_text && strncmp(out_text, "kexec-tools 2.0.32 ", 19) == 0 && one_line(out_text),
	   "-v: starts \"kexec-tools 2.0.32 \" (the release we match)");
	{
		char w1[32] = "", w2[32] = "", w3[64] = "";
		unsigned a = 0, b = 0, c = 0;
		int n = out_text ? sscanf(out_text, "%31s %31s %63[^\n]", w1, w2, w3) : 0;

		ok(n == 3 && sscanf(w2, "%u.%u.%u", &a, &b, &c) == 3 && a == 2 && b == 0 && c == 32,
		   "-v: awk '{print $2}' gives 2.0.32");
		ok(strncmp(w3, "(kexec-jump ", 12) == 0 && w3[12] >= '0' && w3[12] <= '9' &&
		   w3[strlen(w3) - 1] == ')', "-v: then \"(kexec-jump X.Y.Z)\"");
	}
	is_str(f.trace, "", "help/version: no system calls");
	fake_sys_free(&f);
}

/* Option scope is the loader table's: each loader names what it takes,
 * and a given option it does not take is refused before anything is
 * loaded (the previous image stays). */
static void test_option_scope(void)
{
	struct fake_sys f;
	char cmdline[600];
	int loads0, rc;

	new_fake(&f);
	rc = run(&f, "-l --load-preserve-context %s", elf64);
	is_int(rc, 0, "scope: a first image loads");
	loads0 = fake_sys_count(&f, "kexec_load");

	static const struct {
		const char *args, *needle, *what;
	} refused[] = {
		{ "-t elf-x86 --load-addr=0x2000000", "phy64.elf: --load-addr does not apply to elf-x86 images (",
		  "--load-addr with an ELF" },
		{ "--module=mod.bin", "--module does not apply to elf-x86 images",
		  "--module with an ELF program" },
		{ "--real-mode", "--real-mode does not apply to elf-x86 images",
		  "--real-mode with an ELF program" },
		{ "-t phys --load-addr=0x2000000 --noefi", "--noefi does not apply to phys images",
		  "--noefi with a raw blob" },
		{ "-t nbi-x86", "--type=nbi-x86: Etherboot network boot images (NBI) are not supported",
		  "-t nbi-x86" },
		{ "-t beoboot-x86", "--type=beoboot-x86: Beowulf beoboot images are not supported",
		  "-t beoboot-x86" },
	};
	size_t i;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		rc = run(&f, "-l --load-preserve-context %s %s", refused[i].args,
			 elf64);
		is_intf(rc, 1, "scope: %s: exit 1", refused[i].what);
		ok(err_text && strstr(err_text, refused[i].needle),
		   "scope: %s: message has '%s'", refused[i].what,
		   refused[i].needle);
	}
	/* kexec-tools' words for --reuseinitrd on x86, after its check
	 * that the running kernel kept its initrd */
	rc = run(&f, "-l --reuseinitrd %s", elf64);
	is_int(rc, 1, "--reuseinitrd without retain_initrd: exit 1");
	has_str(err_text, "unrecoverable error: current boot didn't retain the initrd for reuse.",
		"--reuseinitrd without retain_initrd: kexec-tools' message");
	snprintf(cmdline, sizeof(cmdline), "console=ttyS0 retain_initrd quiet\n");
	put_file("proc/cmdline", "%s", cmdline);
	rc = run(&f, "-l --reuseinitrd %s", elf64);
	is_int(rc, 1, "--reuseinitrd with retain_initrd: exit 1");
	has_str(err_text, "--reuseinitrd not implemented on this architecture",
		"--reuseinitrd with retain_initrd: kexec-tools' message");
	put_file("proc/cmdline", "console=ttyS0\n");
	is_int(fake_sys_count(&f, "kexec_load") - loads0, 0,
	       "scope: no refused load reached the kernel");
	ok(f.image.loaded, "scope: the first image is still loaded");
	fake_sys_free(&f);
}

int main(void)
{
	make_fixture();
	test_dry_run();
	test_phys();
	test_good_load();
	test_i386();
	test_elf32_on_x86_64();
	test_failed_load_keeps_old();
	test_errno_messages();
	test_exec();
	test_exec_results();
	test_shutdown();
	test_status();
	test_unload();
	test_jump_back_helper();
	test_refusals();
	test_option_scope();
	test_help_version();
	free(out_text);
	free(err_text);
	remove_fixture();
	return tap_done();
}
