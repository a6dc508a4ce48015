/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-confine.c - kernel B's memory in a Linux-to-Linux jump (kexec/confine.c),
 * on the memory map QEMU's SeaBIOS gives a 512 MiB guest (the one the VM
 * tests see: examples/bios prints it). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "confine.h"
#include "memmap.h"
#include "plan.h"
#include "tap.h"

static void qemu512(struct memmap *m)
{
	struct diag d;

	memset(&d, 0, sizeof(d));
	memset(m, 0, sizeof(*m));
	memmap_add(&d, m, 0x0, 0x9fbff, MEM_RAM);
	memmap_add(&d, m, 0x9fc00, 0x9ffff, MEM_RESERVED);
	memmap_add(&d, m, 0xf0000, 0xfffff, MEM_RESERVED);
	memmap_add(&d, m, 0x100000, 0x1ffdffff, MEM_RAM);
	memmap_add(&d, m, 0x1ffe0000, 0x1fffffff, MEM_RESERVED);
	memmap_add(&d, m, 0xfffc0000, 0xffffffff, MEM_RESERVED);
}

/* Is every byte of [s, e) covered exactly once by the plan's segments? */
static int covered_once(const struct plan *p, uint64_t s, uint64_t e)
{
	for (uint64_t a = s; a < e; a += 0x1000) {
		int hits = 0;

		for (size_t i = 0; i < p->nseg; i++)
			hits += a >= p->seg[i].mem && a < p->seg[i].mem + p->seg[i].memsz;
		if (hits != 1)
			return 0;
	}
	return 1;
}

