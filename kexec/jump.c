/* SPDX-License-Identifier: GPL-2.0-or-later */
/* jump.c - what a jump load (--load-preserve-context) adds to the load
 * pipeline (load-kind.h):
 *   prepare    a Linux kernel jumped to gets memory of its own (confine.h)
 *              and a map that keeps it there (doc/abi.md 4, 14);
 *   purgatory  the safe-return repair (the kernel's GDT, doc/abi.md 13),
 *              the direct mode for --args-none on kernels that need it,
 *              kexec_jump_back_entry= for the other Linux;
 *   finish     every page of B's memory becomes a destination, and the
 *              preflight of the return (doc/abi.md 12).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file-load.h"
#include "load-kind.h"
#include "preflight.h"
#include "purgatory-abi.h"
#include "sysenv.h"

static int jump_prepare(struct load_ctx *c)
{
	const struct options *o = c->o;
	struct jump_state *j = &c->u.jump;
	struct diag *d = c->d;
	size_t cap;
	int rc;

	/* A Linux kernel loaded to jump to (doc/abi.md 4): confine it to
	 * its own memory (confine.h) and let the purgatory tell it the way
	 * back. */
	if (!load_boots_linux(c) || !(c->loader->flags & LOADER_F_LINUX))
		return 0;
	j->l2l = 1;
	cap = c->mm.n * (2 * CONFINE_MAX_RAM + 3) + 1;
	rc = confine_pick(d, &c->mm, CONFINE_DEFAULT_SIZE, o->have_mem_min,
			  o->mem_min, o->have_mem_max, o->mem_max,
			  /* the purgatory goes at the window's top and must
			   * stay below 2 GiB; i386: B's kernel must load
			   * below 0x38000000 (its low memory) */
			  c->is_64 ? PURGATORY_MAX_ADDR + 1 :
				     UINT64_C(0x38000000),
			  &j->conf);
	if (rc) {
		diag_prefix(d, "%.400s: ", o->kernel);
		return rc;
	}
	j->bregs = calloc(cap, sizeof(*j->bregs));
	if (!j->bregs)
		return diag_fail(d, -ENOMEM, "out of memory");
	rc = confine_reserve_top(d, &j->conf, CONFINE_HOLE_SIZE,
				 PURGATORY_MAX_ADDR + 1);
	if (rc) {
		diag_prefix(d, "%.400s: ", o->kernel);
		return rc;
	}
	rc = confine_e820(d, &c->mm, &j->conf, j->bregs, cap, &j->bmap.n);
	if (rc)
		return rc;
	j->bmap.v = j->bregs;
	j->bmap.cap = cap;
	j->bmap.source = "confined";
	c->lo.boot_e820 = &j->bmap;
	c->lo.cmdline_spare = KJ_PP_CMDLINE_SPARE;
	/* B's kernel, initrd and boot_params below the hole, the purgatory
	 * in it (after the loader) */
	c->p.mem_min = j->conf.window.start;
	c->p.mem_max = j->conf.hole.start - 1;
	diag_debug(d, "jump to Linux: its memory is 0x%llx-0x%llx and 0x%llx-0x%llx (below 1 MiB); the rest of this kernel's RAM is reserved in its map",
		   (unsigned long long)j->conf.window.start,
		   (unsigned long long)j->conf.window.end,
		   (unsigned long long)j->conf.ram[0].start,
		   (unsigned long long)j->conf.ram[0].end);
	return 0;
}

