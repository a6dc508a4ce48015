/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kexec.c - load / unload / exec / status orchestration (see kexec.h).
 *
 * Everything that touches the kernel goes through env->sys; everything
 * read from /proc, /sys or /run is read below env->sysroot, so unit tests
 * run the whole flow against fixture directories and a fake kernel.
 *
 * Exit statuses (kexec-tools compatible where scripts look at them;
 * doc/kexec.8, EXIT STATUS):
 *   0   success
 *   1   any other error ("kexec: <message>" on stderr), and for -S
 *       "loaded"
 *   2   -S could not tell whether an image is loaded
 *   255 `kexec -e` returned without a successful jump
 * and after a jump into a program called through the purgatory came back
 * (results.h):
 *   0-250 the program's return value
 *   251 it returned another value (the value is printed on stderr)
 *   252 its results cannot be read back (message on stderr)
 *   253 the purgatory did not call it (message on stderr)
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "le.h"
#include "purgatory-abi.h"
#include "diag.h"
#include "kimage-read.h"
#include "kexec.h"
#include "crash.h"
#include "file-load.h"
#include "memmap.h"
#include "load.h"
#include "sysenv.h"
#include "options.h"
#include "plan.h"
#include "purgatory-load.h"
#include "results.h"
#include "version.h"

#define EXIT_ERROR 1
#define EXIT_STATUS_UNKNOWN 2
#define EXIT_EXEC_FAILED 255


/* Print "kexec: <msg>" on one line whatever the message quotes (file
 * names may hold control characters). */
static void print_error(FILE *f, const char *msg)
{
	const char *c;

	fputs("kexec: ", f);
	for (c = msg; *c; c++)
		fputc(((unsigned char)*c < 0x20 || *c == 0x7f) ? '?' : *c, f);
	fputc('\n', f);
}

/* Print the recorded failure (@rc's text if none) as one "kexec: ..."
 * line and return @status: EXIT_ERROR in kexec_main, or the status of
 * its own that a failure after a returned jump has (exec_results). */
static int fail_status(const struct kexec_env *env, const struct diag *d,
		       int rc, int status)
{
	print_error(env->err, d->msg[0] ? d->msg : strerror(-rc));
	return status;
}








/* After a preserve-context return: report what the program called
 * through the purgatory left in its parameter block.  Returns the exit
 * status, never a negative errno: once the jump has come back, every
 * outcome has a status of its own (results.h), and a failure is printed
 * here with that status instead of kexec_main's 1. */
static int exec_results(const struct kexec_env *env, struct diag *d)
{
	struct results res;
	uint64_t pa;
	size_t len;
	uint8_t *buf;
	int rc, status;

	if (!state_params(env, &pa, &len)) {
		diag_debug(d, "no parameter block recorded: nothing to report");
		return 0;
	}
	buf = malloc(len);
	rc = buf ? kimage_read_dest(d, env->sysroot, pa, buf, len) :
		   diag_fail(d, -ENOMEM, "out of memory");
	if (rc) {
		free(buf);
		diag_prefix(d, "the jump returned, but the program's results cannot be read: ");
		return fail_status(env, d, rc, RESULTS_EXIT_UNREADABLE);
	}
	rc = results_report(d, buf, len, env->out, &res);
	free(buf);
	if (rc)
		return fail_status(env, d, rc,
				   res.outcome == RESULTS_NOT_CALLED ?
				   RESULTS_EXIT_NOT_CALLED :
				   RESULTS_EXIT_UNREADABLE);
	status = results_exit_status(res.ret);
	if (status == RESULTS_EXIT_RET_OTHER)
		fprintf(env->err,
			"kexec: the program returned %" PRId32 " (exit status %d: values outside 0-%d map to %d)\n",
			res.ret, status, RESULTS_EXIT_RET_MAX,
			RESULTS_EXIT_RET_OTHER);
	return status;
}

/* Why reboot(LINUX_REBOOT_CMD_KEXEC) failed (doc/abi.md 2.1, 2.2). */
static const char *reboot_reason(int rc, char *buf, size_t n)
{
	switch (rc) {
	case -EINVAL:
		return "the kernel has no kexec image loaded or refused the reboot call (Invalid argument; e.g. in a non-initial PID namespace)";
	case -EBUSY:
		return "another kexec is in progress or tasks could not be frozen (Device or resource busy)";
	case -EPERM:
		return "permission denied: kexec -e needs root with CAP_SYS_BOOT";
	case 0:
		return "reboot returned although a normal (not preserve-context) image was loaded";
	}
	snprintf(buf, n, "%s", rc < 0 ? strerror(-rc) : "unexpected return value");
	return buf;
}

