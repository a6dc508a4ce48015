/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-efi.c - libFuzzer harness for the EFI and device-tree parsers
 * (kexec/efi.c) and what the Linux boot_params builder makes of them
 * (kexec/arch/x86/linux-params.c through the bzImage loader).
 *
 * Build with `make fuzz` (build/fuzz/fuzz-efi), then e.g.
 *   build/fuzz/fuzz-efi -max_total_time=30 tests/fuzz/corpus/efi
 * Input: the first byte picks the path.
 *   even: the rest is a --dtb file: fdt_check, then (when it passes) a
 *         bzImage load with it; the SETUP_DTB node must hold the file's
 *         first totalsize bytes and every setup_data link must stay in
 *         the boot_params segment.
 *   odd:  the rest is split at NUL bytes into five runtime-map texts
 *         (type, phys_addr, virt_addr, num_pages, attribute) and a
 *         tail whose first four bytes are efi_memdesc_size; a parsed
 *         entry is passed as the EFI state of a bzImage load.
 * Aborts on an error without a message, or a message with a newline.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efi.h"
#include "le.h"
#include "loader.h"
#include "../unit/bzbuild.h"

static void check_msg(const struct diag *d, int rc)
{
	if (rc && (!d->msg[0] || strchr(d->msg, '\n')))
		abort();
}

/* Load a fixed bzImage with @o; check the setup_data chain. */
static void load(struct load_opts *o, const uint8_t *dtb, size_t dtb_size)
{
	struct bzb_spec s = bzb_default();
	struct memmap m = { 0 };
	struct image img;
	struct plan p;
	struct diag d = { 0 };
	uint8_t *b;
	size_t len, i;
	int rc, hops = 0;

	s.xloadflags = 0x13;
	b = bzb_build(&s, &len);
	image_from_buffer(NULL, "bz", b, len, &img);
	free(b);
	memmap_add(NULL, &m, 0, 0x9fbff, MEM_RAM);
	memmap_add(NULL, &m, 0x100000, 0x7fffffff, MEM_RAM);
	plan_init(&p);
	o->kernel_64 = 1;
	rc = bzimage_loader.load(&d, &img, o, &m, &p);
	check_msg(&d, rc);
	for (i = 0; rc == 0 && i < p.nseg; i++) {
		const struct segment *sg = &p.seg[i];
		const uint8_t *bp = sg->buf;
		uint64_t pa;

		if (strcmp(sg->what, "boot_params"))
			continue;
		pa = get_le(bp + 0x250, 8);
		while (pa) {
			size_t off = (size_t)(pa - sg->mem);
			uint32_t type, l;

			if (pa < sg->mem || off + 16 > sg->bufsz || ++hops > 8)
				abort();
			type = (uint32_t)get_le(bp + off + 8, 4);
			l = (uint32_t)get_le(bp + off + 12, 4);
			if (off + 16 + l > sg->bufsz)
				abort();
			if (type == 2 && (l != dtb_size ||
					  memcmp(bp + off + 16, dtb, l)))
				abort();
			pa = get_le(bp + off, 8);
		}
	}
	plan_free(&p);
	image_free(&img);
	memmap_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = { 0 };
	struct load_opts o;
	int rc;

	if (size < 1)
		return 0;
	memset(&o, 0, sizeof(o));
	if (!(data[0] & 1)) {
		struct image dtb;
		size_t total = 0;

		rc = fdt_check(&d, "dtb", data + 1, size - 1, &total);
		check_msg(&d, rc);
		if (rc)
			return 0;
		if (total > size - 1 || total < FDT_HEADER_SIZE)
			abort();
		image_from_buffer(NULL, "dtb", data + 1, size - 1, &dtb);
		o.dtb = &dtb;
		load(&o, data + 1, total);
		image_free(&dtb);
	} else {
		char *txt = malloc(size), *f[6];
		struct efi_state e = { 0 };
		struct efi_md md;
		uint8_t host[4096];
		size_t i, k = 0;

		if (!txt)
			return 0;
		memcpy(txt, data + 1, size - 1);
		txt[size - 1] = '\0';
		f[0] = txt;
		for (i = 0; i + 1 < size && k < 5; i++)
			if (txt[i] == '\0')
				f[++k] = txt + i + 1;
		while (k < 5)
			f[++k] = txt + size - 1;
		rc = efi_md_parse(&d, "rm/0", f[0], f[1], f[2], f[3], f[4], &md);
		check_msg(&d, rc);
		if (rc == 0) {
			memset(host, 0, sizeof(host));
			memcpy(host + 0x1c0, "EL64", 4);
			put_le(host + 0x1d4, 48, 4);
			for (i = 0; i < 4 && f[5] + i < txt + size - 1; i++)
				host[0x1c8 + i] = (uint8_t)f[5][i];
			e.md = &md;
			e.n = 1;
			o.efi = &e;
			o.host_bp = host;
			o.host_bp_len = sizeof(host);
			load(&o, NULL, 0);
		}
		free(txt);
	}
	return 0;
}
