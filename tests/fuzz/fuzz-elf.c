/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-elf.c - libFuzzer harness for the ELF parser, the elf-x86 loader,
 * the loader table walk, plan_finalize/plan_find_space and the plan
 * printer, all fed from one untrusted file.
 *
 * Build and run (from the top of the tree; clang >= 14):
 *   clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
 *     -fno-sanitize-recover=all -Ikexec -Iinclude -o fuzz-elf \
 *     tests/fuzz/fuzz-elf.c kexec/{diag,range,memmap,plan,image,elf,report,loader}.c \
 *     kexec/arch/x86/elf-x86.c
 *   mkdir -p /tmp/elf-corpus && ./fuzz-elf /tmp/elf-corpus tests/fuzz/corpus/elf \
 *     -max_len=8192 -jobs=$(nproc) -workers=$(nproc) -max_total_time=14400
 * New inputs go to the first (scratch) directory, so the committed seeds
 * stay small; crashes are written as crash-* in the current directory and
 * can be replayed with `./fuzz-elf crash-...`.  For long runs add
 * -dict= with ELF magic/field values if coverage plateaus, and merge
 * interesting finds back with -merge=1 tests/fuzz/corpus/elf /tmp/elf-corpus.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"
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
	struct diag d = { 0 };
	struct elf_info e;
	struct image img;
	volatile unsigned sink = 0;
	size_t i;
	int k;

	if (!devnull)
		setup();

	if (elf_parse(&d, "fuzz", data, size, &e) == 0) {
		for (i = 0; i < e.phnum; i++)
			if (e.ph[i].type == PT_LOAD && e.ph[i].filesz)
				sink += fuzz_touch(data + e.ph[i].offset,
					      (size_t)e.ph[i].filesz);
		elf_info_free(&e);
	}
	if (d.rc && !d.msg[0])
		abort();      /* every failure must carry a message */

	/* exact-size copy: over-reads past the file hit the redzone */
	diag_clear(&d);
	if (image_from_buffer(&d, "fuzz", data, size, &img))
		return 0;
	/* k 0..3: physical-mode programs; 4, 5: vmlinux (--args-linux) */
	for (k = 0; k < 6; k++) {
		struct load_opts o = { 0 };
		struct plan p;
		uint64_t addr;
		int rc;

		o.opt.args_none = k < 4;
		o.opt.args_linux = k >= 4;
		o.cmdline = k >= 4 ? "console=ttyS0" : NULL;
		o.kernel_64 = k & 1;
		o.opt.preserve_context = k < 4 && ((k >> 1) & 1);
		o.opt.have_entry = k == 3;
		o.opt.entry = 0x1000000;
		o.opt.type = k == 2 ? "elf-x86" : NULL;
		diag_clear(&d);
		plan_init(&p);
		if (k == 1)
			p.mem_max = 0x7fffffff;
		rc = loader_load(&d, &img, &o, &ram, &p);
		if (rc && !d.msg[0])
			abort();
		if (rc == 0) {
			for (i = 0; i < p.nseg; i++)
				sink += fuzz_touch(p.seg[i].buf, p.seg[i].bufsz);
			(void)plan_find_space(&p, &d, &ram, 0x5000, 0x200000,
					      0, UINT64_MAX, k & 1, &addr);
			diag_clear(&d);
			rc = plan_finalize(&p, &d, &ram, k == 3);
			if (rc && !d.msg[0])
				abort();
			if (rc == 0) {
				/* finalize's promises: sorted, disjoint, in RAM */
				for (i = 0; i < p.nseg; i++) {
					struct segment *s = &p.seg[i];

					if (s->memsz && !memmap_is_ram(&ram,
					    (struct range){ s->mem, s->mem + s->memsz }))
						abort();
					if (i && p.seg[i - 1].mem > s->mem)
						abort();
				}
			}
		}
		report_plan(devnull, &p);
		plan_free(&p);
	}
	image_free(&img);
	(void)sink;
	return 0;
}
