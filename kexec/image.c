/* SPDX-License-Identifier: GPL-2.0-or-later */
/* image.c - read a file into memory (see image.h).
 * The only place that opens kernel/initrd files.  They must be regular
 * files: a FIFO would block the open or the read for ever, and a device
 * such as /dev/zero would be read until memory runs out.  The open is
 * non-blocking so that even a FIFO with no writer is refused at once. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1   /* strdup, open_memstream, mkdtemp, O_CLOEXEC */
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"

/*
 * Mapped files and SIGBUS (image.h, IMAGE_MAP_MIN).  The handler needs
 * to find the file from the faulting address, so the live mappings are
 * kept here: a few slots (a load maps at most a kernel, an initrd, a
 * --dtb and some modules; past the slots, files are read).  This is the
 * only process-wide state of the library; the handler's exit is the one
 * exit outside main, because a SIGBUS cannot be returned from.
 */
#define MAP_SLOTS 8
static struct map_slot {
	uint8_t *start;
	size_t len;
	const char *name;
	volatile sig_atomic_t used;
} map_slots[MAP_SLOTS];
static volatile sig_atomic_t sigbus_installed;

static int slot_has(const struct map_slot *m, const uint8_t *a)
{
	return m->used && a >= m->start && a - m->start < (ptrdiff_t)m->len;
}

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	uint8_t *a = si ? (uint8_t *)si->si_addr : NULL;
	unsigned i, live = 0, only = 0;

	(void)uc;
	/* the mapping holding the address; else, when one file is mapped,
	 * that one (an emulator such as qemu-user may report the address
	 * in its own terms) */
	for (i = 0; i < MAP_SLOTS; i++)
		if (map_slots[i].used) {
			live++;
			only = i;
		}
	for (i = 0; i < MAP_SLOTS; i++) {
		const struct map_slot *m = &map_slots[i];

		if (slot_has(m, a) || (live == 1 && i == only)) {
			static const char pre[] = "kexec: ",
				post[] = ": the file was truncated while kexec was reading it; nothing was loaded\n";
			char line[600];
			size_t n = 0, k;
			const char *c;

			/* one write; the name as print_error() prints it */
			memcpy(line, pre, sizeof(pre) - 1);
			n = sizeof(pre) - 1;
			for (c = m->name; *c && n < sizeof(line) - sizeof(post); c++)
				line[n++] = ((unsigned char)*c < 0x20 || *c == 0x7f) ? '?' : *c;
			for (k = 0; k < sizeof(post) - 1; k++)
				line[n++] = post[k];
			k = (size_t)write(2, line, n);
			(void)k;
			_exit(1);
		}
	}
	/* not ours: the default action */
	signal(sig, SIG_DFL);
	raise(sig);
}

static int map_register(uint8_t *start, size_t len, const char *name)
{
	unsigned i;

	if (!sigbus_installed) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_sigbus;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGBUS, &sa, NULL) < 0)
			return -1;
		sigbus_installed = 1;
	}
	for (i = 0; i < MAP_SLOTS; i++)
		if (!map_slots[i].used) {
			map_slots[i].start = start;
			map_slots[i].len = len;
			map_slots[i].name = name;
			map_slots[i].used = 1;
			return 0;
		}
	return -1;
}

static void map_unregister(const uint8_t *start)
{
	unsigned i;

	for (i = 0; i < MAP_SLOTS; i++)
		if (map_slots[i].used && map_slots[i].start == start)
			map_slots[i].used = 0;
}

/* Release img->data as it was obtained. */
static void data_release(struct image *img)
{
	if (img->mapped) {
		map_unregister(img->data);
		munmap(img->data, img->len ? img->len : 1);
	} else {
		free(img->data);
	}
	img->data = NULL;
	img->mapped = 0;
}

/* image_read_rest() for a big regular file: map it whole.  0 when
 * mapped; -1 to read it instead (nothing changed). */
static int map_rest(struct image *img)
{
	struct stat st;
	uint8_t *m;
	size_t len = (size_t)img->size;

	if (img->size < IMAGE_MAP_MIN || img->size != (uint64_t)len)
		return -1;
	/* populated read-only, so that the kernel maps the page cache's
	 * pages (a writable private mapping is populated with write faults,
	 * which copy every page); then writable, for a loader that patches
	 * its copy: only the pages it writes are copied */
	m = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, img->fd, 0);
	if (m == MAP_FAILED)
		return -1;
	if (mprotect(m, len, PROT_READ | PROT_WRITE) < 0) {
		munmap(m, len);
		return -1;
	}
	/* the size the mapping was made with must still be the file's,
	 * and the head read before must be its first bytes */
	if (fstat(img->fd, &st) < 0 || (uint64_t)st.st_size != img->size ||
	    memcmp(m, img->data, img->len) != 0 ||
	    map_register(m, len, img->name) < 0) {
		munmap(m, len);
		return -1;
	}
	free(img->data);
	img->data = m;
	img->len = len;
	img->mapped = 1;
	return 0;
}

static int image_set_name(struct diag *d, const char *name, struct image *img)
{
	img->name = strdup(name ? name : "(buffer)");
	if (!img->name)
		return diag_fail(d, -ENOMEM, "%s: out of memory", name);
	return 0;
}