static int jump_purgatory(struct load_ctx *c)
{
	const struct options *o = c->o;
	struct jump_state *j = &c->u.jump;
	struct purgatory_opts *po = &c->po;
	struct diag *d = c->d;

	/* An --args-none jump image on a kernel whose return needs the GDT
	 * repair (or may): enter it through the purgatory's direct mode
	 * (KJ_PP_F_DIRECT), which only loads the kernel's GDT on the way
	 * back.  Harmless where the kernel has the fix. */
	if (o->args_none && !c->env->test_no_repair) {
		char why[256];

		po->direct = preflight_return(c->env->sysroot, c->is_64, why,
					      sizeof(why)) != RETURN_NATIVE;
		diag_debug(d, "--args-none: %s%s", why, po->direct ?
			   "; entering it through the purgatory's direct mode, which repairs the return" : "");
		if (po->direct)
			c->want_purgatory = 1;
	}
	/* a 32-bit --args-none program on this x86_64 kernel: only the
	 * purgatory's 32-bit detour can enter it (doc/abi.md 10.7) */
	if (o->args_none && c->is_64 && c->p.entry_bits == 32) {
		po->direct = 1;
		c->want_purgatory = 1;
	}
	if (!c->want_purgatory)
		return 0;
	if (c->p.boot_params) {
		po->jump_back_arg = j->l2l;
		/* the i386 Linux-to-Linux repair (entry32.S stubs) */
		po->mailbox = j->l2l && !c->is_64;
	}
	/* the safe-return repair needs the kernel's GDT descriptor; a
	 * 32-bit process on a 64-bit kernel sees only half of it */
	if (!c->p.boot_params || (j->l2l && !c->is_64)) {
		uint16_t glim;
		uint64_t gbase;

		if (env_kernel_gdt(c->env, d, c->is_64, &glim, &gbase) == 0) {
			po->kernel_gdt_limit = glim;
			po->kernel_gdt_base = gbase;
			j->repaired = 1;
		} else {
			diag_debug(d, "no safe-return repair");
		}
	}
	if (j->l2l) {   /* into the hole B's map keeps from B */
		c->p.mem_min = j->conf.hole.start;
		c->p.mem_max = j->conf.hole.end - 1;
	}
	return 0;
}

static int jump_finish(struct load_ctx *c)
{
	const struct options *o = c->o;
	struct jump_state *j = &c->u.jump;
	struct diag *d = c->d;
	enum return_safety rs;
	char why[256];
	int rc, no_jump;

	if (j->l2l) {
		/* every page of B's memory becomes a destination page, so the
		 * kernel swaps this kernel's data out of it and back */
		c->p.mem_min = 0;
		c->p.mem_max = UINT64_MAX;
		rc = confine_fill(d, &j->conf, &c->p);
		if (rc) {
			diag_prefix(d, "%.400s: ", o->kernel);
			return rc;
		}
	}
	rs = preflight_return(c->env->sysroot, c->is_64, why, sizeof(why));
	diag_debug(d, "return from the jump: %s%s", why, j->repaired ?
		   "; the purgatory loads the kernel's GDT before returning" : "");
	/* A kernel without CONFIG_KEXEC_JUMP cannot jump at all: let the
	 * load fail with that, the more useful message (the flag probe
	 * loads and unloads nothing; not in a dry run). */
	no_jump = rs != RETURN_NATIVE && !j->repaired && !o->dry_run &&
		c->env->sys->kexec_probe_flags(c->env->sys_ctx,
			KEXEC_PRESERVE_CONTEXT | env_arch_field(c->is_64)) == -EINVAL;
	if (no_jump) {
		diag_debug(d, "the kernel refuses preserve-context loads: no return to worry about");
	} else if (rs == RETURN_NEEDS_REPAIR && !j->repaired) {
		const char *how = j->l2l && c->is_64 ? "the other kernel jumps straight back to this kernel's re-entry point, where nothing repairs the return (the repair for Linux-to-Linux jumps exists on i386 only)" :
			"the purgatory's repair needs the kernel's GDT, which this kexec cannot read (UMIP or a 32-bit kexec on a 64-bit kernel, and no kallsyms/kcore route)";

		if (!o->risk_crash_on_return)
			return diag_fail(d, -ENOTSUP,
					 "%.400s: returning from this jump would crash this kernel (%s; kexec-jump's doc/abi.md 3.4): %s, or add --risk-crash-on-return",
					 o->kernel, why, how);
		fprintf(c->env->err, "kexec: warning: returning from this jump will crash this kernel (%s)\n",
			why);
	} else if (rs == RETURN_UNKNOWN && !j->repaired &&
		   (o->args_none || j->l2l)) {
		fprintf(c->env->err, "kexec: warning: cannot tell whether this kernel survives the return from the jump (%s)\n",
			why);
	}
	return 0;
}

static void jump_release(struct load_ctx *c)
{
	free(c->u.jump.bregs);
}

const struct load_kind load_kind_jump = {
	.name = "jump",
	.flags = KEXEC_PRESERVE_CONTEXT,
	.prepare = jump_prepare,
	.purgatory = jump_purgatory,
	.finish = jump_finish,
	.release = jump_release,
};
