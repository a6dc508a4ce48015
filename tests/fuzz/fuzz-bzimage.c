/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-bzimage.c - libFuzzer harness for the bzImage loader
 * (kexec/arch/x86/bzimage.c, linux-params.c) with its entries: the
 * default one of either kernel width, --entry-32bit and --real-mode (the
 * real-mode part copied from the file, its header fields written), then
 * plan_finalize and the plan printer.
 *
 * Built by `make fuzz` (tests/tests.am: with every library source and the
 * purgatory and real-mode trampoline blobs).  Run:
 *   mkdir -p /tmp/bz-corpus && build/fuzz/fuzz-bzimage /tmp/bz-corpus \
 *     tests/fuzz/corpus/bzimage -max_len=40000 -max_total_time=600
 * The seeds began as small synthetic bzImages (setup header of protocol 2.02,
 * 2.10 and 2.15, a few protected-mode bytes); the committed corpus is
 * what `make fuzz-minimize` kept of them and of later runs (README.md).
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

static void setup(void)
{
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	fuzz_qemu_map(&ram);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t rdbytes[100];
	struct diag d = { 0 };
	struct image img, rd;
	volatile unsigned sink = 0;
	size_t i;
	int k;

	if (!devnull)
		setup();
	/* exact-size copy: over-reads past the file hit the redzone */
	if (image_from_buffer(&d, "fuzz", data, size, &img))
		return 0;
	if (image_from_buffer(&d, "rd", rdbytes, sizeof(rdbytes), &rd)) {
		image_free(&img);
		return 0;
	}
	/* k bit 0: x86_64 kernel; bit 1: --entry-32bit; bit 2: --real-mode */
	for (k = 0; k < 8; k++) {
		struct load_opts o = { 0 };
		struct plan p;
		int rc;

		o.kernel_64 = k & 1;
		o.opt.entry_32bit = (k >> 1) & 1;
		o.opt.real_mode = (k >> 2) & 1;
		o.cmdline = "console=ttyS0";
		o.initrd = k & 1 ? &rd : NULL;
		diag_clear(&d);
		plan_init(&p);
		rc = bzimage_loader.load(&d, &img, &o, &ram, &p);
		if (rc && !d.msg[0])
			abort();      /* every failure must carry a message */
		if (rc == 0) {
			for (i = 0; i < p.nseg; i++)
				sink += fuzz_touch(p.seg[i].buf, p.seg[i].bufsz);
			diag_clear(&d);
			rc = plan_finalize(&p, &d, &ram, 0);
			if (rc && !d.msg[0])
				abort();
			/* the real-mode part and its trampoline below 640 KiB */
			if (rc == 0 && o.opt.real_mode)
				for (i = 0; i < p.nseg; i++)
					if (strncmp(p.seg[i].what, "real-mode", 9) == 0 &&
					    p.seg[i].mem + p.seg[i].memsz > 0xa0000)
						abort();
		}
		report_plan(devnull, &p);
		plan_free(&p);
	}
	image_free(&rd);
	image_free(&img);
	(void)sink;
	return 0;
}
