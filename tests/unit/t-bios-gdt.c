/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-bios-gdt.c - the BIOS demo's descriptor table (examples/bios/bios-gdt.h).
 *
 * Descriptors are decoded here field by field from the Intel SDM layout
 * (vol. 3, 3.4.5), independently of the BIOS_DESC packing macro, and the
 * table is checked against what the mode switch needs: each entry
 * selector loadable again and flat, 16-bit segments at the real-mode
 * base, nothing else present.  The selectors are the ones i386 Linux
 * (6.1, 6.12) enters a kexec jump with: CS 0x60 (__KERNEL_CS), DS = ES =
 * 0x7b (__USER_DS), FS 0xd8 (__KERNEL_PERCPU), GS 0, SS 0x68. */
#include <stdint.h>
#include <string.h>
#include "tap.h"
#include "../../examples/bios/bios-gdt.h"

struct desc {
	uint32_t base, limit;  /* limit in bytes - 1, granularity applied */
	unsigned type, s, dpl, p, db, g;
};

static struct desc decode(uint64_t d)
{
	struct desc x;
	uint32_t raw = (uint32_t)(d & 0xffff) | (uint32_t)((d >> 48) & 0xf) << 16;

	x.base = (uint32_t)((d >> 16) & 0xffffff) | (uint32_t)((d >> 56) & 0xff) << 24;
	x.type = (unsigned)(d >> 40) & 0xf;
	x.s = (unsigned)(d >> 44) & 1;
	x.dpl = (unsigned)(d >> 45) & 3;
	x.p = (unsigned)(d >> 47) & 1;
	x.db = (unsigned)(d >> 54) & 1;
	x.g = (unsigned)(d >> 55) & 1;
	x.limit = x.g ? (raw << 12) | 0xfff : raw;
	return x;
}

/* Could the CPU load selector sel into a data register / SS / CS at CPL 0
 * with this table, and is the result flat 4 GiB? */
static int flat_data_ok(const uint64_t *gdt, unsigned limit, uint16_t sel, int is_ss)
{
	unsigned idx = sel >> 3, rpl = sel & 3;
	struct desc d;

	if (sel < 4)
		return !is_ss;  /* null: fine for DS..GS, never for SS */
	if ((sel & 4) || idx * 8 + 7 > limit)
		return 0;
	d = decode(gdt[idx]);
	if (!d.p || !d.s || (d.type & 8) || !(d.type & 2))
		return 0;  /* not a present writable data segment */
	if (is_ss ? (rpl != 0 || d.dpl != 0) : (d.dpl < rpl))
		return 0;
	return d.base == 0 && d.limit == 0xffffffffu && d.db == 1;
}

static int code32_ok(const uint64_t *gdt, unsigned limit, uint16_t sel)
{
	struct desc d = decode(gdt[sel >> 3]);

	return (unsigned)(sel >> 3) * 8 + 7 <= limit && d.p && d.s && (d.type & 8) &&
	       (d.type & 2) && d.dpl == 0 && d.db == 1 && d.base == 0 &&
	       d.limit == 0xffffffffu;
}

static int seg16_ok(const uint64_t *gdt, unsigned limit, uint16_t sel,
		    uint32_t base, int code)
{
	struct desc d = decode(gdt[sel >> 3]);

	return sel >= 8 && !(sel & 7) && (unsigned)(sel >> 3) * 8 + 7 <= limit && d.p &&
	       d.s && !!(d.type & 8) == code && (d.type & 2) && d.dpl == 0 &&
	       d.db == 0 && d.g == 0 && d.base == base && d.limit == 0xffff;
}

