/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-elf-linux.c - an ELF vmlinux booted with --args-linux (elf-x86.c's
 * vmlinux path, linux-params.c): synthetic vmlinux files of both classes
 * through the loader and through the whole tool on the fake kernel.
 *
 * Expected values come from the boot protocol (doc/abi.md 5.2, 5.4:
 * field offsets written out here, not taken from the code) and from the
 * ELF files the test builds (elfbuild.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bzbuild.h"
#include "elfbuild.h"
#include "fake_sys.h"
#include "kexec.h"
#include "le.h"
#include "loader.h"
#include "runmain.h"
#include "sysroot.h"
#include "tap.h"

/* the zero page's Z_* offsets and the setup header's BZB_* ones are
 * bzbuild.h's (doc/abi.md 5.2/5.4) */

/* purgatory parameter block (include/purgatory-abi.h's table) */
#define PB_FLAGS            12
#define PB_ENTRY            24
#define PB_NREGIONS         88
#define PB_BOOT_PARAMS      92
#define PB_F_BOOT_LINUX     0x8u

#define PT_LOAD_ 1
#define PT_INTERP_ 3

/* The map both the loader tests and the fixture sysroot use. */
static const struct { uint64_t start, end; enum mem_type type; } map[] = {
	{ 0x0, 0x9fbff, MEM_RAM },
	{ 0x9fc00, 0x9ffff, MEM_RESERVED },
	{ 0x100000, 0x7ffdffff, MEM_RAM },
	{ 0x7ffe0000, 0x7fffffff, MEM_RESERVED },
};
#define NMAP (sizeof(map) / sizeof(map[0]))

static void std_map(struct memmap *m)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < NMAP; i++)
		memmap_add(NULL, m, map[i].start, map[i].end, map[i].type);
}

/* A vmlinux-like ELF: text at 16 MiB (entry at its start), data after
 * it with a BSS tail, and a PT_NOTE that is not loaded. */
static struct eb_spec vmlinux_spec(int cls)
{
	struct eb_spec s;

	memset(&s, 0, sizeof(s));
	s.cls = cls;
	s.type = 2;                                 /* ET_EXEC */
	s.machine = cls == 2 ? 62 : 3;              /* EM_X86_64 / EM_386 */
	s.entry = 0x1000000;
	s.nph = 3;
	/* type flags offset vaddr paddr filesz memsz align */
	s.ph[0] = (struct eb_phdr){ PT_LOAD_, 5, 0x1000, 0xc1000000, 0x1000000,
				    0x2345, 0x2345, 0x1000 };
	s.ph[1] = (struct eb_phdr){ PT_LOAD_, 6, 0x4000, 0xc1004000, 0x1004000,
				    0x800, 0x5800, 0x1000 };
	s.ph[2] = (struct eb_phdr){ 4 /* PT_NOTE */, 4, 0x4800, 0, 0, 0x20,
				    0x20, 4 };
	return s;
}

static void mkimg(const struct eb_spec *s, const char *name, struct image *img)
{
	size_t len;
	uint8_t *b = eb_build(s, &len);

	image_from_buffer(NULL, name, b, len, img);
	free(b);
}

/* The plan's segment labelled @w, or NULL. */
static const struct segment *seg_named(const struct plan *p, const char *w)
{
	const struct segment *s = p->seg, *end = p->seg + p->nseg;

	while (s < end && strcmp(s->what, w) != 0)
		s++;
	return s < end ? s : NULL;
}

/* The e820 table at @e (@n entries) is exactly the standard map. */
static void check_e820(const uint8_t *bp, const char *what)
{
	size_t i, bad = 0;

	is_intf(bp[Z_E820_ENTRIES], NMAP, "%s: e820_entries", what);
	for (i = 0; i < NMAP; i++) {
		const uint8_t *e = bp + Z_E820_TABLE + i * 20;

		if (get_le(e, 8) != map[i].start ||
		    get_le(e + 8, 8) != map[i].end - map[i].start + 1 ||
		    get_le(e + 16, 4) != (map[i].type == MEM_RAM ? 1u : 2u))
			bad++;
	}
	is_intf(bad, 0, "%s: e820 entries are the map (addr, size, type)", what);
	for (i = NMAP * 20, bad = 0; i < 128 * 20; i++)
		bad += bp[Z_E820_TABLE + i] != 0;
	is_intf(bad, 0, "%s: the rest of the e820 table is zero", what);
}

