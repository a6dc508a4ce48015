/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-efi.c - what a Linux kernel gets of an EFI boot (kexec/efi.c,
 * kexec/arch/x86/linux-params.c, sysenv.c env_efi_state): the
 * runtime-map parser and the FDT header check against hostile input, then
 * the whole tool on a fake sysroot of an EFI-booted machine: efi_info and
 * SETUP_EFI built from the runtime map, --noefi, a kernel without
 * XLF_EFI_KEXEC, SETUP_RNG_SEED, --dtb, --pass-memmap-cmdline.
 *
 * Offsets and layouts are written out here from the boot protocol and
 * Linux's headers (doc/abi.md 17): efi_info at 0x1C0 (signature, systab,
 * memdesc_size, memdesc_version, memmap, memmap_size, systab_hi,
 * memmap_hi: eight u32), setup_data at 0x250 (u64 next, u32 type, u32
 * len, payload), efi_setup_data = fw_vendor, unused, tables, smbios (u64
 * each) + 8 reserved u64 = 112 bytes, efi_memory_desc_t = u32 type, u32
 * pad, u64 phys, virt, pages, attribute.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bzbuild.h"
#include "efi.h"
#include "fake_sys.h"
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

static void putle(uint8_t *b, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * i));
}

static void putbe(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

/* ---- the pure parsers ---- */

static void test_parse_u64(void)
{
	uint64_t v = 7;

	is_int(efi_parse_u64("0x7f9ee018\n", &v), 0, "hex with newline");
	is_u64(v, 0x7f9ee018, "hex value");
	is_int(efi_parse_u64("42", &v), 0, "decimal");
	is_u64(v, 42, "decimal value");
	is_int(efi_parse_u64("0xffffffffffffffff", &v), 0, "2^64 - 1");
	is_u64(v, UINT64_MAX, "2^64 - 1 value");
	v = 7;
	is_int(efi_parse_u64("0x10000000000000000", &v), -EINVAL, "2^64 overflows");
	is_int(efi_parse_u64("", &v), -EINVAL, "empty");
	is_int(efi_parse_u64("0x", &v), -EINVAL, "0x without digits");
	is_int(efi_parse_u64("\n", &v), -EINVAL, "newline only");
	is_int(efi_parse_u64("0x12g", &v), -EINVAL, "bad digit");
	is_int(efi_parse_u64("12ab", &v), -EINVAL, "hex digits without 0x");
	is_int(efi_parse_u64("-1", &v), -EINVAL, "negative");
	is_int(efi_parse_u64("0x1\n0x2", &v), -EINVAL, "text after the newline");
	is_u64(v, 7, "failures leave the value alone");
}

static void test_md_parse(void)
{
	struct efi_md md;
	struct diag d;
	uint8_t buf[96];

	memset(&d, 0, sizeof(d));
	is_int(efi_md_parse(&d, "rm/0", "0x5\n", "0x7fa00000\n", "0xfffffffeffa00000\n",
			    "0x20\n", "0x800000000000000f\n", &md), 0, "a runtime code entry");
	is_int(md.type, 5, "type");
	is_u64(md.phys, 0x7fa00000, "phys");
	is_u64(md.virt, 0xfffffffeffa00000ull, "virt");
	is_u64(md.pages, 0x20, "pages");
	is_u64(md.attr, 0x800000000000000full, "attribute");
	/* written at 48 bytes a descriptor, padding zero */
	memset(buf, 0xee, sizeof(buf));
	efi_md_write(buf, &md, 1, 48);
	is_u64(getle(buf, 4), 5, "desc: type at 0");
	is_u64(getle(buf + 4, 4), 0, "desc: pad at 4 zero");
	is_u64(getle(buf + 8, 8), 0x7fa00000, "desc: phys at 8");
	is_u64(getle(buf + 16, 8), 0xfffffffeffa00000ull, "desc: virt at 16");
	is_u64(getle(buf + 24, 8), 0x20, "desc: pages at 24");
	is_u64(getle(buf + 32, 8), 0x800000000000000full, "desc: attribute at 32");
	is_u64(getle(buf + 40, 8), 0, "desc: 40..47 zero");
	is_int(buf[48], 0xee, "nothing past one descriptor");

	/* hostile entries: one line naming the entry and the reason */
#define BAD(t, p, v, n, a, needle, what) do { \
		memset(&d, 0, sizeof(d)); \
		is_int(efi_md_parse(&d, "rm/3", t, p, v, n, a, &md), -EINVAL, what); \
		has_str(d.msg, needle, what ": message"); \
		ok(strncmp(d.msg, "rm/3", 4) == 0, what ": names the entry"); \
	} while (0)
	BAD("zz", "0x1000", "0x0", "1", "0", "type: not a number", "bad type");
	BAD("0x5", "", "0x0", "1", "0", "phys_addr: not a number", "empty phys");
	BAD("0x5", "0x1000", "0x0", "1", "0x1g", "attribute: not a number", "bad attribute");
	BAD("0x100000000", "0x1000", "0x0", "1", "0", "does not fit 32 bits", "type over 32 bits");
	BAD("0x5", "0x1000", "0x0", "0x0", "0", "num_pages: 0", "zero pages");
	BAD("0x5", "0x1001", "0x0", "1", "0", "not page aligned", "unaligned phys");
	BAD("0x5", "0x1000", "0x10", "1", "0", "not page aligned", "unaligned virt");
	BAD("0x5", "0xfffffffffffff000", "0x0", "2", "0", "past the end of the address space",
	    "phys + pages overflows");
	BAD("0x5", "0x0", "0x0", "0x10000000000000", "0", "past the end of the address space",
	    "pages * 4 KiB overflows");
#undef BAD
	memset(&d, 0, sizeof(d));
	is_int(efi_md_parse(&d, "rm/4", "0x5", "0xfffffffffffff000", "0x0", "1", "0", &md), 0,
	       "the last page of the address space is fine");
}