/* Run the loaded image.  Returns the exit status.  @preserve: 1 a
 * preserve-context image, 0 a normal one, -1 unknown (no state file:
 * treated as one that may return; the interfaces stay up, and a return
 * is a jump that came back). */
static int do_exec(const struct kexec_env *env, struct diag *d,
		   const struct options *o, int preserve)
{
	char buf[128];
	int rc;

	if (!o->no_sync)
		env->sys->sync(env->sys_ctx);
	if (!preserve && !o->no_ifdown) {
		rc = env->sys->ifdown(env->sys_ctx, d);
		if (rc) {
			fprintf(env->err, "kexec: warning: %s\n", d->msg[0] ?
				d->msg : strerror(-rc));
			diag_clear(d);
		}
	}
	diag_debug(d, "executing the %s image",
		   preserve > 0 ? "preserve-context" :
		   preserve < 0 ? "unrecorded (may return)" : "normal");
	fflush(env->out);
	fflush(env->err);
	rc = env->sys->reboot_kexec(env->sys_ctx);
	if (preserve && rc == 0) {
		diag_debug(d, "back from the kexec jump");
		return exec_results(env, d);
	}
	fprintf(env->err, "kexec -e failed: %s\n",
		reboot_reason(rc, buf, sizeof(buf)));
	return EXIT_EXEC_FAILED;
}

static int act_exec(const struct kexec_env *env, struct diag *d,
		    const struct options *o)
{
	int loaded = env_read_flag(env, "/sys/kernel/kexec_loaded");

	if (loaded == 0)
		return diag_fail(d, -ENOENT,
				 "no kexec image is loaded (use kexec -l first)");
	if (loaded < 0)
		diag_debug(d, "cannot read %s/sys/kernel/kexec_loaded (%s); trying anyway",
			   env->sysroot, strerror(-loaded));
	return do_exec(env, d, o, state_preserve(env, d));
}

static int act_status(const struct kexec_env *env, struct diag *d,
		      const struct options *o)
{
	int crash = o->status_type_explicit ? o->crash : 1;
	const char *rel = crash ? "/sys/kernel/kexec_crash_loaded" :
				  "/sys/kernel/kexec_loaded";
	const char *name = crash ? "panic (crash)" : "normal";
	int v = env_read_flag(env, rel);

	if (v < 0) {
		fprintf(env->err,
			"kexec: cannot tell whether a %s image is loaded: %s%s: %s\n",
			name, env->sysroot, rel, strerror(-v));
		return EXIT_STATUS_UNKNOWN;
	}
	diag_debug(d, "the %s image is %sloaded", name, v ? "" : "not ");
	return v ? 1 : 0;
}

static int act_unload(const struct kexec_env *env, struct diag *d,
		      const struct options *o)
{
	uint32_t flags;
	int is_64, rc;

	rc = env_kernel_width(env, d, &is_64);
	if (rc)
		return rc;
	flags = env_arch_field(is_64) | (o->crash ? KEXEC_ON_CRASH : 0);
	/* kexec_load's unload drops either kind of image; -s asks for the
	 * file call's own */
	if (o->syscall_mode == 's')
		rc = file_unload(d, env->sys, env->sys_ctx, o->crash);
	else
		rc = env->sys->kexec_load(env->sys_ctx, 0, 0, NULL, flags);
	if (rc == -EPERM)
		return env_explain_eperm(env, d, "cannot unload");
	if (rc)
		return diag_fail(d, rc, "cannot unload the %s image: %s",
				 o->crash ? "panic" : "kexec", strerror(-rc));
	if (!o->crash)
		state_remove(env, d);
	return 0;
}


/* After a successful load: run it (-f) or shut down (KERNEL alone). */
static int after_load(const struct kexec_env *env, struct diag *d,
		      const struct options *o, int preserve)
{
	if (o->action == ACT_LOAD_EXEC)
		return do_exec(env, d, o, preserve);
	if (o->action == ACT_LOAD_SHUTDOWN) {
		fflush(env->out);
		fflush(env->err);
		return env->sys->shutdown(env->sys_ctx, d);
	}
	return 0;
}