/* Loader-level: both classes, each from the running kernel of its width. */
static void test_loader(int cls)
{
	const int k64 = cls == 2;
	const char *tag = k64 ? "ELF64/x86_64" : "ELF32/i386";
	struct eb_spec s = vmlinux_spec(cls);
	uint8_t rd[5000], host[0x250];
	struct image img, initrd;
	struct memmap m;
	struct load_opts o;
	struct diag d = { 0 };
	struct plan p;
	const struct segment *k0, *k1, *ir, *bs;
	char label[32];
	size_t i, bad;
	int rc;

	std_map(&m);
	mkimg(&s, "vmlinux", &img);
	memset(rd, 0x5a, sizeof(rd));
	image_from_buffer(NULL, "rd", rd, sizeof(rd), &initrd);
	memset(host, 0, sizeof(host));
	host[Z_ORIG_VIDEO_COLS] = 132;                 /* screen_info from the host */
	host[BZB_HW_SUBARCH] = 4;                   /* CE4100, to see it copied */
	memset(&o, 0, sizeof(o));
	o.kernel_64 = k64;
	o.opt.args_linux = 1;
	o.cmdline = "console=ttyS0 root=/dev/ram0";
	o.initrd = &initrd;
	o.host_bp = host;
	o.host_bp_len = sizeof(host);
	o.acpi_rsdp = 0xf5a30;
	plan_init(&p);
	rc = elf_x86_loader.load(&d, &img, &o, &m, &p);
	is_intf(rc, 0, "%s: vmlinux loads (%s)", tag, d.msg);

	snprintf(label, sizeof(label), "ELF%d PT_LOAD #0", k64 ? 64 : 32);
	k0 = seg_named(&p, label);
	snprintf(label, sizeof(label), "ELF%d PT_LOAD #1", k64 ? 64 : 32);
	k1 = seg_named(&p, label);
	ir = seg_named(&p, "initrd");
	bs = seg_named(&p, "boot_params");
	ok(k0 && k1 && ir && bs, "%s: two PT_LOADs, initrd, boot_params", tag);
	is_intf(p.nseg, 4, "%s: nothing else (PT_NOTE not loaded)", tag);
	if (!(k0 && k1 && ir && bs))
		goto out;
	is_intf(k0->mem, 0x1000000, "%s: text at its p_paddr", tag);
	is_intf(k0->memsz, 0x3000, "%s: text memsz page rounded", tag);
	is_intf(k0->bufsz, 0x2345, "%s: text bufsz = p_filesz", tag);
	ok(memcmp(k0->buf, img.data + 0x1000, 0x2345) == 0,
	   "%s: text bytes from file offset 0x1000", tag);
	is_intf(k1->mem, 0x1004000, "%s: data at its p_paddr", tag);
	is_intf(k1->memsz, 0x6000, "%s: data memsz = p_memsz (BSS included), page rounded", tag);
	is_intf(k1->bufsz, 0x800, "%s: data bufsz = p_filesz", tag);
	ok(memcmp(k1->buf, img.data + 0x4000, 0x800) == 0,
	   "%s: data bytes from file offset 0x4000", tag);
	is_intf(p.entry, 0x1000000, "%s: entry = e_entry", tag);
	is_intf(p.boot_params, bs->mem, "%s: plan.boot_params = its segment", tag);
	is_intf(p.arch, k64 ? 0x3e0000 : 0x30000, "%s: arch field", tag);
	ok(!(p.flags & 2), "%s: not a preserve-context load", tag);

	/* initrd: page aligned, at or above 16 MiB, ends at or below
	 * 0x7FFFFFFF and in RAM, not on the kernel */
	is_intf(ir->bufsz, sizeof(rd), "%s: initrd bufsz", tag);
	ok(ir->mem % 4096 == 0 && ir->mem >= 0x1000000 &&
	   ir->mem + ir->memsz - 1 <= 0x7ffdffff &&
	   (ir->mem >= 0x100a000 || ir->mem + ir->memsz <= 0x1000000),
	   "%s: initrd at 0x%llx is placed by the rules", tag,
	   (unsigned long long)ir->mem);

	/* boot_params, byte by byte */
	{
		const uint8_t *bp = bs->buf;
		const char *cl = "console=ttyS0 root=/dev/ram0";

		ok(bs->mem >= 0x100000 && bs->mem + bs->memsz <= 0x80000000,
		   "%s: boot_params in [1 MiB, 2 GiB)", tag);
		is_intf(bs->bufsz, 4096 + strlen(cl) + 1, "%s: boot_params + command line + NUL", tag);
		is_intf(get_le(bp + BZB_BOOT_FLAG, 2), 0xaa55, "%s: boot_flag 0xAA55", tag);
		ok(memcmp(bp + BZB_HEADER, "HdrS", 4) == 0, "%s: \"HdrS\"", tag);
		is_intf(get_le(bp + BZB_VERSION, 2), 0x020f, "%s: protocol 2.15", tag);
		is_intf(bp[BZB_TYPE_OF_LOADER], 0xd0, "%s: type_of_loader 0xD0", tag);
		is_intf(bp[BZB_LOADFLAGS], 0x01, "%s: loadflags LOADED_HIGH only", tag);
		is_intf(get_le(bp + BZB_CMDLINE_SIZE, 4), 2047, "%s: cmdline_size 2047", tag);
		is_intf(get_le(bp + BZB_INITRD_ADDR_MAX, 4), 0x7fffffff, "%s: initrd_addr_max", tag);
		is_intf(get_le(bp + BZB_CMD_LINE_PTR, 4), (bs->mem + 4096) & 0xffffffffu,
			"%s: cmd_line_ptr = boot_params + 4096", tag);
		is_intf(get_le(bp + Z_EXT_CMD_LINE_PTR, 4), (bs->mem + 4096) >> 32,
			"%s: ext_cmd_line_ptr", tag);
		ok(memcmp(bp + 4096, cl, strlen(cl) + 1) == 0,
		   "%s: the command line and its NUL at 4096", tag);
		is_intf(get_le(bp + BZB_RAMDISK_IMAGE, 4), ir->mem & 0xffffffffu, "%s: ramdisk_image", tag);
		is_intf(get_le(bp + Z_EXT_RAMDISK_IMAGE, 4), ir->mem >> 32, "%s: ext_ramdisk_image", tag);
		is_intf(get_le(bp + BZB_RAMDISK_SIZE, 4), sizeof(rd), "%s: ramdisk_size", tag);
		is_intf(get_le(bp + Z_EXT_RAMDISK_SIZE, 4), 0, "%s: ext_ramdisk_size", tag);
		is_intf(get_le(bp + BZB_SETUP_DATA, 8), 0, "%s: no setup_data", tag);
		is_intf(bp[Z_SENTINEL], 0, "%s: sentinel 0", tag);
		is_intf(bp[Z_ORIG_VIDEO_COLS], 132, "%s: screen_info from the running kernel", tag);
		is_intf(get_le(bp + Z_ACPI_RSDP, 8), 0xf5a30, "%s: acpi_rsdp_addr", tag);
		is_intf(get_le(bp + BZB_HW_SUBARCH, 4), 4, "%s: hardware_subarch from the running kernel", tag);
		is_intf(get_le(bp + Z_ALT_MEM_K, 4), (0x7ffe0000 - 0x100000) >> 10,
			"%s: alt_mem_k", tag);
		check_e820(bp, tag);
		/* the setup header area: only the fields above are set */
		for (i = 0x1f1, bad = 0; i < 0x270; i++) {
			if (i == BZB_BOOT_FLAG || i == BZB_BOOT_FLAG + 1 ||
			    i == 0x200 || i == 0x201 ||
			    (i >= BZB_HEADER && i < BZB_VERSION + 2) ||
			    i == BZB_TYPE_OF_LOADER || i == BZB_LOADFLAGS ||
			    (i >= BZB_RAMDISK_IMAGE && i < BZB_RAMDISK_SIZE + 4) ||
			    (i >= BZB_CMD_LINE_PTR && i < BZB_INITRD_ADDR_MAX + 4) ||
			    (i >= BZB_CMDLINE_SIZE && i < BZB_CMDLINE_SIZE + 4) ||
			    i == BZB_HW_SUBARCH)
				continue;
			bad += bp[i] != 0;
		}
		is_intf(bad, 0, "%s: every other setup header byte is zero", tag);
		is_intf(0x202 + bp[0x201], 0x26c, "%s: the header ends where 2.15's does", tag);
	}
	/* the whole plan passes the planner's checks */
	rc = plan_finalize(&p, &d, &m, 0);
	is_intf(rc, 0, "%s: plan_finalize (%s)", tag, d.msg);
out:
	plan_free(&p);
	image_free(&img);
	image_free(&initrd);
	memmap_free(&m);
}