/* A valid version-17 device tree of @total bytes (>= 72) */
static void make_fdt(uint8_t *b, uint32_t total)
{
	memset(b, 0, total);
	putbe(b, 0xd00dfeed);
	putbe(b + 4, total);
	putbe(b + 8, 56);        /* off_dt_struct */
	putbe(b + 12, 68);       /* off_dt_strings */
	putbe(b + 16, 40);       /* off_mem_rsvmap: one empty entry */
	putbe(b + 20, 17);       /* version */
	putbe(b + 24, 16);       /* last_comp_version */
	putbe(b + 32, 4);        /* size_dt_strings */
	putbe(b + 36, 12);       /* size_dt_struct */
	putbe(b + 56, 1);        /* FDT_BEGIN_NODE "" */
	putbe(b + 64, 9);        /* FDT_END */
}

static void test_fdt(void)
{
	uint8_t b[128], c[128];
	struct diag d;
	size_t size = 0, cut;

	make_fdt(b, 72);
	memset(&d, 0, sizeof(d));
	is_int(fdt_check(&d, "t.dtb", b, 72, &size), 0, "a valid device tree");
	is_int((int)size, 72, "its totalsize");
	memset(&d, 0, sizeof(d));
	is_int(fdt_check(&d, "t.dtb", b, 100, &size), 0, "trailing bytes after totalsize");
	is_int((int)size, 72, "only totalsize is passed");
	/* truncated at each header field boundary */
	for (cut = 0; cut < 40; cut += 4) {
		memset(&d, 0, sizeof(d));
		is_intf(fdt_check(&d, "t.dtb", b, cut, &size), -EINVAL, "truncated to %zu bytes", cut);
		has_str(d.msg, "too short for a device tree header", "truncated: message");
	}
	/* the file shorter than totalsize */
	memset(&d, 0, sizeof(d));
	is_int(fdt_check(&d, "t.dtb", b, 71, &size), -EINVAL, "file shorter than totalsize");
	has_str(d.msg, "totalsize 72 is outside [40, 71]", "short file: message");
#define BADF(off, val, needle, what) do { \
		memcpy(c, b, 72); putbe(c + (off), (val)); \
		memset(&d, 0, sizeof(d)); \
		is_int(fdt_check(&d, "t.dtb", c, 72, &size), -EINVAL, what); \
		has_str(d.msg, needle, what ": message"); \
		ok(strncmp(d.msg, "t.dtb: ", 7) == 0 && !strchr(d.msg, '\n'), what ": one line naming the file"); \
	} while (0)
	BADF(0, 0xedfe0dd0, "not a flattened device tree (magic 0xedfe0dd0", "byte-swapped magic");
	BADF(4, 39, "totalsize 39 is outside", "totalsize below the header");
	BADF(4, 0xffffffff, "totalsize 4294967295 is outside", "totalsize 4 GiB");
	BADF(20, 15, "version 15", "version 15");
	BADF(24, 18, "last compatible 18", "last_comp_version 18");
	BADF(8, 72, "offsets", "struct offset at the end");
	BADF(8, 0xfffffffc, "offsets", "struct offset near 4 GiB");
	BADF(12, 73, "offsets", "strings past the end");
	BADF(16, 8, "offsets", "reserve map inside the header");
	BADF(16, 60, "offsets", "reserve map entry past the end");
	BADF(36, 0xffffffff, "run past its totalsize", "size_dt_struct 4 GiB");
	BADF(32, 5, "run past its totalsize", "size_dt_strings one too many");
