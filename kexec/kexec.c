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

#include "cmdline.h"
#include "confine.h"
#include "kgdt.h"
#include "le.h"
#include "purgatory-abi.h"
#include "file-load.h"
#include "diag.h"
#include "image.h"
#include "kimage-read.h"
#include "kexec.h"
#include "loader.h"
#include "memmap.h"
#include "options.h"
#include "plan.h"
#include "preflight.h"
#include "purgatory-load.h"
#include "report.h"
#include "results.h"
#include "version.h"

#define EXIT_ERROR 1
#define EXIT_STATUS_UNKNOWN 2
#define EXIT_EXEC_FAILED 255

/* Where a successful load is recorded, so that `kexec -e` can tell a
 * preserve-context image (which comes back) from a normal one. */
#define STATE_DIR "/run/kexec-jump"
#define STATE_FILE STATE_DIR "/loaded"

#define CAP_SYS_BOOT_BIT 22

/* Build <sysroot><rel> into @buf. */
static int root_path(const struct kexec_env *env, const char *rel, char *buf,
		     size_t n)
{
	int w = snprintf(buf, n, "%s%s", env->sysroot ? env->sysroot : "",
			 rel);

	if (w < 0 || (size_t)w >= n)
		return -ENAMETOOLONG;
	return 0;
}

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

/* Read a small text file below the sysroot, NUL-terminated.  Returns the
 * length or -errno. */