/* No host boot_params: screen_info defaults to 80x25 VGA text. */
static void test_defaults(void)
{
	struct eb_spec s = vmlinux_spec(2);
	struct image img;
	struct memmap m;
	struct load_opts o;
	struct diag d = { 0 };
	struct plan p;
	const struct segment *bs;

	std_map(&m);
	mkimg(&s, "vmlinux", &img);
	memset(&o, 0, sizeof(o));
	o.kernel_64 = 1;
	o.opt.args_linux = 1;
	o.opt.have_entry = 1;
	o.opt.entry = 0x1000200;
	plan_init(&p);
	is_int(elf_x86_loader.load(&d, &img, &o, &m, &p), 0, "no initrd, no command line, --entry: loads");
	bs = seg_named(&p, "boot_params");
	ok(bs != NULL, "boot_params present");
	is_intf(p.nseg, 3, "two PT_LOADs and boot_params, no initrd");
	is_intf(p.entry, 0x1000200, "--entry inside the text wins over e_entry");
	if (bs) {
		const uint8_t *bp = bs->buf;

		is_intf(bp[Z_ORIG_VIDEO_COLS], 80, "default 80 columns");
		is_intf(bp[Z_ORIG_VIDEO_LINES], 25, "default 25 lines");
		is_intf(bp[Z_ORIG_VIDEO_ISVGA], 1, "default isVGA");
		is_intf(get_le(bp + Z_ORIG_VIDEO_POINTS, 2), 16, "default 16-point font");
		is_intf(get_le(bp + BZB_RAMDISK_IMAGE, 4), 0, "no ramdisk_image");
		is_intf(get_le(bp + BZB_RAMDISK_SIZE, 4), 0, "no ramdisk_size");
		is_intf(bp[4096], 0, "empty command line: a NUL");
		ok(get_le(bp + BZB_CMD_LINE_PTR, 4) != 0, "cmd_line_ptr never 0");
	}
	plan_free(&p);
	image_free(&img);
	memmap_free(&m);
}

