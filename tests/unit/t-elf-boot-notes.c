/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-elf-boot-notes.c - ELF boot notes (kexec/arch/x86/elf-boot-notes.c)
 * and --args-elf in the elf-x86 loader: the notes area is read back here
 * with an independent walker written from the layout in doc/abi.md 20,
 * and the plan's register boot is checked against kexec-tools'
 * convention (ELF32: [ESP] = 0, [ESP+4] = notes; ELF64: RDI = notes).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/elf-boot-notes.h"
#include "elf.h"
#include "elfbuild.h"
#include "fake_sys.h"
#include "loader.h"
#include "runmain.h"
#include "sysroot.h"
#include "tap.h"

static uint32_t g32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

/* RFC 1071 by the book: sum of big-endian 16-bit words; the result
 * (complemented) stored big-endian is the same bytes as a little-endian
 * computation stores, which is what lets us check it independently. */
static int csum_ok(const uint8_t *b, size_t n)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i < n; i += 2)
		s += (uint32_t)b[i] << 8 | (i + 1 < n ? b[i + 1] : 0);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s == 0xffff;
}

/* The string descriptor of note @type (empty name), or NULL. */
static const char *note_str(const uint8_t *b, size_t n, uint32_t type)
{
	size_t off = 12;
	uint32_t rec = (uint32_t)b[10] | (uint32_t)b[11] << 8, i;

	for (i = 0; i < rec && off + 12 <= n; i++) {
		uint32_t nn = g32(b + off), dn = g32(b + off + 4);
		size_t d = off + 12 + ((nn + 3) & ~3u);

		if (d + dn > n)
			return NULL;
		if (nn == 0 && g32(b + off + 8) == type && dn && b[d + dn - 1] == 0)
			return (const char *)b + d;
		off = d + ((dn + 3) & ~3u);
	}
	return NULL;
}

static void test_build(void)
{
	struct diag d = { 0 };
	uint8_t *b, x[2] = { 0x12, 0x34 };
	size_t n;
	char big[EBN_MAX_LEN + 1];

	is_int(ebn_build(&d, "p", "kexec-jump 9.9", "hello world", &b, &n), 0, "build");
	is_u64(g32(b), 0x0E1FB007, "b_signature");
	is_u64(g32(b + 4), n, "b_size = the whole area");
	is_int(n % 4, 0, "a multiple of 4 bytes");
	is_int(b[10] | b[11] << 8, 3, "b_records 3");
	ok(csum_ok(b, n), "b_checksum: the area sums to 0xffff");
	is_str(note_str(b, n, 2), "kexec", "EBN_BOOTLOADER_NAME kexec");
	is_str(note_str(b, n, 3), "kexec-jump 9.9", "EBN_BOOTLOADER_VERSION");
	is_str(note_str(b, n, 4), "hello world", "EBN_COMMAND_LINE");
	ok(note_str(b, n, 1) == NULL, "no EBN_FIRMWARE_TYPE");
	b[20] ^= 1;
	ok(!csum_ok(b, n), "one flipped bit breaks the checksum");
	free(b);
	is_int(ebn_build(&d, "p", "v", NULL, &b, &n), 0, "no command line");
	is_str(note_str(b, n, 4), "", "an empty EBN_COMMAND_LINE");
	ok(csum_ok(b, n), "checksum");
	free(b);
	is_int(ebn_checksum(x, 2), 0xffff - 0x3412, "checksum of one LE word");
	memset(big, 'a', EBN_MAX_LEN);
	big[EBN_MAX_LEN] = 0;
	is_int(ebn_build(&d, "p", "v", big, &b, &n), -E2BIG, "4096-byte command line refused");
	has_str(d.msg, "p: the command line is 4096 bytes", "names the file and the size");
	ok(b == NULL, "nothing returned");
}

/* ELF64: one PT_LOAD 0x1000000; ELF32: one at 0x400000 */
static struct eb_spec spec(int cls)
{
	struct eb_spec s = { 0 };