static int read_small(const struct kexec_env *env, const char *rel,
		      char *buf, size_t n)
{
	char path[4096];
	size_t len = 0;
	int fd, rc;

	rc = root_path(env, rel, path, sizeof(path));
	if (rc)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (len + 1 < n) {
		ssize_t r = read(fd, buf + len, n - 1 - len);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			close(fd);
			return rc;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = '\0';
	return (int)len;
}

/* Read a 0/1 flag file such as /sys/kernel/kexec_loaded.  Returns 0 or 1,
 * or -errno (-EINVAL for unexpected contents). */
static int read_flag(const struct kexec_env *env, const char *rel)
{
	char buf[32];
	int rc = read_small(env, rel, buf, sizeof(buf));

	if (rc < 0)
		return rc;
	if (buf[0] == '0' && (buf[1] == '\0' || buf[1] == '\n'))
		return 0;
	if (buf[0] == '1' && (buf[1] == '\0' || buf[1] == '\n'))
		return 1;
	return -EINVAL;
}

/* Width of the running kernel from uname's machine field. */
static int kernel_width(const struct kexec_env *env, struct diag *d,
			int *is_64)
{
	char m[65];
	int rc;

	rc = env->sys->uname_machine(env->sys_ctx, m, sizeof(m));
	if (rc)
		return diag_fail(d, rc, "cannot tell the machine type: uname: %s",
				 strerror(-rc));
	m[sizeof(m) - 1] = '\0';
	if (strcmp(m, "x86_64") == 0) {
		*is_64 = 1;
		return 0;
	}
	if (strlen(m) == 4 && m[0] == 'i' && m[1] >= '3' && m[1] <= '9' &&
	    m[2] == '8' && m[3] == '6') {
		*is_64 = 0;
		return 0;
	}
	return diag_fail(d, -ENOEXEC,
			 "unsupported machine '%s': kexec-jump runs on x86_64 and i386 (i?86) kernels",
			 m);
}

/* Arch field for calls not tied to a plan (unload). */
static uint32_t arch_field(int is_64)
{
	return is_64 ? KEXEC_ARCH_X86_64 : KEXEC_ARCH_386;
}

/* EPERM from kexec_load: say which of the kernel's reasons applies
 * (doc/abi.md 1.6, 1.7). */
static int explain_eperm(const struct kexec_env *env, struct diag *d,
			 const char *what)
{
	char buf[512];
	unsigned euid = env->sys->geteuid(env->sys_ctx);
	int rc;

	if (euid != 0)
		return diag_fail(d, -EPERM,
				 "%s: permission denied: you are not root (euid %u); kexec needs CAP_SYS_BOOT",
				 what, euid);
	rc = read_small(env, "/proc/self/status", buf, sizeof(buf));
	if (rc > 0) {
		const char *cap = strstr(buf, "CapEff:");
		unsigned long long eff;
		char *end;

		if (cap) {
			eff = strtoull(cap + 7, &end, 16);
			if (end != cap + 7 &&
			    !(eff & (1ull << CAP_SYS_BOOT_BIT)))
				return diag_fail(d, -EPERM,
						 "%s: permission denied: the process lacks CAP_SYS_BOOT (e.g. in a container)",
						 what);
		}
	}
	if (read_flag(env, "/proc/sys/kernel/kexec_load_disabled") == 1)
		return diag_fail(d, -EPERM,
				 "%s: kexec_load is disabled (/proc/sys/kernel/kexec_load_disabled is 1, which stays set until reboot)",
				 what);
	rc = read_small(env, "/sys/kernel/security/lockdown", buf, sizeof(buf));
	if (rc > 0) {
		if (strstr(buf, "[integrity]"))
			return diag_fail(d, -EPERM,
					 "%s: the kernel is locked down (lockdown=integrity), which refuses kexec_load",
					 what);
		if (strstr(buf, "[confidentiality]"))
			return diag_fail(d, -EPERM,
					 "%s: the kernel is locked down (lockdown=confidentiality), which refuses kexec_load",
					 what);
	}
	rc = read_small(env, "/proc/sys/kernel/kexec_load_limit_reboot", buf,
			sizeof(buf));
	if (rc > 0 && buf[0] == '0' && (buf[1] == '\n' || buf[1] == '\0'))
		return diag_fail(d, -EPERM,
				 "%s: the kexec load limit is used up (/proc/sys/kernel/kexec_load_limit_reboot is 0)",
				 what);
	return diag_fail(d, -EPERM,
			 "%s: permission denied by the kernel (Operation not permitted), for no reason visible here (root, CAP_SYS_BOOT, kexec_load_disabled and lockdown look fine)",
			 what);
}

/* Turn a failed kexec_load into one line. */
static int explain_load_error(const struct kexec_env *env, struct diag *d,
			      const struct options *o, const struct plan *p,
			      int rc)
{
	char what[512];
	uint64_t total = 0;
	size_t i;

	snprintf(what, sizeof(what), "cannot load %.400s", o->kernel);
	switch (rc) {
	case -EPERM:
		return explain_eperm(env, d, what);
	case -EINVAL:
		if (p->flags & KEXEC_PRESERVE_CONTEXT) {
			int pr = env->sys->kexec_probe_flags(env->sys_ctx,
				KEXEC_PRESERVE_CONTEXT | p->arch);
			int pa = pr == -EINVAL ?
				env->sys->kexec_probe_flags(env->sys_ctx, p->arch) :
				0;

			diag_debug(d, "flag probe: preserve-context -> %d, arch only -> %d",
				   pr, pa);
			if (pr == -EINVAL && pa != -EINVAL)
				return diag_fail(d, -EINVAL,
						 "%s: this kernel was built without CONFIG_KEXEC_JUMP (--load-preserve-context is refused)",
						 what);
		}
		return diag_fail(d, -EINVAL,
				 "%s: the kernel refused the load (Invalid argument) with flags 0x%08" PRIx32 " and %zu segment(s)",
				 what, p->flags | p->arch, p->nseg);
	case -EBUSY:
		return diag_fail(d, rc,
				 "%s: another kexec load or exec is in progress (Device or resource busy); try again",
				 what);
	case -EADDRNOTAVAIL:
		return diag_fail(d, rc,
				 "%s: the kernel refused a destination address (Cannot assign requested address): a segment lies outside the memory it accepts",
				 what);
	case -ENOMEM:
		for (i = 0; i < p->nseg; i++)
			total += p->seg[i].memsz;
		return diag_fail(d, rc,
				 "%s: the kernel ran out of memory (it needs about %" PRIu64 " KiB free for the image, plus control pages)",
				 what, total / 1024);
	case -EFAULT:
		return diag_fail(d, rc,
				 "%s: the kernel could not read the segment list or a buffer (Bad address)",
				 what);
	case -EOVERFLOW:
		return diag_fail(d, rc,
				 "%s: a segment or the entry lies above 4 GiB, which this 32-bit kexec cannot pass to the kernel",
				 what);
	case -EACCES:
		return diag_fail(d, rc,
				 "%s: refused by a security module such as IMA (Permission denied)",
				 what);
	case -ENOSYS:
		return diag_fail(d, rc,
				 "%s: this kernel has no kexec_load (built without CONFIG_KEXEC)",
				 what);
	default:
		return diag_fail(d, rc, "%s: kexec_load: %s", what,
				 strerror(-rc));
	}
}

/* Record a successful load in <sysroot>/run/kexec-jump/loaded.  Failure
 * is not an error: -e then assumes a normal image. */
static void state_write(const struct kexec_env *env, struct diag *d,
			const struct plan *p, const char *file,
			const struct purgatory_placed *pl)
{
	char dir[4096], path[4096], tmp[4200];
	FILE *f;
	size_t i;

	if (root_path(env, "/run", dir, sizeof(dir)) ||
	    root_path(env, STATE_FILE, path, sizeof(path))) {
		diag_debug(d, "state file path too long; not recorded");
		return;
	}
	mkdir(dir, 0755);
	if (root_path(env, STATE_DIR, dir, sizeof(dir)) == 0)
		mkdir(dir, 0755);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		diag_debug(d, "cannot record the load in %s: %s", path,
			   strerror(errno));
		return;
	}
	fprintf(f, "flags 0x%08" PRIx32 "\n", p->flags | p->arch);
	fprintf(f, "entry 0x%016" PRIx64 "\n", p->entry);
	/* where kexec -e finds the program's results after the return */
	if (pl)
		fprintf(f, "params 0x%016" PRIx64 " %zu\n", pl->params_pa,
			pl->params_len);
	fprintf(f, "file ");
	for (i = 0; file[i]; i++)   /* one line, whatever the name holds */
		fputc(file[i] == '\n' ? '?' : file[i], f);
	fputc('\n', f);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		diag_debug(d, "cannot record the load in %s: %s", path,
			   strerror(errno));
		unlink(tmp);
	}
}