#undef BADF
}

/* ---- the whole tool on an EFI-booted machine ---- */

static char root[256], bz[300], bz_noefi[300], bz_old[300], dtb[300], baddtb[300];
static char *out_text, *err_text;

#define SYSTAB      0x7f9ee018ull
#define FW_VENDOR   0x7f9eeb98ull
#define CONFIG_TBL  0x7f9eec98ull
#define SMBIOS      0x7f7d0000ull
#define SMBIOS3     0x7f7cf000ull

static const char *const rmap[][5] = {
	/* type, phys, virt, pages, attribute (as Linux prints them) */
	{ "0x5\n", "0x7f600000\n", "0xfffffffeff600000\n", "0x100\n", "0x800000000000000f\n" },
	{ "0x6\n", "0x7f700000\n", "0xfffffffeff700000\n", "0x80\n", "0x800000000000000f\n" },
	{ "0xb\n", "0xffc00000\n", "0xfffffffeffc00000\n", "0x400\n", "0x8000000000000001\n" },
};

static void put(const char *rel, const char *text)
{
	sysroot_put(root, rel, text);
}

RUNMAIN_DEFINE_RUN(root, out_text, err_text)

static void write_bz(char *path, size_t n, const char *name, unsigned version,
		     uint16_t xlf)
{
	struct bzb_spec s = bzb_default();
	uint8_t *b;
	size_t len;

	s.version = version;
	s.xloadflags = xlf;
	b = bzb_build(&s, &len);
	snprintf(path, n, "%s/%s", root, name);
	sysroot_write(path, b, len);
	free(b);
}

