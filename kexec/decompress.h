/* SPDX-License-Identifier: GPL-2.0-or-later */
/* decompress.h - compressed kernel files (gzip, xz, lzma, zstd).
 *
 * The kernel file is decompressed whole, in memory, before any loader
 * probes it (load.c stage_read); initrds are passed on as they are.
 * Formats are told apart by their magic:
 *
 *   gzip   1f 8b                          (zlib)
 *   xz     fd 37 7a 58 5a 00              (liblzma)
 *   zstd   28 b5 2f fd                    (libzstd)
 *   lzma   the 13-byte "lzma alone" header: properties byte 0x5d, a
 *          dictionary size of 2^n or 2^n + 2^(n-1) between 4 KiB and
 *          1.5 GiB, an uncompressed size that is -1 (unknown) or below
 *          2^38 (liblzma)
 *
 * Each library is optional at build time (HAVE_ZLIB, HAVE_LZMA,
 * HAVE_ZSTD from configure); a file in a format left out is refused with
 * a message that names the format and the configure switch.
 *
 * Policy: the output is bounded (@limit, DECOMP_LIMIT by default): data
 * that expands beyond it is refused, never half-used.  Concatenated
 * gzip members, xz streams and zstd frames are decoded one after the
 * other and joined; zero bytes between and after them (padding) are
 * skipped; any other trailing data is refused.
 */
#ifndef KJ_DECOMPRESS_H
#define KJ_DECOMPRESS_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "image.h"

enum decomp_fmt {
	DECOMP_NONE = 0,
	DECOMP_GZIP,
	DECOMP_XZ,
	DECOMP_LZMA,
	DECOMP_ZSTD,
	DECOMP_NFMT
};

#define DECOMP_BIT(f) (1u << (f))
/* The default bound on the decompressed size. */
#define DECOMP_LIMIT ((size_t)1 << 30)
/* Bytes decomp_detect() needs to see to recognise every format. */
#define DECOMP_MAGIC_MAX 13

/* Formats this build can decompress (DECOMP_BIT of each). */
unsigned decomp_built_in(void);

/* The format @p (the first @n bytes of a file) is in, or DECOMP_NONE. */
enum decomp_fmt decomp_detect(const uint8_t *p, size_t n);

/* "gzip", "xz", "lzma", "zstd" (NULL for DECOMP_NONE). */
const char *decomp_name(enum decomp_fmt f);

/* Decompress @in (@len bytes, from the file @name, which is in format @f)
 * into a malloc'd *out / *outlen, at most @limit bytes, with the formats
 * in @enabled (DECOMP_BIT set; decomp_built_in() in the tool).  Returns 0
 * or -errno with one message naming @name and the reason. */
int decomp_buf(struct diag *d, const char *name, enum decomp_fmt f,
	       const uint8_t *in, size_t len, size_t limit, unsigned enabled,
	       uint8_t **out, size_t *outlen);

/* Replace @img's bytes by their decompressed form when they are
 * compressed (sets img->compression and img->file_len); a plain image is
 * left alone.  On failure @img is unchanged. */
int image_decompress(struct diag *d, struct image *img);

/* The format of the file @path from its first bytes (DECOMP_NONE when it
 * cannot be read: the later full read reports that). */
enum decomp_fmt decomp_detect_file(const char *path);

#endif