	s.cls = cls;
	s.type = ET_EXEC;
	s.machine = cls == 2 ? EM_X86_64 : EM_386;
	s.entry = cls == 2 ? 0x1000040 : 0x400000;
	s.nph = 1;
	s.ph[0] = (struct eb_phdr){ PT_LOAD, 5, 0x1000, s.entry & ~0xfffull,
				    s.entry & ~0xfffull, 0x800, 0x2000, 0x1000 };
	return s;
}

static const struct segment *notes_seg(const struct plan *p)
{
	for (size_t i = 0; i < p->nseg; i++)
		if (strcmp(p->seg[i].what, "ELF boot notes") == 0)
			return &p->seg[i];
	return NULL;
}

static void test_loader(void)
{
	struct memmap m;
	int cls, k64;

	memset(&m, 0, sizeof(m));
	memmap_add(NULL, &m, 0, 0x9fbff, MEM_RAM);
	memmap_add(NULL, &m, 0x100000, 0x7ffdffff, MEM_RAM);
	for (cls = 1; cls <= 2; cls++)
		for (k64 = 0; k64 <= 1; k64++) {
			struct eb_spec s = spec(cls);
			struct load_opts o;
			struct diag d = { 0 };
			struct image img;
			struct plan p;
			const struct segment *n;
			size_t len;
			uint8_t *b = eb_build(&s, &len);
			int rc;

			image_from_buffer(NULL, "p.elf", b, len, &img);
			free(b);
			memset(&o, 0, sizeof(o));
			o.kernel_64 = k64;
			o.cmdline = "console=ttyS0 x=1";
			plan_init(&p);
			rc = elf_x86_loader.load(&d, &img, &o, &m, &p);
			if (cls == 2 && !k64) {
				is_int(rc, -EINVAL, "ELF64 on i386: refused");
				plan_free(&p);
				image_free(&img);
				continue;
			}
			is_intf(rc, 0, "ELF%d on %s: loads with notes (%s)",
				cls == 2 ? 64 : 32, k64 ? "x86_64" : "i386", d.msg);
			n = notes_seg(&p);
			ok(n != NULL, "an ELF boot notes segment");
			if (!n) {
				plan_free(&p);
				image_free(&img);
				continue;
			}
			ok(n->mem >= 0x100000 && n->mem + n->memsz <= 0x100000000ull,
			   "notes below 4 GiB, above 1 MiB");
			is_str(note_str(n->buf, n->bufsz, 4), "console=ttyS0 x=1",
			       "the command line in the notes");
			ok(csum_ok(n->buf, n->bufsz), "checksum");
			is_u64(p.entry, s.entry, "entry e_entry");
			ok(!(p.flags & KEXEC_PRESERVE_CONTEXT), "a normal kexec");
			if (cls == 1) {
				is_int(p.boot.mode, PLAN_BOOT_32, "ELF32: 32-bit register boot");
				is_int((int)p.boot.nstack, 2, "two stack words");
				is_u64(p.boot.stack[0], 0, "[ESP] = 0, no return address");
				is_u64(p.boot.stack[1], n->mem, "[ESP+4] = the notes");
				is_int(p.entry_bits, 0, "not a called entry");
			} else {
				is_int(p.boot.mode, PLAN_BOOT_64, "ELF64: 64-bit register boot");
				is_u64(p.boot.reg[PLAN_REG_DI], n->mem, "RDI = the notes");
				is_int((int)p.boot.nstack, 0, "no stack words");
			}
			plan_free(&p);
			image_free(&img);
		}
	memmap_free(&m);
}

/* ---- the whole tool ---- */

static char root[256], f32[300], fvm[300];
static char *out_text, *err_text;

#define run(f, ...) run_main((f), root, &out_text, &err_text, __VA_ARGS__)