static void state_remove(const struct kexec_env *env, struct diag *d)
{
	char path[4096];

	if (root_path(env, STATE_FILE, path, sizeof(path)))
		return;
	if (unlink(path) != 0 && errno != ENOENT)
		diag_debug(d, "cannot remove %s: %s", path, strerror(errno));
}

/* 1 if the state file says the loaded image preserves context. */
static int state_preserve(const struct kexec_env *env, struct diag *d)
{
	char buf[1024];
	const char *line;
	unsigned long flags;
	char *end;

	if (read_small(env, STATE_FILE, buf, sizeof(buf)) <= 0) {
		diag_debug(d, "no %s: assuming a normal image", STATE_FILE);
		return 0;
	}
	line = strncmp(buf, "flags ", 6) == 0 ? buf : strstr(buf, "\nflags ");
	if (!line) {
		diag_debug(d, "%s has no flags line: assuming a normal image",
			   STATE_FILE);
		return 0;
	}
	if (line[0] == '\n')
		line++;
	flags = strtoul(line + 6, &end, 0);
	return (flags & KEXEC_PRESERVE_CONTEXT) ? 1 : 0;
}

/* The parameter block of a purgatory image, from the state file: 1 and
 * its address/length, or 0 when the image has none (--args-none, or it
 * was loaded by another tool). */
static int state_params(const struct kexec_env *env, uint64_t *pa,
			size_t *len)
{
	char buf[1024];
	const char *line;
	unsigned long long a, n;

	if (read_small(env, STATE_FILE, buf, sizeof(buf)) <= 0)
		return 0;
	line = strstr(buf, "\nparams ");
	if (!line || sscanf(line + 8, "%llx %llu", &a, &n) != 2 || n == 0 ||
	    n > (1u << 24))
		return 0;
	*pa = a;
	*len = (size_t)n;
	return 1;
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

/* Run the loaded image.  Returns the exit status. */
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
		   preserve ? "preserve-context" : "normal");
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
	int loaded = read_flag(env, "/sys/kernel/kexec_loaded");

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
	int v = read_flag(env, rel);

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

	rc = kernel_width(env, d, &is_64);
	if (rc)
		return rc;
	flags = arch_field(is_64) | (o->crash ? KEXEC_ON_CRASH : 0);
	/* kexec_load's unload drops either kind of image; -s asks for the
	 * file call's own */
	if (o->syscall_mode == 's')
		rc = file_unload(d, env->sys, env->sys_ctx, o->crash);
	else
		rc = env->sys->kexec_load(env->sys_ctx, 0, 0, NULL, flags);
	if (rc == -EPERM)
		return explain_eperm(env, d, "cannot unload");
	if (rc)
		return diag_fail(d, rc, "cannot unload the %s image: %s",
				 o->crash ? "panic" : "kexec", strerror(-rc));
	if (!o->crash)
		state_remove(env, d);
	return 0;
}

