/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-pe.c - libFuzzer harness for the PE parser (kexec/pe.c), the
 * unified kernel image loader (arch/x86/uki.c, and through it the
 * bzImage loader) and the EFI zboot unwrapper, all fed from one
 * untrusted file.
 *
 *   make fuzz && ./build/fuzz/fuzz-pe /tmp/pe-corpus tests/fuzz/corpus/pe \
 *     -max_len=65536 -max_total_time=600
 * New inputs go to the first (scratch) directory; crashes are written as
 * crash-* in the current directory.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "loader.h"
#include "memmap.h"
#include "fuzz-common.h"
#include "pe.h"
#include "plan.h"

static struct memmap ram;
static int ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = { 0 };
	struct pe_info pe;
	struct pe_section s;
	struct zboot_info z;
	struct load_opts o;
	struct image img;
	struct plan p;
	volatile unsigned sink = 0;
	char why[160];
	unsigned i;

	if (!ready) {
		memmap_add(NULL, &ram, 0x0, 0x9fbff, MEM_RAM);
		memmap_add(NULL, &ram, 0x100000, 0xbffdffff, MEM_RAM);
		ready = 1;
	}
	if (pe_parse(data, size, &pe, why, sizeof(why)) == 0) {
		for (i = 0; i < pe.nsec; i++) {
			pe_section_get(data, &pe, i, &s);
			memset(&d, 0, sizeof(d));
			if (pe_section_check(&d, "fuzz", &s, size) == 0)
				sink += fuzz_touch(data + s.rawoff, s.len);
			else if (!d.msg[0])
				abort();
		}
	}
	if (zboot_parse(data, size, &z, why, sizeof(why)) == 0)
		sink += fuzz_touch(data + z.payload_off, z.payload_len);

	/* the UKI loader, both widths, as probed and as -t uki */
	for (int k = 0; k < 4; k++) {
		memset(&o, 0, sizeof(o));
		memset(&d, 0, sizeof(d));
		o.kernel_64 = k & 1;
		o.opt.type = k & 2 ? "uki" : NULL;
		if (image_from_buffer(NULL, "fuzz", data, size, &img))
			return 0;
		plan_init(&p);
		if (loader_load(&d, &img, &o, &ram, &p) == 0) {
			for (size_t j = 0; j < p.nseg; j++)
				if (p.seg[j].buf)
					sink += fuzz_touch(p.seg[j].buf, p.seg[j].bufsz);
		} else if (!d.msg[0]) {
			abort();      /* every failure carries a message */
		}
		plan_free(&p);
		image_free(&img);
	}
	/* zboot unwrapping (decompresses a payload it finds) */
	memset(&d, 0, sizeof(d));
	if (image_from_buffer(NULL, "fuzz", data, size, &img) == 0) {
		if (zboot_unwrap(&d, &img) == 0)
			sink += fuzz_touch(img.data, img.len < 4096 ? img.len : 4096);
		else if (!d.msg[0])
			abort();
		image_free(&img);
	}
	(void)sink;
	return 0;
}
