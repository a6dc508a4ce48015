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
};

/* Read the whole file, which must be a regular file (FIFOs, devices and
 * sockets are refused without blocking).  Errors name the file:
 * "phy_mode: No such file". */
int image_read(struct diag *d, const char *path, struct image *img);
/* Wrap existing bytes (tests, fuzzers).  Copies @data. */
int image_from_buffer(struct diag *d, const char *name, const void *data,
		      size_t len, struct image *img);
void image_free(struct image *img);   /* accepts zeroed image */

#endif
