/* SPDX-License-Identifier: GPL-2.0-or-later */
/* load.c - the load pipeline (load.h).  One function per stage, in the
 * order the data flows:
 *
 *   stage_cmdline      the Linux command line (--reuse-cmdline, --append)
 *   stage_open         the memory map; the kernel and initrd opened, their
 *                      first bytes read
 *   stage_file_load    -s, or -a's first try: the kernel's file loader
 *   stage_system       the kernel's width, boot info
 *   stage_read         the kernel identified from its head, then the
 *                      kernel (and initrd, dtb) read whole
 *   kind->prepare      jump / panic: windows, boot map, command line
 *   stage_loader       the image format's loader (loader.c's table)
 *   stage_purgatory    the purgatory, with kind->purgatory's additions
 *   kind->finish       jump: B's memory, the return preflight
 *   stage_finalize     the plan checked against what the kernel checks
 *   stage_syscall      kexec_load, and the state file
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "decompress.h"
#include "file-load.h"
#include "load.h"
#include "load-kind.h"
#include "loader.h"
#include "pe.h"
#include "report.h"
#include "sysenv.h"
#include "timing.h"

/* The Linux command line: --reuse-cmdline's /proc/cmdline (without
 * BOOT_IMAGE=, and without crashkernel= for a panic kernel), then
 * --append.  c->cmdline is malloc'd. */
static int stage_cmdline(struct load_ctx *c)
{
	const struct options *o = c->o;
	char running[8192];
	int n;

	if (o->reuse_cmdline) {
		n = env_read_small(c->env, "/proc/cmdline", running,
				   sizeof(running));
		if (n < 0)
			return diag_fail(c->d, n, "--reuse-cmdline: cannot read %s/proc/cmdline: %s",
					 c->env->sysroot, strerror(-n));
	}
	return cmdline_build(c->d, o->reuse_cmdline ? running : NULL,
			     o->append, o->crash, &c->cmdline);
}

static const char *file_load_unfit(const struct options *o)
{
	if (o->preserve_context)
		return "the kernel's file loader cannot preserve context (it has no KEXEC_PRESERVE_CONTEXT)";
	if (o->args_none)
		return "--args-none programs are loaded with kexec_load";
	if (o->args_linux)
		return "--args-linux boots an ELF vmlinux, which the kernel's file loader does not take";
	if (o->type && (!loader_by_name(o->type) ||
			!(loader_by_name(o->type)->flags & LOADER_F_FILE_LOAD)))
		return "the kernel's file loader takes only bzImages (-t bzImage)";
	if (o->have_entry || o->have_load_addr || o->have_mem_min ||
	    o->have_mem_max)
		return "the kernel places the files itself: --entry, --load-addr, --mem-min and --mem-max need kexec_load";
	if (o->entry_32bit)
		return "--entry-32bit picks the entry our purgatory uses; the kernel's file loader always takes the 64-bit one";
	if (o->real_mode)
		return "--real-mode enters the kernel's 16-bit setup code through our purgatory; the kernel's file loader always takes the 64-bit entry";
	if (o->console_serial || o->no_checks || o->reset_vga || o->console_vga)
		return "--console-serial, --reset-vga, --console-vga and -i act on our purgatory, which only kexec_load uses";
	if (o->noefi || o->dtb || o->pass_memmap_cmdline)
		return "the kernel's file loader always passes the EFI state and takes no device tree or memmap= words: --noefi, --dtb and --pass-memmap-cmdline need kexec_load";
	return NULL;
}

/* Linux drops the loaded panic kernel as soon as a panic load reaches
 * it (kernel/kexec.c, kernel/kexec_file.c), so every refusal we can
 * foresee comes before the call; when the kernel refuses anyway, say
 * that the old one is gone. */
static void panic_lost(struct load_ctx *c)
{
	if (c->panic_was_loaded &&
	    env_read_flag(c->env, "/sys/kernel/kexec_crash_loaded") == 0)
		diag_suffix(c->d, " (Linux unloaded the previous panic kernel when it took the call: none is loaded now)");
}

/* The kernel file as it stands after image_open (only its head read):
 * compressed, so it is read whole and decompressed before any loader
 * looks at it (decompress.h; pe.h for EFI zboot)? */
static int kernel_compressed(const struct image *k)
{
	return decomp_detect(k->data, k->len) != DECOMP_NONE ||
	       zboot_magic(k->data, k->len);
}