static void check_linux(const char *what, uint16_t cs, const uint16_t sels[5],
			uint32_t base)
{
	uint64_t gdt[64];
	struct bios_gdt g;
	const char *why;
	int used = 0, want_used;

	memset(gdt, 0xa5, sizeof gdt);
	why = bios_gdt_build(cs, sels, base, gdt, 64, &g);
	ok(why == NULL, "%s: table built (%s)", what, why ? why : "ok");
	if (why)
		return;
	ok(code32_ok(gdt, g.limit, cs), "%s: CS 0x%x reloads as flat 32-bit code", what, cs);
	ok(flat_data_ok(gdt, g.limit, sels[4], 1), "%s: SS 0x%x reloads as flat data", what, sels[4]);
	for (int i = 0; i < 4; i++)
		ok(flat_data_ok(gdt, g.limit, sels[i], 0), "%s: data selector %d (0x%x) reloads", what, i, sels[i]);
	ok(seg16_ok(gdt, g.limit, g.sel16, base, 1), "%s: 16-bit code at 0x%x, 64 KiB", what, base);
	ok(seg16_ok(gdt, g.limit, g.sel16d, base, 0), "%s: 16-bit data at 0x%x, 64 KiB", what, base);
	ok(g.sel16 != g.sel16d && (g.sel16 >> 3) != (cs >> 3) && (g.sel16d >> 3) != (sels[4] >> 3),
	   "%s: 16-bit slots collide with nothing", what);
	ok(g.rm_seg == base >> 4, "%s: real-mode segment 0x%x", what, g.rm_seg);
	ok((g.limit + 1) % 8 == 0 && g.limit < 64 * 8, "%s: limit 0x%x covers whole entries", what, g.limit);
	/* every slot is zero (not present) or one we asked for */
	want_used = 4;  /* CS, SS, 16-bit code and data */
	for (int i = 0; i < 4; i++) {
		int dup = sels[i] < 4 || (sels[i] >> 3) == (sels[4] >> 3);
		for (int j = 0; j < i; j++)
			dup |= (sels[j] >> 3) == (sels[i] >> 3);
		want_used += !dup;
	}
	for (int i = 0; i < 64; i++)
		used += gdt[i] != 0;
	ok(used == want_used, "%s: %d present descriptors, want %d", what, used, want_used);
	ok(gdt[0] == 0, "%s: slot 0 stays null", what);
}

int main(void)
{
	const uint16_t linux_i386[5] = { 0x7b, 0x7b, 0xd8, 0x00, 0x68 };
	const uint16_t same_ss[5] = { 0x68, 0x68, 0x00, 0x00, 0x68 };
	const uint16_t rpl3_on_ss[5] = { 0x6b, 0x7b, 0, 0, 0x68 };
	const uint16_t ldt_ds[5] = { 0x7f, 0x7b, 0, 0, 0x68 };
	const uint16_t ds_on_cs[5] = { 0x60, 0x7b, 0, 0, 0x68 };
	const uint16_t big[5] = { 0x1f8, 0, 0, 0, 0x10 };
	uint64_t gdt[64];
	struct bios_gdt g;

	check_linux("i386 Linux entry", 0x60, linux_i386, 0x10e90);
	check_linux("DS = ES = SS", 0x10, same_ss, 0x9000);
	check_linux("highest slot used", 0x08, big, 0x20);

	ok(bios_gdt_build(0x60, rpl3_on_ss, 0x10000, gdt, 64, &g) != NULL,
	   "RPL 3 selector on SS's DPL 0 slot is refused");
	ok(bios_gdt_build(0x60, ldt_ds, 0x10000, gdt, 64, &g) != NULL,
	   "an LDT selector is refused");
	ok(bios_gdt_build(0x60, ds_on_cs, 0x10000, gdt, 64, &g) != NULL,
	   "a data selector on CS's slot is refused");
	ok(bios_gdt_build(0x63, linux_i386, 0x10000, gdt, 64, &g) != NULL,
	   "CS with RPL 3 is refused");
	ok(bios_gdt_build(0x200, linux_i386, 0x10000, gdt, 64, &g) != NULL,
	   "CS beyond the table is refused");
	ok(bios_gdt_build(0x60, linux_i386, 0x10008, gdt, 64, &g) != NULL,
	   "an unaligned real-mode base is refused");
	ok(bios_gdt_build(0x60, linux_i386, 0xf0010, gdt, 64, &g) != NULL,
	   "a real-mode segment reaching past 1 MiB is refused");
	{
		uint16_t full[5] = { 0x10, 0x18, 0, 0, 0x20 };
		ok(bios_gdt_build(0x08, full, 0x10000, gdt, 5, &g) != NULL,
		   "no free slots left for the 16-bit segments is refused");
	}
	return tap_done();
}
