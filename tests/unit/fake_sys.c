/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fake_sys.c - the fake kernel seam for unit tests (see fake_sys.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "fake_sys.h"

#define F_ON_CRASH 0x1u
#define F_PRESERVE 0x2u
#define F_ARCH_MASK 0xffff0000u
#define F_ARCH_386 0x00030000u
#define F_ARCH_X86_64 0x003e0000u
#define F_SEGMENT_MAX 16

static void trace(struct fake_sys *f, const char *name)
{
	size_t len = strlen(f->trace);

	snprintf(f->trace + len, sizeof(f->trace) - len, "%s%s",
		 len ? "," : "", name);
}

static int script_pop(struct fake_script *s, int *rc)
{
	if (s->next >= s->n)
		return 0;
	*rc = s->rc[s->next++];
	return 1;
}

void fake_script_push(struct fake_script *s, int rc)
{
	if (s->n < FAKE_SCRIPT_MAX)
		s->rc[s->n++] = rc;
}

static void mirror_file(const struct fake_sys *f, const char *rel, int v)
{
	char path[4096];
	FILE *fp;

	if (!f->sysroot)
		return;
	snprintf(path, sizeof(path), "%s/sys/kernel/%s", f->sysroot, rel);
	fp = fopen(path, "w");
	if (!fp)
		return;
	fprintf(fp, "%d\n", v);
	fclose(fp);
}

static void mirror(const struct fake_sys *f)
{
	mirror_file(f, "kexec_loaded", f->image.loaded);
	mirror_file(f, "kexec_crash_loaded", f->crash.loaded);
}

void fake_sys_init(struct fake_sys *f)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->machine, sizeof(f->machine), "x86_64");
	f->kexec_jump = 1;
	f->file_syscall = -1;   /* by machine */
}

void fake_sys_free(struct fake_sys *f)
{
	size_t i, j;

	for (i = 0; i < f->nloads && i < FAKE_MAX_LOADS; i++)
		for (j = 0; j < FAKE_MAX_SEGS; j++) {
			free(f->loads[i].seg[j].data);
			f->loads[i].seg[j].data = NULL;
		}
}

void fake_sys_preload(struct fake_sys *f, uint64_t entry, uint32_t flags,
		      uint64_t first_mem)
{
	struct fake_image *im = (flags & F_ON_CRASH) ? &f->crash : &f->image;

	im->loaded = 1;
	im->entry = entry;
	im->flags = flags;
	im->nseg = 1;
	im->first_mem = first_mem;
	mirror(f);
}

int fake_sys_count(const struct fake_sys *f, const char *name)
{
	size_t nl = strlen(name);
	const char *p = f->trace;
	int n = 0;

	while (*p) {
		size_t len = strcspn(p, ",");

		if (len == nl && strncmp(p, name, nl) == 0)
			n++;
		p += len;
		if (*p == ',')
			p++;
	}
	return n;
}

static uint32_t native_arch(const struct fake_sys *f)
{
	if (f->kernel_arch)
		return f->kernel_arch;
	return strcmp(f->machine, "x86_64") == 0 ? F_ARCH_X86_64 : F_ARCH_386;
}

/* The kernel's flag validation (doc/abi.md 1.3). */
static int model_flags(const struct fake_sys *f, uint32_t flags)
{
	uint32_t allowed = F_ON_CRASH | (f->kexec_jump ? F_PRESERVE : 0) |
			   (f->crash_hotplug ? 0x4u : 0);
	uint32_t arch = flags & F_ARCH_MASK;

	if (flags & ~F_ARCH_MASK & ~allowed)
		return -EINVAL;
	if (arch != 0 && arch != native_arch(f))
		return -EINVAL;
	return 0;
}