static void image_close(struct image *img)
{
	if (img->has_fd)
		close(img->fd);
	img->has_fd = 0;
	img->fd = -1;
}

/* Read from @img's fd into img->data[len, want) until @want bytes or
 * EOF: 0, or -errno recorded. */
static int read_to(struct diag *d, struct image *img, size_t want)
{
	while (img->len < want) {
		ssize_t n = read(img->fd, img->data + img->len, want - img->len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return diag_fail(d, -errno, "%s: %s", img->name,
					 strerror(errno));
		if (n == 0)
			break;
		img->len += (size_t)n;
	}
	return 0;
}

int image_open(struct diag *d, const char *path, uint64_t max,
	       const char *what, struct image *img)
{
	struct stat st;
	size_t head;
	int fd, rc;

	memset(img, 0, sizeof(*img));
	img->fd = -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return diag_fail(d, -errno, "%s: %s", path, strerror(errno));
	img->fd = fd;
	img->has_fd = 1;
	if (fstat(fd, &st) < 0) {
		rc = diag_fail(d, -errno, "%s: %s", path, strerror(errno));
		goto err;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = diag_fail(d, -EISDIR, "%s: %s", path, strerror(EISDIR));
		goto err;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = diag_fail(d, -EINVAL, "%s: not a regular file (a %s)", path,
			       S_ISFIFO(st.st_mode) ? "FIFO" :
			       S_ISCHR(st.st_mode) ? "character device" :
			       S_ISBLK(st.st_mode) ? "block device" :
			       S_ISSOCK(st.st_mode) ? "socket" : "special file");
		goto err;
	}
	img->size = st.st_size > 0 ? (uint64_t)st.st_size : 0;
	if (max && img->size > max) {
		rc = diag_fail(d, -EFBIG, "%s: %llu bytes, more than %s (%llu bytes)",
			       path, (unsigned long long)img->size,
			       what ? what : "the limit",
			       (unsigned long long)max);
		goto err;
	}
	/* the whole file and a NUL must fit in this process's address
	 * space (a 4 GiB - 1 file on i386 does not) */
	if (img->size >= SIZE_MAX / 2) {
		rc = diag_fail(d, -EFBIG, "%s: %llu bytes, too large for a %zu-bit program to hold",
			       path, (unsigned long long)img->size,
			       sizeof(size_t) * 8);
		goto err;
	}
	/* a regular file never blocks; back to plain reads */
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	rc = image_set_name(d, path, img);
	if (rc)
		goto err;
	head = img->size < IMAGE_HEAD ? (size_t)img->size + 1 : IMAGE_HEAD;
	img->data = malloc(head);
	if (!img->data) {
		rc = diag_fail(d, -ENOMEM, "%s: out of memory (%zu bytes)",
			       path, head);
		goto err;
	}
	rc = read_to(d, img, head);
	if (rc)
		goto err;
	img->partial = img->len == head;
	return 0;
err:
	image_free(img);
	return rc;
}

int image_read_rest(struct diag *d, struct image *img)
{
	size_t cap = img->len;
	uint8_t *nb;
	int rc;

	if (!img->partial)
		goto done;
	if (map_rest(img) == 0) {
		img->partial = 0;
		goto done;
	}
	/* the size is a hint: a file that grows is still read to EOF */
	for (;;) {
		size_t ncap = img->size + 1 > cap ? (size_t)img->size + 1 : cap;

		if (ncap == cap && __builtin_mul_overflow(cap, 2, &ncap))
			return diag_fail(d, -EFBIG, "%s: file too large",
					 img->name);
		nb = realloc(img->data, ncap);
		if (!nb)
			return diag_fail(d, -ENOMEM,
					 "%s: out of memory (%zu bytes)",
					 img->name, ncap);
		img->data = nb;
		cap = ncap;
		rc = read_to(d, img, cap);
		if (rc)
			return rc;
		if (img->len < cap)
			break;
	}
	img->partial = 0;
done:
	image_close(img);
	return 0;
}

int image_read(struct diag *d, const char *path, struct image *img)
{
	int rc = image_open(d, path, 0, NULL, img);

	if (rc == 0)
		rc = image_read_rest(d, img);
	if (rc)
		image_free(img);
	return rc;
}

int image_from_buffer(struct diag *d, const char *name, const void *data,
		      size_t len, struct image *img)
{
	int rc;

	memset(img, 0, sizeof(*img));
	img->fd = -1;
	/* Always allocate at least one byte so data is never NULL. */
	img->data = malloc(len ? len : 1);
	if (!img->data)
		return diag_fail(d, -ENOMEM, "%s: out of memory (%zu bytes)",
				 name ? name : "(buffer)", len);
	if (len)
		memcpy(img->data, data, len);
	img->len = len;
	img->size = len;
	rc = image_set_name(d, name, img);
	if (rc) {
		free(img->data);
		memset(img, 0, sizeof(*img));
	}
	return rc;
}

void image_free(struct image *img)
{
	if (!img)
		return;
	image_close(img);
	data_release(img);
	free(img->name);
	memset(img, 0, sizeof(*img));
}

void image_set_data(struct image *img, uint8_t *data, size_t len)
{
	data_release(img);
	img->data = data;
	img->len = len;
}
