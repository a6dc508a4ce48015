/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-elf-x86.c - the x86 ELF loader (arch/x86/elf-x86.c) and the loader
 * table walk (loader.c), on synthetic images. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1   /* strdup, open_memstream, mkdtemp, O_CLOEXEC */
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "elf.h"
#include "elfbuild.h"
#include "loader.h"
#include "tap.h"

/* ELF64: PT_LOAD #0 file 0x1000 (0x1234 bytes) -> 0x1000000, memsz
 * 0x2100; a PT_NOTE; PT_LOAD #1 bss-only at 0x1003000, memsz 0x1000. */
static struct eb_spec spec64(void)
{
	struct eb_spec s = { 0 };

	s.cls = 2;
	s.type = ET_EXEC;
	s.machine = EM_X86_64;
	s.entry = 0x1000040;
	s.nph = 3;
	s.ph[0] = (struct eb_phdr){ PT_LOAD, 5, 0x1000, 0x1000000, 0x1000000,
				    0x1234, 0x2100, 0x1000 };
	s.ph[1] = (struct eb_phdr){ 4, 4, 0x2234, 0, 0, 0x10, 0x10, 4 };
	s.ph[2] = (struct eb_phdr){ PT_LOAD, 6, 0x3000, 0x1003000, 0x1003000,
				    0, 0x1000, 0x1000 };
	return s;
}

/* ELF32: one PT_LOAD file 0x100 (0x300 bytes) -> 0x400000, memsz 0x1800 */
static struct eb_spec spec32(void)
{
	struct eb_spec s = { 0 };

	s.cls = 1;
	s.type = ET_EXEC;
	s.machine = EM_386;
	s.entry = 0x400000;
	s.nph = 1;
	s.ph[0] = (struct eb_phdr){ PT_LOAD, 7, 0x100, 0x400000, 0x400000,
				    0x300, 0x1800, 0x1000 };
	return s;
}

static void mkimg(const struct eb_spec *s, const char *name, struct image *img)
{
	size_t len;
	uint8_t *b = eb_build(s, &len);

	if (image_from_buffer(NULL, name, b, len, img))
		abort();
	free(b);
}

static const struct load_opts opts64 = { .opt.args_none = 1, .kernel_64 = 1 };
static const struct load_opts opts32 = { .opt.args_none = 1, .kernel_64 = 0 };