static int fake_kexec_load(void *ctx, uint64_t entry, size_t nseg,
			   const struct sys_seg *segs, uint32_t flags)
{
	struct fake_sys *f = ctx;
	struct fake_load *rec = NULL;
	struct fake_image *im;
	size_t i;
	int rc;

	trace(f, "kexec_load");
	if (f->nloads < FAKE_MAX_LOADS) {
		rec = &f->loads[f->nloads];
		memset(rec, 0, sizeof(*rec));
		rec->entry = entry;
		rec->nseg = nseg;
		rec->flags = flags;
		for (i = 0; i < nseg && i < FAKE_MAX_SEGS; i++) {
			rec->seg[i].bufsz = segs[i].bufsz;
			rec->seg[i].mem = segs[i].mem;
			rec->seg[i].memsz = segs[i].memsz;
			if (segs[i].bufsz) {
				rec->seg[i].data = malloc(segs[i].bufsz);
				if (rec->seg[i].data)
					memcpy(rec->seg[i].data, segs[i].buf,
					       segs[i].bufsz);
			}
		}
	}
	f->nloads++;

	if (script_pop(&f->load_script, &rc)) {
		/* a scripted failure past the flag checks (ENOMEM, ...) has
		 * freed the loaded panic image too */
		if ((flags & F_ON_CRASH) && nseg && rc != -EINVAL &&
		    rc != -EPERM && rc != -EBUSY) {
			memset(&f->crash, 0, sizeof(f->crash));
			mirror(f);
		}
	} else {
		rc = model_flags(f, flags);
		if (!rc && nseg > F_SEGMENT_MAX)
			rc = -EINVAL;
		/* kernel/kexec.c: a new panic load frees the loaded panic
		 * image before anything else is checked */
		if (!rc && (flags & F_ON_CRASH) && nseg) {
			memset(&f->crash, 0, sizeof(f->crash));
			mirror(f);
		}
		/* ... and a crash image lives in crashk_res */
		if (!rc && (flags & F_ON_CRASH) && nseg) {
			if (!f->crash_end || entry < f->crash_start ||
			    entry > f->crash_end)
				rc = -EADDRNOTAVAIL;
			for (i = 0; !rc && i < nseg; i++)
				if (segs[i].mem < f->crash_start ||
				    segs[i].mem + segs[i].memsz - 1 > f->crash_end)
					rc = -EADDRNOTAVAIL;
		}
	}
	if (rec)
		rec->rc = rc;
	if (rc)
		return rc;   /* a failed load leaves the old image alone */

	im = (flags & F_ON_CRASH) ? &f->crash : &f->image;
	memset(im, 0, sizeof(*im));
	if (nseg) {
		im->loaded = 1;
		im->entry = entry;
		im->flags = flags;
		im->nseg = nseg;
		im->first_mem = segs[0].mem;
	}
	mirror(f);
	return 0;
}

#define F_FILE_UNLOAD 0x1u
#define F_FILE_ON_CRASH 0x2u
#define F_FILE_NO_INITRAMFS 0x4u

static long long fd_size(int fd)
{
	struct stat st;

	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return -1;
	return (long long)st.st_size;
}

/* arch/x86/kernel/kexec-bzimage64.c's probe, in short */
static int model_bzimage64(int fd)
{
	unsigned char h[0x238];

	if (pread(fd, h, sizeof(h), 0) != (ssize_t)sizeof(h))
		return -ENOEXEC;
	if (h[0x1fe] != 0x55 || h[0x1ff] != 0xaa || memcmp(h + 0x202, "HdrS", 4) ||
	    (h[0x206] | h[0x207] << 8) < 0x020c || !(h[0x236] & 1))
		return -ENOEXEC;
	return 0;
}

static int fake_file_load(void *ctx, int kernel_fd, int initrd_fd,
			  const char *cmdline, uint32_t flags)
{
	struct fake_sys *f = ctx;
	struct fake_file_load *rec = NULL;
	struct fake_image *im;
	int have = f->file_syscall >= 0 ? f->file_syscall :
		   strcmp(f->machine, "x86_64") == 0;
	int rc = 0;

	trace(f, "kexec_file_load");
	if (f->nfile_loads < FAKE_MAX_LOADS) {
		rec = &f->file_loads[f->nfile_loads];
		memset(rec, 0, sizeof(*rec));
		rec->kernel_size = fd_size(kernel_fd);
		rec->initrd_size = (flags & F_FILE_NO_INITRAMFS) ? -1 :
				   fd_size(initrd_fd);
		rec->have_cmdline = cmdline != NULL;
		if (cmdline)
			snprintf(rec->cmdline, sizeof(rec->cmdline), "%s", cmdline);
		rec->flags = flags;
	}
	f->nfile_loads++;
	im = (flags & F_FILE_ON_CRASH) ? &f->crash : &f->image;
	if (!script_pop(&f->file_script, &rc)) {
		if (!have)
			rc = -ENOSYS;
		else if (flags & ~(F_FILE_UNLOAD | F_FILE_ON_CRASH |
				   F_FILE_NO_INITRAMFS))
			rc = -EINVAL;
		else if (flags & F_FILE_UNLOAD)
			rc = 0;
		else if (fd_size(kernel_fd) < 0 ||
			 (!(flags & F_FILE_NO_INITRAMFS) &&
			  fd_size(initrd_fd) < 0))
			rc = -EBADF;
		else
			rc = model_bzimage64(kernel_fd);
	}
	if (rec)
		rec->rc = rc;
	/* kernel/kexec_file.c: past the permission, lock and flag checks a
	 * panic load frees the loaded panic image before it reads the files */
	if ((flags & F_FILE_ON_CRASH) && !(flags & F_FILE_UNLOAD) &&
	    rc != -ENOSYS && rc != -EINVAL && rc != -EPERM && rc != -EBUSY) {
		memset(&f->crash, 0, sizeof(f->crash));
		mirror(f);
	}
	if (rc)
		return rc;  /* the old normal image stays */
	memset(im, 0, sizeof(*im));
	if (!(flags & F_FILE_UNLOAD)) {
		im->loaded = 1;
		im->by_file = 1;
		im->nseg = 1;
	}
	mirror(f);
	return 0;
}

