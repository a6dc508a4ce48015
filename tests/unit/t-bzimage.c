/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-bzimage.c - the bzImage loader (kexec/arch/x86/bzimage.c).
 *
 * Synthetic bzImages (bzbuild.h) of protocols 2.02 .. 2.15 are loaded on
 * a fixed memory map; the plan's segments and the boot_params bytes are
 * checked field by field at offsets written out here from the boot
 * protocol (doc/abi.md 5), and the expected addresses follow from the
 * map and the placement rules in the loader's header comment:
 *
 *   RAM [0, 0x9fc00), reserved [0x9fc00, 0xa0000), RAM [0x100000,
 *   0x7ffe0000), reserved [0x7ffe0000, 0x80000000).
 *
 * Then the whole tool (kexec_main with the fake kernel): a load, kexec -e,
 * --reuse-cmdline, a failed load that keeps the loaded image, and the
 * --dry-run plans against the golden files in tests/fixtures/plans/.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bzbuild.h"
#include "cmdline.h"
#include "fake_sys.h"
#include "kexec.h"
#include "loader.h"
#include "runmain.h"
#include "sysroot.h"
#include "tap.h"

static uint64_t getle(const uint8_t *b, int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | b[n];
	return v;
}

static void std_map(struct memmap *m)
{
	memset(m, 0, sizeof(*m));
	memmap_add(NULL, m, 0, 0x9fbff, MEM_RAM);
	memmap_add(NULL, m, 0x9fc00, 0x9ffff, MEM_RESERVED);
	memmap_add(NULL, m, 0x100000, 0x7ffdffff, MEM_RAM);
	memmap_add(NULL, m, 0x7ffe0000, 0x7fffffff, MEM_RESERVED);
}

static struct load_opts opts(int k64, const char *cmdline,
			     const struct image *initrd)
{
	struct load_opts o;

	memset(&o, 0, sizeof(o));
	o.kernel_64 = k64;
	o.cmdline = cmdline;
	o.initrd = initrd;
	return o;
}

static const struct segment *seg_named(const struct plan *p, const char *w)
{
	size_t i;

	for (i = 0; i < p->nseg; i++)
		if (strcmp(p->seg[i].what, w) == 0)
			return &p->seg[i];
	return NULL;
}

/* Build @s, load it with @o on the standard map; returns the loader's rc,
 * the plan in @p (caller frees), the file in @img (caller frees). */
static int load_spec(const struct bzb_spec *s, const struct load_opts *o,
		     const struct memmap *m, struct plan *p, struct image *img,
		     struct diag *d)
{
	size_t len;
	uint8_t *b = bzb_build(s, &len);

	image_from_buffer(NULL, "bz", b, len, img);
	free(b);
	plan_init(p);
	memset(d, 0, sizeof(*d));
	return bzimage_loader.load(d, img, o, m, p);
}

/* The header bytes 0x1F1..end of @img are in @bp, and nothing after end
 * up to 0x270 came from the file. */
static void check_header_copy(const uint8_t *bp, const struct image *img,
			      size_t end, const char *what)
{
	size_t i, bad = 0;

	for (i = 0x1f1; i < end; i++) {
		/* the fields the loader owns differ on purpose */
		if ((i >= 0x210 && i < 0x212) || (i >= 0x218 && i < 0x220) ||
		    (i >= 0x228 && i < 0x22c) || (i >= 0x23c && i < 0x248) ||
		    (i >= 0x250 && i < 0x258))
			continue;
		if (bp[i] != img->data[i])
			bad++;
	}
	is_int(bad, 0, what);
	for (i = end, bad = 0; i < 0x270; i++)
		if (bp[i] == 0xcc)
			bad++;
	ok(bad == 0, "%s: nothing past the header's end copied", what);
}

static void test_probe(void)
{
	static const unsigned versions[] = { 0x0202, 0x0206, 0x020a, 0x020c, 0x020f };
	struct bzb_spec s;
	struct image img;
	struct diag d;
	uint8_t *b;
	size_t len, i;

	for (i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		s = bzb_default();
		s.version = versions[i];
		b = bzb_build(&s, &len);
		image_from_buffer(NULL, "bz", b, len, &img);
		memset(&d, 0, sizeof(d));
		is_intf(bzimage_loader.probe(&d, &img), 0, "probe accepts protocol 2.%02u", versions[i] & 0xff);
		free(b);
		image_free(&img);
	}
	/* not mine: -ENOEXEC and nothing recorded */
	s = bzb_default();
	b = bzb_build(&s, &len);
	b[0x1fe] = 0x56;
	image_from_buffer(NULL, "bz", b, len, &img);
	memset(&d, 0, sizeof(d));
	is_int(bzimage_loader.probe(&d, &img), -ENOEXEC, "no 0xAA55: not a bzImage");
	is_int(d.rc, 0, "no 0xAA55: nothing recorded");
	image_free(&img);
	b[0x1fe] = 0x55;
	b[0x205] = 'T';
	image_from_buffer(NULL, "bz", b, len, &img);
	is_int(bzimage_loader.probe(&d, &img), -ENOEXEC, "no HdrS: not a bzImage");
	image_free(&img);
	free(b);
	/* mine, but unusable: -EINVAL with a message */
	s.version = 0x0201;
	b = bzb_build(&s, &len);
	image_from_buffer(NULL, "bz", b, len, &img);
	memset(&d, 0, sizeof(d));
	is_int(bzimage_loader.probe(&d, &img), -EINVAL, "protocol 2.01: refused");
	has_str(d.msg, "bz: boot protocol 2.01 is too old", "protocol 2.01: message");
	image_free(&img);
	free(b);
	s = bzb_default();
	s.loadflags = 0;
	b = bzb_build(&s, &len);
	image_from_buffer(NULL, "bz", b, len, &img);
	memset(&d, 0, sizeof(d));
	is_int(bzimage_loader.probe(&d, &img), -EINVAL, "zImage: refused");
	has_str(d.msg, "zImage", "zImage: message says so");
	image_free(&img);
	free(b);
}

/* Every truncation point: never accepted short of the first kernel byte,
 * never read out of bounds (ASan run), and the message names the file. */
static void test_truncated(void)
{
	struct bzb_spec s = bzb_default();
	size_t setup = (0x1bu + 1) * 512, len, i;
	const size_t cuts[] = { 0, 1, 0x1f1, 0x1ff, 0x200, 0x205, 0x206, 0x207,
				0x208, 0x26b, setup - 1, setup };
	struct image img;
	struct diag d;
	uint8_t *full = bzb_build(&s, &len);

	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		int rc;

		image_from_buffer(NULL, "cut", full, cuts[i], &img);
		memset(&d, 0, sizeof(d));
		rc = bzimage_loader.probe(&d, &img);
		ok(rc != 0, "truncated at 0x%zx: refused (rc %d)", cuts[i], rc);
		if (cuts[i] >= 0x208) {
			is_int(rc, -EINVAL, "truncated after the magic: a broken bzImage");
			has_str(d.msg, "cut: truncated", "truncated: message names the file");
		}
		image_free(&img);
	}
	/* past the setup: the payload must hold syssize * 16 bytes (the
	 * builder writes pm_len / 16 = 0x1234 units, 0x12340 bytes) */
	image_from_buffer(NULL, "cut", full, setup + 1, &img);
	memset(&d, 0, sizeof(d));
	is_int(bzimage_loader.probe(&d, &img), -EINVAL, "one protected-mode byte, syssize 0x1234: refused");
	is_str(d.msg, "cut: truncated: the header's syssize says 74560 bytes of kernel after the setup, but the file has only 1",
	       "short payload: one line with both sizes");
	image_free(&img);
	image_from_buffer(NULL, "cut", full, setup + 0x12340 - 1, &img);
	memset(&d, 0, sizeof(d));
	is_int(bzimage_loader.probe(&d, &img), -EINVAL, "payload one byte short of syssize: refused");
	image_free(&img);
	image_from_buffer(NULL, "cut", full, setup + 0x12340, &img);
	memset(&d, 0, sizeof(d));
	is_int(bzimage_loader.probe(&d, &img), 0, "payload exactly syssize * 16: accepted");
	image_free(&img);
	free(full);
	/* syssize 0 (no size recorded): any payload */
	s.syssize = 0;
	full = bzb_build(&s, &len);
	full[0x1f4] = full[0x1f5] = full[0x1f6] = full[0x1f7] = 0;
	image_from_buffer(NULL, "cut", full, setup + 1, &img);
	memset(&d, 0, sizeof(d));
	is_int(bzimage_loader.probe(&d, &img), 0, "one protected-mode byte, syssize 0: accepted");
	image_free(&img);
	free(full);
	/* before 2.04 syssize is 16 bits: the high half is other data */
	s = bzb_default();
	s.version = 0x0203;
	full = bzb_build(&s, &len);
	full[0x1f6] = 0xff;
	image_from_buffer(NULL, "cut", full, len, &img);
	memset(&d, 0, sizeof(d));
	is_int(bzimage_loader.probe(&d, &img), 0, "2.03: syssize is 16 bits");
	image_free(&img);
	free(full);
}

