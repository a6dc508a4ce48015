/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fake_sys.h - a fake struct sys_ops for unit tests.
 *
 * It never touches the kernel.  It records every call in order (a short
 * text trace such as "uname,kexec_load,sync,ifdown,reboot" plus the full
 * arguments of each kexec_load, with copies of the segment buffers), lets a
 * test script the return value of the next calls of each function, and
 * otherwise models the kernel:
 *
 *  - kexec_load validates flags like kernel/kexec.c (non-arch bits must be
 *    ON_CRASH, or PRESERVE_CONTEXT when the modelled kernel has
 *    CONFIG_KEXEC_JUMP; the arch field must be 0 or the kernel's own), and
 *    on success replaces the loaded normal or crash image; nseg == 0
 *    unloads.  A failed call (modelled or scripted) changes nothing, as in
 *    the kernel, which only swaps the image in on success.
 *  - kexec_file_load returns -ENOSYS unless the modelled kernel has the
 *    call (file_syscall, default on for x86_64), -EINVAL for unknown
 *    flags, -EBADF for a bad fd (the initrd fd is read only without
 *    NO_INITRAMFS), -ENOEXEC unless the kernel file is a bzImage with a
 *    64-bit entry (protocol >= 2.12, XLF_KERNEL_64) like the kernel's
 *    x86 file loader; UNLOAD unloads.  It records the sizes behind the
 *    fds and the command line.
 *  - kexec_probe_flags returns -EINVAL for refused flags, else -EFAULT.
 *  - reboot_kexec returns -EINVAL without an image, 0 for a
 *    preserve-context image (the jump came back), and for a normal image
 *    records that the machine "rebooted" and returns 0 (a real kernel
 *    would not return; the tool must treat a return as failure).
 *  - if @sysroot is set, sys/kernel/kexec_loaded and kexec_crash_loaded
 *    under it are rewritten after every state change.
 */
#ifndef KJ_FAKE_SYS_H
#define KJ_FAKE_SYS_H

#include <stddef.h>
#include <stdint.h>
#include "sys.h"

#define FAKE_MAX_SEGS 32
#define FAKE_MAX_LOADS 16
#define FAKE_SCRIPT_MAX 8

struct fake_seg {
	uint8_t *data;         /* copy of buf[0..bufsz) (malloc'd, may be NULL) */
	size_t bufsz;
	uint64_t mem;
	uint64_t memsz;
};

/* One kexec_load call as the tool made it. */
struct fake_load {
	uint64_t entry;
	size_t nseg;
	uint32_t flags;
	struct fake_seg seg[FAKE_MAX_SEGS]; /* first min(nseg, MAX) copied */
	int rc;                              /* what the fake returned */
};

/* One kexec_file_load call as the tool made it. */
struct fake_file_load {
	long long kernel_size;   /* fstat of kernel_fd, -1 if not a file */
	long long initrd_size;   /* fstat of initrd_fd, -1 if none/bad */
	int have_cmdline;        /* cmdline pointer was not NULL */
	char cmdline[512];
	uint32_t flags;
	int rc;
};

/* An image the modelled kernel holds. */
struct fake_image {
	int loaded;
	uint64_t entry;
	uint32_t flags;
	size_t nseg;
	uint64_t first_mem;    /* mem of segment 0, to tell images apart */
	int by_file;           /* loaded with kexec_file_load */
};

/* A queue of return values used before the model is consulted. */
struct fake_script {
	int rc[FAKE_SCRIPT_MAX];
	int n, next;
};

struct fake_sys {
	/* configuration (set by the test) */
	char machine[32];          /* uname machine, default "x86_64" */
	unsigned euid;             /* default 0 */
	int kexec_jump;            /* kernel has CONFIG_KEXEC_JUMP (default 1) */
	uint32_t kernel_arch;      /* native arch field (default by machine) */
	int ifdown_rc, shutdown_rc, uname_rc;
	uint16_t gdt_limit;        /* read_kernel_gdt: 0 = hidden (-ENOTSUP) */
	uint64_t gdt_base;
	/* random_bytes(): random_rc != 0 fails it; the bytes change on
	 * every call unless random_fixed */
	int random_rc, random_fixed;
	unsigned random_calls;
	const char *sysroot;       /* mirror state into sysfs files, or NULL */
	int file_syscall;          /* kexec_file_load exists (default: x86_64) */
	/* crashk_res, inclusive (crash_end 0 = nothing reserved): a
	 * KEXEC_ON_CRASH load must keep every segment and the entry inside
	 * (else -EADDRNOTAVAIL), as Linux does (doc/abi.md 1.4) */
	uint64_t crash_start, crash_end;
	int crash_hotplug;         /* KEXEC_UPDATE_ELFCOREHDR accepted */
	struct fake_script load_script, probe_script, reboot_script;
	struct fake_script file_script;

	/* model state */
	struct fake_image image;   /* normal image */
	struct fake_image crash;   /* crash image */

	/* records */
	char trace[1024];          /* comma separated call names */
	struct fake_load loads[FAKE_MAX_LOADS];
	size_t nloads;             /* kexec_load calls (all recorded up to MAX) */
	struct fake_file_load file_loads[FAKE_MAX_LOADS];
	size_t nfile_loads;
	uint32_t probes[FAKE_MAX_LOADS];
	size_t nprobes;
	int nsync, nifdown, nreboot, nshutdown, nrebooted;
};

extern const struct sys_ops fake_sys_ops;

/* Initialise with defaults (x86_64, root, CONFIG_KEXEC_JUMP, no image). */
void fake_sys_init(struct fake_sys *f);
/* Free the segment copies. */
void fake_sys_free(struct fake_sys *f);
/* Queue @rc as the result of the next unscripted call. */
void fake_script_push(struct fake_script *s, int rc);
/* Pretend an image is already loaded (e.g. by an earlier kexec -l). */
void fake_sys_preload(struct fake_sys *f, uint64_t entry, uint32_t flags,
		      uint64_t first_mem);
/* Number of times @name appears in the trace. */
int fake_sys_count(const struct fake_sys *f, const char *name);

#endif