/* The RAM the memory map reports: no kernel, initrd or module can be
 * bigger (doc/abi.md 22).  0 = unknown (no limit). */
static uint64_t ram_total(const struct memmap *m)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->v[i].type == MEM_RAM)
			sum += m->v[i].r.end - m->v[i].r.start;
	return sum;
}

#define RAM_WHAT "the System RAM the memory map reports"

/* Open the kernel and initrd files once, reading only their first bytes
 * (image.h): what they are is decided from those, and a file bigger
 * than the machine's RAM is refused before it is read.  The memory map
 * is read first for that limit; when it cannot be read here there is no
 * limit (kexec_file_load does not need it; stage_system says why). */
static int stage_open(struct load_ctx *c)
{
	int rc;

	if (memmap_load(c->d, c->env->sysroot, &c->mm) == 0) {
		c->ram = ram_total(&c->mm);
	} else {
		diag_debug(c->d, "no memory map yet (%s): file sizes unchecked",
			   c->d->msg);
		diag_clear(c->d);
		memmap_free(&c->mm);
		memset(&c->mm, 0, sizeof(c->mm));
	}
	rc = image_open(c->d, c->o->kernel, c->ram, RAM_WHAT, &c->img);
	if (rc == 0 && c->o->initrd)
		rc = image_open(c->d, c->o->initrd, c->ram, RAM_WHAT,
				&c->initrd);
	return rc;
}

/* The kernel file, read once and decompressed when it is compressed
 * (decompress.h: before any loader probes it, whatever its format). */
static int read_kernel(struct load_ctx *c)
{
	struct image *k = &c->img;
	int rc;

	if (c->kernel_read)
		return 0;     /* stage_file_load read it already */
	rc = image_read_rest(c->d, k);
	if (rc == 0)
		rc = image_decompress(c->d, k);
	if (rc == 0)
		rc = zboot_unwrap(c->d, k);     /* pe.h: EFI zboot */
	if (rc == 0 && k->compression && c->o->dry_run)
		fprintf(c->env->out, "kernel %.400s: %s-compressed, %zu bytes decompressed to %zu\n",
			k->name, k->compression, k->file_len, k->len);
	c->kernel_read = rc == 0;
	return rc;
}

/* -s, and the default -a's first try: kexec_file_load (file-load.h).
 * Sets *done when it loaded the image (or, in a dry run, printed the
 * call); returns 0 with *done clear when kexec_load should be used. */
static int stage_file_load(struct load_ctx *c, struct load_result *res,
			   int *done)
{
	const struct kexec_env *env = c->env;
	const struct options *o = c->o;
	struct diag *d = c->d;
	struct file_load_req r = {
		.kernel = o->kernel, .initrd = o->initrd, .cmdline = c->cmdline,
		.crash = o->crash, .khead = &c->img,
		.ihead = o->initrd ? &c->initrd : NULL,
	};
	const char *unfit = file_load_unfit(o);
	struct plan p;
	uint64_t t0;
	int rc;

	*done = 0;
	if (o->syscall_mode == 'c')
		return 0;
	/* a compressed kernel goes to the kernel decompressed, in a memfd;
	 * a plain one as the file itself */
	if (!unfit && kernel_compressed(&c->img)) {
		rc = read_kernel(c);
		if (rc)
			return rc;
		if (c->img.compression)
			r.kimg = &c->img;
	}
	/* a cut bzImage: our loader says so in one line */
	if (!unfit && !r.kimg && bzimage_cut(c->img.data, c->img.len, c->img.size))
		unfit = "the file is shorter than its setup header says (setup_sects, syssize): it is cut";
	/* a UKI is unpacked by our uki loader only (doc/abi.md 19.2) */
	if (!unfit && pe_has_section(c->img.data, c->img.len, ".linux"))
		unfit = "it is a unified kernel image (a PE file with a .linux section), and the kernel's file loader takes only bzImages";
	/* a panic load is checked first (panic_lost) */
	if (!unfit && o->crash)
		unfit = file_load_unfit_file(&r);
	if (o->syscall_mode == 's' && unfit)
		return diag_fail(d, -EINVAL,
				 "cannot load %.400s with kexec_file_load (-s): %s; leave out -s",
				 o->kernel, unfit);
	if (o->syscall_mode == 'a' &&
	    (unfit || !bzimage_magic(c->img.data, c->img.len))) {
		if (unfit)
			diag_debug(d, "not trying kexec_file_load: %s", unfit);
		return 0;
	}
	if (o->dry_run) {
		file_load_describe(env->out, &r);
		if (o->syscall_mode == 'a')
			fputs("if the kernel refuses that, kexec_load with this plan:\n",
			      env->out);
		*done = o->syscall_mode == 's';
		return 0;
	}
	t0 = timing_now();
	rc = file_load(d, env->sys, env->sys_ctx, &r);
	timing_add(TIMING_FILE_LOAD, t0, 0);
	if (rc == 0) {
		if (!o->crash) {
			plan_init(&p);
			state_write(env, d, &p, o->kernel, NULL);
		}
		diag_debug(d, "%s loaded with kexec_file_load", o->kernel);
		res->loaded = 1;
		*done = 1;
		return 0;
	}
	if (o->crash)
		panic_lost(c);
	if (o->syscall_mode == 'a' && file_load_may_fall_back(rc)) {
		diag_debug(d, "%s; trying kexec_load", d->msg);
		diag_clear(d);
		return 0;
	}
	if (rc == -EPERM) {
		char what[512];

		diag_clear(d);
		snprintf(what, sizeof(what), "cannot load %.400s", o->kernel);
		return env_explain_eperm(env, d, what);
	}
	return rc;
}

