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
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"

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
	free(img->name);
	free(img->data);
	memset(img, 0, sizeof(*img));
}