/* The usual case: x86_64 kernel, protocol 2.15 image, initrd, cmdline. */
static void test_x86_64(void)
{
	struct bzb_spec s = bzb_default();
	struct memmap m;
	struct plan p;
	struct image img, rd;
	struct diag d;
	struct load_opts o;
	const struct segment *k, *ir, *bs;
	const uint8_t *bp;
	uint8_t rdbytes[5000];
	size_t i, bad;
	const char *cl = "console=ttyS0 root=/dev/vda quiet";

	std_map(&m);
	memset(rdbytes, 0x5a, sizeof(rdbytes));
	image_from_buffer(NULL, "rd", rdbytes, sizeof(rdbytes), &rd);
	o = opts(1, cl, &rd);
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "2.15 on x86_64: loads");
	is_str(d.msg, "", "no message");
	is_int(p.nseg, 3, "three segments: kernel, initrd, boot_params");
	k = seg_named(&p, "bzImage kernel");
	ir = seg_named(&p, "initrd");
	bs = seg_named(&p, "boot_params");
	if (!k || !ir || !bs) {
		ok(0, "segments present");
		return;
	}
	/* kernel: the 64-bit entry goes highest fit (as kexec-tools), 2 MiB
	 * aligned below the initrd's two pages at the top of RAM */
	is_u64(k->mem, 0x7fc00000, "kernel highest fit, 0x7fc00000");
	is_u64(k->memsz, 0x300000, "kernel memsz = init_size 0x300000");
	is_u64(k->bufsz, 0x12345, "kernel bufsz = the protected-mode bytes");
	ok(k->buf == img.data + 0x1c * 512, "kernel data starts at (setup_sects + 1) * 512");
	for (i = 0, bad = 0; i < k->bufsz; i++)
		bad += ((const uint8_t *)k->buf)[i] != bzb_pm_byte(i);
	is_int(bad, 0, "kernel bytes are the file's protected-mode code");
	is_u64(p.entry, 0x7fc00200, "64-bit entry at A + 0x200");
	is_u64(p.arch, 0x003e0000u, "arch x86_64");
	is_u64(p.flags, 0, "a normal load: no flags");
	/* initrd: top-down below initrd_addr_max and the reserved top */
	is_u64(ir->mem, 0x7ffde000, "initrd at the top of RAM (0x7ffe0000 - 2 pages)");
	is_u64(ir->bufsz, 5000, "initrd bufsz");
	ok(ir->buf == rd.data, "initrd data is the file's");
	/* boot_params: top-down under 2 GiB, below the initrd */
	is_u64(bs->mem, 0x7ffdc000, "boot_params below the initrd");
	is_u64(p.boot_params, bs->mem, "plan.boot_params = its address");
	is_u64(bs->bufsz, 4096 + strlen(cl) + 1, "boot_params + command line + NUL");
	bp = bs->buf;
	check_header_copy(bp, &img, 0x26c, "2.15: header 0x1F1..0x26B copied");
	is_int(bp[0x210], 0xd0, "type_of_loader 0xD0");
	is_int(bp[0x211], 0x01, "loadflags: LOADED_HIGH kept");
	is_u64(getle(bp + 0x228, 4), 0x7ffdd000, "cmd_line_ptr = boot_params + 4096");
	is_u64(getle(bp + Z_EXT_CMD_LINE_PTR, 4), 0, "ext_cmd_line_ptr 0");
	is_str((const char *)bp + 4096, cl, "command line text");
	is_u64(getle(bp + 0x218, 4), 0x7ffde000, "ramdisk_image");
	is_u64(getle(bp + 0x21c, 4), 5000, "ramdisk_size");
	is_u64(getle(bp + Z_EXT_RAMDISK_IMAGE, 4), 0, "ext_ramdisk_image 0");
	is_u64(getle(bp + Z_EXT_RAMDISK_SIZE, 4), 0, "ext_ramdisk_size 0");
	is_u64(getle(bp + 0x250, 8), 0, "setup_data 0 (no node)");
	is_u64(getle(bp + 0x23c, 4), 0, "hardware_subarch 0 (PC) without the running kernel's");
	is_int(bp[Z_SENTINEL], 0, "sentinel 0");
	is_int(bp[Z_ORIG_VIDEO_COLS], 80, "screen_info: 80 columns");
	is_int(bp[Z_ORIG_VIDEO_LINES], 25, "screen_info: 25 lines");
	is_int(bp[Z_ORIG_VIDEO_ISVGA], 1, "screen_info: isVGA");
	is_u64(getle(bp + Z_ORIG_VIDEO_POINTS, 2), 16, "screen_info: 16 points");
	is_u64(getle(bp + Z_ACPI_RSDP, 8), 0, "no RSDP known");
	is_int(bp[Z_E820_ENTRIES], 4, "4 e820 entries");
	is_u64(getle(bp + Z_E820_TABLE, 8), 0, "e820[0].addr 0");
	is_u64(getle(bp + Z_E820_TABLE + 8, 8), 0x9fc00, "e820[0].size 0x9fc00");
	is_u64(getle(bp + Z_E820_TABLE + 16, 4), 1, "e820[0].type RAM");
	is_u64(getle(bp + Z_E820_TABLE + 20 + 16, 4), 2, "e820[1].type reserved");
	is_u64(getle(bp + Z_E820_TABLE + 40, 8), 0x100000, "e820[2].addr 1 MiB");
	is_u64(getle(bp + Z_E820_TABLE + 48, 8), 0x7fee0000, "e820[2].size");
	is_u64(getle(bp + Z_ALT_MEM_K, 4), 0x7fee0000 >> 10, "alt_mem_k: RAM above 1 MiB in KiB");
	plan_free(&p);
	image_free(&img);

	/* running kernel's boot_params and the EFI RSDP */
	{
		uint8_t host[4096];

		memset(host, 0, sizeof(host));
		for (i = 0; i < 0x40; i++)
			host[i] = (uint8_t)(0x30 + i);
		host[Z_ACPI_RSDP] = 0x40;          /* RSDP 0xf5a40 */
		host[Z_ACPI_RSDP + 1] = 0x5a;
		host[Z_ACPI_RSDP + 2] = 0x0f;
		host[0x23c] = 3;                   /* hardware_subarch */
		host[0x240] = 0x77;                /* hardware_subarch_data */
		o = opts(1, NULL, NULL);
		o.host_bp = host;
		o.host_bp_len = sizeof(host);
		o.acpi_rsdp = 0x7fbfe014;
		is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "with the running kernel's boot_params");
		bs = seg_named(&p, "boot_params");
		bp = bs ? bs->buf : NULL;
		if (bp) {
			for (i = 0, bad = 0; i < 0x40; i++)
				bad += bp[i] != (uint8_t)(0x30 + i);
			is_int(bad, 0, "screen_info copied from the running kernel");
			is_u64(getle(bp + Z_ACPI_RSDP, 8), 0xf5a40, "RSDP from the running boot_params wins");
			is_u64(getle(bp + 0x23c, 4), 3, "hardware_subarch copied");
			is_u64(getle(bp + 0x240, 8), 0x77, "hardware_subarch_data copied");
			is_u64(bs->bufsz, 4097, "empty command line: one NUL");
			is_int(bp[4096], 0, "empty command line is \"\"");
		}
		plan_free(&p);
		image_free(&img);
		host[Z_ACPI_RSDP] = host[Z_ACPI_RSDP + 1] = host[Z_ACPI_RSDP + 2] = 0;
		is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "running boot_params without an RSDP");
		bs = seg_named(&p, "boot_params");
		if (bs)
			is_u64(getle((const uint8_t *)bs->buf + Z_ACPI_RSDP, 8), 0x7fbfe014,
			       "RSDP from the EFI system table");
		plan_free(&p);
		image_free(&img);
		/* a short boot_params file: only what it has */
		o.host_bp_len = 0x20;
		is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "short running boot_params");
		bs = seg_named(&p, "boot_params");
		if (bs) {
			bp = bs->buf;
			is_int(bp[Z_ORIG_VIDEO_COLS], 80, "short file: default screen_info");
			is_u64(getle(bp + 0x23c, 4), 0, "short file: hardware_subarch 0");
		}
		plan_free(&p);
		image_free(&img);
	}
	image_free(&rd);
	memmap_free(&m);
}

/* Entry width follows the running kernel. */
static void test_width(void)
{
	struct bzb_spec s;
	struct memmap m;
	struct plan p;
	struct image img;
	struct diag d;
	struct load_opts o;

	std_map(&m);
	/* an x86_64 image on an i386 kernel: its 32-bit entry at A */
	s = bzb_default();
	o = opts(0, "x", NULL);
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "x86_64 image on i386: loads");
	is_u64(p.entry, 0x1000000, "i386: 32-bit entry at A");
	is_u64(p.arch, 0x00030000u, "arch i386");
	plan_free(&p);
	image_free(&img);
	/* 2.10 image (no xloadflags) on x86_64: no 64-bit entry */
	s.version = 0x020a;
	o = opts(1, "x", NULL);
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -ENOEXEC, "2.10 on x86_64: refused");
	has_str(d.msg, "bz: this x86_64 kernel can only enter a new kernel through its 64-bit entry point",
		"2.10 on x86_64: says why");
	has_str(d.msg, "boot protocol 2.10", "2.10 on x86_64: names the protocol");
	is_int(p.nseg, 0, "refused: plan untouched");
	plan_free(&p);
	image_free(&img);
	/* 2.12 without XLF_KERNEL_64 (a 32-bit kernel) on x86_64 */
	s.version = 0x020c;
	s.xloadflags = 0;
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -ENOEXEC, "2.12 without XLF_KERNEL_64 on x86_64: refused");
	has_str(d.msg, "xloadflags 0x0", "message shows xloadflags");
	plan_free(&p);
	image_free(&img);
	/* ... and the same image on i386 */
	o = opts(0, "x", NULL);
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "32-bit kernel image on i386: loads");
	is_int(p.boot.mode, PLAN_BOOT_NONE, "i386: the Linux boot mode, no register boot");
	plan_free(&p);
	image_free(&img);
	/* --entry-32bit: from x86_64, a register boot at startup_32 with
	 * ESI = boot_params (boot protocol 5.3), even for a 32-bit kernel */
	o = opts(1, "x", NULL);
	o.opt.entry_32bit = 1;
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "--entry-32bit: a 32-bit kernel image loads on x86_64");
	is_u64(p.entry, 0x1000000, "--entry-32bit: entry at A, not A + 0x200");
	is_int(p.boot.mode, 32, "--entry-32bit: 32-bit register boot");
	ok(p.boot_params != 0 && p.boot.reg[PLAN_REG_SI] == p.boot_params,
	   "--entry-32bit: ESI = boot_params");
	ok(p.boot.reg[PLAN_REG_BX] == 0 && p.boot.reg[PLAN_REG_BP] == 0 &&
	   p.boot.reg[PLAN_REG_DI] == 0 && p.boot.nstack == 0,
	   "--entry-32bit: EBX, EBP, EDI 0, nothing on the stack");
	plan_free(&p);
	image_free(&img);
	s = bzb_default();
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "--entry-32bit: an x86_64 image too");
	is_u64(p.entry, 0x1000000, "--entry-32bit: x86_64 image entered at A");
	is_int(p.boot.mode, 32, "--entry-32bit: x86_64 image, register boot");
	plan_free(&p);
	image_free(&img);
	o.opt.preserve_context = 1;
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -ENOTSUP, "--entry-32bit with a Linux-to-Linux jump from x86_64: refused");
	has_str(d.msg, "leave out --entry-32bit", "--entry-32bit jump: says what to do");
	plan_free(&p);
	image_free(&img);
	s.version = 0x020c;
	s.xloadflags = 0;
	/* preserve-context / --args-none / --entry do not apply */
	s = bzb_default();
	o = opts(1, NULL, NULL);
	o.opt.preserve_context = 1;
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -ENOTSUP, "--load-preserve-context without a confined map: refused");
	has_str(d.msg, "confined to its own memory", "preserve: message");
	plan_free(&p);
	image_free(&img);
	o = opts(1, NULL, NULL);
	o.opt.args_none = 1;
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -ENOTSUP, "--args-none: refused");
	plan_free(&p);
	image_free(&img);
	o = opts(1, NULL, NULL);
	o.opt.have_entry = 1;
	o.opt.entry = 0x1000000;
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -EINVAL, "--entry: refused");
	plan_free(&p);
	image_free(&img);
	memmap_free(&m);
}