/* --reuseinitrd: kexec-tools' x86 build refuses it, in these words
 * (after checking that the running kernel kept its initrd) */
static int stage_reuseinitrd(struct load_ctx *c)
{
	char running[8192];
	int n;

	if (!c->o->reuseinitrd)
		return 0;
	n = env_read_small(c->env, "/proc/cmdline", running, sizeof(running));
	if (n < 0 || !cmdline_has_word(running, "retain_initrd"))
		return diag_fail(c->d, -EINVAL,
				 "unrecoverable error: current boot didn't retain the initrd for reuse.");
	return diag_fail(c->d, -EINVAL,
			 "--reuseinitrd not implemented on this architecture");
}

/* --module="FILE ARGS": the file is the first blank-separated word
 * (the whole string is the module's command line, for the loader).
 * Read once the loader is known to take --module. */
static int stage_modules(struct load_ctx *c)
{
	unsigned i;
	int rc;

	for (i = 0; i < c->o->nmodules; i++) {
		const char *s = c->o->modules[i];
		char path[4096];
		size_t n;

		s += strspn(s, " \t");
		n = strcspn(s, " \t");
		if (n == 0)
			return diag_fail(c->d, -EINVAL,
					 "--module=\"%.200s\": no file name",
					 c->o->modules[i]);
		if (n >= sizeof(path))
			return diag_fail(c->d, -ENAMETOOLONG,
					 "--module: file name of %zu bytes is too long",
					 n);
		memcpy(path, s, n);
		path[n] = '\0';
		rc = image_open(c->d, path, c->ram, RAM_WHAT, &c->mods[i]);
		if (rc == 0)
			rc = image_read_rest(c->d, &c->mods[i]);
		if (rc)
			return rc;
		c->nmods = i + 1;
	}
	c->lo.modules = c->mods;
	c->lo.nmodules = c->nmods;
	return 0;
}

/* Before the kernel file is read whole: a file that no loader takes
 * by its first IMAGE_HEAD bytes is refused at once (a probe says "not
 * mine" from magic numbers and header fields there, doc/abi.md 22).
 * Anything else (a match, or "mine but broken", which may only mean the
 * head is short) is decided again on the whole file (stage_identify). */
static int identify_head(struct load_ctx *c)
{
	const struct loader *l;
	struct diag *d = c->d;
	int rc, debug = d ? d->debug : 0;

	if (!c->img.partial || kernel_compressed(&c->img))
		return 0;
	/* quiet: kexec -d shows the probes once, on the whole file, or
	 * on the head when the head decides (a refusal) */
	if (d)
		d->debug = 0;
	rc = loader_identify(d, &c->img, &c->lo, &l);
	if (d)
		d->debug = debug;
	if (rc == -ENOEXEC && debug) {
		diag_clear(d);
		rc = loader_identify(d, &c->img, &c->lo, &l);
	}
	/* (an unknown --type does not depend on the bytes either) */
	if (rc == -ENOEXEC ||
	    (rc && c->o->type && !loader_by_name(c->o->type)))
		return rc;
	diag_clear(c->d);
	return 0;
}

