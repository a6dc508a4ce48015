/* SPDX-License-Identifier: GPL-2.0-or-later */
/* phys.c - a raw physical-mode blob (--type=phys): the file's bytes are
 * copied as they are to --load-addr and entered at --entry (default: the
 * load address, i.e. its first byte).
 *
 * Any bytes are a valid blob, so it cannot be recognised: the loader is
 * forced_only (loader.h), chosen by -t/--type=phys and never probed; its
 * probe says "not mine" in case anything calls it anyway.
 *
 * One segment, label "phys blob": mem = --load-addr (must be page
 * aligned), buf = the whole file, memsz = the file size rounded up to a
 * page (plan_add() rounds).  The planner (plan_finalize) then checks that
 * the range is System RAM, inside --mem-min/--mem-max, and below 4 GiB for
 * an i386 kernel.  An --entry must point into the file's bytes, not into
 * the zero padding after them.
 *
 * Only --args-none for now: the kernel jumps straight to the blob (64-bit
 * long mode on an x86_64 kernel, 32-bit protected mode on an i386 one,
 * doc/abi.md 3.2/3.3), so the blob must follow the jump ABI itself.
 * Calling a plain C function through the purgatory comes later.
 */
#include <errno.h>
#include <stdio.h>

#include "loader.h"

typedef unsigned long long ull;

static int phys_probe(struct diag *d, const struct image *img)
{
	diag_debug(d, "phys: %s: a raw blob is only loaded with --type=phys",
		   img->name);
	return -ENOEXEC;
}

static int phys_load(struct diag *d, const struct image *img,
		     const struct load_opts *o, const struct memmap *m,
		     struct plan *p)
{
	const char *name = img->name;
	uint64_t addr = o->opt.load_addr;
	int rc;

	(void)m;       /* fixed address: the planner checks it against RAM */
	if (!o->opt.have_load_addr)
		return diag_fail(d, -EINVAL,
				 "%s: --type=phys needs --load-addr=ADDR, the physical address to put the blob at",
				 name);
	if (addr % KJ_PAGE_SIZE)
		return diag_fail(d, -EINVAL,
				 "%s: --load-addr 0x%llx is not page aligned (%u)",
				 name, (ull)addr, KJ_PAGE_SIZE);
	if (img->len == 0)
		return diag_fail(d, -EINVAL,
				 "%s: empty file; a raw blob needs at least one byte",
				 name);
	if (o->opt.have_entry &&
	    (o->opt.entry < addr || o->opt.entry - addr >= (uint64_t)img->len))
		return diag_fail(d, -EINVAL,
				 "%s: --entry 0x%llx is outside the blob (0x%llx-0x%llx, its %zu bytes at --load-addr)",
				 name, (ull)o->opt.entry, (ull)addr,
				 (ull)(addr + ((uint64_t)img->len - 1)), img->len);
	if (!o->opt.args_none && !o->via_purgatory)
		return diag_fail(d, -ENOTSUP,
				 "%s: a raw blob is either called through the purgatory (--load-preserve-context) or entered directly (--args-none)",
				 name);

	rc = plan_add(p, d, img->data, img->len, addr, (uint64_t)img->len,
		      "phys blob", 0);
	if (rc) {
		diag_prefix(d, "%s: ", name);
		return rc;
	}
	if (o->opt.have_entry) {
		p->entry = o->opt.entry;
		snprintf(p->entry_what, sizeof(p->entry_what), "--entry");
	} else {
		p->entry = addr;
		snprintf(p->entry_what, sizeof(p->entry_what), "--load-addr");
	}
	if (o->opt.preserve_context)
		p->flags |= KEXEC_PRESERVE_CONTEXT;
	p->arch = o->kernel_64 ? KEXEC_ARCH_X86_64 : KEXEC_ARCH_386;
	diag_debug(d, "%s: raw blob of %zu bytes at 0x%llx, entry 0x%llx",
		   name, img->len, (ull)addr, (ull)p->entry);
	return 0;
}

const struct loader phys_loader = {
	.name = "phys",
	.flags = LOADER_F_JUMP,
	.takes = OPT_G(OPT_G_ARGS_NONE) | OPT_G(OPT_G_LOAD_ADDR) |
		 OPT_G(OPT_G_ENTRY) | OPT_G(OPT_G_APPEND),
	.summary = "raw blob at --load-addr, only by -t (--args-none)",
	.forced_only = 1,
	.probe = phys_probe,
	.load = phys_load,
};