static void fixture(void)
{
	uint8_t bp[4096], fdt[96];
	char rel[128], path[400];
	size_t i, j;
	static const char *const fields[5] = { "type", "phys_addr", "virt_addr",
					       "num_pages", "attribute" };

	sysroot_create(root, sizeof(root), "t-efi");
	sysroot_mkdir(root, "sys/firmware/memmap/0");
	sysroot_mkdir(root, "sys/firmware/memmap/1");
	put("sys/firmware/memmap/0/start", "0x0\n");
	put("sys/firmware/memmap/0/end", "0x9ffff\n");
	put("sys/firmware/memmap/0/type", "System RAM\n");
	put("sys/firmware/memmap/1/start", "0x100000\n");
	put("sys/firmware/memmap/1/end", "0x7effffff\n");
	put("sys/firmware/memmap/1/type", "System RAM\n");
	put("sys/kernel/kexec_loaded", "0\n");
	put("sys/kernel/kexec_crash_loaded", "0\n");
	put("proc/cmdline", "root=/dev/vda\n");
	/* the running kernel's boot_params: booted by 64-bit EFI */
	memset(bp, 0, sizeof(bp));
	memcpy(bp + 0x1c0, "EL64", 4);
	putle(bp + 0x1c4, SYSTAB & 0xffffffff, 4);
	putle(bp + 0x1c8, 48, 4);                 /* memdesc_size */
	putle(bp + 0x1cc, 1, 4);                  /* memdesc_version */
	putle(bp + 0x1d0, 0x7e123000, 4);         /* the boot-time map */
	putle(bp + 0x1d4, 48 * 97, 4);
	putle(bp + 0x1d8, 0, 4);                  /* systab_hi */
	bp[0x1ec] = 3;                            /* secure_boot */
	sysroot_mkdir(root, "sys/kernel/boot_params");
	snprintf(path, sizeof(path), "%s/sys/kernel/boot_params/data", root);
	sysroot_write(path, bp, sizeof(bp));
	sysroot_mkdir(root, "sys/firmware/efi");
	put("sys/firmware/efi/fw_vendor", "0x7f9eeb98\n");
	put("sys/firmware/efi/runtime", "0x7f9eeb10\n");
	put("sys/firmware/efi/config_table", "0x7f9eec98\n");
	put("sys/firmware/efi/systab", "SMBIOS3=0x7f7cf000\nSMBIOS=0x7f7d0000\nACPI20=0x7fb7e014\n");
	sysroot_mkdir(root, "sys/firmware/efi/runtime-map");
	for (i = 0; i < 3; i++) {
		snprintf(rel, sizeof(rel), "sys/firmware/efi/runtime-map/%zu", i);
		sysroot_mkdir(root, rel);
		for (j = 0; j < 5; j++) {
			snprintf(rel, sizeof(rel), "sys/firmware/efi/runtime-map/%zu/%s",
				 i, fields[j]);
			put(rel, rmap[i][j]);
		}
	}
	write_bz(bz, sizeof(bz), "bzImage", 0x020f, 0x13);       /* + EFI_KEXEC */
	write_bz(bz_noefi, sizeof(bz_noefi), "bz-noefi", 0x020f, 0x03);
	write_bz(bz_old, sizeof(bz_old), "bz-2.08", 0x0208, 0);
	make_fdt(fdt, 72);
	snprintf(dtb, sizeof(dtb), "%s/good.dtb", root);
	sysroot_write(dtb, fdt, 72);
	fdt[0] = 0;
	snprintf(baddtb, sizeof(baddtb), "%s/bad.dtb", root);
	sysroot_write(baddtb, fdt, 72);
}

static const struct fake_seg *bp_seg(const struct fake_load *l)
{
	size_t i;

	for (i = 0; i < l->nseg && i < FAKE_MAX_SEGS; i++)
		if (l->seg[i].bufsz > 4096 && l->seg[i].data &&
		    memcmp(l->seg[i].data + 0x202, "HdrS", 4) == 0)
			return &l->seg[i];
	return NULL;
}

/* The setup_data node of @type in @s's chain: its offset in the
 * segment, or 0.  Every link must point inside the segment. */
static size_t find_node(const struct fake_seg *s, uint32_t type, int *nnodes)
{
	uint64_t pa = getle(s->data + 0x250, 8);
	size_t found = 0;
	int n = 0;

	while (pa && n < 16) {
		size_t off;

		if (pa < s->mem || pa - s->mem + 16 > s->bufsz)
			return 0;
		off = (size_t)(pa - s->mem);
		if (off + 16 + getle(s->data + off + 12, 4) > s->bufsz)
			return 0;
		if ((uint32_t)getle(s->data + off + 8, 4) == type)
			found = off;
		n++;
		pa = getle(s->data + off, 8);
	}
	if (nnodes)
		*nnodes = n;
	return found;
}