static void test_probe(void)
{
	static const struct {
		const char *desc;
		int cls;
		uint16_t machine, type;
		int data;
		int rc;
		const char *why;   /* debug reason for -ENOEXEC */
	} t[] = {
		{ "ELF64 x86_64 exec", 2, EM_X86_64, ET_EXEC, 1, 0, NULL },
		{ "ELF64 x86_64 dyn", 2, EM_X86_64, ET_DYN, 1, 0, NULL },
		{ "ELF32 i386", 1, EM_386, ET_EXEC, 1, 0, NULL },
		{ "ELF32 i486", 1, EM_486, ET_EXEC, 1, 0, NULL },
		{ "ELF32 with EM_X86_64", 1, EM_X86_64, ET_EXEC, 1, -ENOEXEC,
		  "e_machine 62 with ELF class 1" },
		{ "ELF64 with EM_386", 2, EM_386, ET_EXEC, 1, -ENOEXEC,
		  "e_machine 3 with ELF class 2" },
		{ "ARM", 1, 40, ET_EXEC, 1, -ENOEXEC, "e_machine 40" },
		{ "relocatable object", 2, EM_X86_64, 1, 1, -ENOEXEC,
		  "e_type 1 is not an executable" },
		{ "core file", 2, EM_X86_64, ET_CORE, 1, -ENOEXEC,
		  "e_type 4 is not an executable" },
		{ "big-endian", 2, EM_X86_64, ET_EXEC, 2, -ENOEXEC,
		  "not a little-endian ELF" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct eb_spec s = t[i].cls == 2 ? spec64() : spec32();
		struct diag d = { 0 };
		struct image img;
		char *log = NULL;
		size_t loglen = 0;

		s.machine = t[i].machine;
		s.type = t[i].type;
		s.data = t[i].data;
		mkimg(&s, "p.elf", &img);
		d.debug = 1;
		d.out = open_memstream(&log, &loglen);
		is_int(elf_x86_loader.probe(&d, &img), t[i].rc, t[i].desc);
		fclose(d.out);
		is_str(d.msg, "", "probe records no error");
		if (t[i].why)
			has_str(log, t[i].why, "rejection reason in the debug log");
		free(log);
		image_free(&img);
	}

	{
		struct diag d = { 0 };
		struct image img;
		struct eb_spec s = spec64();

		image_from_buffer(NULL, "hello.txt", "hello world", 11, &img);
		is_int(elf_x86_loader.probe(&d, &img), -ENOEXEC, "text file: not mine");
		image_free(&img);

		/* ours, but broken: a message, not -ENOEXEC */
		s.ph[0].filesz = 0x2000;
		s.ph[0].memsz = 0x2000;
		s.len = 0x2000;
		mkimg(&s, "broken.elf", &img);
		is_int(elf_x86_loader.probe(&d, &img), -EINVAL, "broken x86 ELF: mine but broken");
		has_str(d.msg, "broken.elf: ELF program header 0: segment data extends past end of file",
			"broken x86 ELF: parser message");
		image_free(&img);

		diag_clear(&d);
		image_from_buffer(NULL, "short.elf", "\x7f" "ELF\x02\x01\x01\0\0\0", 10, &img);
		is_int(elf_x86_loader.probe(&d, &img), -EINVAL, "10-byte ELF: mine but broken");
		has_str(d.msg, "short.elf: truncated ELF header", "10-byte ELF: message");
		image_free(&img);
	}
}

static void test_load64(void)
{
	struct diag d = { 0 };
	struct image img;
	struct plan p;
	struct eb_spec s = spec64();
	const uint8_t *b0;

	mkimg(&s, "prog64.elf", &img);
	plan_init(&p);
	is_int(elf_x86_loader.load(&d, &img, &opts64, NULL, &p), 0, "ELF64 load");
	is_str(d.msg, "", "ELF64 load: no message");
	is_int(p.nseg, 2, "ELF64: two PT_LOAD segments (note skipped)");
	is_u64(p.seg[0].mem, 0x1000000, "seg 0 mem = p_paddr");
	is_u64(p.seg[0].memsz, 0x3000, "seg 0 memsz 0x2100 rounded to 0x3000");
	is_int(p.seg[0].bufsz, 0x1234, "seg 0 bufsz = p_filesz");
	ok(p.seg[0].buf == img.data + 0x1000, "seg 0 buf points into the image at p_offset");
	b0 = p.seg[0].buf;
	ok(b0 && b0[0] == 0x00 && b0[0x233] == (uint8_t)(0x1000 + 0x233),
	   "seg 0 data is the file data");
	is_int(p.seg[0].owned, 0, "seg 0 not owned");
	is_str(p.seg[0].what, "ELF64 PT_LOAD #0", "seg 0 label");
	is_u64(p.seg[1].mem, 0x1003000, "seg 1 mem");
	is_u64(p.seg[1].memsz, 0x1000, "seg 1 memsz");
	is_int(p.seg[1].bufsz, 0, "seg 1 bss only");
	ok(p.seg[1].buf == NULL, "seg 1 has no buffer");
	is_str(p.seg[1].what, "ELF64 PT_LOAD #1", "PT_LOAD numbering skips the note");
	is_u64(p.entry, 0x1000040, "entry = e_entry");
	is_str(p.entry_what, "e_entry", "entry label");
	is_u64(p.flags, 0, "no flags");
	is_u64(p.arch, 0x003e0000, "arch = KEXEC_ARCH_X86_64 (62 << 16)");
	plan_free(&p);

	{
		struct load_opts o = opts64;

		o.opt.preserve_context = 1;
		o.opt.have_entry = 1;
		o.opt.entry = 0x1000800;
		plan_init(&p);
		is_int(elf_x86_loader.load(&d, &img, &o, NULL, &p), 0,
		       "ELF64 load with --entry and preserve");
		is_u64(p.entry, 0x1000800, "--entry overrides e_entry");
		is_str(p.entry_what, "--entry", "entry label --entry");
		is_u64(p.flags, 0x2, "KEXEC_PRESERVE_CONTEXT set");
		plan_free(&p);
	}
	image_free(&img);

	/* memsz 0 PT_LOAD skipped, numbering still counts it */
	s = spec64();
	s.ph[0].memsz = 0;
	s.ph[0].filesz = 0;
	mkimg(&s, "prog64.elf", &img);
	plan_init(&p);
	is_int(elf_x86_loader.load(&d, &img, &opts64, NULL, &p), 0, "empty PT_LOAD");
	ok(p.nseg == 1 && strcmp(p.seg[0].what, "ELF64 PT_LOAD #1") == 0,
	   "empty PT_LOAD skipped, the next keeps #1");
	plan_free(&p);
	image_free(&img);
}

static void test_load32(void)
{
	struct diag d = { 0 };
	struct image img;
	struct plan p;
	struct eb_spec s = spec32();

	mkimg(&s, "phy_mode32.elf", &img);
	plan_init(&p);
	is_int(elf_x86_loader.load(&d, &img, &opts32, NULL, &p), 0,
	       "ELF32 on an i386 kernel");
	ok(p.nseg == 1 && p.seg[0].mem == 0x400000 && p.seg[0].memsz == 0x2000 &&
	   p.seg[0].bufsz == 0x300 && p.seg[0].buf == img.data + 0x100,
	   "ELF32 segment");
	is_str(p.seg[0].what, "ELF32 PT_LOAD #0", "ELF32 label");
	is_u64(p.arch, 0x00030000, "arch = KEXEC_ARCH_386 (3 << 16)");
	is_u64(p.entry, 0x400000, "ELF32 entry");
	plan_free(&p);

	/* ELF32 on an x86_64 kernel: through the purgatory's 32-bit detour
	 * (doc/abi.md 10.7) */
	plan_init(&p);
	is_int(elf_x86_loader.load(&d, &img, &opts64, NULL, &p), 0,
	       "ELF32 --args-none on an x86_64 kernel, normal kexec: loads");
	is_int(p.boot.mode, PLAN_BOOT_32, "... as a 32-bit register boot (no return)");
	is_int(p.entry_bits, 0, "... not as a called 32-bit entry");
	is_u64(p.entry, 0x400000, "... entry e_entry");
	is_u64(p.arch, 0x003e0000, "... arch = KEXEC_ARCH_X86_64");
	ok(p.nseg == 1 && p.seg[0].mem == 0x400000, "... its segment");
	plan_free(&p);
	/* a jump: --args-none (entered), or called through the purgatory */
	for (int called = 0; called < 2; called++) {
		struct load_opts o = opts64;

		o.opt.preserve_context = 1;
		o.opt.args_none = !called;
		o.via_purgatory = called;
		plan_init(&p);
		is_int(elf_x86_loader.load(&d, &img, &o, NULL, &p), 0,
		       called ? "ELF32 program called on an x86_64 kernel: loads" :
			        "ELF32 --args-none jump on an x86_64 kernel: loads");
		is_int(p.entry_bits, 32, "... entry_bits 32 (32-bit mode through the purgatory)");
		is_int(p.boot.mode, PLAN_BOOT_NONE, "... no register boot");
		plan_free(&p);
	}
	image_free(&img);

	s = spec64();
	mkimg(&s, "phy_mode64.elf", &img);
	diag_clear(&d);
	plan_init(&p);
	is_int(elf_x86_loader.load(&d, &img, &opts32, NULL, &p), -EINVAL,
	       "ELF64 on an i386 kernel refused");
	has_str(d.msg, "phy_mode64.elf: ELF64 (x86_64) program cannot be entered by this i386 kernel",
		"ELF64/i386: says what");
	has_str(d.msg, "build it as ELF32", "ELF64/i386: says what to do");
	plan_free(&p);
	image_free(&img);
}

static void test_load_errors(void)
{
	static const struct {
		const char *desc;
		int args_none;
		int rc;
		const char *msg;
	} t[] = {
		{ "--args-elf with --load-preserve-context", 0, -EINVAL, "p.elf: --args-elf starts a program by a normal kexec; with --load-preserve-context the purgatory calls it" },
		{ "PT_INTERP", 1, -EINVAL, "p.elf: dynamically linked program (has PT_INTERP)" },
		{ "unaligned p_paddr", 1, -EINVAL, "p.elf: ELF64 PT_LOAD #1: p_paddr 0x1003800 is not page aligned" },
		{ "17 PT_LOADs", 1, -E2BIG, "p.elf: 17 non-empty PT_LOAD segments, but the kernel accepts at most 16" },
		{ "not x86 at all", 1, -ENOEXEC, "p.elf: not an x86 ELF executable (e_machine 40" },
	};
	size_t i, k;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct eb_spec s = spec64();
		struct load_opts o = opts64;
		struct diag d = { 0 };
		struct image img;
		struct plan p;

		o.opt.args_none = t[i].args_none;
		switch (i) {
		case 0:
			o.opt.args_elf = 1;
			o.opt.preserve_context = 1;
			o.via_purgatory = 1;
			break;
		case 1: s.ph[1].type = PT_INTERP; break;
		case 2: s.ph[2].paddr = 0x1003800; break;
		case 3:
			s.nph = 17;
			for (k = 0; k < 17; k++)
				s.ph[k] = (struct eb_phdr){ PT_LOAD, 6, 0, 0,
							    0x1000000 + k * 0x1000,
							    0, 0x1000, 0x1000 };
			break;
		case 4: s.machine = 40; s.cls = 1; break;
		}
		mkimg(&s, "p.elf", &img);
		plan_init(&p);
		is_int(elf_x86_loader.load(&d, &img, &o, NULL, &p), t[i].rc, t[i].desc);
		has_str(d.msg, t[i].msg, t[i].desc);
		plan_free(&p);
		image_free(&img);
	}

	/* 16 non-empty plus one empty PT_LOAD is fine */
	{
		struct eb_spec s = spec64();
		struct diag d = { 0 };
		struct image img;
		struct plan p;

		s.nph = 17;
		for (k = 0; k < 17; k++)
			s.ph[k] = (struct eb_phdr){ PT_LOAD, 6, 0, 0,
						    0x1000000 + k * 0x1000, 0,
						    k == 5 ? 0 : 0x1000, 0x1000 };
		mkimg(&s, "p.elf", &img);
		plan_init(&p);
		is_int(elf_x86_loader.load(&d, &img, &opts64, NULL, &p), 0,
		       "16 non-empty + 1 empty PT_LOAD");
		is_int(p.nseg, 16, "16 segments");
		is_str(p.seg[15].what, "ELF64 PT_LOAD #16", "last label");
		plan_free(&p);
		image_free(&img);
	}
}