int main(void)
{
	struct memmap m;
	struct confine c;
	struct diag d;
	struct mem_region e[32];
	struct plan p;
	size_t n;
	int rc;

	qemu512(&m);

	/* 1. default window: highest 128 MiB, 2 MiB aligned, below 4 GiB */
	memset(&d, 0, sizeof(d));
	rc = confine_pick(&d, &m, CONFINE_DEFAULT_SIZE, 0, 0, 0, 0, 1ull << 32, &c);
	is_int(rc, 0, "pick: default window");
	is_u64(c.window.end, 0x1fe00000, "window ends at the last 2 MiB boundary of RAM");
	is_u64(c.window.start, 0x17e00000, "window is 128 MiB");
	is_u64(c.ram[0].start, 0x1000, "low RAM from 0x1000 (page 0 stays the BIOS's)");
	is_u64(c.ram[0].end, 0x9f000, "low RAM to the last whole page below the EBDA");

	/* 2. B's e820 */
	memset(&d, 0, sizeof(d));
	rc = confine_e820(&d, &m, &c, e, 32, &n);
	is_int(rc, 0, "e820 built");
	{
		static const struct { uint64_t s, e; enum mem_type t; } want[] = {
			{ 0x0, 0x1000, MEM_RESERVED },
			{ 0x1000, 0x9f000, MEM_RAM },
			{ 0x9f000, 0xa0000, MEM_RESERVED },       /* RAM tail + EBDA */
			{ 0xf0000, 0x17e00000, MEM_RESERVED },    /* BIOS + A's RAM */
			{ 0x17e00000, 0x1fe00000, MEM_RAM },      /* the window */
			{ 0x1fe00000, 0x20000000, MEM_RESERVED }, /* A's RAM + SeaBIOS */
			{ 0xfffc0000, 0x100000000ull, MEM_RESERVED },
		};
		int same = n == sizeof(want) / sizeof(want[0]);

		for (size_t i = 0; same && i < n; i++)
			same = e[i].r.start == want[i].s && e[i].r.end == want[i].e &&
			       e[i].type == want[i].t;
		ok(same, "B's e820: only low RAM and the window usable, types kept, merged (%zu entries)", n);
	}
	rc = confine_e820(&d, &m, &c, e, 3, &n);
	is_int(rc, -E2BIG, "e820: too small a table is an error");
	{
		struct confine h = c;

		is_int(confine_reserve_top(&d, &h, 0x10000, 0x80000000u), 0, "hole: reserved");
		ok(h.hole.start == 0x1fdf0000 && h.hole.end == 0x1fe00000, "hole: the top 64 KiB of the window");
		{
			struct confine h2 = c;

			is_int(confine_reserve_top(&d, &h2, 0x10000, 0x1fe00000u - 0x200000), 0,
			       "hole below a limit inside the window: reserved");
			ok(h2.hole.start == 0x1fbf0000 && h2.hole.end == 0x1fc00000,
			   "hole: the top 64 KiB below the limit");
			memset(&d, 0, sizeof(d));
			is_int(confine_reserve_top(&d, &h2, 0x10000, 0x17e00000u + 0x8000), -EADDRNOTAVAIL,
			       "hole: a window (nearly) all above the limit is refused");
			has_str(d.msg, "has no 64 KiB below 0x17e08000 for the purgatory", "hole: the refusal says why");
			ok(!strchr(d.msg, '\n'), "hole: one line");
		}
		memset(&d, 0, sizeof(d));
		rc = confine_e820(&d, &m, &h, e, 32, &n);
		is_int(rc, 0, "e820 with the hole");
		ok(n == 8 && e[4].r.start == 0x17e00000 && e[4].r.end == 0x1fdf0000 && e[4].type == MEM_RAM &&
		   e[5].r.start == 0x1fdf0000 && e[5].r.end == 0x1fe00000 && e[5].type == MEM_ACPI &&
		   e[6].type == MEM_RESERVED && e[6].r.start == 0x1fe00000,
		   "hole: ACPI data between B's RAM and A's reserved RAM");
	}

	/* 3. backup segments fill B's RAM around B's own segments */
	plan_init(&p);
	memset(&d, 0, sizeof(d));
	plan_add(&p, &d, "k", 1, 0x18000000, 0x2000000, "kernel", 0);
	plan_add(&p, &d, "i", 1, 0x1fc00000, 0x100000, "initrd", 0);
	plan_add(&p, &d, "b", 1, 0x1fdff000, 0x1000, "boot_params", 0);
	rc = confine_fill(&d, &c, &p);
	is_int(rc, 0, "fill: ok");
	ok(covered_once(&p, 0x1000, 0x9f000), "every low RAM page is a destination exactly once");
	ok(covered_once(&p, 0x17e00000, 0x1fe00000), "every window page is a destination exactly once");
	is_int((int)p.nseg, 3 + 4, "4 backup segments: low, below the kernel, kernel..initrd, initrd..boot_params");
	{
		int empty = 1;

		for (size_t i = 3; i < p.nseg; i++)
			empty &= p.seg[i].bufsz == 0 && p.seg[i].buf == NULL;
		ok(empty, "backup segments carry no bytes (zero-filled)");
	}
	plan_free(&p);

	plan_init(&p);
	memset(&d, 0, sizeof(d));
	plan_add(&p, &d, "k", 1, 0x1000000, 0x1000000, "kernel", 0);
	rc = confine_fill(&d, &c, &p);
	is_int(rc, -EINVAL, "fill: a segment outside B's memory is refused");
	has_str(d.msg, "kernel at 0x1000000-0x2000000 lies outside the jumped-to kernel's memory", "names it");
	plan_free(&p);

	/* 4. --mem-min/--mem-max */
	memset(&d, 0, sizeof(d));
	rc = confine_pick(&d, &m, 0, 1, 0x8000000, 1, 0xfffffff, 1ull << 32, &c);
	is_int(rc, 0, "pick: --mem-min/--mem-max");
	ok(c.window.start == 0x8000000 && c.window.end == 0x10000000, "window = [mem-min, mem-max]");
	memset(&d, 0, sizeof(d));
	rc = confine_pick(&d, &m, 0, 1, 0x1ffd0000, 1, 0x2fffffff, 1ull << 32, &c);
	is_int(rc, 0, "pick: window clipped to RAM");
	is_u64(c.window.end, 0x1ffe0000, "clipped at the end of RAM");
	memset(&d, 0, sizeof(d));
	rc = confine_pick(&d, &m, 0, 1, 0x20000000, 1, 0x2fffffff, 1ull << 32, &c);
	is_int(rc, -EINVAL, "pick: no RAM in the window");
	has_str(d.msg, "no RAM inside --mem-min/--mem-max", "says so");
	{
		struct memmap h;

		qemu512(&h);
		memset(&d, 0, sizeof(d));
		memmap_add(&d, &h, 0x100000000ull, 0x13fffffffull, MEM_RAM);
		rc = confine_pick(&d, &h, 0, 0, 0, 1, 0x11fffffffull, 1ull << 32, &c);
		is_int(rc, -EINVAL, "pick: a window over two RAM ranges is refused");
		has_str(d.msg, "span more than one RAM range", "says why");
		memset(&d, 0, sizeof(d));
		rc = confine_pick(&d, &h, CONFINE_DEFAULT_SIZE, 0, 0, 0, 0, 1ull << 32, &c);
		ok(rc == 0 && c.window.end <= 0x100000000ull, "default window stays below 4 GiB with RAM above");
		memmap_free(&h);
	}
	memset(&d, 0, sizeof(d));
	rc = confine_pick(&d, &m, 1ull << 30, 0, 0, 0, 0, 1ull << 32, &c);
	is_int(rc, -ENOMEM, "pick: 1 GiB does not fit 512 MiB");
	has_str(d.msg, "holds 1024 MiB", "says how much");
	{
		struct memmap h;

		memset(&h, 0, sizeof(h));
		memset(&d, 0, sizeof(d));
		memmap_add(&d, &h, 0x100000, 0x1fffffff, MEM_RAM);
		rc = confine_pick(&d, &h, CONFINE_DEFAULT_SIZE, 0, 0, 0, 0, 1ull << 32, &c);
		is_int(rc, -ENOMEM, "pick: no low RAM is an error");
		has_str(d.msg, "real-mode trampoline", "says why B needs it");
		memmap_free(&h);
	}
	memmap_free(&m);
	return tap_done();
}
