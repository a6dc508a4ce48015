/* SPDX-License-Identifier: GPL-2.0-or-later */
/* file-load.c - kexec_file_load(2) (file-load.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file-load.h"

/* Print at most @max bytes of @s, control characters as '?'. */
static void show(FILE *f, const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i] && i < max; i++)
		fputc((unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i], f);
	if (s[i])
		fputs("...", f);
}

static int explain(struct diag *d, int rc, const struct file_load_req *r)
{
	const char *k = r->kernel;

	switch (-rc) {
	case ENOSYS:
		return diag_fail(d, rc,
				 "cannot load %.400s with kexec_file_load: this kernel has no such system call (built without CONFIG_KEXEC_FILE, an i386 kernel, or a 32-bit kexec on a 64-bit kernel); leave out -s to use kexec_load",
				 k);
	case ENOEXEC:
		return diag_fail(d, rc,
				 "cannot load %.400s with kexec_file_load: the kernel's file loader does not take it (on x86 it loads only bzImages with a 64-bit entry, protocol 2.12 or later)",
				 k);
	case EKEYREJECTED:
	case EBADMSG:
	case ENOKEY:
	case EKEYEXPIRED:
		return diag_fail(d, rc,
				 "cannot load %.400s with kexec_file_load: its signature was rejected (%s); this kernel only boots signed images",
				 k, strerror(-rc));
	case EINVAL:
		return diag_fail(d, rc,
				 "cannot load %.400s with kexec_file_load: the kernel refused the arguments (EINVAL: e.g. the command line is longer than the image's cmdline_size)",
				 k);
	case EBUSY:
		return diag_fail(d, rc,
				 "cannot load %.400s: another kexec load or exec is in progress (EBUSY)",
				 k);
	case ENOMEM:
		return diag_fail(d, rc,
				 "cannot load %.400s with kexec_file_load: the kernel found no room for it (ENOMEM)",
				 k);
	case EPERM:
		return diag_fail(d, rc, "cannot load %.400s: permission denied", k);
	default:
		return diag_fail(d, rc,
				 "cannot load %.400s with kexec_file_load: %s", k,
				 strerror(-rc));
	}
}

/* A file with no name for the decompressed kernel: a memfd, or where the
 * kernel has none (CONFIG_MEMFD_CREATE off), an unlinked file in $TMPDIR
 * or /tmp.  Returns the read-write fd, or -errno with *why set. */
static int anon_file(struct diag *d, char *why, size_t whysz)
{
	const char *dir = getenv("TMPDIR") && getenv("TMPDIR")[0] ?
			  getenv("TMPDIR") : "/tmp";
	char path[512];
	int fd = memfd_create("kexec-kernel", MFD_CLOEXEC), e;

	if (fd >= 0)
		return fd;
	e = errno;
	snprintf(path, sizeof(path), "%s/kexec-kernel.XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0) {
		unlink(path);
		diag_debug(d, "no memfd (%s): the decompressed kernel goes in an unlinked file in %s",
			   strerror(e), dir);
		return fd;
	}
	snprintf(why, whysz, "no memfd (%s) and no temporary file in %.300s (%s)",
		 strerror(e), dir, strerror(errno));
	return -e;
}

/* A read-only fd holding the decompressed kernel @img.  The kernel
 * refuses a file that is open for writing (ETXTBSY), so the file is
 * reopened read-only through /proc/self/fd and the writer closed. */
static int kernel_memfd(struct diag *d, const struct image *img)
{
	char why[400], self[64];
	size_t off = 0;
	int fd = anon_file(d, why, sizeof(why)), ro;

	if (fd < 0)
		return diag_fail(d, fd,
				 "%.400s: cannot hold the decompressed kernel: %s",
				 img->name, why);
	while (off < img->len) {
		ssize_t n = write(fd, img->data + off, img->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : ENOSPC;

			close(fd);
			return diag_fail(d, -e,
					 "%.400s: cannot write the decompressed kernel: %s",
					 img->name, strerror(e));
		}
		off += (size_t)n;
	}
	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	ro = open(self, O_RDONLY | O_CLOEXEC);
	if (ro >= 0) {
		close(fd);
		return ro;
	}
	/* no /proc: hand over the writer (some kernels take it) */
	if (lseek(fd, 0, SEEK_SET) != 0) {
		int e = errno;

		close(fd);
		return diag_fail(d, -e, "%.400s: decompressed kernel: %s", img->name,
				 strerror(e));
	}
	return fd;
}