/* -l, -p, -f, KERNEL alone: load (load.c), then run it (-f) or shut
 * down (KERNEL alone). */
static int act_load(const struct kexec_env *env, struct diag *d,
		    const struct options *o)
{
	struct load_result res;
	int rc = load_run(env, d, o, &res);

	if (rc || !res.loaded)
		return rc;
	return after_load(env, d, o, res.preserve);
}

/* --print-ckr-size: the size of the crash kernel memory a panic kernel
 * is loaded into (the highest "Crash kernel" range, as kexec-tools
 * prints it), in bytes; 0 when none is reserved. */
static int act_print_ckr(const struct kexec_env *env, struct diag *d)
{
	struct memmap ram, crash;
	struct range r = { 0, 0 };
	int rc;

	memset(&crash, 0, sizeof(crash));
	rc = memmap_load_iomem(d, env->sysroot, &ram, &crash);
	if (rc)
		return rc;
	if (crash_load_region(&crash, &r))
		r.start = r.end = 0;
	fprintf(env->out, "%" PRIu64 "\n", r.end - r.start);
	memmap_free(&ram);
	memmap_free(&crash);
	return 0;
}

/* Print a blank and @text, the blank at column @col - 1 (0-based),
 * wrapped at blanks to fit 80 columns; continuation lines put the text
 * at column @indent.  Ends with a newline. */
static void help_wrap(FILE *f, const char *text, int col, int indent)
{
	while (*text) {
		int room = 80 - col - 1, n = (int)strlen(text);

		if (n > room) {
			n = room;
			while (n > 0 && text[n] != ' ')
				n--;
			if (n == 0)   /* one long word: let it overflow */
				n = (int)strcspn(text, " ");
		}
		fprintf(f, " %.*s\n", n, text);
		text += n;
		while (*text == ' ')
			text++;
		if (*text)   /* the blank before the text is printed above */
			fprintf(f, "%*s", indent - 1, "");
		col = indent;
	}
}

static void print_help(FILE *f)
{
	size_t i;


	options_usage(f);
	fputs("\nImage types (for -t), and the image options each takes:\n", f);
	for (i = 0; kj_loaders[i]; i++) {
		const struct loader *l = kj_loaders[i];
		char takes[512] = "takes:";
		size_t n = strlen(takes);
		unsigned bit;

		for (bit = 0; bit < OPT_G_COUNT && n < sizeof(takes); bit++)
			if (l->takes & OPT_G(bit))
				n += (size_t)snprintf(takes + n, sizeof(takes) - n,
						      " %s",
						      options_given_name(bit));
		fprintf(f, "  %-26s", l->name);
		help_wrap(f, l->summary ? l->summary : "", 29, 29);
		if (l->takes) {
			fprintf(f, "%28s", "");
			help_wrap(f, takes, 29, 29);
		}
	}
}

/* Where the jump-back helper's one empty segment goes.  It must exist
 * (nseg == 0 would unload) but carries nothing; not at 0, which 6.12
 * treats as covering all memory (doc/abi.md 4.3). */
#define JUMP_BACK_SEG_ADDR 0x1000u

/* --load-jump-back-helper --entry=ADDR (in kernel B): a preserve-context
 * image whose entry is A's re-entry point, so that `kexec -e` in B
 * resumes A where it jumped, and A's next `kexec -e` resumes B. */