static int stage_read(struct load_ctx *c)
{
	uint64_t t0 = timing_now();
	int rc = identify_head(c);

	if (rc == 0)
		rc = read_kernel(c);
	if (rc == 0 && c->o->initrd)
		rc = image_read_rest(c->d, &c->initrd);
	if (rc == 0 && c->o->dtb) {
		rc = image_open(c->d, c->o->dtb, c->ram, RAM_WHAT, &c->dtb);
		if (rc == 0)
			rc = image_read_rest(c->d, &c->dtb);
	}
	timing_add(TIMING_READ, t0, c->img.len + c->initrd.len + c->dtb.len);
	return rc;
}

/* What the loaders are told: the options, and what the running system
 * gives a Linux kernel. */
static int stage_system(struct load_ctx *c)
{
	const struct options *o = c->o;
	struct load_opts *lo = &c->lo;
	int rc;

	if (!c->mm.n) {     /* stage_open could not read it */
		memmap_free(&c->mm);
		memset(&c->mm, 0, sizeof(c->mm));
		rc = memmap_load(c->d, c->env->sysroot, &c->mm);
		if (rc)
			return rc;
	}
	rc = env_kernel_width(c->env, c->d, &c->is_64);
	if (rc)
		return rc;
	memset(lo, 0, sizeof(*lo));
	lo->opt = *o;
	lo->kernel_64 = c->is_64;
	lo->cmdline = c->cmdline;
	lo->initrd = o->initrd ? &c->initrd : NULL;
	env_host_boot_info(c->env, c->d, c->host_bp, sizeof(c->host_bp), lo);
	/* Preserve-context programs without --args-none are called by the
	 * purgatory: the loader lays out the program, then we add it. */
	lo->via_purgatory = o->preserve_context && !o->args_none;
	if (o->have_mem_min)
		c->p.mem_min = o->mem_min;
	if (o->have_mem_max)
		c->p.mem_max = o->mem_max;
	return 0;
}

/* Which loader takes the file (loader.c's table): the kinds of load
 * ask it what the image is before the loader lays it out. */
static int stage_identify(struct load_ctx *c)
{
	int rc = loader_identify(c->d, &c->img, &c->lo, &c->loader);

	return rc ? rc : loader_check_takes(c->d, &c->img, &c->lo, c->loader);
}

/* A Linux kernel gets the running kernel's EFI runtime state (unless
 * --noefi), a fresh RNG seed and the --dtb file (linux-params.c). */
static int stage_linux_extras(struct load_ctx *c)
{
	int rc;

	if (!load_boots_linux(c))
		return 0;
	if (c->o->pass_memmap_cmdline && !c->o->crash)
		return diag_fail(c->d, -EINVAL,
				 "--pass-memmap-cmdline applies to panic loads (-p) only: it adds the capture kernel's memory map as memmap= words; a kernel loaded with -l gets the map in boot_params");
	if (c->o->dtb)
		c->lo.dtb = &c->dtb;
	if (env_rng_seed(c->env, c->d, c->rng_seed, sizeof(c->rng_seed)) == 0) {
		c->lo.rng_seed = c->rng_seed;
		c->lo.rng_seed_len = sizeof(c->rng_seed);
	}
	if (c->o->noefi)
		return 0;
	rc = env_efi_state(c->env, c->d, &c->efi);
	if (rc)
		return rc;
	if (c->efi.n)
		c->lo.efi = &c->efi;
	return 0;
}

int load_boots_linux(const struct load_ctx *c)
{
	const struct options *o = c->o;
	unsigned f = c->loader ? c->loader->flags : 0;

	return !o->args_none &&
	       ((f & LOADER_F_LINUX) ||
		((f & LOADER_F_LINUX_ARGS) && o->args_linux));
}

static int stage_loader(struct load_ctx *c)
{
	/* (stage_identify chose c->loader and checked its options) */
	int rc = loader_run(c->d, c->loader, &c->img, &c->lo, &c->mm, &c->p);

	if (rc)
		return rc;
	/* (--reuse-cmdline for a loader that boots no Linux, such as
	 * multiboot, is its own command line: loader_check_takes) */
	if (!c->p.boot_params &&
	    (c->o->initrd ||
	     (c->o->reuse_cmdline &&
	      (c->loader->flags & (LOADER_F_LINUX | LOADER_F_LINUX_ARGS)))))
		return diag_fail(c->d, -EINVAL,
				 "%.400s: --initrd/--ramdisk/--reuse-cmdline only apply to a Linux kernel (a bzImage, or an ELF vmlinux with --args-linux)",
				 c->o->kernel);
	return 0;
}