static void test_end_to_end(void)
{
	struct diag d = { 0 };
	struct image img;
	struct plan p;
	struct memmap m = { 0 };
	struct eb_spec s = spec64();

	memmap_add(NULL, &m, 0x100000, 0x7fffffff, MEM_RAM);
	mkimg(&s, "prog64.elf", &img);
	plan_init(&p);
	is_int(loader_load(&d, &img, &opts64, &m, &p), 0, "loader_load: probe finds elf-x86");
	is_int(plan_finalize(&p, &d, &m, 0), 0, "the plan passes finalize");
	plan_free(&p);

	/* overlapping PT_LOADs: load accepts, finalize reports */
	image_free(&img);
	s.ph[2].paddr = 0x1002000;
	mkimg(&s, "prog64.elf", &img);
	plan_init(&p);
	is_int(loader_load(&d, &img, &opts64, &m, &p), 0, "overlapping PT_LOADs load");
	is_int(plan_finalize(&p, &d, &m, 0), -EINVAL, "overlapping PT_LOADs refused");
	has_str(d.msg, "segments overlap: ELF64 PT_LOAD #0 0x1000000-0x1002fff and ELF64 PT_LOAD #1 0x1002000-0x1002fff",
		"overlap message names both PT_LOADs");
	plan_free(&p);
	image_free(&img);
	memmap_free(&m);
}

