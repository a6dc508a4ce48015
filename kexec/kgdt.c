/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kgdt.c - CPU 0's GDT from the kernel's symbols (kgdt.h). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "kgdt.h"
#include "le.h"

/* A present, flat kernel code descriptor of the right width? */
static int kernel_code_ok(uint64_t desc, int is_64)
{
	unsigned access = (unsigned)(desc >> 40) & 0xff;
	unsigned flags = (unsigned)(desc >> 52) & 0xf;   /* G D/B L AVL */

	if ((access & 0x98) != 0x98 || (access & 0x60) != 0)
		return 0;                    /* P, S, code; DPL 0 */
	if (is_64)
		return (flags & 0x2) && !(flags & 0x4);   /* L = 1, D = 0 */
	return (flags & 0x4) && (flags & 0x8) &&          /* D = 1, G = 1 */
	       (desc & 0xffff) == 0xffff && ((desc >> 48) & 0xf) == 0xf &&
	       ((desc >> 16) & 0xffffff) == 0 && (desc >> 56) == 0;
}

int kgdt_from_symbols(struct diag *d, const char *kallsyms_path,
		      struct kcore *kc, int is_64, uint16_t *limit,
		      uint64_t *base)
{
	uint64_t gdt, pco, off0 = 0, desc;
	unsigned ws = is_64 ? 8 : 4;
	unsigned cs = is_64 ? KGDT_KERNEL_CS_64 : KGDT_KERNEL_CS_32;
	uint8_t buf[8];
	struct diag q;
	int rc;

	if (kcore_word_size(kc) != ws)
		return diag_fail(d, -EINVAL,
				 "the kernel's core file is %u-bit, the kernel %u-bit",
				 kcore_word_size(kc) * 8, ws * 8);
	rc = kallsyms_lookup(d, kallsyms_path, "gdt_page", &gdt);
	if (rc)
		return rc;
	memset(&q, 0, sizeof(q));
	if (kallsyms_lookup(&q, kallsyms_path, "__per_cpu_offset", &pco) == 0) {
		rc = kcore_read_va(d, kc, pco, buf, ws);
		if (rc)
			return rc;
		off0 = get_le(buf, (int)ws);
	} else if (q.rc != -ENOENT) {
		return diag_fail(d, q.rc, "%s", q.msg);
	}
	gdt += off0;
	if (!is_64)
		gdt &= 0xffffffffu;
	rc = kcore_read_va(d, kc, gdt + cs, buf, 8);
	if (rc)
		return rc;
	desc = get_le(buf, 8);
	if (!kernel_code_ok(desc, is_64))
		return diag_fail(d, -EINVAL,
				 "no kernel code descriptor at selector 0x%x of the GDT found at 0x%" PRIx64 " (gdt_page + __per_cpu_offset[0]): descriptor 0x%016" PRIx64,
				 cs, gdt, desc);
	*limit = (uint16_t)(is_64 ? KGDT_LIMIT_64 : KGDT_LIMIT_32);
	*base = gdt;
	return 0;
}