static void test_efi_load(void)
{
	struct fake_sys f;
	const struct fake_seg *s;
	size_t node, rng1, i;
	uint8_t seed1[32];
	int n = 0;

	fake_sys_init(&f);
	f.sysroot = root;
	is_int(run(&f, "-c -l %s --append=console=ttyS0", bz), 0, "EFI machine: kexec -l exit 0");
	is_str(err_text, "", "EFI machine: nothing on stderr");
	s = f.nloads == 1 ? bp_seg(&f.loads[0]) : NULL;
	ok(s != NULL, "boot_params recorded");
	if (!s)
		goto out;
	ok(memcmp(s->data + 0x1c0, "EL64", 4) == 0, "efi_info: signature EL64 copied");
	is_u64(getle(s->data + 0x1c4, 4), SYSTAB, "efi_info: systab copied");
	is_u64(getle(s->data + 0x1d8, 4), 0, "efi_info: systab_hi copied");
	is_u64(getle(s->data + 0x1c8, 4), 48, "efi_info: memdesc_size 48");
	is_u64(getle(s->data + 0x1cc, 4), 1, "efi_info: memdesc_version 1");
	is_u64(getle(s->data + 0x1d4, 4), 3 * 48, "efi_info: memmap_size = 3 runtime descriptors");
	is_int(s->data[0x1ec], 3, "secure_boot copied");
	{
		uint64_t map = getle(s->data + 0x1d0, 4) | getle(s->data + 0x1dc, 4) << 32;
		size_t off = (size_t)(map - s->mem);

		ok(map >= s->mem && off + 3 * 48 <= s->bufsz, "efi_memmap points into the boot_params segment");
		if (map >= s->mem && off + 3 * 48 <= s->bufsz) {
			const uint8_t *m = s->data + off;
			int good = 1;

			for (i = 0; i < 3; i++) {
				uint64_t v[5];

				efi_parse_u64(rmap[i][0], &v[0]);
				efi_parse_u64(rmap[i][1], &v[1]);
				efi_parse_u64(rmap[i][2], &v[2]);
				efi_parse_u64(rmap[i][3], &v[3]);
				efi_parse_u64(rmap[i][4], &v[4]);
				good &= getle(m + 48 * i, 4) == v[0] &&
					getle(m + 48 * i + 8, 8) == v[1] &&
					getle(m + 48 * i + 16, 8) == v[2] &&
					getle(m + 48 * i + 24, 8) == v[3] &&
					getle(m + 48 * i + 32, 8) == v[4];
			}
			ok(good, "the descriptors are runtime-map/0..2 in order");
			is_u64(getle(m + 8, 8), 0x7f600000, "descriptor 0 phys (by hand)");
			is_u64(getle(m + 48 + 16, 8), 0xfffffffeff700000ull, "descriptor 1 virt (by hand)");
			is_u64(getle(m + 96 + 24, 8), 0x400, "descriptor 2 pages (by hand)");
		}
	}
	node = find_node(s, 4, &n);
	ok(node != 0, "a SETUP_EFI node in the chain");
	if (node) {
		is_u64(getle(s->data + node + 12, 4), 112, "SETUP_EFI len 112");
		is_u64(getle(s->data + node + 16, 8), FW_VENDOR, "fw_vendor");
		is_u64(getle(s->data + node + 24, 8), 0, "__unused 0");
		is_u64(getle(s->data + node + 32, 8), CONFIG_TBL, "tables = config_table");
		is_u64(getle(s->data + node + 40, 8), SMBIOS, "smbios = SMBIOS= (not SMBIOS3=)");
	}
	rng1 = find_node(s, 9, NULL);
	ok(rng1 != 0, "a SETUP_RNG_SEED node in the chain");
	is_int(n, 2, "two nodes: SETUP_EFI and SETUP_RNG_SEED");
	if (rng1) {
		is_u64(getle(s->data + rng1 + 12, 4), 32, "RNG seed: 32 bytes");
		memcpy(seed1, s->data + rng1 + 16, 32);
	}
	is_u64(getle(s->data + 0x70, 8), 0x7fb7e014, "ACPI RSDP from systab's ACPI20=");
	/* a second load gets a fresh seed */
	is_int(run(&f, "-c -l %s", bz), 0, "second load: exit 0");
	s = f.nloads == 2 ? bp_seg(&f.loads[1]) : NULL;
	node = s ? find_node(s, 9, NULL) : 0;
	ok(node != 0, "second load: RNG seed present");
	if (node && rng1) {
		int same = memcmp(seed1, s->data + node + 16, 32) == 0, zero = 1;

		for (i = 0; i < 32; i++)
			zero &= s->data[node + 16 + i] == 0;
		ok(!same, "the two loads have different seeds");
		ok(!zero, "the seed is not all zero");
	}

	/* --noefi: no efi_info, no SETUP_EFI; the seed stays */
	is_int(run(&f, "-c -l %s --noefi", bz), 0, "--noefi: exit 0");
	s = f.nloads == 3 ? bp_seg(&f.loads[2]) : NULL;
	if (s) {
		int zero = 1;

		for (i = 0x1c0; i < 0x1e0; i++)
			zero &= s->data[i] == 0;
		ok(zero, "--noefi: efi_info all zero");
		ok(find_node(s, 4, &n) == 0, "--noefi: no SETUP_EFI");
		ok(find_node(s, 9, NULL) != 0 && n == 1, "--noefi: only the RNG seed");
		is_int(s->data[0x1ec], 0, "--noefi: secure_boot not copied");
	} else {
		ok(0, "--noefi: boot_params recorded");
	}
	/* a kernel without XLF_EFI_KEXEC */
	is_int(run(&f, "-c -d -l %s", bz_noefi), 0, "no XLF_EFI_KEXEC: exit 0");
	has_str(err_text, "no XLF_EFI_KEXEC in xloadflags", "no XLF_EFI_KEXEC: debug line says why");
	s = f.nloads == 4 ? bp_seg(&f.loads[3]) : NULL;
	if (s) {
		is_u64(getle(s->data + 0x1d4, 4), 0, "no XLF_EFI_KEXEC: efi_memmap_size 0");
		ok(find_node(s, 4, NULL) == 0, "no XLF_EFI_KEXEC: no SETUP_EFI");
		ok(find_node(s, 9, NULL) != 0, "no XLF_EFI_KEXEC: RNG seed present");
	} else {
		ok(0, "no XLF_EFI_KEXEC: boot_params recorded");
	}
	/* protocol 2.08 (from an i386 kernel: no 64-bit entry before 2.12):
	 * no setup_data at all */
	snprintf(f.machine, sizeof(f.machine), "i686");
	is_int(run(&f, "-c -l %s", bz_old), 0, "protocol 2.08: exit 0");
	s = f.nloads == 5 ? bp_seg(&f.loads[4]) : NULL;
	if (s) {
		is_u64(getle(s->data + 0x250, 8), 0, "protocol 2.08: setup_data 0 (no seed, no EFI)");
		is_u64(getle(s->data + 0x1d4, 4), 0, "protocol 2.08: efi_info empty");
	}
	is_int(run(&f, "-c -l %s --dtb=%s", bz_old, dtb), 1, "protocol 2.08 --dtb: exit 1");
	has_str(err_text, "has no setup_data (2.09+), so it cannot take --dtb", "2.08 --dtb: message");
out:
	fake_sys_free(&f);
}