static void test_refusals(void)
{
	static const struct {
		const char *desc;
		int cls, k64, rc;
		const char *msg;
	} t[] = {
		{ "ET_DYN", 2, 1, -ENOEXEC, "vmlinux: --args-linux needs an ELF vmlinux, which is ET_EXEC; this file has e_type 3" },
		{ "entry in the BSS", 2, 1, -ENOEXEC, "vmlinux: --args-linux: the entry 0x1004900 (e_entry) is not in the file data of any PT_LOAD segment at its p_paddr; not a vmlinux" },
		{ "entry nowhere", 2, 1, -ENOEXEC, "the entry 0x500000 (e_entry) is not in the file data" },
		{ "ELF32 from x86_64", 1, 1, -ENOEXEC, "vmlinux: an ELF32 (i386) vmlinux cannot be booted from this x86_64 kernel" },
		{ "ELF64 from i386", 2, 0, -ENOEXEC, "vmlinux: an ELF64 (x86_64) vmlinux is entered in 64-bit long mode, which this i386 kernel cannot provide" },
		{ "preserve context", 2, 1, -ENOTSUP, "vmlinux: --args-linux boots a vmlinux by a normal kexec; a jump to Linux (--load-preserve-context) needs its bzImage" },
		{ "PT_INTERP", 2, 1, -EINVAL, "vmlinux: dynamically linked program (has PT_INTERP)" },
		{ "2048-byte command line", 2, 1, -E2BIG, "vmlinux: the command line is 2048 bytes, but this kernel accepts at most 2047 (cmdline_size)" },
		{ "unaligned p_paddr", 1, 0, -EINVAL, "vmlinux: ELF32 PT_LOAD #1: p_paddr 0x1004800 is not page aligned" },
		{ "no room for the initrd", 2, 1, -EADDRNOTAVAIL, "vmlinux: no room for the initrd rd (" },
	};
	static char longcl[2049];
	size_t i;

	memset(longcl, 'y', 2048);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct eb_spec s = vmlinux_spec(t[i].cls);
		struct load_opts o;
		struct diag d = { 0 };
		struct image img, rd;
		struct memmap m;
		struct plan p;
		static uint8_t big[1];

		memset(&o, 0, sizeof(o));
		memset(&rd, 0, sizeof(rd));
		o.kernel_64 = t[i].k64;
		o.opt.args_linux = 1;
		std_map(&m);
		switch (i) {
		case 0: s.type = 3; break;
		case 1: s.entry = 0x1004900; break;
		case 2: s.entry = 0x500000; break;
		case 5: o.opt.preserve_context = 1; break;
		case 6: s.ph[2].type = PT_INTERP_; break;
		case 7: o.cmdline = longcl; break;
		case 8: s.ph[1].paddr = 0x1004800; break;
		case 9:
			/* RAM ends at 32 MiB: an initrd of 24 MiB cannot fit
			 * above 16 MiB */
			memmap_free(&m);
			memset(&m, 0, sizeof(m));
			memmap_add(NULL, &m, 0x100000, 0x1ffffff, MEM_RAM);
			image_from_buffer(NULL, "rd", big, 1, &rd);
			rd.len = 24u << 20;   /* never read: no room */
			o.initrd = &rd;
			break;
		}
		mkimg(&s, "vmlinux", &img);
		plan_init(&p);
		is_int(elf_x86_loader.load(&d, &img, &o, &m, &p), t[i].rc, t[i].desc);
		has_str(d.msg, t[i].msg, t[i].desc);
		plan_free(&p);
		image_free(&img);
		if (i == 9)
			rd.len = 1;
		image_free(&rd);
		memmap_free(&m);
	}
}