/* --real-mode: the real-mode part (setup sectors, heap, command line)
 * highest in RAM below 640 KiB and at or above 64 KiB, its header filled
 * in as the boot protocol asks a 16-bit loader to, and a trampoline page
 * below it that the purgatory enters with a 32-bit register boot
 * (EBX = its address, EDX = X / 16, ESI = SP). */
static void test_real_mode(void)
{
	struct bzb_spec s = bzb_default();
	struct memmap m, low;
	struct plan p;
	struct image img, rd;
	struct diag d;
	struct load_opts o;
	const struct segment *rm, *tr, *ks, *is;
	const size_t setup = (0x1b + 1) * 512;
	static const uint8_t d16[8] = { 0xff, 0xff, 0, 0, 0, 0x93, 0, 0 };
	static const uint8_t c16[8] = { 0xff, 0xff, 0, 0, 0, 0x9b, 0, 0 };
	uint8_t rdb[0x5000];
	char longcl[10001];
	size_t i, bad;
	int k64;

	std_map(&m);
	memset(rdb, 0x5a, sizeof(rdb));
	image_from_buffer(NULL, "rd", rdb, sizeof(rdb), &rd);
	for (k64 = 0; k64 <= 1; k64++) {
		const char *w = k64 ? "x86_64" : "i386";

		o = opts(k64, "console=ttyS0 rm=1", &rd);
		o.opt.real_mode = 1;
		is_intf(load_spec(&s, &o, &m, &p, &img, &d), 0, "--real-mode from %s: loads", w);
		rm = seg_named(&p, "real-mode setup");
		tr = seg_named(&p, "real-mode trampoline");
		ks = seg_named(&p, "bzImage kernel");
		is = seg_named(&p, "initrd");
		ok(seg_named(&p, "boot_params") == NULL, "%s: no boot_params segment (the setup code builds its own)", w);
		ok(rm && tr && ks && is, "%s: real-mode part, trampoline, kernel, initrd", w);
		if (!rm || !tr || !ks || !is)
			continue;
		/* RAM ends at 0x9fbff: the last whole page ends at 0x9f000 */
		is_intf(rm->mem, 0x8f000, "%s: real-mode part highest below 640 KiB", w);
		is_intf(rm->memsz, 0x10000, "%s: one 64 KiB segment", w);
		is_intf(tr->mem, 0x8e000, "%s: trampoline page just below it", w);
		is_intf(tr->memsz, 0x1000, "%s: trampoline: one page", w);
		ok(tr->bufsz > 0x40 && tr->bufsz <= 0x1000, "%s: trampoline code fits its page (%zu bytes)", w, tr->bufsz);
		is_intf(ks->mem, 0x1000000, "%s: kernel at pref_address", w);
		{
			const uint8_t *b = rm->buf, *f = img.data;

			for (i = 0, bad = 0; i < setup; i++)
				if ((i < 0x210 || i >= 0x230) && (i < 0x250 || i >= 0x258) &&
				    b[i] != f[i])
					bad++;
			is_intf(bad, 0, "%s: setup sectors copied from the file, but for the loader's fields", w);
			is_intf(b[0x210], 0xd0, "%s: type_of_loader 0xD0", w);
			is_intf(b[0x211], 0x81, "%s: loadflags LOADED_HIGH | CAN_USE_HEAP", w);
			is_intf(getle(b + 0x214, 4), 0x1000000, "%s: code32_start = the kernel", w);
			is_intf(getle(b + 0x218, 4), is->mem, "%s: ramdisk_image", w);
			is_intf(getle(b + 0x21c, 4), 0x5000, "%s: ramdisk_size", w);
			is_intf(getle(b + 0x224, 2), 0xde00, "%s: heap_end_ptr = 0xe000 - 0x200", w);
			is_intf(getle(b + 0x228, 4), 0x8f000 + 0xe000, "%s: cmd_line_ptr = X + 0xe000", w);
			is_intf(getle(b + 0x250, 8), 0, "%s: no setup_data", w);
			for (i = setup, bad = 0; i < 0xe000; i++)
				bad += b[i] != 0;
			is_intf(bad, 0, "%s: heap and stack zero", w);
			ok(strcmp((const char *)b + 0xe000, "console=ttyS0 rm=1") == 0, "%s: command line at 0xe000", w);
			/* the unchanged bytes around the fields */
			is_intf(b[0x212], f[0x212], "%s: setup header byte after loadflags kept", w);
			is_intf(getle(b + 0x22c, 4), 0x7fffffff, "%s: initrd_addr_max kept", w);
		}
		{
			/* the trampoline's 16-bit GDT: a 64 KiB byte-granular
			 * data and code descriptor, D = 0 (base bytes 2-4
			 * are written at run time) */
			const uint8_t *t = tr->buf;
			int hc = 0, hd = 0;

			for (i = 0; i + 8 <= tr->bufsz; i += 8) {
				hc |= memcmp(t + i, c16, 8) == 0;
				hd |= memcmp(t + i, d16, 8) == 0;
			}
			ok(hc && hd, "%s: trampoline has 16-bit code and data descriptors", w);
			is_intf(t[0], 0xfa, "%s: trampoline starts with cli", w);
		}
		is_intf(p.entry, tr->mem, "%s: entry = the trampoline", w);
		ok(strcmp(p.entry_what, "real-mode trampoline") == 0, "%s: entry label", w);
		is_intf(p.boot.mode, PLAN_BOOT_32, "%s: 32-bit register boot", w);
		is_intf(p.boot.reg[PLAN_REG_BX], tr->mem, "%s: EBX = the trampoline", w);
		is_intf(p.boot.reg[PLAN_REG_DX], 0x8f00, "%s: EDX = X / 16", w);
		is_intf(p.boot.reg[PLAN_REG_SI], 0xe000, "%s: ESI = SP = top of the heap", w);
		ok(p.boot.reg[PLAN_REG_AX] == 0 && p.boot.reg[PLAN_REG_CX] == 0 &&
		   p.boot.reg[PLAN_REG_DI] == 0 && p.boot.reg[PLAN_REG_BP] == 0 &&
		   p.boot.nstack == 0, "%s: other registers 0, no stack words", w);
		is_intf(plan_finalize(&p, &d, &m, 0), 0, "%s: the plan passes the final checks", w);
		plan_free(&p);
		image_free(&img);
	}

	/* a 32-bit kernel (no XLF_KERNEL_64) from x86_64 */
	s.version = 0x020c;
	s.xloadflags = 0;
	o = opts(1, "x", NULL);
	o.opt.real_mode = 1;
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "--real-mode: a 32-bit kernel from x86_64 loads");
	is_int(p.boot.mode, PLAN_BOOT_32, "32-bit kernel: register boot");
	plan_free(&p);
	image_free(&img);

	/* the longest command line x86 Linux keeps (2047 bytes and the
	 * NUL) fits in the 64 KiB after the heap; a header claiming a
	 * bigger cmdline_size does not let a longer one through */
	s = bzb_default();
	s.cmdline_size = 16383;
	memset(longcl, 'c', 10000);
	longcl[10000] = '\0';
	o = opts(1, longcl, NULL);
	o.opt.real_mode = 1;
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -E2BIG, "--real-mode, 10000-byte command line: refused (x86 keeps 2047)");
	plan_free(&p);
	image_free(&img);
	longcl[2047] = '\0';
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "--real-mode, 2047-byte command line: loads");
	rm = seg_named(&p, "real-mode setup");
	ok(rm && rm->memsz == 0x10000 && rm->mem == 0x8f000,
	   "2047-byte command line: 0x10000 bytes at 0x8f000");
	if (rm)
		ok(strlen((const char *)rm->buf + 0xe000) == 2047, "2047-byte command line: all of it, NUL-terminated");
	plan_free(&p);
	image_free(&img);

	/* refusals: each one line, the plan untouched */
	s = bzb_default();
	o = opts(1, "x", NULL);
	o.opt.real_mode = 1;
	o.opt.crash = 1;
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -ENOTSUP, "--real-mode -p: refused");
	has_str(d.msg, "bz: Can't use bzImage for crash dump purposes with real mode entry", "-p: kexec-tools' words");
	is_int(p.nseg, 0, "-p: plan untouched");
	plan_free(&p);
	image_free(&img);
	o.opt.crash = 0;
	o.opt.preserve_context = 1;
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -ENOTSUP, "--real-mode --load-preserve-context: refused");
	has_str(d.msg, "leave out --load-preserve-context", "preserve: says what to do");
	plan_free(&p);
	image_free(&img);
	o.opt.preserve_context = 0;
	o.opt.entry_32bit = 1;
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -EINVAL, "--real-mode --entry-32bit: refused");
	has_str(d.msg, "give one", "both entries: message");
	plan_free(&p);
	image_free(&img);
	o.opt.entry_32bit = 0;
	{
		struct efi_state es;
		struct image dtb;
		static const uint8_t dtbb[64];

		memset(&es, 0, sizeof(es));
		o.efi = &es;
		is_int(load_spec(&s, &o, &m, &p, &img, &d), -ENOTSUP, "--real-mode on an EFI boot: refused");
		has_str(d.msg, "needs a PC BIOS", "EFI: says why");
		is_int(p.nseg, 0, "EFI: plan untouched");
		plan_free(&p);
		image_free(&img);
		o.efi = NULL;
		image_from_buffer(NULL, "dtb", dtbb, sizeof(dtbb), &dtb);
		o.dtb = &dtb;
		is_int(load_spec(&s, &o, &m, &p, &img, &d), -ENOTSUP, "--real-mode --dtb: refused");
		has_str(d.msg, "--dtb cannot reach it", "--dtb: says why");
		plan_free(&p);
		image_free(&img);
		image_free(&dtb);
		o.dtb = NULL;
	}
	s.setup_sects = 0x40;	/* 0x8200 bytes */
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -EINVAL, "--real-mode, 65 setup sectors: refused");
	has_str(d.msg, "bz: --real-mode: the real-mode setup code is 0x8200 bytes", "too big: names the size");
	is_int(p.nseg, 0, "too big: plan untouched");
	plan_free(&p);
	image_free(&img);
	s.setup_sects = 0x3f;	/* exactly 0x8000: fits */
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "--real-mode, 0x8000 bytes of setup: loads");
	plan_free(&p);
	image_free(&img);
	/* low RAM only up to 0x1ffff: 64 KiB at or above 64 KiB fit,
	 * but not the trampoline as well */
	s = bzb_default();
	memset(&low, 0, sizeof(low));
	memmap_add(NULL, &low, 0, 0x1ffff, MEM_RAM);
	memmap_add(NULL, &low, 0x100000, 0x7ffdffff, MEM_RAM);
	is_int(load_spec(&s, &o, &low, &p, &img, &d), -EADDRNOTAVAIL, "--real-mode, 128 KiB of low RAM: refused");
	has_str(d.msg, "bz: --real-mode: no room below 640 KiB for the real-mode trampoline", "no room: message");
	is_int(p.nseg, 0, "no room: plan untouched");
	plan_free(&p);
	image_free(&img);
	memmap_free(&low);
	memset(&low, 0, sizeof(low));
	memmap_add(NULL, &low, 0, 0xffff, MEM_RAM);
	memmap_add(NULL, &low, 0x100000, 0x7ffdffff, MEM_RAM);
	is_int(load_spec(&s, &o, &low, &p, &img, &d), -EADDRNOTAVAIL, "--real-mode, 64 KiB of low RAM: refused");
	has_str(d.msg, "bz: --real-mode: no room below 640 KiB for the real-mode part (0x10000 bytes)", "no room for the part: message");
	is_int(p.nseg, 0, "no room for the part: plan untouched");
	plan_free(&p);
	image_free(&img);
	memmap_free(&low);
	image_free(&rd);
	memmap_free(&m);
}