static void test_loader_walk(void)
{
	static const struct {
		const char *desc;
		const char *type;
		int elf;          /* 1: valid ELF64, 0: text, 2: broken ELF */
		int rc;
		const char *msg;
	} t[] = {
		{ "probe walk, ELF", NULL, 1, 0, "" },
		{ "--type elf-x86", "elf-x86", 1, 0, "" },
		{ "--type elf-x86_64 (kexec-tools x86_64 name)", "elf-x86_64", 1, 0, "" },
		{ "unknown type", "aout-x86", 1, -EINVAL,
		  "f: unknown image type \"aout-x86\" (valid types: uki, multiboot2-x86, multiboot-x86, elf-x86, bzImage, phys)" },
		{ "--type bzImage on an ELF suggests elf-x86", "bzImage", 1, -ENOEXEC,
		  "f: --type=bzImage does not match this file; it looks like elf-x86" },
		{ "nothing recognises a text file", NULL, 0, -ENOEXEC,
		  "f: not a recognised kernel image (tried: uki, multiboot2-x86, multiboot-x86, elf-x86, bzImage; by --type only: phys)" },
		{ "--type elf-x86 on a text file", "elf-x86", 0, -ENOEXEC,
		  "f: --type=elf-x86 does not match this file, and no other loader recognises it" },
		{ "broken ELF: its own message", NULL, 2, -EINVAL,
		  "f: ELF program header 0: filesz 0x1234 is larger than memsz 0x1000" },
		{ "broken ELF with --type", "elf-x86", 2, -EINVAL,
		  "f: ELF program header 0: filesz 0x1234" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct eb_spec s = spec64();
		struct load_opts o = opts64;
		struct diag d = { 0 };
		struct image img;
		struct plan p;

		if (t[i].elf == 0) {
			image_from_buffer(NULL, "f", "#!/bin/sh\necho hi\n", 18, &img);
		} else {
			if (t[i].elf == 2)
				s.ph[0].memsz = 0x1000;
			mkimg(&s, "f", &img);
		}
		o.opt.type = t[i].type;
		plan_init(&p);
		is_int(loader_load(&d, &img, &o, NULL, &p), t[i].rc, t[i].desc);
		if (t[i].rc)
			has_str(d.msg, t[i].msg, t[i].desc);
		else
			ok(p.nseg == 2 && d.msg[0] == '\0', "%s: loaded", t[i].desc);
		plan_free(&p);
		image_free(&img);
	}
	ok(kj_loaders[0] == &uki_loader &&
	   kj_loaders[1] == &multiboot2_x86_loader &&
	   kj_loaders[2] == &multiboot_x86_loader &&
	   kj_loaders[3] == &elf_x86_loader && kj_loaders[4] == &bzimage_loader &&
	   kj_loaders[5] == &phys_loader && kj_loaders[6] == NULL,
	   "loader table: uki, multiboot2-x86, multiboot-x86, elf-x86, bzImage, phys, NULL-terminated");
	ok(elf_x86_loader.summary && strstr(elf_x86_loader.summary, "--args-none"),
	   "summary mentions --args-none");
}

/* image_read: the file the loaders get */
static void test_image_read(void)
{
	char dir[] = "/tmp/t-elf-x86.XXXXXX", path[64], missing[64];
	struct eb_spec s = spec32();
	struct diag d = { 0 };
	struct image img;
	size_t len;
	uint8_t *b;
	FILE *f;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/phy_mode32.elf", dir);
	snprintf(missing, sizeof(missing), "%s/nosuch", dir);
	b = eb_build(&s, &len);
	f = fopen(path, "wb");
	ok(f && fwrite(b, 1, len, f) == len && fclose(f) == 0, "write test file");
	is_int(image_read(&d, path, &img), 0, "image_read");
	ok(img.len == len && memcmp(img.data, b, len) == 0, "image_read: same bytes");
	is_str(img.name, path, "image_read: name is the path as given");
	image_free(&img);
	image_free(&img);   /* zeroed image accepted */

	is_int(image_read(&d, missing, &img), -ENOENT, "missing file");
	has_str(d.msg, "/nosuch: No such file or directory", "missing file: message");
	diag_clear(&d);
	is_int(image_read(&d, dir, &img), -EISDIR, "directory");
	has_str(d.msg, ": Is a directory", "directory: message");
	/* not regular files: refused at once, nothing read (a FIFO with no
	 * writer would block the open, /dev/zero would never end) */
	{
		char fifo[80];

		snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
		ok(mkfifo(fifo, 0600) == 0, "mkfifo");
		diag_clear(&d);
		is_int(image_read(&d, fifo, &img), -EINVAL, "FIFO without a writer: refused, no hang");
		has_str(d.msg, "/fifo: not a regular file (a FIFO)", "FIFO: message");
		ok(img.data == NULL && img.len == 0, "FIFO: nothing read");
		unlink(fifo);
		diag_clear(&d);
		is_int(image_read(&d, "/dev/zero", &img), -EINVAL, "/dev/zero: refused");
		is_str(d.msg, "/dev/zero: not a regular file (a character device)", "/dev/zero: message");
		diag_clear(&d);
		is_int(image_read(&d, "/dev/null", &img), -EINVAL, "/dev/null: refused");
	}
	/* huge sparse files: refused from their size, before any read.  A
	 * 4 GiB - 1 file cannot be held by a 32-bit program (its size + 1
	 * used to wrap to 0 there, and the read loop freed its buffer
	 * twice); a 64-bit one is held to the limit it is given. */
	{
		char big[80];
		FILE *g;
		int made;

		snprintf(big, sizeof(big), "%s/big", dir);
		g = fopen(big, "wb");
		made = g && ftruncate(fileno(g), (off_t)0xffffffffll) == 0;
		if (g)
			fclose(g);
		ok(made, "sparse 4 GiB - 1 file");
		diag_clear(&d);
		if (sizeof(size_t) == 4) {
			is_int(image_read(&d, big, &img), -EFBIG, "i386: 4 GiB - 1 file refused");
			is_str(d.msg + strlen(dir), "/big: 4294967295 bytes, too large for a 32-bit program to hold",
			       "i386: 4 GiB - 1 file: one line with the size");
		} else {
			is_int(image_open(&d, big, 0xfffffffe, "the limit", &img), -EFBIG, "4 GiB - 1 file over a limit one byte lower");
			is_str(d.msg + strlen(dir), "/big: 4294967295 bytes, more than the limit (4294967294 bytes)",
			       "4 GiB - 1 file over a limit: one line with both sizes");
		}
		ok(img.data == NULL && img.len == 0, "4 GiB - 1 file: nothing read");
		g = fopen(big, "wb");
		made = g && ftruncate(fileno(g), (off_t)(64ll << 30)) == 0;
		if (g)
			fclose(g);
		ok(made, "sparse 64 GiB file");
		diag_clear(&d);
		is_int(image_open(&d, big, 1ull << 31, "2 GiB", &img), -EFBIG, "64 GiB file over 2 GiB: refused");
		is_str(d.msg + strlen(dir), "/big: 68719476736 bytes, more than 2 GiB (2147483648 bytes)",
		       "64 GiB file: one line with both sizes");
		diag_clear(&d);
		if (sizeof(size_t) == 4)
			is_int(image_read(&d, big, &img), -EFBIG, "i386: 64 GiB file refused without a limit too");
		/* a limit above the size: the head only, the rest on demand */
		diag_clear(&d);
		is_int(image_open(&d, path, 1ull << 31, "2 GiB", &img), 0, "small file under the limit");
		ok(!img.partial && img.len == len && img.size == len, "small file: whole after the open");
		is_int(image_read_rest(&d, &img), 0, "small file: nothing more to read");
		image_free(&img);
		unlink(big);
	}
	/* a file bigger than the head: read in two steps, same bytes */
	{
		char mid[80];
		size_t n = IMAGE_HEAD + 12345, i;
		uint8_t *m = malloc(n);
		FILE *g;

		for (i = 0; i < n; i++)
			m[i] = (uint8_t)(i * 13 + 5);
		snprintf(mid, sizeof(mid), "%s/mid", dir);
		g = fopen(mid, "wb");
		ok(g && fwrite(m, 1, n, g) == n && fclose(g) == 0, "write a file past the head");
		diag_clear(&d);
		is_int(image_open(&d, mid, 0, NULL, &img), 0, "open past the head");
		ok(img.partial && img.len == IMAGE_HEAD && img.size == n, "only the head read");
		ok(memcmp(img.data, m, IMAGE_HEAD) == 0, "the head's bytes");
		is_int(image_read_rest(&d, &img), 0, "the rest");
		ok(!img.partial && img.len == n && memcmp(img.data, m, n) == 0, "all bytes after the rest");
		image_free(&img);
		unlink(mid);
		free(m);
	}
	/* a big file is mapped, not read: the same bytes; a file truncated
	 * under the mapping gives one line naming it and exit 1 (SIGBUS) */
	{
		char bigf[80], line[512];
		size_t n = IMAGE_MAP_MIN + 12345, i;
		uint8_t *m = malloc(n);
		FILE *g;
		int pfd[2], st = 0;
		pid_t pid;
		ssize_t got;

		for (i = 0; i < n; i++)
			m[i] = (uint8_t)(i * 7 + 3);
		snprintf(bigf, sizeof(bigf), "%s/map\nme", dir);
		g = fopen(bigf, "wb");
		ok(g && fwrite(m, 1, n, g) == n && fclose(g) == 0, "write a file of IMAGE_MAP_MIN + 12345 bytes");
		diag_clear(&d);
		is_int(image_open(&d, bigf, 0, NULL, &img), 0, "open the big file");
		is_int(image_read_rest(&d, &img), 0, "the rest of the big file");
		ok(img.mapped && !img.partial && img.len == n && memcmp(img.data, m, n) == 0,
		   "the big file is mapped, with the file's bytes");
		image_set_data(&img, malloc(16), 16);
		ok(!img.mapped && img.len == 16, "image_set_data replaces the mapping");
		image_free(&img);
		ok(pipe(pfd) == 0, "pipe");
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			volatile uint8_t x;

			dup2(pfd[1], 2);
			close(pfd[0]);
			if (image_open(&d, bigf, 0, NULL, &img) || image_read_rest(&d, &img) || !img.mapped)
				_exit(3);
			if (truncate(bigf, 0) != 0)
				_exit(4);
			x = img.data[n - 1];    /* SIGBUS: the page is gone */
			(void)x;
			_exit(5);
		}
		close(pfd[1]);
		i = 0;
		while (i < sizeof(line) - 1 &&
		       (got = read(pfd[0], line + i, sizeof(line) - 1 - i)) > 0)
			i += (size_t)got;
		line[i] = 0;
		close(pfd[0]);
		waitpid(pid, &st, 0);
		ok(WIFEXITED(st) && WEXITSTATUS(st) == 1, "truncated under the mapping: exit 1 (status 0x%x)", st);
		is_str(line + (strncmp(line, "kexec: ", 7) == 0 ? 7 + strlen(dir) : 0),
		       "/map?me: the file was truncated while kexec was reading it; nothing was loaded\n",
		       "truncated under the mapping: one line naming the file");
		unlink(bigf);
		free(m);
	}
	unlink(path);
	rmdir(dir);
	free(b);
}

int main(void)
{
	test_image_read();
	test_probe();
	test_load64();
	test_load32();
	test_load_errors();
	test_end_to_end();
	test_loader_walk();
	return tap_done();
}
