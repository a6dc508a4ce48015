/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sys-linux.c - the real kernel seam (sys.h).  The only file that makes
 * the kexec_load and reboot system calls.
 *
 * struct kexec_segment is pointer-sized (doc/abi.md 1.2): 32 bytes in a
 * 64-bit process, 16 bytes in a 32-bit one (also on a 64-bit kernel, whose
 * compat entry reads the 16-byte layout).  The rest of the tool keeps
 * physical addresses in uint64_t, so converting to the native struct is
 * where a 32-bit build must refuse what it cannot express (-EOVERFLOW)
 * instead of silently truncating an address.
 */
#include <errno.h>
#include <sys/random.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <limits.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "diag.h"
#include "sys.h"

/* reboot(2) magic numbers and the kexec command (doc/abi.md 2.1). */
#define KJ_REBOOT_MAGIC1 0xfee1deadUL
#define KJ_REBOOT_MAGIC2 672274793UL
#define KJ_REBOOT_CMD_KEXEC 0x45584543UL

/* The kernel's struct kexec_segment in this process's ABI. */
struct native_kexec_segment {
	const void *buf;
	size_t bufsz;
	const void *mem;     /* a physical address, carried in a pointer */
	size_t memsz;
};

/* 1 if @v fits an unsigned long (always, in a 64-bit process). */
static int fits_ulong(uint64_t v)
{
	return v <= (uint64_t)ULONG_MAX;
}

static int linux_kexec_load(void *ctx, uint64_t entry, size_t nseg,
			    const struct sys_seg *segs, uint32_t flags)
{
	struct native_kexec_segment *ks = NULL;
	size_t i;
	long r;
	int rc;

	(void)ctx;
	if (!fits_ulong(entry))
		return -EOVERFLOW;
	if (nseg) {
		if (!segs)
			return -EFAULT;
		ks = calloc(nseg, sizeof(*ks));
		if (!ks)
			return -ENOMEM;
		for (i = 0; i < nseg; i++) {
			uint64_t end;

			if (!fits_ulong(segs[i].mem) ||
			    !fits_ulong(segs[i].memsz) ||
			    __builtin_add_overflow(segs[i].mem, segs[i].memsz,
						   &end) ||
			    (end && !fits_ulong(end - 1))) {
				free(ks);
				return -EOVERFLOW;
			}
			ks[i].buf = segs[i].buf;
			ks[i].bufsz = segs[i].bufsz;
			ks[i].mem = (const void *)(uintptr_t)segs[i].mem;
			ks[i].memsz = (size_t)segs[i].memsz;
		}
	}
	r = syscall(SYS_kexec_load, (unsigned long)entry, (unsigned long)nseg,
		    ks, (unsigned long)flags);
	rc = r < 0 ? -errno : 0;
	free(ks);
	return rc;
}

static int linux_kexec_file_load(void *ctx, int kernel_fd, int initrd_fd,
				 const char *cmdline, uint32_t flags)
{
#ifdef SYS_kexec_file_load
	unsigned long len = cmdline ? (unsigned long)strlen(cmdline) + 1 : 0;
	long r;

	(void)ctx;
	r = syscall(SYS_kexec_file_load, kernel_fd, initrd_fd, len, cmdline,
		    (unsigned long)flags);
	return r < 0 ? -errno : 0;
#else
	(void)ctx; (void)kernel_fd; (void)initrd_fd; (void)cmdline; (void)flags;
	return -ENOSYS;  /* i386 has no kexec_file_load */
#endif
}

static int linux_kexec_probe_flags(void *ctx, uint32_t flags)
{
	long r;

	(void)ctx;
	/* One segment at NULL: the kernel checks permission and flags before
	 * it copies the segment list, so this loads nothing (sys.h). */
	r = syscall(SYS_kexec_load, 0UL, 1UL, NULL, (unsigned long)flags);
	return r < 0 ? -errno : 0;
}

static int linux_reboot_kexec(void *ctx)
{
	long r;

	(void)ctx;
	r = syscall(SYS_reboot, KJ_REBOOT_MAGIC1, KJ_REBOOT_MAGIC2,
		    KJ_REBOOT_CMD_KEXEC, NULL);
	return r < 0 ? -errno : 0;
}

static void linux_sync(void *ctx)
{
	(void)ctx;
	sync();
}

/* Take one interface down.  Returns 0 or -errno. */
static int if_down_one(int sock, const char *name)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0)
		return -errno;
	if (!(ifr.ifr_flags & IFF_UP))
		return 0;
	ifr.ifr_flags &= ~IFF_UP;
	if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0)
		return -errno;
	return 0;
}

/* Clear IFF_UP on every interface except the loopback and alias names
 * ("eth0:1", which go down with their parent), as kexec-tools does before
 * a normal kexec so that drivers stop DMA into memory the new kernel is
 * about to own. */