/* Protocol versions: header length, placement, defaults. */
static void test_versions(void)
{
	struct bzb_spec s;
	struct memmap m;
	struct plan p;
	struct image img, rd;
	struct diag d;
	struct load_opts o;
	const struct segment *k, *ir, *bs;
	uint8_t rdb[100] = { 0 };

	std_map(&m);
	image_from_buffer(NULL, "rd", rdb, sizeof(rdb), &rd);
	/* 2.02 on i386: not relocatable, fixed at 1 MiB, memsz = file PM
	 * size, initrd below the old default 0x37FFFFFF, cmdline max 255 */
	s = bzb_default();
	s.version = 0x0202;
	s.pm_len = 0x5001;
	o = opts(0, "root=/dev/hda", &rd);
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "2.02 on i386: loads");
	k = seg_named(&p, "bzImage kernel");
	ir = seg_named(&p, "initrd");
	bs = seg_named(&p, "boot_params");
	if (k && ir && bs) {
		is_u64(k->mem, 0x100000, "2.02: fixed at 1 MiB (not relocatable before 2.05)");
		is_u64(k->memsz, 0x6000, "2.02: memsz = page-rounded file size (no init_size)");
		is_u64(p.entry, 0x100000, "2.02: 32-bit entry at 1 MiB");
		is_u64(ir->mem, 0x37fff000, "2.02: initrd ends at 0x37FFFFFF (default initrd_addr_max)");
		check_header_copy(bs->buf, &img, 0x22c, "2.02: header 0x1F1..0x22B");
	} else {
		ok(0, "2.02 segments");
	}
	plan_free(&p);
	image_free(&img);
	{
		char c255[257];

		memset(c255, 'a', 256);
		c255[255] = '\0';
		o = opts(0, c255, NULL);
		is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "2.02: 255-byte command line fits");
		plan_free(&p);
		image_free(&img);
		c255[255] = 'a';
		c255[256] = '\0';
		o = opts(0, c255, NULL);
		is_int(load_spec(&s, &o, &m, &p, &img, &d), -E2BIG, "2.02: 256 bytes refused (255 before 2.06)");
		has_str(d.msg, "bz: the command line is 256 bytes, but this kernel accepts at most 255", "2.02: message");
		plan_free(&p);
		image_free(&img);
	}
	/* 2.06: cmdline_size from the header */
	s = bzb_default();
	s.version = 0x0206;
	s.cmdline_size = 10;
	s.relocatable = 1;
	o = opts(0, "0123456789", NULL);
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "2.06: cmdline_size bytes fit");
	k = seg_named(&p, "bzImage kernel");
	/* 2.06 has no pref_address: relocatable at >= 1 MiB, aligned 2 MiB */
	if (k)
		is_u64(k->mem, 0x200000, "2.06: lowest 2 MiB-aligned address at or above 1 MiB");
	plan_free(&p);
	image_free(&img);
	o = opts(0, "0123456789a", NULL);
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -E2BIG, "2.06: one more byte refused");
	has_str(d.msg, "accepts at most 10 (cmdline_size)", "2.06: names cmdline_size");
	is_int(p.nseg, 0, "too long: nothing placed");
	plan_free(&p);
	image_free(&img);
	/* a cmdline_size beyond what x86 Linux keeps (COMMAND_LINE_SIZE
	 * 2048 with the NUL): 2047 bytes is the most */
	{
		static char c2048[2049];

		s = bzb_default();
		s.cmdline_size = 0xffffffffu;
		memset(c2048, 'c', 2048);
		o = opts(0, c2048, NULL);
		is_int(load_spec(&s, &o, &m, &p, &img, &d), -E2BIG, "cmdline_size 0xffffffff: 2048 bytes refused");
		is_str(d.msg, "bz: the command line is 2048 bytes, but this kernel accepts at most 2047 (x86 Linux keeps at most 2048 bytes with the NUL, whatever cmdline_size says)",
		       "cmdline_size 0xffffffff: one line naming the x86 limit");
		is_int(p.nseg, 0, "2048 bytes: nothing placed");
		plan_free(&p);
		image_free(&img);
		c2048[2047] = '\0';
		o = opts(0, c2048, NULL);
		is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "cmdline_size 0xffffffff: 2047 bytes fit");
		plan_free(&p);
		image_free(&img);
		s.cmdline_size = 4096;
		c2048[2047] = 'c';
		o = opts(0, c2048, NULL);
		is_int(load_spec(&s, &o, &m, &p, &img, &d), -E2BIG, "cmdline_size 4096: 2048 bytes refused");
		plan_free(&p);
		image_free(&img);
	}
	/* 2.10: pref_address and init_size; not relocatable -> at pref */
	s = bzb_default();
	s.version = 0x020a;
	s.relocatable = 0;
	s.pref_address = 0x2400000;
	o = opts(0, NULL, NULL);
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "2.10 not relocatable: loads");
	k = seg_named(&p, "bzImage kernel");
	if (k) {
		is_u64(k->mem, 0x2400000, "2.10 not relocatable: at pref_address");
		is_u64(k->memsz, 0x300000, "2.10: memsz from init_size");
	}
	plan_free(&p);
	image_free(&img);
	/* relocatable with pref above the lowest free spot, odd alignment */
	s.relocatable = 1;
	s.kernel_alignment = 0x400000;
	s.pref_address = 0x1100000;
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "2.10 relocatable, 4 MiB alignment");
	k = seg_named(&p, "bzImage kernel");
	if (k)
		is_u64(k->mem, 0x1400000, "first 4 MiB boundary at or above pref 0x1100000");
	plan_free(&p);
	image_free(&img);
	/* init_size smaller than the file: the file size wins */
	s = bzb_default();
	s.init_size = 0x1000;
	o = opts(1, NULL, NULL);
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "init_size < file size");
	k = seg_named(&p, "bzImage kernel");
	if (k)
		is_u64(k->memsz, 0x13000, "memsz = page-rounded file size 0x12345");
	plan_free(&p);
	image_free(&img);
	/* 2.12 i386 image (xloadflags 0) on i386 */
	s = bzb_default();
	s.version = 0x020c;
	s.xloadflags = 0;
	s.hdr_byte = 0xff;            /* claims a header up to 0x301 */
	o = opts(0, NULL, NULL);
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "header length byte 0xff");
	bs = seg_named(&p, "boot_params");
	if (bs) {
		const uint8_t *bp = bs->buf;
		size_t i, bad = 0;

		for (i = 0x270; i < 0x2d0; i++)
			bad += bp[i] != 0;
		is_int(bad, 0, "copy capped at 0x26F: 0x270..0x2CF stay zero");
		is_u64(getle(bp + 0x260, 4), 0x300000, "init_size inside the cap is copied");
	}
	plan_free(&p);
	image_free(&img);
	image_free(&rd);
	memmap_free(&m);
}

/* Hostile header values. */
static void test_hostile(void)
{
	struct bzb_spec s;
	struct memmap m;
	struct plan p;
	struct image img;
	struct diag d;
	struct load_opts o = opts(1, NULL, NULL);
	static const uint32_t aligns[] = { 0, 3, 0x1001, 0x80000000u };
	size_t i;

	std_map(&m);
	s = bzb_default();
	s.setup_sects = 255;     /* kernel at 0x20000, file shorter */
	s.len = 0x10000;
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -EINVAL, "setup_sects 255 in a 64 KiB file");
	has_str(d.msg, "bz: truncated: 255 setup sectors", "setup_sects: message");
	plan_free(&p);
	image_free(&img);
	s = bzb_default();
	s.setup_sects = 0;       /* means 4 */
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "setup_sects 0 means 4");
	if (p.nseg)
		ok(p.seg[0].buf == img.data + 5 * 512, "setup_sects 0: kernel at file offset 0xa00");
	plan_free(&p);
	image_free(&img);
	s = bzb_default();
	s.hdr_byte = 0;          /* header "ends" at 0x202 */
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -EINVAL, "header length byte 0");
	has_str(d.msg, "before its own version field", "header length 0: message");
	plan_free(&p);
	image_free(&img);
	s = bzb_default();
	s.init_size = 0xffffffffu;
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -EADDRNOTAVAIL, "init_size 4 GiB: no room");
	has_str(d.msg, "bz: no room for the kernel (init_size 0xffffffff", "init_size: message");
	is_int(p.nseg, 0, "init_size: nothing placed");
	plan_free(&p);
	image_free(&img);
	for (i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
		s = bzb_default();
		s.kernel_alignment = aligns[i];
		is_intf(load_spec(&s, &o, &m, &p, &img, &d), -EINVAL, "kernel_alignment 0x%x refused", aligns[i]);
		has_str(d.msg, "kernel_alignment", "kernel_alignment: message");
		plan_free(&p);
		image_free(&img);
	}
	s = bzb_default();
	s.pref_address = UINT64_C(0xfffffffffffff000);
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -EADDRNOTAVAIL, "pref_address near 2^64: no room");
	plan_free(&p);
	image_free(&img);
	s.relocatable = 0;
	s.pref_address = 0x1000800;
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -EINVAL, "fixed pref_address not page aligned");
	plan_free(&p);
	image_free(&img);
	/* a setup_data pointer in the file is never passed on */
	s = bzb_default();
	s.setup_data = 0x12345678;
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "file with setup_data set");
	if (seg_named(&p, "boot_params"))
		is_u64(getle((const uint8_t *)seg_named(&p, "boot_params")->buf + 0x250, 8), 0,
		       "setup_data from the file dropped");
	plan_free(&p);
	image_free(&img);
	memmap_free(&m);
}