/* An fd of the file @path: a duplicate of the one @img holds open
 * (image_open), else the file opened; -1 with errno. */
static int held_fd(const struct image *img, const char *path)
{
	if (img && img->has_fd)
		return fcntl(img->fd, F_DUPFD_CLOEXEC, 0);
	return open(path, O_RDONLY | O_CLOEXEC);
}

int file_load(struct diag *d, const struct sys_ops *sys, void *ctx,
	      const struct file_load_req *r)
{
	uint32_t flags = r->crash ? KJ_KEXEC_FILE_ON_CRASH : 0;
	int kfd, ifd = -1, rc;

	if (r->kimg) {
		kfd = kernel_memfd(d, r->kimg);
		if (kfd < 0)
			return kfd;
	} else {
		kfd = held_fd(r->khead, r->kernel);
		if (kfd < 0)
			return diag_fail(d, -errno, "cannot open %.400s: %s",
					 r->kernel, strerror(errno));
	}
	if (r->initrd) {
		ifd = held_fd(r->ihead, r->initrd);
		if (ifd < 0) {
			rc = diag_fail(d, -errno, "cannot open initrd %.400s: %s",
				       r->initrd, strerror(errno));
			close(kfd);
			return rc;
		}
	} else {
		flags |= KJ_KEXEC_FILE_NO_INITRAMFS;
	}
	rc = sys->kexec_file_load(ctx, kfd, ifd,
				  r->cmdline && r->cmdline[0] ? r->cmdline : NULL,
				  flags);
	close(kfd);
	if (ifd >= 0)
		close(ifd);
	if (rc)
		return explain(d, rc, r);
	diag_debug(d, "kexec_file_load: %s%s%s%s, flags 0x%x", r->kernel,
		   r->kimg ? " (decompressed, through an anonymous file)" : "",
		   r->initrd ? ", initrd " : "", r->initrd ? r->initrd : "",
		   flags);
	return 0;
}

int file_unload(struct diag *d, const struct sys_ops *sys, void *ctx,
		int crash)
{
	int rc = sys->kexec_file_load(ctx, -1, -1, NULL,
				      KJ_KEXEC_FILE_UNLOAD |
				      (crash ? KJ_KEXEC_FILE_ON_CRASH : 0));

	if (rc == -ENOSYS)
		return diag_fail(d, rc,
				 "cannot unload with kexec_file_load: this kernel has no such system call; leave out -s");
	if (rc && rc != -EPERM)
		return diag_fail(d, rc, "cannot unload the %s image: %s",
				 crash ? "panic" : "kexec", strerror(-rc));
	return rc;
}

int file_load_may_fall_back(int err)
{
	return err != -EBUSY && err != -EINTR;
}

int bzimage_magic(const uint8_t *h, size_t n)
{
	return n >= 0x206 && h[0x1fe] == 0x55 && h[0x1ff] == 0xaa &&
	       memcmp(h + 0x202, "HdrS", 4) == 0;
}

int bzimage_cut(const uint8_t *h, size_t n, uint64_t size)
{
	uint64_t setup, sys;

	if (!bzimage_magic(h, n) || n < 0x208)
		return 0;
	setup = ((uint64_t)(h[0x1f1] ? h[0x1f1] : 4) + 1) * 512;
	sys = (uint64_t)(h[0x1f4] | h[0x1f5] << 8);
	if ((h[0x206] | h[0x207] << 8) >= 0x0204)
		sys |= (uint64_t)h[0x1f6] << 16 | (uint64_t)h[0x1f7] << 24;
	return size < setup || size - setup < sys * 16;
}