/* ---- the whole tool, with the fake kernel ---- */

static char root[256], f64[300], f32[300], fout[300], rdfile[300];
static char *out_text, *err_text;

static void put(const char *rel, const char *text)
{
	sysroot_put(root, rel, text);
}

static void mk(const char *rel)
{
	sysroot_mkdir(root, rel);
}

/* The file of @s, its PT_NOTE (when 24 bytes or more) holding one note
 * named "Linux", as a real vmlinux's .notes does (n_namesz 6, n_descsz
 * 4, n_type 0x101, "Linux\0" padded to 8, a 4-byte descriptor). */
static void write_spec(const char *path, const struct eb_spec *s)
{
	struct eb_spec t = *s;
	size_t len, i;
	uint8_t *b;

	/* the file reaches past the note, not just the PT_LOAD data */
	for (i = 0; i < t.nph; i++)
		if (t.ph[i].offset + t.ph[i].filesz > t.len)
			t.len = t.ph[i].offset + t.ph[i].filesz;
	b = eb_build(&t, &len);
	for (i = 0; i < s->nph; i++)
		if (s->ph[i].type == 4 && s->ph[i].filesz >= 24 &&
		    s->ph[i].offset + 24 <= len) {
			uint8_t *n = b + s->ph[i].offset;

			eb_put(n, 0, 6, 4);
			eb_put(n, 4, 4, 4);
			eb_put(n, 8, 0x101, 4);
			memcpy(n + 12, "Linux\0\0\0", 8);
			eb_put(n, 20, 0, 4);
		}
	sysroot_write(path, b, len);
	free(b);
}

#define run(f, ...) run_main((f), root, &out_text, &err_text, __VA_ARGS__)

static void make_root(void)
{
	static const char *types[] = { "System RAM", "Reserved", "System RAM", "Reserved" };
	struct eb_spec s;
	char rel[64], v[32];
	size_t i;

	sysroot_create(root, sizeof(root), "t-elf-linux");
	for (i = 0; i < NMAP; i++) {
		snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu", i);
		mk(rel);
		snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu/start", i);
		snprintf(v, sizeof(v), "0x%llx\n", (unsigned long long)map[i].start);
		put(rel, v);
		snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu/end", i);
		snprintf(v, sizeof(v), "0x%llx\n", (unsigned long long)map[i].end);
		put(rel, v);
		snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu/type", i);
		snprintf(v, sizeof(v), "%s\n", types[i]);
		put(rel, v);
	}
	put("sys/kernel/kexec_loaded", "0\n");
	put("sys/kernel/kexec_crash_loaded", "0\n");
	put("proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/vda quiet\n");
	s = vmlinux_spec(2);
	snprintf(f64, sizeof(f64), "%s/vmlinux64", root);
	write_spec(f64, &s);
	s = vmlinux_spec(1);
	snprintf(f32, sizeof(f32), "%s/vmlinux32", root);
	write_spec(f32, &s);
	/* text outside RAM: p_paddr in the reserved range at the top */
	s = vmlinux_spec(2);
	s.ph[0].paddr = 0x7ffe0000;
	s.entry = 0x7ffe0000;
	snprintf(fout, sizeof(fout), "%s/vmlinux-out", root);
	write_spec(fout, &s);
	snprintf(rdfile, sizeof(rdfile), "%s/initrd", root);
	sysroot_write(rdfile, "initrd-bytes", 12);
}

