/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-multiboot.c - libFuzzer harness for the Multiboot 1 and
 * Multiboot2 loaders (arch/x86/multiboot*.c): header search, tags, the
 * a.out kludge / address tag, ELF loading, module placement and the
 * boot information, from one untrusted kernel file.
 *
 *   make fuzz && mkdir -p /tmp/mb-corpus && \
 *     build/fuzz/fuzz-multiboot /tmp/mb-corpus tests/fuzz/corpus/multiboot \
 *     -max_len=40000 -max_total_time=600
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "loader.h"
#include "memmap.h"
#include "fuzz-common.h"
#include "plan.h"
#include "report.h"

static FILE *devnull;
static struct memmap ram;
static struct image mod;

static void setup(void)
{
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	memmap_add(NULL, &ram, 0x0, 0x9fbff, MEM_RAM);
	memmap_add(NULL, &ram, 0x9fc00, 0x9ffff, MEM_RESERVED);
	memmap_add(NULL, &ram, 0x100000, 0x7ffdffff, MEM_RAM);
	memmap_add(NULL, &ram, 0x7ffe0000, 0x7fffffff, MEM_ACPI);
	memmap_add(NULL, &ram, 0x100000000ull, 0x13fffffffull, MEM_RAM);
	if (image_from_buffer(NULL, "mod", "module bytes", 12, &mod))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = { NULL, "multiboot-x86",
					     "multiboot2-x86" };
	struct diag d = { 0 };
	struct image img;
	volatile unsigned sink = 0;
	size_t i;
	int k;

	if (!devnull)
		setup();
	if (image_from_buffer(&d, "fuzz", data, size, &img))
		return 0;
	for (k = 0; k < 6; k++) {
		struct load_opts o = { 0 };
		struct plan p;
		int rc;

		o.opt.type = types[k % 3];
		o.kernel_64 = 1;
		o.cmdline = k < 3 ? "console=com1" : NULL;
		o.opt.modules[0] = "mod a b";
		o.opt.nmodules = o.nmodules = k < 3 ? 1 : 0;
		o.modules = &mod;
		diag_clear(&d);
		plan_init(&p);
		rc = loader_load(&d, &img, &o, &ram, &p);
		if (rc && !d.msg[0])
			abort();         /* every failure carries a message */
		if (rc && p.nseg)
			abort();         /* and leaves the plan as it was */
		if (rc == 0) {
			for (i = 0; i < p.nseg; i++) {
				if (p.seg[i].mem + p.seg[i].memsz > 0x100000000ull)
					abort();   /* all below 4 GiB */
				sink += fuzz_touch(p.seg[i].buf, p.seg[i].bufsz);
			}
			if (p.boot.mode != PLAN_BOOT_32)
				abort();
			diag_clear(&d);
			rc = plan_finalize(&p, &d, &ram, 1);
			if (rc && !d.msg[0])
				abort();
		}
		report_plan(devnull, &p);
		plan_free(&p);
	}
	image_free(&img);
	(void)sink;
	return 0;
}