static void test_dtb(void)
{
	struct fake_sys f;
	const struct fake_seg *s;
	size_t node, nl;
	char path[400];
	uint8_t fdt[72];

	fake_sys_init(&f);
	f.sysroot = root;
	is_int(run(&f, "-c -l %s --dtb=%s", bz, dtb), 0, "--dtb: exit 0");
	s = f.nloads == 1 ? bp_seg(&f.loads[0]) : NULL;
	node = s ? find_node(s, 2, NULL) : 0;
	ok(node != 0, "--dtb: a SETUP_DTB node");
	if (node) {
		make_fdt(fdt, 72);
		is_u64(getle(s->data + node + 12, 4), 72, "SETUP_DTB len = totalsize");
		ok(memcmp(s->data + node + 16, fdt, 72) == 0, "SETUP_DTB payload = the file");
		ok(find_node(s, 4, NULL) && find_node(s, 9, NULL), "EFI and RNG nodes too");
	}
	/* bad files: one line naming the file, nothing loaded, the image kept */
	is_int(run(&f, "-c -l %s --dtb=%s", bz, baddtb), 1, "bad magic: exit 1");
	has_str(err_text, "bad.dtb: not a flattened device tree (magic 0x000dfeed", "bad magic: message");
	nl = 0;
	for (const char *p = err_text; p && *p; p++)
		nl += *p == '\n';
	is_int((int)nl, 1, "bad magic: one line");
	is_int((int)f.nloads, 1, "bad magic: no kexec_load");
	ok(f.image.loaded, "bad magic: the earlier image stays loaded");
	snprintf(path, sizeof(path), "%s/short.dtb", root);
	make_fdt(fdt, 72);
	sysroot_write(path, fdt, 50);
	is_int(run(&f, "-c -l %s --dtb=%s", bz, path), 1, "truncated dtb: exit 1");
	has_str(err_text, "short.dtb: device tree totalsize 72 is outside [40, 50]", "truncated dtb: message");
	is_int(run(&f, "-c -l %s --dtb=%s/missing.dtb", bz, root), 1, "missing dtb: exit 1");
	has_str(err_text, "missing.dtb", "missing dtb: message names it");
	is_int((int)f.nloads, 1, "bad dtbs: still one kexec_load");
	/* with a program, --dtb is refused (it is for Linux) */
	fake_sys_free(&f);
}