static const struct fake_seg *seg_with(const struct fake_load *l,
				       const char *magic, size_t off)
{
	size_t i;

	for (i = 0; i < l->nseg && i < FAKE_MAX_SEGS; i++)
		if (l->seg[i].data && l->seg[i].bufsz >= off + strlen(magic) &&
		    memcmp(l->seg[i].data + off, magic, strlen(magic)) == 0)
			return &l->seg[i];
	return NULL;
}

static const struct fake_seg *seg_at(const struct fake_load *l, uint64_t mem)
{
	size_t i;

	for (i = 0; i < l->nseg && i < FAKE_MAX_SEGS; i++)
		if (l->seg[i].mem == mem)
			return &l->seg[i];
	return NULL;
}

/* One successful load of a vmlinux of @cls by a kernel of its width. */
static void tool_load(int cls)
{
	const int k64 = cls == 2;
	const char *tag = k64 ? "tool x86_64" : "tool i386";
	struct fake_sys f;
	int rc;

	fake_sys_init(&f);
	if (!k64) {
		snprintf(f.machine, sizeof(f.machine), "i686");
		f.kernel_arch = 0x30000;
		f.file_syscall = 0;
	}
	f.sysroot = root;
	/* the default -a: an ELF file never goes to kexec_file_load */
	rc = run(&f, "-l %s --args-linux --initrd=%s --append=console=ttyS0",
		 k64 ? f64 : f32, rdfile);
	is_intf(rc, 0, "%s: kexec -l vmlinux --args-linux --initrd --append: exit 0 (%s)", tag, err_text);
	is_intf(f.nfile_loads, 0, "%s: no kexec_file_load tried", tag);
	is_intf(f.nloads, 1, "%s: one kexec_load", tag);
	if (f.nloads == 1) {
		const struct fake_load *l = &f.loads[0];
		const struct fake_seg *bs = seg_with(l, "HdrS", BZB_HEADER);
		const struct fake_seg *pp = seg_with(l, "KJPB", 0);
		const struct fake_seg *t = seg_at(l, 0x1000000);
		const struct fake_seg *dt = seg_at(l, 0x1004000);

		is_intf(l->nseg, 6, "%s: text, data, initrd, boot_params, purgatory, parameters", tag);
		is_intf(l->flags, k64 ? 0x3e0000 : 0x30000, "%s: flags = arch only", tag);
		ok(t && dt && bs && pp, "%s: segments at p_paddr, boot_params, parameter block", tag);
		if (t && dt) {
			is_intf(t->bufsz, 0x2345, "%s: text bufsz", tag);
			is_intf(t->memsz, 0x3000, "%s: text memsz", tag);
			is_intf(dt->memsz, 0x6000, "%s: data memsz includes the BSS", tag);
		}
		if (bs && pp) {
			is_str((const char *)bs->data + 4096, "console=ttyS0",
			       "command line in boot_params");
			is_intf(get_le(bs->data + BZB_RAMDISK_SIZE, 4), 12, "%s: ramdisk_size", tag);
			is_intf(get_le(pp->data + PB_FLAGS, 4), PB_F_BOOT_LINUX,
				"%s: parameter block flags: BOOT_LINUX only", tag);
			is_intf(get_le(pp->data + PB_ENTRY, 8), 0x1000000,
				"%s: parameter block entry = e_entry", tag);
			is_intf(get_le(pp->data + PB_BOOT_PARAMS, 4), bs->mem,
				"%s: parameter block boot_params = its segment", tag);
			is_intf(get_le(pp->data + PB_NREGIONS, 4), 4,
				"%s: four regions hashed (text, data, initrd, boot_params)", tag);
			ok(l->entry != 0x1000000, "%s: the kernel enters the purgatory, not the vmlinux", tag);
		}
	}
	/* --reuse-cmdline */
	rc = run(&f, "-c -l %s --args-linux --reuse-cmdline --append=kjstage=2", k64 ? f64 : f32);
	is_intf(rc, 0, "%s: --reuse-cmdline: exit 0", tag);
	if (f.nloads == 2) {
		const struct fake_seg *bs = seg_with(&f.loads[1], "HdrS", BZB_HEADER);

		ok(bs && strcmp((const char *)bs->data + 4096, "root=/dev/vda quiet kjstage=2") == 0,
		   "%s: --reuse-cmdline: the running line, then --append", tag);
	} else {
		ok(0, "%s: second load recorded", tag);
	}
	/* the other width */
	rc = run(&f, "-l %s --args-linux", k64 ? f32 : f64);
	is_intf(rc, 1, "%s: the other width: exit 1", tag);
	has_str(err_text, k64 ? "an ELF32 (i386) vmlinux cannot be booted from this x86_64 kernel"
			      : "an ELF64 (x86_64) vmlinux is entered in 64-bit long mode",
		"width mismatch: message");
	is_intf(f.nloads, 2, "%s: the other width: no kexec_load", tag);
	ok(f.image.loaded, "%s: the earlier image stays loaded", tag);
	fake_sys_free(&f);
}