static int act_load_jump_back(const struct kexec_env *env, struct diag *d,
			      const struct options *o)
{
	struct plan p;
	struct sys_seg seg = { NULL, 0, JUMP_BACK_SEG_ADDR, 0 };
	uint8_t mail[16];
	uint64_t mailbox = 0;
	int is_64, rc;

	rc = env_kernel_width(env, d, &is_64);
	if (rc)
		return rc;
	/* Our purgatory on the other side asks for this kernel's GDT (the
	 * i386 safe-return repair, entry32.S): kexec_jump_back_mailbox=
	 * names a page of its own; the helper's one segment fills it when
	 * this kernel jumps (the swap puts it there), and the caller's
	 * stub loads it before entering this kernel again. */
	{
		char cl[4096];
		const char *w;
		char *end;

		if (env_read_small(env, "/proc/cmdline", cl, sizeof(cl)) > 0 &&
		    (w = strstr(cl, "kexec_jump_back_mailbox=")) != NULL &&
		    (w == cl || w[-1] == ' ')) {
			mailbox = strtoull(w + 24, &end, 0);
			if (end == w + 24 || mailbox == 0 ||
			    mailbox % KJ_PAGE_SIZE || mailbox > 0xfffff000u)
				return diag_fail(d, -EINVAL,
						 "cannot load the jump-back helper: bad kexec_jump_back_mailbox= on /proc/cmdline");
		}
	}
	if (mailbox) {
		uint16_t glim = 0;
		uint64_t gbase = 0;
		int g = -ENOTSUP;

		g = env_kernel_gdt(env, d, is_64, &glim, &gbase);
		if (g)
			return diag_fail(d, g,
					 "cannot load the jump-back helper: the kernel that started this one needs this kernel's GDT to come back here safely, and this kexec cannot read it (%s)",
					 strerror(-g));
		memset(mail, 0, sizeof(mail));
		put_le(mail, KJ_PP_MAILBOX_MAGIC, 4);
		put_le(mail + 4, glim, 2);
		put_le(mail + 8, gbase, 8);
		seg = (struct sys_seg){ mail, sizeof(mail), mailbox, KJ_PAGE_SIZE };
		diag_debug(d, "jump-back helper: this kernel's GDT 0x%" PRIx64 " limit 0x%x goes to the mailbox at 0x%" PRIx64,
			   gbase, glim, mailbox);
	}
	plan_init(&p);
	p.entry = o->entry;
	p.flags = KEXEC_PRESERVE_CONTEXT;
	p.arch = env_arch_field(is_64);
	if (o->dry_run) {
		if (mailbox)
			fprintf(env->out,
				"jump-back helper: kexec_load(entry 0x%016" PRIx64 ", 1 segment: this kernel's GDT to the mailbox at 0x%016" PRIx64 ", flags 0x%08" PRIx32 ")\n",
				p.entry, mailbox, p.flags | p.arch);
		else
			fprintf(env->out,
				"jump-back helper: kexec_load(entry 0x%016" PRIx64 ", 1 empty segment at 0x%x, flags 0x%08" PRIx32 ")\n",
				p.entry, JUMP_BACK_SEG_ADDR, p.flags | p.arch);
		return 0;
	}
	rc = env->sys->kexec_load(env->sys_ctx, p.entry, 1, &seg,
				  p.flags | p.arch);
	if (rc) {
		p.nseg = 1;  /* for the message */
		return env_explain_load_error(env, d, "the jump-back helper", &p,
					      rc);
	}
	state_write(env, d, &p, "(jump-back helper)", NULL);
	diag_debug(d, "jump-back helper loaded: kexec -e resumes the kernel at 0x%" PRIx64,
		   p.entry);
	return 0;
}

int kexec_main(int argc, char **argv, const struct kexec_env *env)
{
	struct diag d;
	struct options o;
	int rc;

	memset(&d, 0, sizeof(d));
	d.out = env->err;
	rc = options_parse(&d, argc, argv, &o);
	if (rc) {
		print_error(env->err, d.msg);
		return EXIT_ERROR;
	}
	d.debug = o.debug;

	switch (o.action) {
	case ACT_HELP:
		print_help(env->out);
		return 0;
	case ACT_VERSION:
		fprintf(env->out, "kexec-tools %s (kexec-jump %s)\n",
			KJ_KEXEC_TOOLS_VERSION, KJ_VERSION);
		return 0;
	case ACT_STATUS:
		return act_status(env, &d, &o);
	case ACT_PRINT_CKR:
		rc = act_print_ckr(env, &d);
		break;
	case ACT_EXEC:
		rc = act_exec(env, &d, &o);
		break;
	case ACT_UNLOAD:
		rc = act_unload(env, &d, &o);
		break;
	case ACT_LOAD:
	case ACT_LOAD_EXEC:
	case ACT_LOAD_SHUTDOWN:
		rc = act_load(env, &d, &o);
		break;
	case ACT_LOAD_JUMP_BACK:
		rc = act_load_jump_back(env, &d, &o);
		break;
	default:
		rc = diag_fail(&d, -EINVAL, "nothing to do (see kexec --help)");
		break;
	}
	if (rc < 0)
		return fail_status(env, &d, rc, EXIT_ERROR);
	return rc;
}
