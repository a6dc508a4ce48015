/* SPDX-License-Identifier: GPL-2.0-or-later */
/* image.h - a file read into memory.  Nothing else touches its fd. */
#ifndef KJ_IMAGE_H
#define KJ_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"

struct image {
	char *name;            /* path as given, for messages (owned) */
	uint8_t *data;         /* owned */
	size_t len;
	/* set by image_decompress() (decompress.h) when the file was
	 * compressed: "gzip", "xz", "lzma" or "zstd", and the file's size */
	const char *compression;
	size_t file_len;
	/* image_open(): partial while only the first len bytes (the head)
	 * are read; fd (has_fd) stays open until image_read_rest() or
	 * image_free(), for the rest or for kexec_file_load; size is the
	 * file's size (fstat) */
	int partial;
	int has_fd, fd;
	uint64_t size;
	/* image_read_rest() mapped the file (data is a private file
	 * mapping of len bytes, not malloc()ed): see IMAGE_MAP_MIN */
	int mapped;
};

/* image_read_rest() maps a regular file of at least this many bytes
 * (MAP_PRIVATE, populated) instead of reading it: no copy into fresh
 * memory, which is most of a big initrd's read time.  If the mapping
 * fails, or the file's size changed since the open, it reads as before.
 * A file truncated by someone else while it is mapped would raise
 * SIGBUS on access: the handler then prints one line naming the file
 * and the process exits 1 (nothing has been loaded: the mapping is gone
 * before kexec_load, which copies it, returns; a fault inside that
 * system call is EFAULT, not SIGBUS). */
#define IMAGE_MAP_MIN (4u << 20)

/* How much of a file image_open() reads: enough for every loader's
 * probe to tell whether the file is its format (a multiboot2 header
 * lies in the first 32 KiB, a bzImage's setup in the first 128.5 KiB). */
#define IMAGE_HEAD (256u * 1024u)

/* Read the whole file, which must be a regular file (FIFOs, devices and
 * sockets are refused without blocking).  Errors name the file:
 * "phy_mode: No such file". */
int image_read(struct diag *d, const char *path, struct image *img);
/* Open @path (checked as image_read does) and read only its first
 * IMAGE_HEAD bytes (all of a smaller file): img->partial is set while
 * more remains.  A file of more than @max bytes (0 = no limit) is
 * refused before anything is read: "FILE: N bytes, more than ... (@what)". */
int image_open(struct diag *d, const char *path, uint64_t max,
	       const char *what, struct image *img);
/* Read the rest of an image_open()ed file and close it; 0 at once for a
 * whole image. */
int image_read_rest(struct diag *d, struct image *img);
/* Wrap existing bytes (tests, fuzzers).  Copies @data. */
int image_from_buffer(struct diag *d, const char *name, const void *data,
		      size_t len, struct image *img);
void image_free(struct image *img);   /* accepts zeroed image */
/* Replace img->data by @data (malloc()ed, @len bytes; a decompressed
 * kernel), releasing the old bytes as they were obtained. */
void image_set_data(struct image *img, uint8_t *data, size_t len);

#endif