static void test_tool(void)
{
	struct fake_sys f;
	int rc;

	tool_load(2);
	tool_load(1);

	fake_sys_init(&f);
	f.sysroot = root;
	/* a segment outside System RAM: the planner refuses */
	rc = run(&f, "-l %s --args-linux", fout);
	is_int(rc, 1, "text in reserved memory: exit 1");
	has_str(err_text, "ELF64 PT_LOAD #0", "text in reserved memory: names the segment");
	has_str(err_text, "RAM", "text in reserved memory: says RAM");
	is_int(f.nloads, 0, "text in reserved memory: no kexec_load");
	/* -s: the file call cannot take it */
	rc = run(&f, "-s -l %s --args-linux", f64);
	is_int(rc, 1, "-s --args-linux: exit 1");
	has_str(err_text, "--args-linux boots an ELF vmlinux, which the kernel's file loader does not take",
		"-s --args-linux: message");
	is_int(f.nfile_loads, 0, "-s --args-linux: no kexec_file_load");
	/* without --args-linux a vmlinux is a program: --initrd is refused
	 * after the load is planned, and a plain -l is refused */
	rc = run(&f, "-l %s", f64);
	is_int(rc, 1, "vmlinux without --args-linux: exit 1");
	has_str(err_text, "a Linux vmlinux (it has \"Linux\" ELF notes): boot it with --args-linux", "without --args-linux: says what to add");
	rc = run(&f, "--load-preserve-context %s --initrd=%s --risk-crash-on-return", f64, rdfile);
	is_int(rc, 1, "program with --initrd: exit 1");
	has_str(err_text, "only apply to a Linux kernel (a bzImage, or an ELF vmlinux with --args-linux)",
		"program with --initrd: message");
	/* the last of --args-linux / --args-none wins */
	rc = run(&f, "-l %s --args-linux --args-none --initrd=%s", f64, rdfile);
	is_int(rc, 1, "--args-linux --args-none --initrd: exit 1 (--args-none won)");
	has_str(err_text, "not with --args-none", "--args-none won: the --initrd message");
	rc = run(&f, "--dry-run -l %s --args-none --args-linux", f64);
	is_int(rc, 0, "--args-none --args-linux: --args-linux won (dry run, exit 0)");
	has_str(out_text, "boot_params", "--args-linux won: boot_params in the plan");
	has_str(out_text, "purgatory", "--args-linux won: the purgatory in the plan");
	is_int(f.nloads, 0, "no kexec_load in all of this");
	fake_sys_free(&f);
}

int main(void)
{
	test_loader(2);
	test_loader(1);
	test_defaults();
	test_refusals();
	make_root();
	test_tool();
	sysroot_remove(root);
	free(out_text);
	free(err_text);
	return tap_done();
}