static void test_initrd_limits(void)
{
	struct bzb_spec s = bzb_default();
	struct memmap m;
	struct plan p;
	struct image img, rd;
	struct diag d;
	struct load_opts o;
	const struct segment *ir;
	uint8_t *big = calloc(1, 0x2100000);   /* 33 MiB */

	std_map(&m);
	image_from_buffer(NULL, "rd", big, 0x1000, &rd);
	s.initrd_addr_max = 0x3fffffff;
	o = opts(1, NULL, &rd);
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "initrd_addr_max 0x3fffffff");
	ir = seg_named(&p, "initrd");
	if (ir)
		is_u64(ir->mem, 0x3ffff000, "initrd ends exactly at initrd_addr_max");
	plan_free(&p);
	image_free(&img);
	image_free(&rd);
	/* 33 MiB does not fit between 16 MiB and initrd_addr_max 0x2ffffff */
	image_from_buffer(NULL, "big.img", big, 0x2100000, &rd);
	s.initrd_addr_max = 0x2ffffff;
	o = opts(1, NULL, &rd);
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -EADDRNOTAVAIL, "initrd too large for its window");
	has_str(d.msg, "bz: no room for the initrd big.img (34603008 bytes) between 16 MiB and initrd_addr_max 0x2ffffff",
		"initrd too large: message");
	is_int(p.nseg, 0, "initrd refused: kernel segment rolled back");
	plan_free(&p);
	image_free(&img);
	/* initrd_addr_max below 16 MiB */
	s.initrd_addr_max = 0xffffff;
	image_free(&rd);
	image_from_buffer(NULL, "rd", big, 0x1000, &rd);
	o = opts(1, NULL, &rd);
	is_int(load_spec(&s, &o, &m, &p, &img, &d), -EADDRNOTAVAIL, "initrd_addr_max below 16 MiB");
	plan_free(&p);
	image_free(&img);
	/* an empty initrd file: no segment, ramdisk fields 0 */
	image_free(&rd);
	image_from_buffer(NULL, "rd", big, 0, &rd);
	s.initrd_addr_max = 0x7fffffff;
	o = opts(1, NULL, &rd);
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "empty initrd");
	ok(!seg_named(&p, "initrd"), "empty initrd: no segment");
	if (seg_named(&p, "boot_params"))
		is_u64(getle((const uint8_t *)seg_named(&p, "boot_params")->buf + 0x21c, 4), 0,
		       "empty initrd: ramdisk_size 0");
	plan_free(&p);
	image_free(&img);
	image_free(&rd);
	free(big);
	memmap_free(&m);
}

/* More than 128 map entries: the rest in a SETUP_E820_EXT node. */
static void test_e820_ext(void)
{
	struct bzb_spec s = bzb_default();
	struct memmap m;
	struct plan p;
	struct image img;
	struct diag d;
	struct load_opts o = opts(1, "abc", NULL);
	const struct segment *bs;
	uint64_t a;
	int i;

	memset(&m, 0, sizeof(m));
	memmap_add(NULL, &m, 0x100000, 0x7fffffff, MEM_RAM);
	/* 130 one-page reserved holes above 4 GiB: 131 entries */
	for (i = 0; i < 130; i++) {
		a = UINT64_C(0x100000000) + (uint64_t)i * 0x2000;
		memmap_add(NULL, &m, a, a + 0xfff, MEM_RESERVED);
	}
	is_int(m.n, 131, "131 map entries");
	is_int(load_spec(&s, &o, &m, &p, &img, &d), 0, "131 entries: loads");
	bs = seg_named(&p, "boot_params");
	if (bs) {
		const uint8_t *bp = bs->buf, *node;
		uint64_t node_pa = getle(bp + 0x250, 8);

		is_int(bp[Z_E820_ENTRIES], 128, "128 entries in the zero page");
		is_u64(node_pa, bs->mem + 0x1010, "setup_data: node after the command line, 16-aligned");
		is_u64(bs->bufsz, 0x1010 + 16 + 3 * 20, "segment holds the node");
		node = bp + (node_pa - bs->mem);
		is_u64(getle(node, 8), 0, "node.next 0");
		is_u64(getle(node + 8, 4), 1, "node.type SETUP_E820_EXT");
		is_u64(getle(node + 12, 4), 60, "node.len 3 entries");
		is_u64(getle(node + 16, 8), UINT64_C(0x100000000) + 127 * 0x2000, "node entry 0 = map entry 128");
		is_u64(getle(node + 16 + 8, 8), 0x1000, "node entry 0 size");
		is_u64(getle(node + 16 + 16, 4), 2, "node entry 0 type reserved");
		is_u64(getle(bp + Z_E820_TABLE + 127 * 20, 8), UINT64_C(0x100000000) + 126 * 0x2000,
		       "zero page entry 127 = map entry 127");
	}
	plan_free(&p);
	image_free(&img);
	memmap_free(&m);
}