static int fake_probe_flags(void *ctx, uint32_t flags)
{
	struct fake_sys *f = ctx;
	int rc;

	trace(f, "probe");
	if (f->nprobes < FAKE_MAX_LOADS)
		f->probes[f->nprobes] = flags;
	f->nprobes++;
	if (script_pop(&f->probe_script, &rc))
		return rc;
	rc = model_flags(f, flags);
	return rc ? rc : -EFAULT;
}

static int fake_reboot(void *ctx)
{
	struct fake_sys *f = ctx;
	int rc;

	trace(f, "reboot");
	f->nreboot++;
	if (script_pop(&f->reboot_script, &rc))
		return rc;
	if (!f->image.loaded)
		return -EINVAL;
	if (!(f->image.flags & F_PRESERVE))
		f->nrebooted++;
	return 0;
}

static void fake_sync(void *ctx)
{
	struct fake_sys *f = ctx;

	trace(f, "sync");
	f->nsync++;
}

static int fake_ifdown(void *ctx, struct diag *d)
{
	struct fake_sys *f = ctx;

	trace(f, "ifdown");
	f->nifdown++;
	if (f->ifdown_rc)
		return diag_fail(d, f->ifdown_rc, "fake ifdown failed");
	return 0;
}

static int fake_shutdown(void *ctx, struct diag *d)
{
	struct fake_sys *f = ctx;

	trace(f, "shutdown");
	f->nshutdown++;
	if (f->shutdown_rc)
		return diag_fail(d, f->shutdown_rc,
				 "fake: cannot run shutdown -r now");
	return 0;
}

static int fake_uname(void *ctx, char *buf, size_t n)
{
	struct fake_sys *f = ctx;

	trace(f, "uname");
	if (f->uname_rc)
		return f->uname_rc;
	snprintf(buf, n, "%s", f->machine);
	return 0;
}

static unsigned fake_geteuid(void *ctx)
{
	struct fake_sys *f = ctx;

	return f->euid;
}

static int fake_read_kernel_gdt(void *ctx, uint16_t *limit, uint64_t *base)
{
	struct fake_sys *f = ctx;

	if (!f->gdt_limit)
		return -ENOTSUP;
	*limit = f->gdt_limit;
	*base = f->gdt_base;
	return 0;
}

static int fake_random_bytes(void *ctx, void *buf, size_t n)
{
	struct fake_sys *f = ctx;
	uint8_t *b = buf;
	size_t i;

	trace(f, "random");
	if (f->random_rc)
		return f->random_rc;
	/* a different pattern on every call, unless the test wants loads
	 * to be byte-for-byte repeatable */
	if (!f->random_fixed)
		f->random_calls++;
	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(0x5a ^ (i * 7) ^ (f->random_calls * 13));
	return 0;
}

const struct sys_ops fake_sys_ops = {
	.kexec_load = fake_kexec_load,
	.kexec_file_load = fake_file_load,
	.kexec_probe_flags = fake_probe_flags,
	.reboot_kexec = fake_reboot,
	.sync = fake_sync,
	.ifdown = fake_ifdown,
	.shutdown = fake_shutdown,
	.uname_machine = fake_uname,
	.geteuid = fake_geteuid,
	.read_kernel_gdt = fake_read_kernel_gdt,
	.random_bytes = fake_random_bytes,
};
