/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sys.h - the one seam between kexec and the kernel.  The real backend
 * (sys-linux.c) makes syscalls; unit tests use a fake (tests/unit/fake_sys.c)
 * that records arguments and returns scripted errors.  Nothing else in the
 * tool may call kexec_load, kexec_file_load or reboot. */
#ifndef KJ_SYS_H
#define KJ_SYS_H

#include <stddef.h>
#include <stdint.h>

struct diag;

struct sys_seg {
	const void *buf;
	size_t bufsz;
	uint64_t mem;
	uint64_t memsz;
};

struct sys_ops {
	/* kexec_load(2).  @flags includes the arch field.  Returns 0 or
	 * -errno.  nseg == 0 unloads.  A value that does not fit the native
	 * struct (32-bit tool) gives -EOVERFLOW without calling the kernel. */
	int (*kexec_load)(void *ctx, uint64_t entry, size_t nseg,
			  const struct sys_seg *segs, uint32_t flags);
	/* kexec_file_load(2): the kernel reads, checks and places the
	 * files itself.  @initrd_fd -1 = none (the caller sets
	 * KEXEC_FILE_NO_INITRAMFS), @cmdline NULL = empty, @flags
	 * KEXEC_FILE_*.  Returns 0 or -errno; -ENOSYS where the system call
	 * does not exist (i386 kernels, and 32-bit processes on x86_64:
	 * there is no compat entry). */
	int (*kexec_file_load)(void *ctx, int kernel_fd, int initrd_fd,
			       const char *cmdline, uint32_t flags);
	/* Non-destructive flag probe: kexec_load(0, 1, NULL, flags).  The
	 * kernel validates flags before it reads the segment array, so
	 * -EFAULT means "flags accepted", -EINVAL "flags refused"
	 * (doc/abi.md 1.3); nothing is loaded or unloaded either way. */
	int (*kexec_probe_flags)(void *ctx, uint32_t flags);
	/* reboot(LINUX_REBOOT_CMD_KEXEC).  Returns 0 after a preserve-context
	 * jump came back; never returns for a normal image. */
	int (*reboot_kexec)(void *ctx);
	void (*sync)(void *ctx);
	/* Take every interface but lo down (kexec-tools behaviour for -e). */
	int (*ifdown)(void *ctx, struct diag *d);
	/* exec "shutdown -r now" (for `kexec FILE` without -l/-f). */
	int (*shutdown)(void *ctx, struct diag *d);
	/* uname(2) machine field ("x86_64", "i686", ...). */
	int (*uname_machine)(void *ctx, char *buf, size_t n);
	/* effective uid, for EPERM diagnosis */
	unsigned (*geteuid)(void *ctx);
	/* The running kernel's GDT descriptor as CPU 0 (where a kexec jump
	 * runs) has it loaded: sgdt from user space while pinned to CPU 0.
	 * The base is as wide as this process's mode (a 32-bit process on
	 * a 64-bit kernel sees only the low half: callers must not use it
	 * then).  Returns 0, -ENOTSUP when the CPU hides it (UMIP: Linux
	 * then shows a fixed dummy), or -errno.  May be NULL. */
	int (*read_kernel_gdt)(void *ctx, uint16_t *limit, uint64_t *base);
	/* Fill @buf with @n random bytes (getrandom(2), not blocking).
	 * 0 or -errno.  May be NULL (no SETUP_RNG_SEED then). */
	int (*random_bytes)(void *ctx, void *buf, size_t n);
};

extern const struct sys_ops sys_linux_ops;

#endif
