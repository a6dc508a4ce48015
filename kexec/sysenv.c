/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysenv.c - what kexec reads and writes of the running system (sysenv.h):
 * small files below the sysroot, the kernel's width, why a load was
 * refused, the running kernel's boot information and GDT, and the state
 * file that tells `kexec -e` what kind of image is loaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kgdt.h"
#include "kimage-read.h"
#include "sysenv.h"

#define CAP_SYS_BOOT_BIT 22

/* Build <sysroot><rel> into @buf. */
int env_path(const struct kexec_env *env, const char *rel, char *buf,
		     size_t n)
{
	int w = snprintf(buf, n, "%s%s", env->sysroot ? env->sysroot : "",
			 rel);

	if (w < 0 || (size_t)w >= n)
		return -ENAMETOOLONG;
	return 0;
}

/* Read a small text file below the sysroot, NUL-terminated.  Returns the
 * length or -errno. */
int env_read_small(const struct kexec_env *env, const char *rel,
		      char *buf, size_t n)
{
	char path[4096];
	size_t len = 0;
	int fd, rc;

	rc = env_path(env, rel, path, sizeof(path));
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
int env_read_flag(const struct kexec_env *env, const char *rel)
{
	char buf[32];
	int rc = env_read_small(env, rel, buf, sizeof(buf));

	if (rc < 0)
		return rc;
	if (buf[0] == '0' && (buf[1] == '\0' || buf[1] == '\n'))
		return 0;
	if (buf[0] == '1' && (buf[1] == '\0' || buf[1] == '\n'))
		return 1;
	return -EINVAL;
}

/* Width of the running kernel from uname's machine field. */
int env_kernel_width(const struct kexec_env *env, struct diag *d,
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
uint32_t env_arch_field(int is_64)
{
	return is_64 ? KEXEC_ARCH_X86_64 : KEXEC_ARCH_386;
}

/* EPERM from kexec_load: say which of the kernel's reasons applies
 * (doc/abi.md 1.6, 1.7). */
int env_explain_eperm(const struct kexec_env *env, struct diag *d,
			 const char *what)
{
	char buf[512];
	unsigned euid = env->sys->geteuid(env->sys_ctx);
	int rc;

	if (euid != 0)
		return diag_fail(d, -EPERM,
				 "%s: permission denied: you are not root (euid %u); kexec needs CAP_SYS_BOOT",
				 what, euid);
	rc = env_read_small(env, "/proc/self/status", buf, sizeof(buf));
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
	if (env_read_flag(env, "/proc/sys/kernel/kexec_load_disabled") == 1)
		return diag_fail(d, -EPERM,
				 "%s: kexec_load is disabled (/proc/sys/kernel/kexec_load_disabled is 1, which stays set until reboot)",
				 what);
	rc = env_read_small(env, "/sys/kernel/security/lockdown", buf, sizeof(buf));
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
	rc = env_read_small(env, "/proc/sys/kernel/kexec_load_limit_reboot", buf,
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
int env_explain_load_error(const struct kexec_env *env, struct diag *d,
			      const char *file, const struct plan *p,
			      int rc)
{
	char what[512];
	uint64_t total = 0;
	size_t i;

	snprintf(what, sizeof(what), "cannot load %.400s", file);
	switch (rc) {
	case -EPERM:
		return env_explain_eperm(env, d, what);
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
		if (p->flags & 0x4u)   /* KEXEC_UPDATE_ELFCOREHDR */
			return diag_fail(d, -EINVAL,
					 "%s: the kernel refused the load (Invalid argument); --hotplug needs Linux 6.6 or later with CONFIG_CRASH_HOTPLUG",
					 what);
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
void state_write(const struct kexec_env *env, struct diag *d,
			const struct plan *p, const char *file,
			const struct purgatory_placed *pl)
{
	char dir[4096], path[4096], tmp[4200];
	FILE *f;
	size_t i;

	if (env_path(env, "/run", dir, sizeof(dir)) ||
	    env_path(env, STATE_FILE, path, sizeof(path))) {
		diag_debug(d, "state file path too long; not recorded");
		return;
	}
	mkdir(dir, 0755);
	if (env_path(env, STATE_DIR, dir, sizeof(dir)) == 0)
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

void state_remove(const struct kexec_env *env, struct diag *d)
{
	char path[4096];

	if (env_path(env, STATE_FILE, path, sizeof(path)))
		return;
	if (unlink(path) != 0 && errno != ENOENT)
		diag_debug(d, "cannot remove %s: %s", path, strerror(errno));
}

/* 1 if the state file says the loaded image preserves context, 0 if it
 * says it does not, -1 when there is no record: Linux does not tell
 * (doc/abi.md 22), so such an image may return. */
int state_preserve(const struct kexec_env *env, struct diag *d)
{
	char buf[1024];
	const char *line;
	unsigned long flags;
	char *end;

	if (env_read_small(env, STATE_FILE, buf, sizeof(buf)) <= 0) {
		diag_debug(d, "no %s: the image may return (a jump), or not", STATE_FILE);
		return -1;
	}
	line = strncmp(buf, "flags ", 6) == 0 ? buf : strstr(buf, "\nflags ");
	if (!line) {
		diag_debug(d, "%s has no flags line: the image may return (a jump), or not",
			   STATE_FILE);
		return -1;
	}
	if (line[0] == '\n')
		line++;
	flags = strtoul(line + 6, &end, 0);
	return (flags & KEXEC_PRESERVE_CONTEXT) ? 1 : 0;
}

/* The parameter block of a purgatory image, from the state file: 1 and
 * its address/length, or 0 when the image has none (--args-none, or it
 * was loaded by another tool). */
int state_params(const struct kexec_env *env, uint64_t *pa,
			size_t *len)
{
	char buf[1024];
	const char *line;
	unsigned long long a, n;

	if (env_read_small(env, STATE_FILE, buf, sizeof(buf)) <= 0)
		return 0;
	line = strstr(buf, "\nparams ");
	if (!line || sscanf(line + 8, "%llx %llu", &a, &n) != 2 || n == 0 ||
	    n > (1u << 24))
		return 0;
	*pa = a;
	*len = (size_t)n;
	return 1;
}

/* What a Linux kernel gets from the running system: the running kernel's
 * boot_params (for screen_info, the ACPI RSDP, hardware_subarch) and the
 * RSDP from the EFI system table.  Nothing here is required: missing
 * files leave the loader's defaults. */
void env_host_boot_info(const struct kexec_env *env, struct diag *d,
			   uint8_t *bp, size_t bpsz, struct load_opts *lo)
{
	char systab[4096];
	const char *keys[] = { "\nACPI20=", "\nACPI=" };
	size_t i;
	int n;

	n = env_read_small(env, "/sys/kernel/boot_params/data", (char *)bp, bpsz);
	if (n > 0) {
		lo->host_bp = bp;
		lo->host_bp_len = (size_t)n;
	} else {
		diag_debug(d, "no /sys/kernel/boot_params/data (%s): default screen_info, no ACPI RSDP from it",
			   n < 0 ? strerror(-n) : "empty");
	}
	systab[0] = '\n';
	n = env_read_small(env, "/sys/firmware/efi/systab", systab + 1,
		       sizeof(systab) - 1);
	for (i = 0; n > 0 && i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *k = strstr(systab, keys[i]);

		if (k) {
			lo->acpi_rsdp = strtoull(k + strlen(keys[i]), NULL, 0);
			break;
		}
	}
}

/* One number file below /sys/firmware/efi: 0, or -errno. */
static int efi_read_num(const struct kexec_env *env, const char *rel,
			uint64_t *v)
{
	char buf[64];
	int n = env_read_small(env, rel, buf, sizeof(buf));

	if (n < 0)
		return n;
	return efi_parse_u64(buf, v) ? -EINVAL : 0;
}

int env_efi_state(const struct kexec_env *env, struct diag *d,
		  struct efi_state *e)
{
	static const char *const field[5] = { "type", "phys_addr",
		"virt_addr", "num_pages", "attribute" };
	char path[4096], systab[4096], txt[5][64], rel[128];
	const char *sm;
	struct stat st;
	int rc, i, n;

	memset(e, 0, sizeof(*e));
	if (env_path(env, "/sys/firmware/efi", path, sizeof(path)) ||
	    stat(path, &st) != 0)
		return 0;                 /* not booted by EFI */
	if (efi_read_num(env, "/sys/firmware/efi/fw_vendor", &e->fw_vendor) ||
	    efi_read_num(env, "/sys/firmware/efi/config_table", &e->tables)) {
		diag_debug(d, "EFI: no fw_vendor or config_table in /sys/firmware/efi: the new kernel gets no EFI runtime state");
		return 0;
	}
	if (efi_read_num(env, "/sys/firmware/efi/runtime", &e->runtime))
		e->runtime = 0;
	systab[0] = '\n';
	n = env_read_small(env, "/sys/firmware/efi/systab", systab + 1,
			   sizeof(systab) - 1);
	sm = n > 0 ? strstr(systab, "\nSMBIOS=") : NULL;
	if (sm) {
		char *end;

		e->smbios = strtoull(sm + 8, &end, 0);
		if (end == sm + 8)
			e->smbios = 0;
	}
	for (;;) {
		struct efi_md md, *v;
		size_t k = e->n;

		snprintf(rel, sizeof(rel), "/sys/firmware/efi/runtime-map/%zu/type", k);
		n = env_read_small(env, rel, txt[0], sizeof(txt[0]));
		if (n == -ENOENT)
			break;
		if (n == -EACCES && k == 0) {
			/* mode 0400: not root (a dry run); a real load
			 * needs root anyway */
			diag_debug(d, "EFI: %s: %s: the new kernel gets no EFI runtime state",
				   rel, strerror(-n));
			break;
		}
		if (k >= EFI_MAX_ENTRIES) {
			rc = diag_fail(d, -E2BIG,
				       "%s/sys/firmware/efi/runtime-map: more than %u entries; load with --noefi",
				       env->sysroot ? env->sysroot : "",
				       EFI_MAX_ENTRIES);
			goto fail;
		}
		for (i = 1; i < 5 && n >= 0; i++) {
			snprintf(rel, sizeof(rel), "/sys/firmware/efi/runtime-map/%zu/%s",
				 k, field[i]);
			n = env_read_small(env, rel, txt[i], sizeof(txt[i]));
		}
		snprintf(rel, sizeof(rel), "%s/sys/firmware/efi/runtime-map/%zu",
			 env->sysroot ? env->sysroot : "", k);
		if (n < 0) {
			rc = diag_fail(d, n, "%s/%s: %s; load with --noefi",
				       rel, field[i - 1], strerror(-n));
			goto fail;
		}
		rc = efi_md_parse(d, rel, txt[0], txt[1], txt[2], txt[3],
				  txt[4], &md);
		if (rc)
			goto fail;
		v = realloc(e->md, (k + 1) * sizeof(*v));
		if (!v) {
			rc = diag_fail(d, -ENOMEM, "out of memory");
			goto fail;
		}
		e->md = v;
		e->md[e->n++] = md;
	}
	if (!e->n)
		diag_debug(d, "EFI: no /sys/firmware/efi/runtime-map entries (CONFIG_EFI_RUNTIME_MAP?): the new kernel gets no EFI runtime state");
	else
		diag_debug(d, "EFI: fw_vendor 0x%" PRIx64 ", runtime 0x%" PRIx64 ", config_table 0x%" PRIx64 ", SMBIOS 0x%" PRIx64 ", %zu runtime map entries",
			   e->fw_vendor, e->runtime, e->tables, e->smbios, e->n);
	return 0;
fail:
	efi_state_free(e);
	return rc;
}

int env_rng_seed(const struct kexec_env *env, struct diag *d, uint8_t *buf,
		 size_t n)
{
	int rc = env->sys->random_bytes ?
		 env->sys->random_bytes(env->sys_ctx, buf, n) : -ENOSYS;

	if (rc)
		diag_debug(d, "getrandom: %s: no SETUP_RNG_SEED", strerror(-rc));
	return rc;
}

/* The running kernel's GDT descriptor for the safe-return repair: sgdt
 * pinned to CPU 0, else (UMIP, a 32-bit kexec on a 64-bit kernel, or the
 * KEXEC_JUMP_TEST_NO_SGDT hook) CPU 0's gdt_page from kallsyms and kcore
 * (kgdt.h).  0, or -errno with a debug line (not an error: the caller
 * decides whether a load without the repair is acceptable). */
int env_kernel_gdt(const struct kexec_env *env, struct diag *d, int is_64,
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
	if (env_path(env, "/proc/kallsyms", ks, sizeof(ks)) ||
	    env_path(env, "/proc/kcore", kc_path, sizeof(kc_path)))
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