static void test_hostile_map(void)
{
	struct fake_sys f;
	const struct fake_seg *s;

	fake_sys_init(&f);
	f.sysroot = root;
	is_int(run(&f, "-c -l %s", bz), 0, "good map: loads");
	put("sys/firmware/efi/runtime-map/1/phys_addr", "0x7f7000zz\n");
	is_int(run(&f, "-c -l %s", bz), 1, "bad phys_addr: exit 1");
	has_str(err_text, "/sys/firmware/efi/runtime-map/1/phys_addr: not a number", "bad phys_addr: message names the file");
	ok(err_text && strchr(err_text, '\n') == err_text + strlen(err_text) - 1, "bad phys_addr: one line");
	is_int((int)f.nloads, 1, "bad phys_addr: no kexec_load");
	ok(f.image.loaded, "bad phys_addr: the earlier image stays loaded");
	is_int(run(&f, "-c -l %s --noefi", bz), 0, "bad map with --noefi: loads (the map is not read)");
	put("sys/firmware/efi/runtime-map/1/phys_addr", rmap[1][1]);
	/* an entry missing a file */
	put("sys/firmware/efi/runtime-map/2/num_pages", "");
	is_int(run(&f, "-c -l %s", bz), 1, "empty num_pages: exit 1");
	has_str(err_text, "runtime-map/2/num_pages: not a number", "empty num_pages: message");
	put("sys/firmware/efi/runtime-map/2/num_pages", rmap[2][3]);
	/* no runtime map (CONFIG_EFI_RUNTIME_MAP off): no EFI state */
	{
		char a[400], b[400];

		snprintf(a, sizeof(a), "%s/sys/firmware/efi/runtime-map", root);
		snprintf(b, sizeof(b), "%s/sys/firmware/efi/rm-away", root);
		ok(rename(a, b) == 0, "runtime-map moved away");
		is_int(run(&f, "-c -d -l %s", bz), 0, "no runtime-map: loads");
		has_str(err_text, "no /sys/firmware/efi/runtime-map entries", "no runtime-map: debug line");
		s = bp_seg(&f.loads[f.nloads - 1]);
		ok(s && find_node(s, 4, NULL) == 0 && getle(s->data + 0x1d4, 4) == 0,
		   "no runtime-map: no EFI state passed");
		ok(rename(b, a) == 0, "runtime-map back");
	}
	/* a bad efi_memdesc_size in the running boot_params */
	{
		uint8_t bp[4096];
		char path[400];

		memset(bp, 0, sizeof(bp));
		memcpy(bp + 0x1c0, "EL64", 4);
		putle(bp + 0x1c8, 36, 4);
		putle(bp + 0x1d4, 36 * 4, 4);
		snprintf(path, sizeof(path), "%s/sys/kernel/boot_params/data", root);
		sysroot_write(path, bp, sizeof(bp));
		is_int(run(&f, "-c -l %s", bz), 1, "efi_memdesc_size 36: exit 1");
		has_str(err_text, "efi_memdesc_size 36 is not a multiple of 8 in [40, 4096]; load with --noefi",
			"efi_memdesc_size 36: message");
		/* 32-bit firmware: not passed */
		memcpy(bp + 0x1c0, "EL32", 4);
		putle(bp + 0x1c8, 48, 4);
		sysroot_write(path, bp, sizeof(bp));
		is_int(run(&f, "-c -l %s", bz), 0, "EL32: loads");
		s = bp_seg(&f.loads[f.nloads - 1]);
		ok(s && find_node(s, 4, NULL) == 0 && getle(s->data + 0x1d4, 4) == 0,
		   "EL32: no EFI state passed");
		/* not booted by EFI: memmap_size 0 */
		memcpy(bp + 0x1c0, "EL64", 4);
		putle(bp + 0x1d4, 0, 4);
		sysroot_write(path, bp, sizeof(bp));
		is_int(run(&f, "-c -l %s", bz), 0, "efi_memmap_size 0: loads");
		s = bp_seg(&f.loads[f.nloads - 1]);
		ok(s && find_node(s, 4, NULL) == 0, "efi_memmap_size 0: no EFI state passed");
	}
	fake_sys_free(&f);
}