/* What a Linux kernel gets from the running system: the running kernel's
 * boot_params (for screen_info, the ACPI RSDP, hardware_subarch) and the
 * RSDP from the EFI system table.  Nothing here is required: missing
 * files leave the loader's defaults. */
static void host_boot_info(const struct kexec_env *env, struct diag *d,
			   uint8_t *bp, size_t bpsz, struct load_opts *lo)
{
	char systab[4096];
	const char *keys[] = { "\nACPI20=", "\nACPI=" };
	size_t i;
	int n;

	n = read_small(env, "/sys/kernel/boot_params/data", (char *)bp, bpsz);
	if (n > 0) {
		lo->host_bp = bp;
		lo->host_bp_len = (size_t)n;
	} else {
		diag_debug(d, "no /sys/kernel/boot_params/data (%s): default screen_info, no ACPI RSDP from it",
			   n < 0 ? strerror(-n) : "empty");
	}
	systab[0] = '\n';
	n = read_small(env, "/sys/firmware/efi/systab", systab + 1,
		       sizeof(systab) - 1);
	for (i = 0; n > 0 && i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *k = strstr(systab, keys[i]);

		if (k) {
			lo->acpi_rsdp = strtoull(k + strlen(keys[i]), NULL, 0);
			break;
		}
	}
}

/* The Linux command line: --reuse-cmdline's /proc/cmdline, then
 * --append.  *out is malloc'd. */
static int linux_cmdline(const struct kexec_env *env, struct diag *d,
			 const struct options *o, char **out)
{
	char running[8192];
	int n = 0;

	if (o->reuse_cmdline) {
		n = read_small(env, "/proc/cmdline", running, sizeof(running));
		if (n < 0)
			return diag_fail(d, n, "--reuse-cmdline: cannot read %s/proc/cmdline: %s",
					 env->sysroot, strerror(-n));
	}
	return cmdline_build(d, o->reuse_cmdline ? running : NULL, o->append,
			     out);
}

/* The running kernel's GDT descriptor for the safe-return repair: sgdt
 * pinned to CPU 0, else (UMIP, a 32-bit kexec on a 64-bit kernel, or the
 * KEXEC_JUMP_TEST_NO_SGDT hook) CPU 0's gdt_page from kallsyms and kcore
 * (kgdt.h).  0, or -errno with a debug line (not an error: the caller
 * decides whether a load without the repair is acceptable). */