/* Test hook KEXEC_JUMP_TEST_BOOT32=1 (kexec.h): make a normal load of a
 * program a PLAN_BOOT_32 register boot with values a test can recognise:
 * reg[i] = 0xa5a5a5a5_00000000 | 0x11111111 * (i + 1) (the high halves
 * must not reach 32-bit code), stack words 0x4b4a5342, 0x0badc0de. */
static void test_boot32(struct load_ctx *c)
{
	struct plan_boot *b = &c->p.boot;
	unsigned i;

	if (!c->env->test_boot32 || c->o->preserve_context || c->o->crash ||
	    c->p.boot_params)
		return;
	b->mode = PLAN_BOOT_32;
	for (i = 0; i < PLAN_NREGS; i++)
		b->reg[i] = UINT64_C(0xa5a5a5a500000000) |
			    UINT64_C(0x11111111) * (i + 1);
	b->stack[0] = 0x4b4a5342;
	b->stack[1] = 0x0badc0de;
	b->nstack = 2;
	c->p.entry_bits = 0;
	diag_debug(c->d, "test hook: a 32-bit register boot with fixed registers");
}

/* The purgatory: a Linux kernel is booted through it (Linux-boot mode),
 * a program called by a jump is called by it; the kind adds its own
 * (the jump's GDT repair, Linux-to-Linux arguments). */
static int stage_purgatory(struct load_ctx *c)
{
	const struct options *o = c->o;
	struct purgatory_opts *po = &c->po;
	int rc;

	test_boot32(c);
	purgatory_opts_init(po);
	po->jump = o->preserve_context;
	po->kernel_64 = c->is_64;
	po->entry = c->p.entry;
	po->no_checks = o->no_checks;
	po->console_serial = o->console_serial;
	po->reset_vga = o->reset_vga;
	po->console_vga = o->console_vga;
	if (o->have_serial_port)
		po->serial_port = o->serial_port;
	/* leave the UART as Linux programmed it unless asked */
	po->serial_baud = o->have_serial_baud ? o->serial_baud : 0;
	if (c->env->test_corrupt_segment > 0)
		po->corrupt_segment = c->env->test_corrupt_segment - 1;
	po->prog32 = c->p.entry_bits == 32;
	if (c->p.boot_params && !c->p.boot.mode) {
		/* Linux: the command line is in boot_params, and a booted
		 * kernel leaves no results to read back */
		po->boot_linux = 1;
		po->boot_params = c->p.boot_params;
		po->out_size = 0;
	} else if (c->p.boot.mode) {
		/* a register boot: the loader passed what it needs */
		po->boot = c->p.boot;
		po->out_size = 0;
	} else {
		po->append = o->append;
	}
	c->want_purgatory = c->lo.via_purgatory || c->p.boot_params ||
			    c->p.boot.mode;
	if (c->kind->purgatory) {
		rc = c->kind->purgatory(c);
		if (rc)
			return rc;
	}
	if (!c->want_purgatory)
		return 0;
	rc = purgatory_setup(c->d, &c->p, &c->mm, po, &c->placed);
	if (rc) {
		diag_prefix(c->d, "%.400s: ", o->kernel);
		return rc;
	}
	/* only a called program leaves results behind */
	c->have_placed = !c->p.boot_params && !c->p.boot.mode && !po->direct;
	return 0;
}

static int stage_finalize(struct load_ctx *c)
{
	int rc;

	c->p.flags |= c->kind->flags;
	if ((c->p.arch & KEXEC_ARCH_MASK) == 0)
		c->p.arch = env_arch_field(c->is_64);
	rc = plan_finalize(&c->p, c->d, &c->mm, 0);
	if (rc && strncmp(c->d->msg, c->o->kernel, strlen(c->o->kernel)) != 0)
		diag_prefix(c->d, "%.400s: ", c->o->kernel);
	return rc;
}