static void test_pass_memmap_normal(void)
{
	struct fake_sys f;

	fake_sys_init(&f);
	f.sysroot = root;
	is_int(run(&f, "-c -l %s --pass-memmap-cmdline", bz), 1, "--pass-memmap-cmdline with -l: exit 1");
	has_str(err_text, "--pass-memmap-cmdline applies to panic loads (-p) only", "refused: message");
	is_int((int)f.nloads, 0, "refused: no kexec_load");
	is_int(run(&f, "-c -l %s --reuse-video-type", bz), 0, "--reuse-video-type: accepted");
	/* the kernel's file loader would ignore them: -a goes to
	 * kexec_load, -s refuses */
	is_int(run(&f, "-l %s --noefi", bz), 0, "--noefi with the default -a: exit 0");
	is_int((int)f.nfile_loads, 0, "--noefi: no kexec_file_load");
	is_int((int)f.nloads, 2, "--noefi: kexec_load");
	is_int(run(&f, "-l %s --dtb=%s", bz, dtb), 0, "--dtb with the default -a: exit 0");
	is_int((int)f.nfile_loads, 0, "--dtb: no kexec_file_load");
	is_int(run(&f, "-s -l %s --noefi", bz), 1, "-s --noefi: exit 1");
	has_str(err_text, "--noefi, --dtb and --pass-memmap-cmdline need kexec_load", "-s --noefi: message");
	is_int(run(&f, "-l %s", bz), 0, "plain -l: exit 0");
	is_int((int)f.nfile_loads, 1, "plain -l: kexec_file_load first (the control)");
	fake_sys_free(&f);
}

int main(void)
{
	test_parse_u64();
	test_md_parse();
	test_fdt();
	fixture();
	test_efi_load();
	test_dtb();
	test_hostile_map();
	test_pass_memmap_normal();
	sysroot_remove(root);
	free(out_text);
	free(err_text);
	return tap_done();
}