static int kernel_gdt(const struct kexec_env *env, struct diag *d, int is_64,
		      uint16_t *limit, uint64_t *base)
{
	char ks[4096], kc_path[4096];
	struct kcore *kc = NULL;
	struct diag q;
	int g = -ENOTSUP;

	if (env->test_no_repair)
		return -ENOTSUP;
	if (env->sys->read_kernel_gdt && !env->test_no_sgdt &&
	    !(is_64 && sizeof(void *) < 8)) {
		g = env->sys->read_kernel_gdt(env->sys_ctx, limit, base);
		if (g == 0) {
			diag_debug(d, "kernel GDT 0x%016" PRIx64 " limit 0x%x (sgdt on CPU 0)",
				   *base, *limit);
			return 0;
		}
		diag_debug(d, "sgdt: %s; looking the GDT up in kallsyms",
			   strerror(-g));
	}
	memset(&q, 0, sizeof(q));
	if (root_path(env, "/proc/kallsyms", ks, sizeof(ks)) ||
	    root_path(env, "/proc/kcore", kc_path, sizeof(kc_path)))
		return -ENAMETOOLONG;
	g = kcore_open(&q, kc_path, &kc);
	if (g == 0) {
		g = kgdt_from_symbols(&q, ks, kc, is_64, limit, base);
		kcore_close(kc);
	}
	if (g == 0)
		diag_debug(d, "kernel GDT 0x%016" PRIx64 " limit 0x%x (gdt_page + __per_cpu_offset[0], kallsyms)",
			   *base, *limit);
	else
		diag_debug(d, "kernel GDT not found: %s", q.msg);
	return g;
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

/* Why kexec_file_load cannot do what the options ask, or NULL. */
static const char *file_load_unfit(const struct options *o)
{
	if (o->preserve_context)
		return "the kernel's file loader cannot preserve context (it has no KEXEC_PRESERVE_CONTEXT)";
	if (o->args_none)
		return "--args-none programs are loaded with kexec_load";
	if (o->args_linux)
		return "--args-linux boots an ELF vmlinux, which the kernel's file loader does not take";
	if (o->type && strcmp(o->type, "bzImage") != 0 &&
	    strcmp(o->type, "bzImage64") != 0)
		return "the kernel's file loader takes only bzImages (-t bzImage)";
	if (o->have_entry || o->have_load_addr || o->have_mem_min ||
	    o->have_mem_max)
		return "the kernel places the files itself: --entry, --load-addr, --mem-min and --mem-max need kexec_load";
	if (o->console_serial || o->no_checks)
		return "--console-serial and -i act on our purgatory, which only kexec_load uses";
	if (o->crash)
		return "panic loads are not supported yet";
	return NULL;
}

/* -s, and the default -a's first try: kexec_file_load (file-load.h).
 * Sets *done when it loaded the image (or, in a dry run, printed the
 * call); returns 0 with *done clear when kexec_load should be used. */
static int try_file_load(const struct kexec_env *env, struct diag *d,
			 const struct options *o, const char *cmdline,
			 int *done)
{
	struct file_load_req r = { o->kernel, o->initrd, cmdline, o->crash };
	const char *unfit = file_load_unfit(o);
	struct plan p;
	int rc;

	*done = 0;
	if (o->syscall_mode == 'c')
		return 0;
	if (o->syscall_mode == 's' && unfit)
		return diag_fail(d, -EINVAL,
				 "cannot load %.400s with kexec_file_load (-s): %s; leave out -s",
				 o->kernel, unfit);
	if (o->syscall_mode == 'a' &&
	    (unfit || !file_looks_like_bzimage(o->kernel)))
		return 0;
	if (o->dry_run) {
		file_load_describe(env->out, &r);
		if (o->syscall_mode == 'a')
			fputs("if the kernel refuses that, kexec_load with this plan:\n",
			      env->out);
		*done = o->syscall_mode == 's';
		return 0;
	}
	rc = file_load(d, env->sys, env->sys_ctx, &r);
	if (rc == 0) {
		plan_init(&p);
		state_write(env, d, &p, o->kernel, NULL);
		diag_debug(d, "%s loaded with kexec_file_load", o->kernel);
		*done = 1;
		return 0;
	}
	if (o->syscall_mode == 'a' && file_load_may_fall_back(rc)) {
		diag_debug(d, "%s; trying kexec_load", d->msg);
		diag_clear(d);
		return 0;
	}
	if (rc == -EPERM) {
		char what[512];

		diag_clear(d);
		snprintf(what, sizeof(what), "cannot load %.400s", o->kernel);
		return explain_eperm(env, d, what);
	}
	return rc;
}

/* Build and (unless --dry-run) load the plan; then run or shut down as
 * the action asks.  Returns an exit status, or a negative errno with the
 * message recorded. */
static int act_load(const struct kexec_env *env, struct diag *d,
		    const struct options *o)
{
	struct image img, initrd;
	struct memmap mm;
	uint8_t host_bp[4097];
	char *cmdline = NULL;
	struct plan p;
	struct load_opts lo;
	struct purgatory_placed placed;
	int have_placed = 0, repaired = 0;
	struct sys_seg *segs = NULL;
	struct confine conf;
	struct memmap bmap;            /* kernel B's map (regions: bregs) */
	struct mem_region *bregs = NULL;
	int l2l = 0;                   /* a Linux-to-Linux jump */
	int direct = 0;                /* --args-none through KJ_PP_F_DIRECT */
	size_t i;
	int is_64, rc;

	memset(&bmap, 0, sizeof(bmap));
	memset(&img, 0, sizeof(img));
	memset(&initrd, 0, sizeof(initrd));
	memset(&mm, 0, sizeof(mm));
	plan_init(&p);

	rc = linux_cmdline(env, d, o, &cmdline);
	if (rc)
		goto out;
	{
		int done = 0;

		rc = try_file_load(env, d, o, cmdline, &done);
		if (rc || done) {
			if (!rc && done && !o->dry_run)
				rc = after_load(env, d, o, 0);
			goto out;
		}
	}
	rc = image_read(d, o->kernel, &img);
	if (rc)
		goto out;
	if (o->initrd) {
		rc = image_read(d, o->initrd, &initrd);
		if (rc)
			goto out;
	}
	rc = memmap_load(d, env->sysroot, &mm);
	if (rc)
		goto out;
	rc = kernel_width(env, d, &is_64);
	if (rc)
		goto out;

	memset(&lo, 0, sizeof(lo));
	lo.preserve_context = o->preserve_context;
	lo.args_none = o->args_none;
	lo.args_linux = o->args_linux;
	lo.have_entry = o->have_entry;
	lo.entry = o->entry;
	lo.have_load_addr = o->have_load_addr;
	lo.load_addr = o->load_addr;
	lo.kernel_64 = is_64;
	lo.type = o->type;
	lo.cmdline = cmdline;
	lo.initrd = o->initrd ? &initrd : NULL;
	host_boot_info(env, d, host_bp, sizeof(host_bp), &lo);
	/* Preserve-context programs without --args-none are called by the
	 * purgatory: the loader lays out the program, then we add it. */
	lo.via_purgatory = o->preserve_context && !o->args_none;
	if (o->have_mem_min)
		p.mem_min = o->mem_min;
	if (o->have_mem_max)
		p.mem_max = o->mem_max;
	/* A Linux kernel loaded to jump to (doc/abi.md 4): confine it to
	 * its own memory (confine.h) and let the purgatory tell it the way
	 * back. */
	if (o->preserve_context && !o->args_none &&
	    bzimage_magic(img.data, img.len) &&
	    (!o->type || strncmp(o->type, "bzImage", 7) == 0)) {
		size_t cap = mm.n * (2 * CONFINE_MAX_RAM + 3) + 1;

		l2l = 1;
		rc = confine_pick(d, &mm, CONFINE_DEFAULT_SIZE, o->have_mem_min,
				  o->mem_min, o->have_mem_max, o->mem_max,
				  /* the purgatory goes at the window's
				   * top and must stay below 2 GiB; i386:
				   * B's kernel must load below 0x38000000
				   * (its low memory) */
				  is_64 ? PURGATORY_MAX_ADDR + 1 : UINT64_C(0x38000000),
				  &conf);
		if (rc) {
			diag_prefix(d, "%.400s: ", o->kernel);
			goto out;
		}
		bregs = calloc(cap, sizeof(*bregs));
		if (!bregs) {
			rc = diag_fail(d, -ENOMEM, "out of memory");
			goto out;
		}
		rc = confine_reserve_top(d, &conf, CONFINE_HOLE_SIZE,
					 PURGATORY_MAX_ADDR + 1);
		if (rc) {
			diag_prefix(d, "%.400s: ", o->kernel);
			goto out;
		}
		rc = confine_e820(d, &mm, &conf, bregs, cap, &bmap.n);
		if (rc)
			goto out;
		bmap.v = bregs;
		bmap.cap = cap;
		bmap.source = "confined";
		lo.boot_e820 = &bmap;
		lo.cmdline_spare = KJ_PP_CMDLINE_SPARE;
		/* B's kernel, initrd and boot_params below the hole, the
		 * purgatory in it (after the loader) */
		p.mem_min = conf.window.start;
		p.mem_max = conf.hole.start - 1;
		diag_debug(d, "jump to Linux: its memory is 0x%llx-0x%llx and 0x%llx-0x%llx (below 1 MiB); the rest of this kernel's RAM is reserved in its map",
			   (unsigned long long)conf.window.start,
			   (unsigned long long)conf.window.end,
			   (unsigned long long)conf.ram[0].start,
			   (unsigned long long)conf.ram[0].end);
	}

	rc = loader_load(d, &img, &lo, &mm, &p);
	if (rc)
		goto out;
	if (!p.boot_params && (o->initrd || o->reuse_cmdline)) {
		rc = diag_fail(d, -EINVAL,
			       "%.400s: --initrd/--ramdisk/--reuse-cmdline only apply to a Linux kernel (a bzImage, or an ELF vmlinux with --args-linux)",
			       o->kernel);
		goto out;
	}
	/* An --args-none jump image on a kernel whose return needs the GDT
	 * repair (or may): enter it through the purgatory's direct mode
	 * (KJ_PP_F_DIRECT), which only loads the kernel's GDT on the way
	 * back.  Harmless where the kernel has the fix. */
	if (o->preserve_context && o->args_none && !env->test_no_repair) {
		char why[256];

		direct = preflight_return(env->sysroot, is_64, why,
					  sizeof(why)) != RETURN_NATIVE;
		diag_debug(d, "--args-none: %s%s", why, direct ?
			   "; entering it through the purgatory's direct mode, which repairs the return" : "");
	}
	if (lo.via_purgatory || p.boot_params || direct) {
		struct purgatory_opts po;

		purgatory_opts_init(&po);
		po.direct = direct;
		po.jump = o->preserve_context;
		po.kernel_64 = is_64;
		po.entry = p.entry;
		po.no_checks = o->no_checks;
		po.console_serial = o->console_serial;
		if (o->have_serial_port)
			po.serial_port = o->serial_port;
		/* leave the UART as Linux programmed it unless asked */
		po.serial_baud = o->have_serial_baud ? o->serial_baud : 0;
		if (env->test_corrupt_segment > 0)
			po.corrupt_segment = env->test_corrupt_segment - 1;
		if (p.boot_params) {
			/* Linux: the command line is in boot_params, and a
			 * booted kernel leaves no results to read back */
			po.boot_linux = 1;
			po.boot_params = p.boot_params;
			po.out_size = 0;
			po.jump_back_arg = l2l;
			/* the i386 Linux-to-Linux repair (entry32.S stubs) */
			po.mailbox = l2l && !is_64;
		} else {
			po.append = o->append;
		}
		/* the safe-return repair needs the kernel's GDT descriptor;
		 * a 32-bit process on a 64-bit kernel sees only half of it */
		if (!p.boot_params || (l2l && !is_64)) {
			uint16_t glim;
			uint64_t gbase;

			if (kernel_gdt(env, d, is_64, &glim, &gbase) == 0) {
				po.kernel_gdt_limit = glim;
				po.kernel_gdt_base = gbase;
				repaired = 1;
			} else {
				diag_debug(d, "no safe-return repair");
			}
		}
		if (l2l) {   /* into the hole B's map keeps from B */
			p.mem_min = conf.hole.start;
			p.mem_max = conf.hole.end - 1;
		}
		rc = purgatory_setup(d, &p, &mm, &po, &placed);
		if (rc) {
			diag_prefix(d, "%.400s: ", o->kernel);
			goto out;
		}
		/* only a called program leaves results behind */
		have_placed = !p.boot_params && !direct;
	}
	if (l2l) {
		/* every page of B's memory becomes a destination page, so the
		 * kernel swaps this kernel's data out of it and back */
		p.mem_min = 0;
		p.mem_max = UINT64_MAX;
		rc = confine_fill(d, &conf, &p);
		if (rc) {
			diag_prefix(d, "%.400s: ", o->kernel);
			goto out;
		}
	}
	if (o->preserve_context) {
		char why[256];
		enum return_safety rs = preflight_return(env->sysroot, is_64, why,
							 sizeof(why));

		diag_debug(d, "return from the jump: %s%s", why,
			   repaired ? "; the purgatory loads the kernel's GDT before returning" : "");
		/* A kernel without CONFIG_KEXEC_JUMP cannot jump at all: let
		 * the load fail with that, the more useful message (the flag
		 * probe loads and unloads nothing; not in a dry run). */
		int no_jump = rs != RETURN_NATIVE && !repaired && !o->dry_run &&
			env->sys->kexec_probe_flags(env->sys_ctx,
				KEXEC_PRESERVE_CONTEXT | arch_field(is_64)) == -EINVAL;

		if (no_jump) {
			diag_debug(d, "the kernel refuses preserve-context loads: no return to worry about");
		} else if (rs == RETURN_NEEDS_REPAIR && !repaired) {
			const char *how = l2l && is_64 ? "the other kernel jumps straight back to this kernel's re-entry point, where nothing repairs the return (the repair for Linux-to-Linux jumps exists on i386 only)" :
				"the purgatory's repair needs the kernel's GDT, which this kexec cannot read (UMIP or a 32-bit kexec on a 64-bit kernel, and no kallsyms/kcore route)";

			if (!o->risk_crash_on_return) {
				rc = diag_fail(d, -ENOTSUP,
					       "%.400s: returning from this jump would crash this kernel (%s; kexec-jump's doc/abi.md 3.4): %s, or add --risk-crash-on-return",
					       o->kernel, why, how);
				goto out;
			}
			fprintf(env->err, "kexec: warning: returning from this jump will crash this kernel (%s)\n",
				why);
		} else if (rs == RETURN_UNKNOWN && !repaired &&
			   (o->args_none || l2l)) {
			fprintf(env->err, "kexec: warning: cannot tell whether this kernel survives the return from the jump (%s)\n",
				why);
		}
	}
	if (o->preserve_context)
		p.flags |= KEXEC_PRESERVE_CONTEXT;
	if ((p.arch & KEXEC_ARCH_MASK) == 0)
		p.arch = arch_field(is_64);
	rc = plan_finalize(&p, d, &mm, 0);
	if (rc) {
		if (strncmp(d->msg, o->kernel, strlen(o->kernel)) != 0)
			diag_prefix(d, "%.400s: ", o->kernel);
		goto out;
	}
	if (o->dry_run) {
		report_plan(env->out, &p);
		rc = 0;
		goto out;
	}
	if (o->debug)
		report_plan(env->err, &p);

	segs = calloc(p.nseg ? p.nseg : 1, sizeof(*segs));
	if (!segs) {
		rc = diag_fail(d, -ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < p.nseg; i++) {
		segs[i].buf = p.seg[i].buf;
		segs[i].bufsz = p.seg[i].bufsz;
		segs[i].mem = p.seg[i].mem;
		segs[i].memsz = p.seg[i].memsz;
	}
	/* No unload first: the kernel replaces the image only on success,
	 * so a failure here keeps whatever was loaded before. */
	rc = env->sys->kexec_load(env->sys_ctx, p.entry, p.nseg, segs,
				  p.flags | p.arch);
	if (rc) {
		rc = explain_load_error(env, d, o, &p, rc);
		goto out;
	}
	state_write(env, d, &p, o->kernel, have_placed ? &placed : NULL);
	diag_debug(d, "%s loaded", o->kernel);
	rc = after_load(env, d, o, (p.flags & KEXEC_PRESERVE_CONTEXT) != 0);
out:
	free(bregs);
	free(segs);
	plan_free(&p);
	memmap_free(&mm);
	image_free(&initrd);
	image_free(&img);
	free(cmdline);
	return rc;
}

static void print_help(FILE *f)
{
	size_t i;

	options_usage(f);
	fputs("\nImage types (for -t):\n", f);
	for (i = 0; kj_loaders[i]; i++)
		fprintf(f, "  %-26s %s\n", kj_loaders[i]->name,
			kj_loaders[i]->summary ? kj_loaders[i]->summary : "");
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
	struct options named = *o;
	uint8_t mail[16];
	uint64_t mailbox = 0;
	int is_64, rc;

	rc = kernel_width(env, d, &is_64);
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

		if (read_small(env, "/proc/cmdline", cl, sizeof(cl)) > 0 &&
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

		g = kernel_gdt(env, d, is_64, &glim, &gbase);
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
	p.arch = arch_field(is_64);
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
		named.kernel = "the jump-back helper";
		return explain_load_error(env, d, &named, &p, rc);
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
		fprintf(env->out, "kexec-jump %s\n", KJ_VERSION);
		return 0;
	case ACT_STATUS:
		return act_status(env, &d, &o);
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