static int stage_syscall(struct load_ctx *c, struct load_result *res)
{
	const struct kexec_env *env = c->env;
	struct sys_seg *segs;
	uint64_t t0;
	size_t i;
	int rc;

	segs = calloc(c->p.nseg ? c->p.nseg : 1, sizeof(*segs));
	if (!segs)
		return diag_fail(c->d, -ENOMEM, "out of memory");
	for (i = 0; i < c->p.nseg; i++) {
		segs[i].buf = c->p.seg[i].buf;
		segs[i].bufsz = c->p.seg[i].bufsz;
		segs[i].mem = c->p.seg[i].mem;
		segs[i].memsz = c->p.seg[i].memsz;
	}
	/* No unload first: the kernel replaces the image only on success,
	 * so a failure here keeps whatever was loaded before. */
	t0 = timing_now();
	rc = env->sys->kexec_load(env->sys_ctx, c->p.entry, c->p.nseg, segs,
				  c->p.flags | c->p.arch);
	timing_add(TIMING_KEXEC_LOAD, t0, 0);
	free(segs);
	if (rc) {
		rc = env_explain_load_error(env, c->d, c->o->kernel, &c->p,
					    rc);
		if (c->o->crash)
			panic_lost(c);
		return rc;
	}
	/* the state file describes the image `kexec -e` runs: not a
	 * panic kernel's */
	if (!(c->p.flags & KEXEC_ON_CRASH))
		state_write(env, c->d, &c->p, c->o->kernel,
			    c->have_placed ? &c->placed : NULL);
	diag_debug(c->d, "%s loaded", c->o->kernel);
	res->loaded = 1;
	res->preserve = (c->p.flags & KEXEC_PRESERVE_CONTEXT) != 0;
	return 0;
}

static int run_stages(struct load_ctx *c, struct load_result *res)
{
	uint64_t t0;
	int done = 0, rc;

	rc = stage_reuseinitrd(c);
	if (rc)
		return rc;
	rc = stage_cmdline(c);
	if (rc)
		return rc;
	rc = stage_open(c);
	if (rc)
		return rc;
	rc = stage_file_load(c, res, &done);
	if (rc || done)
		return rc;
	rc = stage_system(c);
	if (rc)
		return rc;
	rc = stage_read(c);
	if (rc)
		return rc;
	t0 = timing_now();      /* the plan: up to stage_finalize */
	rc = stage_identify(c);
	if (rc)
		return rc;
	rc = stage_linux_extras(c);
	if (rc)
		return rc;
	rc = stage_modules(c);
	if (rc)
		return rc;
	if (c->kind->prepare && (rc = c->kind->prepare(c)) != 0)
		return rc;
	rc = stage_loader(c);
	if (rc)
		return rc;
	rc = stage_purgatory(c);
	if (rc)
		return rc;
	if (c->kind->finish && (rc = c->kind->finish(c)) != 0)
		return rc;
	rc = stage_finalize(c);
	timing_add(TIMING_PLAN, t0, 0);
	if (rc)
		return rc;
	if (c->o->dry_run) {
		report_plan(c->env->out, &c->p);
		return 0;
	}
	if (c->o->debug)
		report_plan(c->env->err, &c->p);
	return stage_syscall(c, res);
}

int load_run(const struct kexec_env *env, struct diag *d,
	     const struct options *o, struct load_result *res)
{
	struct load_ctx *c = calloc(1, sizeof(*c));
	uint64_t t0 = timing_now();
	int rc;

	memset(res, 0, sizeof(*res));
	if (!c)
		return diag_fail(d, -ENOMEM, "out of memory");
	c->env = env;
	c->d = d;
	c->o = o;
	c->kind = o->crash ? &load_kind_panic :
		  o->preserve_context ? &load_kind_jump : &load_kind_normal;
	plan_init(&c->p);
	if (o->crash)
		c->panic_was_loaded = env_read_flag(env,
			"/sys/kernel/kexec_crash_loaded") == 1;
	diag_debug(d, "a %s load of %s", c->kind->name, o->kernel);
	timing_reset();
	rc = run_stages(c, res);
	if (c->kind->release)
		c->kind->release(c);
	plan_free(&c->p);
	memmap_free(&c->mm);
	image_free(&c->initrd);
	image_free(&c->img);
	image_free(&c->dtb);
	efi_state_free(&c->efi);
	for (unsigned i = 0; i < c->nmods; i++)
		image_free(&c->mods[i]);
	free(c->cmdline);
	free(c);
	timing_add(TIMING_TOTAL, t0, 0);
	if (rc == 0)
		timing_report(d);
	return rc;
}

const struct load_kind load_kind_normal = { "normal", 0, NULL, NULL, NULL,
					    NULL };