static int linux_ifdown(void *ctx, struct diag *d)
{
	struct if_nameindex *names, *n;
	int sock, rc = 0;

	(void)ctx;
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0) {
		/* No IPv4 sockets (kernel without CONFIG_NET/INET): nothing
		 * can be up, so there is nothing to take down. */
		diag_debug(d, "ifdown: no socket (%s); skipping", strerror(errno));
		return 0;
	}
	names = if_nameindex();
	if (!names) {
		rc = -errno;
		close(sock);
		if (rc == -ENOSYS || rc == -EAFNOSUPPORT)
			return 0;
		return diag_fail(d, rc, "ifdown: cannot list interfaces: %s",
				 strerror(-rc));
	}
	for (n = names; n->if_index != 0 && n->if_name; n++) {
		int r;

		if (strcmp(n->if_name, "lo") == 0 || strchr(n->if_name, ':'))
			continue;
		r = if_down_one(sock, n->if_name);
		if (r) {
			diag_debug(d, "ifdown %s: %s", n->if_name, strerror(-r));
			if (!rc)
				rc = diag_fail(d, r, "cannot take %s down: %s",
					       n->if_name, strerror(-r));
		} else {
			diag_debug(d, "ifdown %s", n->if_name);
		}
	}
	if_freenameindex(names);
	close(sock);
	return rc;
}

static int linux_shutdown(void *ctx, struct diag *d)
{
	static const char *const paths[] = { "/sbin/shutdown",
					     "/usr/sbin/shutdown" };
	char *const argv[] = { (char *)"shutdown", (char *)"-r", (char *)"now",
			       NULL };
	size_t i;
	int err = ENOENT;

	(void)ctx;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		execv(paths[i], argv);
		if (errno != ENOENT || err == ENOENT)
			err = errno;
	}
	return diag_fail(d, -err,
			 "the kernel is loaded, but 'shutdown -r now' could not be run (%s); run kexec -e yourself",
			 strerror(err));
}

static int linux_uname_machine(void *ctx, char *buf, size_t n)
{
	struct utsname u;

	(void)ctx;
	if (uname(&u) < 0)
		return -errno;
	snprintf(buf, n, "%s", u.machine);
	return 0;
}

static unsigned linux_geteuid(void *ctx)
{
	(void)ctx;
	return (unsigned)geteuid();
}

/* UMIP makes the kernel emulate sgdt for user space with a fixed base
 * (arch/x86/kernel/umip.c: UMIP_DUMMY_GDT_BASE, 0xfffffffffffe0000, or
 * its low 32 bits for 32-bit processes) and limit 0. */
/* sgdt can fault: UMIP hardware under kernels that do not emulate it for
 * this process (64-bit processes before Linux 5.10) sends SIGSEGV. */
static sigjmp_buf sgdt_jmp;

static void sgdt_fault(int sig)
{
	(void)sig;
	siglongjmp(sgdt_jmp, 1);
}

static int linux_read_kernel_gdt(void *ctx, uint16_t *limit, uint64_t *base)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uintptr_t base;
	} g;
	cpu_set_t old, cpu0;
	struct sigaction sa, old_segv;
	volatile int faulted = 0;
	int rc = 0;

	(void)ctx;
	if (sched_getaffinity(0, sizeof(old), &old) != 0)
		return -errno;
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	/* migrates this task to CPU 0 before returning */
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0) != 0)
		return -errno;
	memset(&g, 0, sizeof(g));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = sgdt_fault;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, &old_segv) != 0)
		rc = -errno;
	else if (sigsetjmp(sgdt_jmp, 1) == 0)
		__asm__ volatile("sgdt %0" : "=m"(g));
	else
		faulted = 1;
	if (rc == 0)
		sigaction(SIGSEGV, &old_segv, NULL);
	if (sched_setaffinity(0, sizeof(old), &old) != 0 && rc == 0)
		rc = -errno;
	if (rc)
		return rc;
	if (faulted || g.limit == 0 || (uint64_t)g.base == (uint64_t)(uintptr_t)0xfffffffffffe0000ull)
		return -ENOTSUP;
	*limit = g.limit;
	*base = (uint64_t)g.base;
	return rc;
}

static int linux_random_bytes(void *ctx, void *buf, size_t n)
{
	size_t got = 0;

	(void)ctx;
	while (got < n) {
		ssize_t r = getrandom((uint8_t *)buf + got, n - got,
				      GRND_NONBLOCK);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? -errno : -EIO;
		got += (size_t)r;
	}
	return 0;
}

const struct sys_ops sys_linux_ops = {
	.kexec_load = linux_kexec_load,
	.kexec_file_load = linux_kexec_file_load,
	.kexec_probe_flags = linux_kexec_probe_flags,
	.reboot_kexec = linux_reboot_kexec,
	.sync = linux_sync,
	.ifdown = linux_ifdown,
	.shutdown = linux_shutdown,
	.uname_machine = linux_uname_machine,
	.geteuid = linux_geteuid,
	.read_kernel_gdt = linux_read_kernel_gdt,
	.random_bytes = linux_random_bytes,
};