static void make_root(void)
{
	static const char *const e[][3] = {
		{ "0x0", "0x9fbff", "System RAM" },
		{ "0x100000", "0x7ffdffff", "System RAM" },
	};
	struct eb_spec s = spec(1);
	size_t len;
	uint8_t *b;

	sysroot_create(root, sizeof(root), "t-elf-boot-notes");
	sysroot_memmap(root, e, 2);
	sysroot_put(root, "sys/kernel/kexec_loaded", "0\n");
	sysroot_put(root, "sys/kernel/kexec_crash_loaded", "0\n");
	sysroot_put(root, "proc/cmdline", "root=/dev/sda\n");
	b = eb_build(&s, &len);
	snprintf(f32, sizeof(f32), "%s/p32.elf", root);
	sysroot_write(f32, b, len);
	free(b);
	/* an ELF64 with a PT_NOTE holding a "Linux" note: a vmlinux */
	s = spec(2);
	s.nph = 2;
	s.ph[1] = (struct eb_phdr){ 4, 4, 0x1800, 0, 0, 24, 24, 4 };
	s.len = 0x1818;
	b = eb_build(&s, &len);
	eb_put(b + 0x1800, 0, 6, 4);
	eb_put(b + 0x1800, 4, 4, 4);
	eb_put(b + 0x1800, 8, 0x100, 4);
	memcpy(b + 0x180c, "Linux\0\0\0", 8);
	snprintf(fvm, sizeof(fvm), "%s/vmlinux", root);
	sysroot_write(fvm, b, len);
	free(b);
}

static const struct fake_seg *seg_with(const struct fake_load *l,
				       uint32_t magic)
{
	for (size_t i = 0; i < l->nseg && i < FAKE_MAX_SEGS; i++)
		if (l->seg[i].bufsz >= 4 && l->seg[i].data &&
		    g32(l->seg[i].data) == magic)
			return &l->seg[i];
	return NULL;
}

static void test_tool(void)
{
	struct fake_sys f;
	const struct fake_seg *n, *pp;
	int rc;

	fake_sys_init(&f);
	f.sysroot = root;
	rc = run(&f, "-l %s --append=hello", f32);
	is_intf(rc, 0, "kexec -l p32.elf --append=hello: exit 0 (%s)", err_text);
	is_int(fake_sys_count(&f, "kexec_file_load"), 0, "not the file call");
	if (f.nloads == 1 && (n = seg_with(&f.loads[0], 0x0E1FB007)) &&
	    (pp = seg_with(&f.loads[0], 0x42504a4b /* "KJPB" */))) {
		is_str(note_str(n->data, n->bufsz, 4), "hello", "the notes carry --append");
		ok(g32(pp->data + 12) & 0x100, "parameter block: KJ_PP_F_BOOT_REGS");
		ok(f.loads[0].entry != 0x400000, "entered through the purgatory");
	} else {
		ok(0, "a load with notes and the purgatory's parameter block");
	}
	rc = run(&f, "-l %s --args-elf --initrd=%s", f32, f32);
	is_int(rc, 1, "--args-elf --initrd: exit 1");
	has_str(err_text, "only apply to a Linux kernel", "a ramdisk is refused");
	rc = run(&f, "-l %s", fvm);
	is_int(rc, 1, "a vmlinux without --args-linux: exit 1");
	has_str(err_text, "vmlinux: a Linux vmlinux (it has \"Linux\" ELF notes): boot it with --args-linux",
		"says what to add");
	rc = run(&f, "-l %s --args-elf", fvm);
	is_intf(rc, 0, "--args-elf forces the notes on it: exit 0 (%s)", err_text);
	is_int(f.nloads, 2, "two kexec_loads in all");
	fake_sys_free(&f);
}

int main(void)
{
	test_build();
	test_loader();
	make_root();
	test_tool();
	sysroot_remove(root);
	free(out_text);
	free(err_text);
	return tap_done();
}