static void test_cmdline_build(void)
{
	static const struct {
		const char *running, *append;
		int panic;
		const char *want;
	} t[] = {
		{ NULL, NULL, 0, "" },
		{ NULL, "  a  b ", 0, "  a  b " },          /* --append verbatim */
		{ "BOOT_IMAGE=/vmlinuz-6.1 root=/dev/sda1 ro quiet\n", NULL, 0, "root=/dev/sda1 ro quiet" },
		/* a kexec reboot keeps crashkernel=, a panic kernel drops it */
		{ "root=/dev/sda1 crashkernel=256M quiet\n", "kjstage=2", 0, "root=/dev/sda1 crashkernel=256M quiet kjstage=2" },
		{ "root=/dev/sda1 crashkernel=256M quiet\n", "kjstage=2", 1, "root=/dev/sda1 quiet kjstage=2" },
		{ "crashkernel=1G-4G:192M BOOT_IMAGE=x\n", "", 1, "" },
		{ "crashkernel=1G-4G:192M BOOT_IMAGE=x\n", "", 0, "crashkernel=1G-4G:192M" },
		{ "crashkernel=512M,high crashkernel=72M,low x\n", NULL, 1, "x" },
		{ "  a   b\t c \n", "d", 0, "a b c d" },
		{ "x=\"one BOOT_IMAGE=two\" y\n", NULL, 0, "x=\"one BOOT_IMAGE=two\" y" },
		{ "nocrashkernel=1 BOOT_IMAGEX=1\n", NULL, 1, "nocrashkernel=1 BOOT_IMAGEX=1" },
		{ "", "only", 0, "only" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *out = NULL;

		is_intf(cmdline_build(NULL, t[i].running, t[i].append, t[i].panic, &out), 0, "cmdline_build row %zu", i);
		is_str(out, t[i].want, "cmdline_build result");
		free(out);
	}
}

/* ---- the whole tool, with the fake kernel ---- */

static char root[256], bzfile[300], rdfile[300];
static char *out_text, *err_text;

static void put(const char *rel, const char *text)
{
	sysroot_put(root, rel, text);
}

static void unlink_rel(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	unlink(path);
}

/* How often @needle occurs in @hay (NULL: 0). */
static int count_str(const char *hay, const char *needle)
{
	int n = 0;

	while (hay && (hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void mk(const char *rel)
{
	sysroot_mkdir(root, rel);
}

#define write_file sysroot_write
#define run(f, sysroot, ...) \
	run_main((f), (sysroot), &out_text, &err_text, __VA_ARGS__)

static void make_root(void)
{
	struct bzb_spec s = bzb_default();
	uint8_t *b, rd[3000];
	size_t len;

	sysroot_create(root, sizeof(root), "t-bzimage");
	mk("sys/firmware/memmap/0"); mk("sys/firmware/memmap/1");
	mk("sys/firmware/memmap/2");
	put("sys/firmware/memmap/0/start", "0x0\n");
	put("sys/firmware/memmap/0/end", "0x9fbff\n");
	put("sys/firmware/memmap/0/type", "System RAM\n");
	put("sys/firmware/memmap/1/start", "0x9fc00\n");
	put("sys/firmware/memmap/1/end", "0x9ffff\n");
	put("sys/firmware/memmap/1/type", "Reserved\n");
	put("sys/firmware/memmap/2/start", "0x100000\n");
	put("sys/firmware/memmap/2/end", "0x7ffdffff\n");
	put("sys/firmware/memmap/2/type", "System RAM\n");
	put("sys/kernel/kexec_loaded", "0\n");
	put("sys/kernel/kexec_crash_loaded", "0\n");
	put("proc/cmdline", "BOOT_IMAGE=/boot/vmlinuz root=/dev/vda crashkernel=128M quiet\n");
	b = bzb_build(&s, &len);
	snprintf(bzfile, sizeof(bzfile), "%s/bzImage", root);
	write_file(bzfile, b, len);
	free(b);
	memset(rd, 0x3c, sizeof(rd));
	snprintf(rdfile, sizeof(rdfile), "%s/initrd", root);
	write_file(rdfile, rd, sizeof(rd));
}

/* The firmware map of a QEMU pc guest with 6 GiB (as an x86_64 6.12
 * guest logs it): RAM up to 3 GiB, the 32-bit PCI hole, 3 GiB above
 * 4 GiB. */
static void map_6g(void)
{
	static const char *const e[][3] = {
		{ "0x0", "0x9fbff", "System RAM" },
		{ "0x9fc00", "0x9ffff", "Reserved" },
		{ "0xf0000", "0xfffff", "Reserved" },
		{ "0x100000", "0xbffdffff", "System RAM" },
		{ "0xbffe0000", "0xbfffffff", "Reserved" },
		{ "0xfffc0000", "0xffffffff", "Reserved" },
		{ "0x100000000", "0x1bfffffff", "System RAM" },
		{ "0xfd00000000", "0xffffffffff", "Reserved" },
	};
	char rel[64], val[64];

	for (size_t i = 0; i < sizeof(e) / sizeof(e[0]); i++) {
		snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu", i);
		mk(rel);
		snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu/start", i);
		snprintf(val, sizeof(val), "%s\n", e[i][0]);
		put(rel, val);
		snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu/end", i);
		snprintf(val, sizeof(val), "%s\n", e[i][1]);
		put(rel, val);
		snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu/type", i);
		snprintf(val, sizeof(val), "%s\n", e[i][2]);
		put(rel, val);
	}
}

/* The boot_params segment of a recorded load (the one whose command line
 * follows at 4096), or NULL. */
static const struct fake_seg *bp_seg(const struct fake_load *l)
{
	size_t i;

	for (i = 0; i < l->nseg && i < FAKE_MAX_SEGS; i++)
		if (l->seg[i].bufsz > 4096 && l->seg[i].data &&
		    l->seg[i].data[0x210] == 0xd0 &&
		    memcmp(l->seg[i].data + 0x202, "HdrS", 4) == 0)
			return &l->seg[i];
	return NULL;
}

static const struct fake_seg *pp_seg(const struct fake_load *l)
{
	size_t i;

	for (i = 0; i < l->nseg && i < FAKE_MAX_SEGS; i++)
		if (l->seg[i].bufsz >= 896 && l->seg[i].data &&
		    memcmp(l->seg[i].data, "KJPB", 4) == 0)
			return &l->seg[i];
	return NULL;
}

static void test_tool(void)
{
	struct fake_sys f;
	const struct fake_seg *bs, *pp;
	int rc;

	fake_sys_init(&f);
	f.sysroot = root;
	rc = run(&f, root, "-c -l %s --initrd=%s --append=console=ttyS0", bzfile, rdfile);
	is_int(rc, 0, "kexec -l bzImage --initrd --append: exit 0");
	is_str(err_text, "", "nothing on stderr");
	is_int(f.nloads, 1, "one kexec_load");
	if (f.nloads == 1) {
		const struct fake_load *l = &f.loads[0];

		is_int(l->nseg, 5, "kernel, initrd, boot_params, purgatory, its parameters");
		is_u64(l->flags, 0x003e0000u, "flags: arch x86_64 only (normal kexec)");
		bs = bp_seg(l);
		pp = pp_seg(l);
		ok(bs && pp, "boot_params and parameter block present");
		if (bs && pp) {
			is_str((const char *)bs->data + 4096, "console=ttyS0", "command line in boot_params");
			is_u64(getle(bs->data + 0x21c, 4), 3000, "ramdisk_size 3000");
			is_u64(getle(pp->data + 12, 4), 0x8, "parameter block flags: BOOT_LINUX only");
			is_u64(getle(pp->data + 92, 4), bs->mem, "parameter block boot_params = its address");
			is_u64(getle(pp->data + 24, 8), 0x7fc00200, "parameter block entry = kernel + 0x200");
			is_u64(getle(pp->data + 88, 4), 3, "three regions hashed (kernel, initrd, boot_params)");
			is_u64(getle(pp->data + 60, 4), 0, "no output buffer");
			is_u64(getle(pp->data + 52, 4), 0, "no --append text in the block");
			ok(l->entry != 0x1000200 && l->entry >= 0x100000, "entry is the purgatory, not the kernel");
		}
	}
	ok(f.image.loaded, "image loaded");
	/* kexec -e: a normal image (sync, ifdown, reboot) */
	rc = run(&f, root, "-e");
	is_int(fake_sys_count(&f, "reboot"), 1, "kexec -e calls reboot once");
	is_int(f.nsync, 1, "kexec -e syncs");
	is_int(f.nifdown, 1, "kexec -e takes interfaces down (normal image)");
	is_int(rc, 255, "kexec -e returning means failure (the fake returns)");
	/* a failed load leaves the image loaded */
	{
		char longcl[2100];

		memset(longcl, 'x', 2048);
		longcl[2048] = '\0';
		rc = run(&f, root, "-c -l %s --append=%s", bzfile, longcl);
		is_int(rc, 1, "2048-byte command line: exit 1");
		has_str(err_text, "accepts at most 2047 (cmdline_size)", "too long: message");
		is_int(f.nloads, 1, "too long: no kexec_load");
		ok(f.image.loaded, "too long: the earlier image stays loaded");
	}
	/* --reuse-cmdline: /proc/cmdline without BOOT_IMAGE= (crashkernel=
	 * stays for a kexec reboot; only a panic kernel drops it), then
	 * --append */
	rc = run(&f, root, "-c --load %s --reuse-cmdline --append kjstage=2", bzfile);
	is_int(rc, 0, "--load K --reuse-cmdline --append X: exit 0");
	if (f.nloads == 2 && (bs = bp_seg(&f.loads[1])))
		is_str((const char *)bs->data + 4096, "root=/dev/vda crashkernel=128M quiet kjstage=2",
		       "--reuse-cmdline: running line, filtered, then --append");
	else
		ok(0, "second load recorded");
	/* --initrd with a physical-mode program is refused */
	rc = run(&f, root, "-l %s --initrd=%s -t phys --load-addr=0x2000000 --args-none", rdfile, rdfile);
	is_int(rc, 1, "--initrd with a raw blob: exit 1");
	has_str(err_text, "for booting a Linux kernel, not with --args-none",
		"--initrd with a blob: message");
	is_int(f.nloads, 2, "--initrd with a blob: no kexec_load");
	rc = run(&f, root, "-l %s --initrd=%s/nonexistent", bzfile, root);
	is_int(rc, 1, "missing initrd: exit 1");
	has_str(err_text, "nonexistent", "missing initrd: message names it");
	fake_sys_free(&f);
}

/* -s, and the default -a: kexec_file_load first for a plain bzImage
 * load, kexec_load (our loader) for the rest and when the kernel
 * refuses; -c never tries the file call. */
static void test_syscall_choice(void)
{
	struct fake_sys f;
	int rc;

	fake_sys_init(&f);
	f.sysroot = root;
	rc = run(&f, root, "-l %s --initrd=%s --append=console=ttyS0", bzfile, rdfile);
	is_int(rc, 0, "-a (default), x86_64: exit 0");
	is_str(f.trace, "kexec_file_load", "-a: kexec_file_load only, no kexec_load");
	is_str(f.file_loads[0].cmdline, "console=ttyS0", "-a: the command line reaches the file call");
	is_int((int)f.file_loads[0].initrd_size, 3000, "-a: the initrd fd is the initrd");
	ok(f.image.loaded && f.image.by_file, "-a: loaded by the file call");
	rc = run(&f, root, "-e");
	is_int(fake_sys_count(&f, "reboot"), 1, "-e after a file load reboots into it");

	/* the kernel has no file call (i386): falls back to our loader */
	fake_sys_free(&f);   /* the records of the run before */
	fake_sys_init(&f);
	f.sysroot = root;
	snprintf(f.machine, sizeof(f.machine), "i686");
	rc = run(&f, root, "-d -l %s --append=x", bzfile);
	is_int(rc, 0, "-a without the file call: exit 0");
	is_int(fake_sys_count(&f, "kexec_file_load"), 1, "-a: tried kexec_file_load once");
	is_int((int)f.nloads, 1, "-a: then kexec_load");
	has_str(err_text, "no such system call", "-a -d: says why it fell back");
	has_str(err_text, "trying kexec_load", "-a -d: and that it did");
	ok(f.image.loaded && !f.image.by_file, "-a: loaded by kexec_load");
	is_int(count_str(err_text, "probe bzImage:"), 1,
	       "-d: the bzImage probe is shown once");

	/* a file bigger than the first read (IMAGE_HEAD): the probes of
	 * its head are not shown; those of the whole file are, once */
	{
		struct bzb_spec s = bzb_default();
		char big[320];
		uint8_t *b;
		size_t len;

		s.pm_len = 2 * IMAGE_HEAD;
		b = bzb_build(&s, &len);
		snprintf(big, sizeof(big), "%s/bzImage-big", root);
		write_file(big, b, len);
		free(b);
		rc = run(&f, root, "-c -d -l %s --append=x", big);
		is_intf(rc, 0, "-c -d, a %zu-byte bzImage: exit 0 (%s)", len, err_text);
		is_int(count_str(err_text, "probe bzImage:"), 1,
		       "-d, a file bigger than its head: the bzImage probe is shown once");
		is_int(count_str(err_text, "match, but broken"), 0,
		       "-d: no probe of the head alone is shown");
		is_int(count_str(err_text, "loading as bzImage"), 1,
		       "-d: loading as bzImage, once");
		/* refused on its head: -d still shows why, once */
		{
			uint8_t *junk = calloc(1, 2 * IMAGE_HEAD);

			snprintf(big, sizeof(big), "%s/junk-big", root);
			write_file(big, junk, 2 * IMAGE_HEAD);
			free(junk);
			rc = run(&f, root, "-c -d -l %s", big);
			is_int(rc, 1, "-d, a big file no loader takes: exit 1");
			is_int(count_str(err_text, "probe bzImage: no match"), 1,
			       "-d, refused on its head: the probes are shown, once");
		}
	}

	/* the kernel refuses the image: fall back; EBUSY: do not */
	fake_sys_free(&f);   /* the records of the run before */
	fake_sys_init(&f);
	f.sysroot = root;
	fake_script_push(&f.file_script, -EKEYREJECTED);
	rc = run(&f, root, "-l %s", bzfile);
	is_int(rc, 0, "-a, signature rejected: falls back, exit 0");
	is_int((int)f.nloads, 1, "-a, signature rejected: kexec_load made");
	fake_script_push(&f.file_script, -EBUSY);
	rc = run(&f, root, "-l %s", bzfile);
	is_int(rc, 1, "-a, EBUSY: exit 1");
	has_str(err_text, "in progress", "-a, EBUSY: says so");
	is_int((int)f.nloads, 1, "-a, EBUSY: no fallback");

	/* -s: no fallback, clear refusals */
	fake_sys_free(&f);   /* the records of the run before */
	fake_sys_init(&f);
	f.sysroot = root;
	fake_sys_preload(&f, 0x2000000, 0x3e0000, 0x2000000);
	fake_script_push(&f.file_script, -ENOEXEC);
	rc = run(&f, root, "-s -l %s", bzfile);
	is_int(rc, 1, "-s, refused: exit 1");
	has_str(err_text, "the kernel's file loader does not take it", "-s, refused: says why");
	is_int((int)f.nloads, 0, "-s: never kexec_load");
	ok(f.image.loaded && f.image.first_mem == 0x2000000, "-s, refused: the earlier image stays");
	rc = run(&f, root, "-s --load-preserve-context %s", bzfile);
	is_int(rc, 1, "-s --load-preserve-context: exit 1");
	has_str(err_text, "cannot preserve context", "-s --load-preserve-context: says why");
	is_int((int)f.nfile_loads, 1, "-s --load-preserve-context: no system call");
	rc = run(&f, root, "-s --dry-run -l %s --append=a", bzfile);
	is_int(rc, 0, "-s --dry-run: exit 0");
	has_str(out_text, "kexec_file_load: kernel ", "-s --dry-run: prints the call");
	has_str(out_text, "command line \"a\", flags 0x4", "-s --dry-run: command line and flags");
	is_int((int)f.nfile_loads, 1, "-s --dry-run: no system call");
	rc = run(&f, root, "-s -u");
	is_int(rc, 0, "-s -u: exit 0");
	is_int((int)f.file_loads[1].flags, 1, "-s -u: KEXEC_FILE_UNLOAD");
	ok(!f.image.loaded, "-s -u: unloaded");

	/* options only our purgatory or planner honour: -a uses kexec_load */
	fake_sys_free(&f);   /* the records of the run before */
	fake_sys_init(&f);
	f.sysroot = root;
	rc = run(&f, root, "-l %s --console-serial", bzfile);
	is_int(rc, 0, "-a --console-serial: exit 0");
	is_int((int)f.nfile_loads, 0, "-a --console-serial: no file call");
	is_int((int)f.nloads, 1, "-a --console-serial: kexec_load");
	fake_sys_free(&f);
}

/* --real-mode through the tool: -a goes to kexec_load; -s is refused in
 * one line (-p: test_real_mode); the parameter block asks for the register boot
 * into the trampoline. */
static void test_real_mode_tool(void)
{
	struct fake_sys f;
	size_t i;
	int rc;

	fake_sys_init(&f);
	f.sysroot = root;
	rc = run(&f, root, "-l %s --real-mode --initrd=%s --append=console=ttyS0", bzfile, rdfile);
	is_int(rc, 0, "--real-mode: exit 0");
	is_int((int)f.nfile_loads, 0, "--real-mode -a: no file call");
	is_int((int)f.nloads, 1, "--real-mode -a: kexec_load");
	if (f.nloads == 1) {
		const struct fake_load *l = &f.loads[0];
		const struct fake_seg *pp = pp_seg(l), *rm = NULL, *tr = NULL;

		is_int(l->nseg, 6, "kernel, initrd, real-mode part, trampoline, purgatory, parameters");
		for (i = 0; i < l->nseg && i < FAKE_MAX_SEGS; i++) {
			if (l->seg[i].mem == 0x8f000)
				rm = &l->seg[i];
			if (l->seg[i].mem == 0x8e000)
				tr = &l->seg[i];
		}
		ok(rm && tr && pp, "real-mode part at 0x8f000, trampoline at 0x8e000, parameter block");
		ok(bp_seg(l) == rm, "no boot_params segment: the only one with a filled-in header is the real-mode part");
		if (rm && tr && pp) {
			is_str((const char *)rm->data + 0xe000, "console=ttyS0", "command line at X + 0xe000");
			is_u64(getle(rm->data + 0x21c, 4), 3000, "ramdisk_size 3000 in the real-mode header");
			is_u64(getle(pp->data + 12, 4), 0x180, "parameter block flags: BOOT_REGS | PROG32 (32-bit code from x86_64)");
			is_u64(getle(pp->data + 24, 8), 0x8e000, "parameter block entry = the trampoline");
			is_u64(getle(pp->data + 896 + 1 * 8, 8), 0x8e000, "boot EBX = the trampoline");
			is_u64(getle(pp->data + 896 + 3 * 8, 8), 0x8f00, "boot EDX = X / 16");
			is_u64(getle(pp->data + 896 + 4 * 8, 8), 0xe000, "boot ESI = SP");
			is_u64(getle(pp->data + 88, 4), 4, "four regions hashed (kernel, initrd, real-mode part, trampoline)");
		}
	}
	/* from an i386 kernel: the same 32-bit register boot */
	fake_sys_free(&f);
	fake_sys_init(&f);
	f.sysroot = root;
	snprintf(f.machine, sizeof(f.machine), "i686");
	rc = run(&f, root, "-c -l %s --real-mode --append=x", bzfile);
	is_int(rc, 0, "--real-mode on i386: exit 0");
	if (f.nloads == 1) {
		const struct fake_seg *pp = pp_seg(&f.loads[0]);

		is_u64(f.loads[0].flags, 0x00030000u, "i386: arch 386");
		ok(pp != NULL, "i386: parameter block");
		if (pp) {
			is_u64(getle(pp->data + 12, 4), 0x180, "i386: parameter block flags: BOOT_REGS | PROG32 (a 32-bit boot, as for --entry-32bit)");
			is_u64(getle(pp->data + 24, 8), 0x8e000, "i386: entry = the trampoline");
			is_u64(getle(pp->data + 896 + 3 * 8, 8), 0x8f00, "i386: boot EDX = X / 16");
		}
	} else {
		ok(0, "i386: one kexec_load");
	}
	fake_sys_free(&f);
	fake_sys_init(&f);
	f.sysroot = root;
	rc = run(&f, root, "-s -l %s --real-mode", bzfile);
	is_int(rc, 1, "-s --real-mode: exit 1");
	has_str(err_text, "--real-mode enters the kernel's 16-bit setup code through our purgatory", "-s --real-mode: says why");
	is_int((int)f.nfile_loads, 0, "-s --real-mode: no file call");
	fake_sys_free(&f);
}

/* --reset-vga and --console-vga: flags for our purgatory (bits 9 and 10
 * of the parameter block), so -a takes kexec_load and -s refuses; a
 * loader that does not take them (multiboot) and --args-none say so. */
static void test_vga_tool(void)
{
	static const struct {
		const char *opts;
		uint64_t flags;
	} rows[] = {
		{ "--reset-vga", 0x200 | 0x8 },
		{ "--console-vga", 0x400 | 0x8 },
		{ "--reset-vga --console-vga --console-serial", 0x600 | 0x8 | 0x2 },
	};
	struct fake_sys f;
	size_t r;
	int rc;

	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		char what[160];

		fake_sys_init(&f);
		f.sysroot = root;
		rc = run(&f, root, "-l %s %s --append=x", bzfile, rows[r].opts);
		snprintf(what, sizeof(what), "%s: exit 0, one kexec_load, no file call", rows[r].opts);
		ok(rc == 0 && f.nloads == 1 && f.nfile_loads == 0, "%s", what);
		if (f.nloads == 1) {
			const struct fake_seg *pp = pp_seg(&f.loads[0]);

			snprintf(what, sizeof(what), "%s: parameter block flags", rows[r].opts);
			ok(pp != NULL, "%s", what);
			if (pp)
				is_u64(getle(pp->data + 12, 4), rows[r].flags, what);
		}
		fake_sys_free(&f);
	}
	fake_sys_init(&f);
	f.sysroot = root;
	rc = run(&f, root, "-l %s --append=x", bzfile);
	is_int(rc, 0, "previous image for the refusals below");
	size_t nl = f.nloads, nfl = f.nfile_loads;
	rc = run(&f, root, "-s -l %s --console-vga", bzfile);
	is_int(rc, 1, "-s --console-vga: exit 1");
	has_str(err_text, "--reset-vga, --console-vga and -i act on our purgatory, which only kexec_load uses",
		"-s --console-vga: says why");
	rc = run(&f, root, "-s -l %s --reset-vga", bzfile);
	is_int(rc, 1, "-s --reset-vga: exit 1");
	is_int((int)(f.nfile_loads - nfl), 0, "refused loads: no file call");
	is_int((int)(f.nloads - nl), 0, "refused loads: no kexec_load");
	ok(f.image.loaded, "refused loads: the earlier image stays");
	fake_sys_free(&f);
}

/* --load-preserve-context of a bzImage: a Linux-to-Linux jump.  B is
 * confined (confine.h): its e820 shows only its window and low RAM as
 * usable, every page of that memory is a destination page, and the
 * purgatory is asked to append kexec_jump_back_entry=. */
static void test_l2l(void)
{
	struct fake_sys f;
	const struct fake_load *l;
	const struct fake_seg *bs, *pp;
	int rc;

	mk("proc/sys"); mk("proc/sys/kernel");
	put("proc/sys/kernel/osrelease", "6.14.0\n");   /* returns natively */
	fake_sys_init(&f);
	f.sysroot = root;
	rc = run(&f, root, "--load-preserve-context %s --initrd=%s --append=console=ttyS0", bzfile, rdfile);
	is_int(rc, 0, "l2l: exit 0");
	is_str(err_text, "", "l2l: nothing on stderr");
	is_int(f.nloads, 1, "l2l: one kexec_load (never the file call: it cannot preserve context)");
	is_int(f.nfile_loads, 0, "l2l: no kexec_file_load");
	if (f.nloads != 1)
		goto done;
	l = &f.loads[0];
	is_u64(l->flags, 0x003e0002u, "l2l: PRESERVE_CONTEXT | x86_64");
	bs = bp_seg(l);
	pp = pp_seg(l);
	ok(bs && pp, "l2l: boot_params and parameter block");
	if (!bs || !pp)
		goto done;
	is_u64(getle(pp->data + 12, 4), 0x58, "l2l: parameter block flags BOOT_LINUX | JUMP_BACK_ARG | JUMP");
	ok(bs->bufsz >= 4096 + strlen("console=ttyS0") + 1 + 96,
	   "l2l: boot_params leaves 96 spare bytes after the command line");
	{
		/* B's map: usable low RAM and window, the hole at the top of
		 * the window as ACPI data, the rest reserved */
		uint64_t ws = 0, we = 0, lo_s = 0, lo_e = 0, hs = 0, he = 0, covered = 1;
		unsigned n = bs->data[0x1e8];
		int bad_type = 0, nram = 0;

		for (unsigned i = 0; i < n; i++) {
			const uint8_t *e = bs->data + 0x2d0 + 20 * i;
			uint64_t a = getle(e, 8), z = a + getle(e + 8, 8);
			unsigned t = (unsigned)getle(e + 16, 4);

			if (t == 1) {
				nram++;
				if (a < 0x100000) { lo_s = a; lo_e = z; }
				else { ws = a; we = z; }
			} else if (t == 3) {
				hs = a; he = z;
			} else if (t != 2) {
				bad_type = 1;
			}
		}
		is_int(nram, 2, "l2l: B's e820 has two usable ranges (low RAM, the window)");
		ok(!bad_type, "l2l: everything else is reserved or the hole");
		ok(hs == we && he - hs == 0x20000, "l2l: a 128 KiB ACPI-data hole right above B's window");
		is_u64(he - ws, 128u << 20, "l2l: window + hole are 128 MiB");
		is_u64(he, 0x7fe00000, "l2l: highest 2 MiB-aligned fit below the end of RAM");
		ok(lo_s == 0x1000 && lo_e == 0x9f000, "l2l: low RAM 0x1000-0x9f000");
		ok(pp->mem >= hs && pp->mem + pp->memsz <= he, "l2l: the purgatory's parameters lie in the hole");
		/* every page of B's memory (and the hole) is a destination
		 * page exactly once, and every segment lies inside it */
		for (uint64_t a = lo_s; a < he && covered; a += 0x1000) {
			int hits = 0;

			if (a == lo_e)
				a = ws;
			for (size_t i = 0; i < l->nseg; i++)
				hits += a >= l->seg[i].mem && a < l->seg[i].mem + l->seg[i].memsz;
			covered = hits == 1;
		}
		ok(covered, "l2l: all of B's memory is covered by segments, once");
		for (size_t i = 0; i < l->nseg; i++) {
			uint64_t a = l->seg[i].mem, z = a + l->seg[i].memsz;

			if (!((a >= ws && z <= he) || (a >= lo_s && z <= lo_e)))
				covered = 0;
			if (a < hs && z > hs)
				covered = 0;   /* nothing of B's straddles the hole */
		}
		ok(covered, "l2l: no segment outside B's memory or across the hole");
		is_u64(pp->memsz, 0x1000, "l2l x86_64: no mailbox page");
	}
	/* i386: the purgatory's stubs repair both returns; they need the
	 * kernel's GDT (sgdt) and a mailbox page after the parameters */
	fake_sys_free(&f);   /* the records of the run before */
	fake_sys_init(&f);
	f.sysroot = root;
	snprintf(f.machine, sizeof(f.machine), "i686");
	f.gdt_limit = 0xff;
	f.gdt_base = 0xff7f4000;
	rc = run(&f, root, "--load-preserve-context %s", bzfile);
	is_int(rc, 0, "l2l on i386 with the GDT readable: loads");
	if (f.nloads == 1 && (pp = pp_seg(&f.loads[0]))) {
		is_u64(f.loads[0].flags, 0x00030002u, "l2l i386: PRESERVE_CONTEXT | 386");
		is_u64(getle(pp->data + 12, 4), 0x58, "l2l i386: BOOT_LINUX | JUMP_BACK_ARG | JUMP");
		is_u64(pp->memsz, 0x2000, "l2l i386: parameter page + mailbox page");
	} else {
		ok(0, "l2l i386: load recorded");
	}
	/* ... and refused when the GDT cannot be read */
	fake_sys_free(&f);   /* the records of the run before */
	fake_sys_init(&f);
	f.sysroot = root;
	snprintf(f.machine, sizeof(f.machine), "i686");
	rc = run(&f, root, "--load-preserve-context %s", bzfile);
	is_int(rc, 1, "l2l on i386 without the GDT: refused");
	has_str(err_text, "would crash this kernel", "l2l on i386 without the GDT: says why");
	is_int(f.nloads, 0, "l2l on i386 without the GDT: nothing loaded");
	/* x86_64 older than 6.13 whose return path cannot be read: a
	 * warning (no 64-bit stubs; the VM test shows the refusal where
	 * the code says the fix is missing) */
	put("proc/sys/kernel/osrelease", "6.1.0\n");
	fake_sys_free(&f);   /* the records of the run before */
	fake_sys_init(&f);
	f.sysroot = root;
	rc = run(&f, root, "--load-preserve-context %s", bzfile);
	is_int(rc, 0, "l2l on x86_64 6.1, return path unreadable: loads");
	has_str(err_text, "warning: cannot tell whether this kernel survives the return", "... with a warning");
	put("proc/sys/kernel/osrelease", "6.14.0\n");
	/* --mem-min/--mem-max choose the window */
	fake_sys_free(&f);   /* the records of the run before */
	fake_sys_init(&f);
	f.sysroot = root;
	rc = run(&f, root, "--load-preserve-context --mem-min=0x10000000 --mem-max=0x17ffffff --dry-run %s", bzfile);
	is_int(rc, 0, "l2l --mem-min/--mem-max: dry run");
	has_str(out_text, "segment 0x0000000010000000-", "l2l --mem-min: B's memory starts there");
	has_str(out_text, "-0x0000000017ffffff", "l2l --mem-max: and ends there");
	has_str(out_text, "backup of the caller's memory", "l2l dry run: backup segments listed");
	/* -s cannot preserve context */
	rc = run(&f, root, "-s --load-preserve-context %s", bzfile);
	is_int(rc, 1, "l2l -s: refused");
done:
	unlink_rel("proc/sys/kernel/osrelease");
	fake_sys_free(&f);
}

/* "bufsz 0x5a50 purgatory\n" -> "bufsz 0x? purgatory\n", in place */
static void mask_purgatory_size(char *t)
{
	char *p = t ? strstr(t, " purgatory\n") : NULL, *b;

	if (!p)
		return;
	for (b = p; b > t && b[-1] != ' '; b--)
		;
	if (b - t >= 6 && strncmp(b - 6, "bufsz ", 6) == 0 && strncmp(b, "0x", 2) == 0)
		memmove(b + 3, p, strlen(p) + 1), b[2] = '?';
}

/* --dry-run plans against golden files reviewed by hand
 * (tests/fixtures/plans/README says what each line must be and why). */
static void test_golden(void)
{
	static const struct {
		const char *golden, *args;
		const char *machine;
		struct bzb_spec spec;
	} t[] = {
		{ "bzimage-x86_64.plan", "--initrd=%s --append=console=ttyS0,115200", "x86_64",
		  { 0x020f, 0x1b, -1, 1, 0x7fffffff, 0x200000, 2047, 0x300000, 1, 3, 0x1000000, 0, 0x12345, 0, 0 } },
		{ "bzimage-i386.plan", "--initrd=%s --append=console=ttyS0,115200", "i686",
		  { 0x020a, 0x1b, -1, 1, 0x37ffffff, 0x100000, 2047, 0x250000, 1, 0, 0x400000, 0, 0x12345, 0, 0 } },
	};
	char *src = getenv("KJ_SRCDIR"), path[600], *want, sysroot[600];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct fake_sys f;
		FILE *g;
		long n;
		size_t len;
		uint8_t *b = bzb_build(&t[i].spec, &len);
		char args[600];

		snprintf(path, sizeof(path), "%s/bz-golden", root);
		write_file(path, b, len);
		free(b);
		fake_sys_init(&f);
		snprintf(f.machine, sizeof(f.machine), "%s", t[i].machine);
		snprintf(sysroot, sizeof(sysroot), "%s/tests/fixtures/qemu-x86_64",
			 src ? src : ".");
		snprintf(args, sizeof(args), t[i].args, rdfile);
		is_intf(run(&f, sysroot, "-c --dry-run -l %s %s", path, args), 0, "%s: dry run", t[i].golden);
		is_intf(fake_sys_count(&f, "kexec_load"), 0, "%s: no kexec_load", t[i].golden);
		snprintf(path, sizeof(path), "%s/tests/fixtures/plans/%s",
			 src ? src : ".", t[i].golden);
		g = fopen(path, "r");
		want = calloc(1, 8192);
		n = g ? (long)fread(want, 1, 8191, g) : -1;
		if (g)
			fclose(g);
		ok(n > 0, "%s: golden file readable", t[i].golden);
		/* the file name is the only run-dependent text */
		{
			char *at = out_text ? strstr(out_text, root) : NULL;

			if (at)
				memmove(at, at + strlen(root), strlen(at + strlen(root)) + 1);
		}
		/* the purgatory's own byte count changes with its code, not
		 * with the loader: compare it as a placeholder */
		mask_purgatory_size(out_text);
		mask_purgatory_size(want);
		is_str(out_text, want, t[i].golden);
		free(want);
		fake_sys_free(&f);
	}
}

/* A 6 GiB machine: RAM above 4 GiB and around the PCI hole.  Every
 * placement finds room where its own rules allow (the purgatory below
 * 2 GiB, B's window too since the purgatory sits at its top), and a
 * window the rules exclude is refused in one line, never searched. */
static void test_6g(void)
{
	struct fake_sys f;
	const struct fake_seg *pp;
	size_t i;
	int rc;

	map_6g();
	put("proc/sys/kernel/osrelease", "7.2.13\n");
	/* a normal boot: loads, every segment in RAM */
	fake_sys_init(&f);
	f.sysroot = root;
	rc = run(&f, root, "-c -l %s --initrd=%s --append=console=ttyS0", bzfile, rdfile);
	is_int(rc, 0, "6 GiB: normal load, exit 0");
	if (f.nloads == 1) {
		int in_ram = 1;

		for (i = 0; i < f.loads[0].nseg && i < FAKE_MAX_SEGS; i++) {
			uint64_t s = f.loads[0].seg[i].mem, e = s + f.loads[0].seg[i].memsz;

			in_ram &= (s >= 0x100000 && e <= 0xbffe0000ull) ||
				  (s >= 0x100000000ull && e <= 0x1c0000000ull);
		}
		ok(in_ram, "6 GiB: every segment inside System RAM, none in the PCI hole");
	} else {
		ok(0, "6 GiB: normal load recorded");
	}
	fake_sys_free(&f);

	/* Linux-to-Linux: B's window ends at 2 GiB, where the purgatory
	 * (at its top) can run; the highest RAM would be above 4 GiB and
	 * the top of the low range at 3 GiB, both useless for it */
	fake_sys_init(&f);
	f.sysroot = root;
	rc = run(&f, root, "--load-preserve-context %s --append=console=ttyS0", bzfile);
	is_int(rc, 0, "6 GiB l2l: exit 0");
	is_str(err_text, "", "6 GiB l2l: nothing on stderr");
	if (f.nloads == 1 && (pp = pp_seg(&f.loads[0]))) {
		uint64_t lo = UINT64_MAX, hi = 0;

		ok(pp->mem + pp->memsz <= 0x80000000u, "6 GiB l2l: the purgatory's parameters below 2 GiB");
		for (i = 0; i < f.loads[0].nseg && i < FAKE_MAX_SEGS; i++) {
			const struct fake_seg *s = &f.loads[0].seg[i];

			if (s->mem < 0x100000)
				continue;       /* B's low RAM */
			lo = s->mem < lo ? s->mem : lo;
			hi = s->mem + s->memsz > hi ? s->mem + s->memsz : hi;
		}
		is_u64(hi, 0x80000000u, "6 GiB l2l: B's window + hole end at 2 GiB");
		is_u64(hi - lo, 128u << 20, "6 GiB l2l: B has its 128 MiB");
	} else {
		ok(0, "6 GiB l2l: load recorded");
	}
	fake_sys_free(&f);

	/* a window the user puts above 4 GiB: B could live there, but the
	 * purgatory cannot; one line says so and nothing is loaded */
	fake_sys_init(&f);
	f.sysroot = root;
	rc = run(&f, root, "--load-preserve-context --mem-min=0x100000000 --mem-max=0x107ffffff %s", bzfile);
	is_int(rc, 1, "6 GiB l2l, window above 4 GiB: exit 1");
	has_str(err_text, "has no 128 KiB below 0x80000000 for the purgatory", "6 GiB l2l, window above 4 GiB: says why");
	is_int((int)(strchr(err_text, '\n') ? strchr(err_text, '\n') - err_text + 1 : 0), (int)strlen(err_text),
	       "6 GiB l2l, window above 4 GiB: one line");
	is_int(f.nloads, 0, "6 GiB l2l, window above 4 GiB: nothing loaded");
	fake_sys_free(&f);

	/* a program whose purgatory is asked to live above 3 GiB: the
	 * purgatory's own window (below 2 GiB) and --mem-min exclude each
	 * other, and the message names both */
	fake_sys_init(&f);
	f.sysroot = root;
	rc = run(&f, root, "--load-preserve-context --mem-min=0xc0000000 -t phys --load-addr=0x100000000 %s", rdfile);
	is_int(rc, 1, "6 GiB, purgatory asked above 3 GiB: exit 1");
	has_str(err_text, "must lie in 0x100000-0x7fffffff, but this load's memory limits", "6 GiB, purgatory above 3 GiB: names both windows");
	is_int(f.nloads, 0, "6 GiB, purgatory above 3 GiB: nothing loaded");
	fake_sys_free(&f);
}

int main(void)
{
	test_probe();
	test_truncated();
	test_x86_64();
	test_width();
	test_real_mode();
	test_versions();
	test_hostile();
	test_initrd_limits();
	test_e820_ext();
	test_cmdline_build();
	make_root();
	test_tool();
	test_syscall_choice();
	test_real_mode_tool();
	test_vga_tool();
	test_l2l();
	test_golden();
	test_6g();
	sysroot_remove(root);
	free(out_text);
	free(err_text);
	return tap_done();
}