int file_looks_like_bzimage(const char *path)
{
	unsigned char h[0x206];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = pread(fd, h, sizeof(h), 0);
	close(fd);
	return n == (ssize_t)sizeof(h) && bzimage_magic(h, sizeof(h));
}

/* bzImage header fields (doc/abi.md 5.2) */
#define H_VERSION       0x206
#define H_XLOADFLAGS    0x236
#define H_CMDLINE_SIZE  0x238
#define XLF_64_ABOVE_4G 0x3u
/* what the kernel's file loader appends for a panic kernel:
 * " elfcorehdr=0x...", at most 30 bytes (kexec-bzimage64.c) */
#define ELFCOREHDR_STR_MAX 30u
#define X86_COMMAND_LINE_SIZE 2048u

const char *file_load_unfit_file(const struct file_load_req *r)
{
	unsigned char h[0x23c];
	size_t need, size;
	ssize_t n;
	int fd;
	struct stat st;

	if (r->kimg || r->khead) {
		const struct image *k = r->kimg ? r->kimg : r->khead;

		n = k->len < sizeof(h) ? (ssize_t)k->len : (ssize_t)sizeof(h);
		memcpy(h, k->data, (size_t)n);
	} else {
		fd = open(r->kernel, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return "the kernel file cannot be opened";
		n = pread(fd, h, sizeof(h), 0);
		close(fd);
	}
	if (n != (ssize_t)sizeof(h) || !bzimage_magic(h, sizeof(h)))
		return "the kernel's file loader takes only bzImages";
	if ((h[H_VERSION] | h[H_VERSION + 1] << 8) < 0x020c ||
	    (h[H_XLOADFLAGS] & XLF_64_ABOVE_4G) != XLF_64_ABOVE_4G)
		return "the kernel's file loader takes only bzImages with a 64-bit entry that may load above 4 GiB (boot protocol 2.12+)";
	need = (r->cmdline ? strlen(r->cmdline) : 0) + 1 +
	       (r->crash ? ELFCOREHDR_STR_MAX : 0);
	size = h[H_CMDLINE_SIZE] | h[H_CMDLINE_SIZE + 1] << 8 |
	       (uint32_t)h[H_CMDLINE_SIZE + 2] << 16 |
	       (uint32_t)h[H_CMDLINE_SIZE + 3] << 24;
	/* x86 Linux keeps 2048 bytes with the NUL (doc/abi.md 22) */
	if (size > X86_COMMAND_LINE_SIZE)
		size = X86_COMMAND_LINE_SIZE;
	if (need > size)
		return r->crash ? "the command line and the elfcorehdr= the kernel adds are longer than the image's cmdline_size" :
				  "the command line is longer than the image's cmdline_size";
	if (r->initrd && !(r->ihead && r->ihead->has_fd) &&
	    (stat(r->initrd, &st) != 0 || !S_ISREG(st.st_mode)))
		return "the initrd is not a readable regular file";
	return NULL;
}

void file_load_describe(FILE *f, const struct file_load_req *r)
{
	fputs("kexec_file_load: kernel ", f);
	show(f, r->kernel, 400);
	if (r->kimg)
		fprintf(f, " (%s-compressed: %zu bytes decompressed into a memfd)",
			r->kimg->compression, r->kimg->len);
	fputs(", initrd ", f);
	if (r->initrd)
		show(f, r->initrd, 400);
	else
		fputs("none (KEXEC_FILE_NO_INITRAMFS)", f);
	fputs(", command line \"", f);
	show(f, r->cmdline ? r->cmdline : "", 4096);
	fprintf(f, "\", flags 0x%x\n",
		(r->crash ? KJ_KEXEC_FILE_ON_CRASH : 0) |
		(r->initrd ? 0 : KJ_KEXEC_FILE_NO_INITRAMFS));
}
