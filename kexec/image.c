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

int image_read(struct diag *d, const char *path, struct image *img)
{
	struct stat st;
	uint8_t *buf = NULL, *nb;
	size_t cap, len = 0;
	int fd, rc;

	memset(img, 0, sizeof(*img));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return diag_fail(d, -errno, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0) {
		rc = diag_fail(d, -errno, "%s: %s", path, strerror(errno));
		goto err_fd;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = diag_fail(d, -EISDIR, "%s: %s", path, strerror(EISDIR));
		goto err_fd;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = diag_fail(d, -EINVAL, "%s: not a regular file (a %s)", path,
			       S_ISFIFO(st.st_mode) ? "FIFO" :
			       S_ISCHR(st.st_mode) ? "character device" :
			       S_ISBLK(st.st_mode) ? "block device" :
			       S_ISSOCK(st.st_mode) ? "socket" : "special file");
		goto err_fd;
	}
	/* a regular file never blocks; back to plain reads */
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	/* the size is a hint: a file that grows is still read to EOF */
	cap = st.st_size > 0 && (uint64_t)st.st_size < SIZE_MAX ?
		(size_t)st.st_size + 1 : 65536;
	buf = malloc(cap);
	if (!buf) {
		rc = diag_fail(d, -ENOMEM, "%s: out of memory (%zu bytes)",
			       path, cap);
		goto err_fd;
	}
	for (;;) {
		ssize_t n;

		if (len == cap) {
			size_t ncap;

			if (__builtin_mul_overflow(cap, 2, &ncap)) {
				rc = diag_fail(d, -EFBIG, "%s: file too large",
					       path);
				goto err_buf;
			}
			nb = realloc(buf, ncap);
			if (!nb) {
				rc = diag_fail(d, -ENOMEM,
					       "%s: out of memory (%zu bytes)",
					       path, ncap);
				goto err_buf;
			}
			buf = nb;
			cap = ncap;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = diag_fail(d, -errno, "%s: %s", path,
				       strerror(errno));
			goto err_buf;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	rc = image_set_name(d, path, img);
	if (rc) {
		free(buf);
		return rc;
	}
	img->data = buf;
	img->len = len;
	return 0;

err_buf:
	free(buf);
err_fd:
	close(fd);
	return rc;
}

int image_from_buffer(struct diag *d, const char *name, const void *data,
		      size_t len, struct image *img)
{
	int rc;

	memset(img, 0, sizeof(*img));
	/* Always allocate at least one byte so data is never NULL. */
	img->data = malloc(len ? len : 1);
	if (!img->data)
		return diag_fail(d, -ENOMEM, "%s: out of memory (%zu bytes)",
				 name ? name : "(buffer)", len);
	if (len)
		memcpy(img->data, data, len);
	img->len = len;
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
	free(img->name);
	free(img->data);
	memset(img, 0, sizeof(*img));
}
