/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-decompress.c - compressed kernels (kexec/decompress.c): detection,
 * each format's round trip (data compressed here with the libraries'
 * own encoders), concatenation and trailing data, the size bound,
 * truncation at every length, corrupt checks, the "built without"
 * messages; then the whole tool on the fake kernel: a compressed bzImage
 * loads the same plan as the plain one (kexec_load) and reaches
 * kexec_file_load through a memfd; a corrupt one fails with one line and
 * leaves the loaded image alone; initrds are not decompressed. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_ZLIB
#include <zlib.h>
#endif
#ifdef HAVE_LZMA
#include <lzma.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

#include "bzbuild.h"
#include "decompress.h"
#include "diag.h"
#include "image.h"
#include "runmain.h"
#include "sysroot.h"
#include "tap.h"

#define ALL (DECOMP_BIT(DECOMP_GZIP) | DECOMP_BIT(DECOMP_XZ) | \
	     DECOMP_BIT(DECOMP_LZMA) | DECOMP_BIT(DECOMP_ZSTD))

struct buf {
	uint8_t *p;
	size_t n;
};

static void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = 0;
}

/* Compressible but not trivial: text-like lines with a counter. */
static struct buf payload(size_t n, unsigned seed)
{
	struct buf b = { malloc(n), n };
	size_t i;

	for (i = 0; i < n; i++)
		b.p[i] = (uint8_t)("kexec-jump decompress "[(i + seed) % 22] ^
				   ((i / 97) & 7));
	return b;
}

/* ---- encoders (the libraries' own) ---- */

#ifdef HAVE_ZLIB
static struct buf enc_gzip(const uint8_t *in, size_t n)
{
	struct buf b;
	z_stream z;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	b.n = deflateBound(&z, n) + 64;
	b.p = malloc(b.n);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)n;
	z.next_out = b.p;
	z.avail_out = (uInt)b.n;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	b.n = z.total_out;
	deflateEnd(&z);
	return b;
}
#endif

#ifdef HAVE_LZMA
static struct buf enc_xz(const uint8_t *in, size_t n)
{
	struct buf b = { malloc(lzma_stream_buffer_bound(n)), 0 };

	if (lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, in, n, b.p,
				    &b.n, lzma_stream_buffer_bound(n)) != LZMA_OK)
		abort();
	return b;
}

static struct buf enc_lzma(const uint8_t *in, size_t n)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_options_lzma opt;
	struct buf b = { malloc(n + n / 2 + 4096), 0 };

	if (lzma_lzma_preset(&opt, 6) || lzma_alone_encoder(&s, &opt) != LZMA_OK)
		abort();
	s.next_in = in;
	s.avail_in = n;
	s.next_out = b.p;
	s.avail_out = n + n / 2 + 4096;
	if (lzma_code(&s, LZMA_FINISH) != LZMA_STREAM_END)
		abort();
	b.n = s.total_out;
	lzma_end(&s);
	return b;
}
#endif

#ifdef HAVE_ZSTD
/* @checksum: the frame's optional content checksum; @size: whether the
 * frame header records the content size */
static struct buf enc_zstd(const uint8_t *in, size_t n, int checksum, int size)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	struct buf b = { malloc(ZSTD_compressBound(n)), 0 };

	ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 19);
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, checksum);
	ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, size);
	b.n = ZSTD_compress2(c, b.p, ZSTD_compressBound(n), in, n);
	if (ZSTD_isError(b.n))
		abort();
	ZSTD_freeCCtx(c);
	return b;
}
#endif

static struct buf enc(enum decomp_fmt f, const uint8_t *in, size_t n)
{
	struct buf none = { NULL, 0 };

	(void)in;
	(void)n;
	switch (f) {
#ifdef HAVE_ZLIB
	case DECOMP_GZIP: return enc_gzip(in, n);
#endif
#ifdef HAVE_LZMA
	case DECOMP_XZ: return enc_xz(in, n);
	case DECOMP_LZMA: return enc_lzma(in, n);
#endif
#ifdef HAVE_ZSTD
	case DECOMP_ZSTD: return enc_zstd(in, n, 1, 1);
#endif
	default: return none;
	}
}

static struct buf cat(const struct buf *a, const uint8_t *b, size_t n)
{
	struct buf r = { malloc(a->n + n + 1), a->n + n };

	memcpy(r.p, a->p, a->n);
	if (n)
		memcpy(r.p + a->n, b, n);
	return r;
}

/* decomp_buf on @in with @limit; *msg gets the message ("" on success) */
static int dec(enum decomp_fmt f, const struct buf *in, size_t limit,
	       unsigned enabled, struct buf *out, char *msg, size_t msgsz)
{
	struct diag d;
	int rc;

	memset(&d, 0, sizeof(d));
	rc = decomp_buf(&d, "k.img", f, in->p, in->n, limit, enabled, &out->p,
			&out->n);
	snprintf(msg, msgsz, "%s", d.msg);
	return rc;
}

static int one_line(const char *msg)
{
	return strncmp(msg, "k.img: ", 7) == 0 && !strchr(msg, '\n');
}

/* ---- detection ---- */

static void test_detect(void)
{
	uint8_t h[13] = { 0x5d, 0, 0, 0x80, 0 };   /* dict 8 MiB */

	is_int(decomp_detect((const uint8_t *)"\x1f\x8b\x08", 3), DECOMP_GZIP, "1f 8b: gzip");
	is_int(decomp_detect((const uint8_t *)"\x1f", 1), DECOMP_NONE, "1f alone: too short for gzip");
	is_int(decomp_detect((const uint8_t *)"\xfd" "7zXZ\0", 6), DECOMP_XZ, "fd 7zXZ 00: xz");
	is_int(decomp_detect((const uint8_t *)"\xfd" "7zXZ", 5), DECOMP_NONE, "xz magic cut: none");
	is_int(decomp_detect((const uint8_t *)"\x28\xb5\x2f\xfd", 4), DECOMP_ZSTD, "28 b5 2f fd: zstd");
	is_int(decomp_detect((const uint8_t *)"\x7f" "ELF", 4), DECOMP_NONE, "ELF: none");
	memset(h + 5, 0xff, 8);
	is_int(decomp_detect(h, 13), DECOMP_LZMA, "lzma-alone 0x5d, 8 MiB, size unknown");
	is_int(decomp_detect(h, 12), DECOMP_NONE, "lzma-alone header cut at 12: none");
	h[0] = 0x5e;
	is_int(decomp_detect(h, 13), DECOMP_NONE, "lzma properties 0x5e: not taken for lzma");
	h[0] = 0x5d;
	h[3] = 0x30;     /* 3 MiB = 2^21 + 2^20 */
	is_int(decomp_detect(h, 13), DECOMP_LZMA, "dictionary 3 MiB (2^21 + 2^20): lzma");
	h[3] = 0x50;     /* 5 MiB */
	is_int(decomp_detect(h, 13), DECOMP_NONE, "dictionary 5 MiB: not lzma");
	h[3] = 0; h[2] = 0x08; /* 2 KiB */
	is_int(decomp_detect(h, 13), DECOMP_NONE, "dictionary 2 KiB: not lzma");
	h[2] = 0; h[3] = 0x80;
	memset(h + 5, 0, 8);
	h[5] = 0x10;     /* 16 bytes */
	is_int(decomp_detect(h, 13), DECOMP_LZMA, "known size 16: lzma");
	h[10] = 0x40;    /* 2^46 */
	is_int(decomp_detect(h, 13), DECOMP_NONE, "size 2^46: not lzma");
	is_str(decomp_name(DECOMP_XZ), "xz", "name of xz");
	ok(decomp_name(DECOMP_NONE) == NULL, "no name for none");
}

/* ---- per-format behaviour ---- */

static const enum decomp_fmt fmts[] = { DECOMP_GZIP, DECOMP_XZ, DECOMP_LZMA,
					DECOMP_ZSTD };

static void test_format(enum decomp_fmt f)
{
	const char *nm = decomp_name(f);
	struct buf p = payload(300000, (unsigned)f), c = enc(f, p.p, p.n);
	struct buf o = { NULL, 0 }, t;
	char msg[DIAG_MSG_MAX], want[DIAG_MSG_MAX];
	size_t cut, ntrunc = 0, nbad = 0, nother = 0, minlen;
	int rc;

	if (!(decomp_built_in() & DECOMP_BIT(f))) {
		/* the real "built without" message of this build */
		struct buf x = { (uint8_t *)"\x1f\x8b\x08\0\0\0\0\0\0\x03", 10 };
		uint8_t xz[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };

		if (f == DECOMP_XZ) {
			x.p = xz;
			x.n = 6;
		}
		if (f == DECOMP_GZIP || f == DECOMP_XZ) {
			rc = dec(f, &x, DECOMP_LIMIT, decomp_built_in(), &o, msg, sizeof(msg));
			is_int(rc, -ENOTSUP, "this build leaves the format out");
			has_str(msg, "but this kexec was built without", "and says so");
		}
		ok(1, "# %s not in this build: round trip skipped", nm);
		buf_free(&p);
		return;
	}
	ok(c.n > 0 && c.n < p.n / 4, "%s: encoded 300000 bytes to %zu", nm, c.n);
	is_int(decomp_detect(c.p, c.n), f, "the encoder's output is detected");
	rc = dec(f, &c, DECOMP_LIMIT, ALL, &o, msg, sizeof(msg));
	is_intf(rc, 0, "%s: decompresses (%s)", nm, msg);
	ok(o.n == p.n && o.p && memcmp(o.p, p.p, p.n) == 0, "%s: round trip exact", nm);
	buf_free(&o);

	/* exactly at the limit: fine; one byte below: refused */
	rc = dec(f, &c, p.n, ALL, &o, msg, sizeof(msg));
	is_intf(rc, 0, "%s: output exactly the limit is taken", nm);
	buf_free(&o);
	{
		struct buf b = payload(3 << 20, 1), bc = enc(f, b.p, b.n);

		rc = dec(f, &bc, 1 << 20, ALL, &o, msg, sizeof(msg));
		is_intf(rc, -EFBIG, "%s: 3 MiB under a 1 MiB limit refused", nm);
		snprintf(want, sizeof(want), "k.img: %s data expands beyond 1 MiB; refusing", nm);
		is_str(msg, want, "the bomb message");
		ok(o.p == NULL && o.n == 0, "nothing handed back");
		buf_free(&b);
		buf_free(&bc);
	}

	/* concatenation and trailing data */
	t = cat(&c, c.p, c.n);
	rc = dec(f, &t, DECOMP_LIMIT, ALL, &o, msg, sizeof(msg));
	if (f == DECOMP_LZMA) {
		is_int(rc, -EINVAL, "lzma: two streams back to back are refused");
		has_str(msg, "unexpected data after the lzma data", "lzma: trailing data message");
	} else {
		is_intf(rc, 0, "%s: two members back to back (%s)", nm, msg);
		ok(o.n == 2 * p.n && !memcmp(o.p, p.p, p.n) && !memcmp(o.p + p.n, p.p, p.n),
		   "%s: joined output", nm);
	}
	buf_free(&o);
	buf_free(&t);
	{
		static const uint8_t zeros[512], junk[3] = { 0, 0, 'x' };

		t = cat(&c, zeros, sizeof(zeros));
		rc = dec(f, &t, DECOMP_LIMIT, ALL, &o, msg, sizeof(msg));
		is_intf(rc, 0, "%s: 512 zero bytes of padding after it are skipped", nm);
		is_int((int)o.n, (int)p.n, "padding adds nothing");
		buf_free(&o);
		buf_free(&t);
		t = cat(&c, junk, sizeof(junk));
		rc = dec(f, &t, DECOMP_LIMIT, ALL, &o, msg, sizeof(msg));
		is_int(rc, -EINVAL, "non-zero trailing data refused");
		snprintf(want, sizeof(want),
			 "k.img: 1 bytes of unexpected data after the %s data at offset %zu; refusing",
			 nm, c.n + 2);
		is_str(msg, want, "trailing data message names the offset");
		buf_free(&t);
	}

	/* truncated at every length from the magic on: one line, refused */
	minlen = f == DECOMP_LZMA ? 13 : f == DECOMP_XZ ? 6 : f == DECOMP_GZIP ? 2 : 4;
	for (cut = minlen; cut < c.n; cut++) {
		struct buf tc = { c.p, cut };

		rc = dec(f, &tc, DECOMP_LIMIT, ALL, &o, msg, sizeof(msg));
		if (rc == 0 || o.p || !one_line(msg))
			nbad++;
		else if (strstr(msg, "truncated"))
			ntrunc++;
		else if (!strstr(msg, "corrupt"))
			nother++;
		buf_free(&o);
	}
	is_intf((int)nbad, 0, "%s: every one of %zu truncations refused with one line", nm,
		c.n - minlen);
	is_intf((int)nother, 0, "%s: each says truncated or corrupt", nm);
	ok(ntrunc > 0, "%s: %zu of them say truncated", nm, ntrunc);
	snprintf(want, sizeof(want),
		 "k.img: truncated %s data (the file ends inside the compressed stream)", nm);
	{
		struct buf tc = { c.p, c.n - 1 };

		rc = dec(f, &tc, DECOMP_LIMIT, ALL, &o, msg, sizeof(msg));
		is_str(msg, want, "the last byte missing: the truncation message");
	}

	/* a flipped byte in the middle of the compressed data */
	t = cat(&c, NULL, 0);
	t.p[t.n / 2] ^= 0x55;
	rc = dec(f, &t, DECOMP_LIMIT, ALL, &o, msg, sizeof(msg));
	if (f == DECOMP_LZMA) {
		/* lzma-alone has no check: a flip may decode to other bytes */
		ok(rc != 0 || o.n != p.n || memcmp(o.p, p.p, p.n) != 0,
		   "lzma: a flipped byte never yields the original");
	} else {
		/* a flip can also hide the end of the stream: the decoder
		 * then runs out of input */
		is_intf(rc, -EINVAL, "%s: a flipped byte is refused", nm);
		ok(one_line(msg) && (strstr(msg, "corrupt") || strstr(msg, "truncated")),
		   "%s: flipped byte: %s", nm, msg);
	}
	buf_free(&o);
	buf_free(&t);

	/* built without this format: the message names it and the switch */
	rc = dec(f, &c, DECOMP_LIMIT, ALL & ~DECOMP_BIT(f), &o, msg, sizeof(msg));
	is_int(rc, -ENOTSUP, "left out of the build: -ENOTSUP");
	snprintf(want, sizeof(want),
		 "k.img: %s-compressed, but this kexec was built without %s (./configure --with-%s)",
		 nm, f == DECOMP_GZIP ? "zlib" : f == DECOMP_ZSTD ? "libzstd" : "liblzma",
		 f == DECOMP_GZIP ? "zlib" : f == DECOMP_ZSTD ? "zstd" : "lzma");
	is_str(msg, want, "built-without message");
	buf_free(&c);
	buf_free(&p);
}

/* Checks with fixed, known-answer bytes: integrity fields, header
 * sizes that lie. */
static void test_checks(void)
{
	char msg[DIAG_MSG_MAX];
	struct buf o = { NULL, 0 };
	struct buf p = payload(20000, 3);
	int rc;

#ifdef HAVE_ZLIB
	{
		struct buf c = enc_gzip(p.p, p.n);

		c.p[c.n - 8] ^= 1;   /* CRC-32 */
		rc = dec(DECOMP_GZIP, &c, DECOMP_LIMIT, ALL, &o, msg, sizeof(msg));
		is_int(rc, -EINVAL, "gzip: bad CRC-32 refused");
		is_str(msg, "k.img: corrupt gzip data (zlib: incorrect data check)", "gzip CRC message");
		c.p[c.n - 8] ^= 1;
		c.p[c.n - 1] = 0xff; /* ISIZE */
		rc = dec(DECOMP_GZIP, &c, DECOMP_LIMIT, ALL, &o, msg, sizeof(msg));
		is_str(msg, "k.img: corrupt gzip data (zlib: incorrect length check)", "gzip ISIZE that lies");
		c.p[c.n - 1] = 0;
		c.p[2] = 7;          /* method */
		rc = dec(DECOMP_GZIP, &c, DECOMP_LIMIT, ALL, &o, msg, sizeof(msg));
		is_str(msg, "k.img: corrupt gzip data (zlib: unknown compression method)", "gzip method 7");
		buf_free(&c);
	}
#endif
#ifdef HAVE_LZMA
	{
		struct buf c = enc_xz(p.p, p.n);
		/* 12-byte stream header, then the block; the block's CRC-64
		 * sits just before the index, which ends 12 bytes before the
		 * end: flip the last byte of the 12-byte footer's CRC32
		 * instead, and then a data byte */
		c.p[c.n - 12] ^= 1;
		rc = dec(DECOMP_XZ, &c, DECOMP_LIMIT, ALL, &o, msg, sizeof(msg));
		is_int(rc, -EINVAL, "xz: bad footer CRC32 refused");
		has_str(msg, "k.img: corrupt xz data (liblzma: ", "xz footer message");
		c.p[c.n - 12] ^= 1;
		c.p[8] ^= 1;          /* the stream header's CRC32 */
		rc = dec(DECOMP_XZ, &c, DECOMP_LIMIT, ALL, &o, msg, sizeof(msg));
		is_int(rc, -EINVAL, "xz: bad header CRC32 refused");
		buf_free(&c);

		c = enc_lzma(p.p, p.n);
		/* the known-size field says 1 GiB + 1: refused before decoding */
		memset(c.p + 5, 0, 8);
		c.p[8] = 0x40;
		c.p[5] = 1;
		rc = dec(DECOMP_LZMA, &c, DECOMP_LIMIT, ALL, &o, msg, sizeof(msg));
		is_int(rc, -EFBIG, "lzma: a header size over the limit refused at once");
		is_str(msg, "k.img: lzma data expands beyond 1024 MiB; refusing", "lzma size message");
		/* says 100 bytes, holds 20000: trailing data after the stream */
		memset(c.p + 5, 0, 8);
		c.p[5] = 100;
		rc = dec(DECOMP_LZMA, &c, DECOMP_LIMIT, ALL, &o, msg, sizeof(msg));
		is_int(rc, -EINVAL, "lzma: a short known size leaves data behind: refused");
		buf_free(&c);
	}
#endif
#ifdef HAVE_ZSTD
	{
		struct buf c = enc_zstd(p.p, p.n, 1, 1);

		c.p[c.n - 1] ^= 1;   /* content checksum */
		rc = dec(DECOMP_ZSTD, &c, DECOMP_LIMIT, ALL, &o, msg, sizeof(msg));
		is_int(rc, -EINVAL, "zstd: bad content checksum refused");
		has_str(msg, "k.img: corrupt zstd data (libzstd: ", "zstd checksum message");
		buf_free(&c);
		/* no content size in the header: the bound still holds */
		{
			struct buf b = payload(3 << 20, 2), bc = enc_zstd(b.p, b.n, 0, 0);

			rc = dec(DECOMP_ZSTD, &bc, 1 << 20, ALL, &o, msg, sizeof(msg));
			is_int(rc, -EFBIG, "zstd without a content size: bound holds while decoding");
			buf_free(&b);
			buf_free(&bc);
		}
		/* a frame header claiming 2^40 bytes: refused before decoding */
		{
			uint8_t h[] = { 0x28, 0xb5, 0x2f, 0xfd, 0xc0 /* FCS 8 bytes, single segment */,
					0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0 };
			struct buf hb = { h, sizeof(h) };

			rc = dec(DECOMP_ZSTD, &hb, DECOMP_LIMIT, ALL, &o, msg, sizeof(msg));
			is_int(rc, -EFBIG, "zstd: header content size 2^40 refused at once");
		}
	}
#endif
	(void)rc;
	(void)msg;
	(void)o;
	buf_free(&p);
	{
		struct diag d;
		uint8_t *out = (uint8_t *)1;
		size_t n = 1;

		memset(&d, 0, sizeof(d));
		rc = decomp_buf(&d, "k.img", DECOMP_NONE, (const uint8_t *)"x", 1,
				DECOMP_LIMIT, ALL, &out, &n);
		ok(rc == -EINVAL && out == NULL && n == 0, "DECOMP_NONE is an error");
	}
}

/* image_decompress: in place, and nothing changes on failure */
static void test_image(void)
{
	struct diag d;
	struct image img;
	struct buf p = payload(5000, 4);
	int rc;

	memset(&d, 0, sizeof(d));
	image_from_buffer(&d, "plain", p.p, p.n, &img);
	rc = image_decompress(&d, &img);
	ok(rc == 0 && img.len == p.n && !img.compression, "a plain image is left alone");
	image_free(&img);
#ifdef HAVE_ZLIB
	{
		struct buf c = enc_gzip(p.p, p.n);

		image_from_buffer(&d, "k.gz", c.p, c.n, &img);
		rc = image_decompress(&d, &img);
		ok(rc == 0 && img.len == p.n && !memcmp(img.data, p.p, p.n),
		   "gzip image replaced by its contents");
		is_str(img.compression ? img.compression : "", "gzip", "compression recorded");
		is_int((int)img.file_len, (int)c.n, "file size recorded");
		is_str(img.name, "k.gz", "the name stays the file's");
		image_free(&img);
		c.p[c.n / 2] ^= 0x40;
		image_from_buffer(&d, "k.gz", c.p, c.n, &img);
		rc = image_decompress(&d, &img);
		ok(rc != 0 && img.len == c.n && !memcmp(img.data, c.p, c.n) && !img.compression,
		   "a failure leaves the image as it was");
		image_free(&img);
		buf_free(&c);
	}
#endif
	buf_free(&p);
}

/* ---- the whole tool, with the fake kernel ---- */

static char root[256];
static char *out_text, *err_text;
#define run(f, ...) run_main((f), root, &out_text, &err_text, __VA_ARGS__)

static void make_root(void)
{
	static const char *const m[][3] = {
		{ "0x0", "0x9fbff", "System RAM" },
		{ "0x9fc00", "0x9ffff", "Reserved" },
		{ "0x100000", "0x7ffdffff", "System RAM" },
	};
	char rel[64], val[64];
	size_t i;

	sysroot_create(root, sizeof(root), "t-decompress");
	for (i = 0; i < 3; i++) {
		snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu", i);
		sysroot_mkdir(root, rel);
		snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu/start", i);
		snprintf(val, sizeof(val), "%s\n", m[i][0]);
		sysroot_put(root, rel, val);
		snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu/end", i);
		snprintf(val, sizeof(val), "%s\n", m[i][1]);
		sysroot_put(root, rel, val);
		snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu/type", i);
		sysroot_put(root, rel, m[i][2]);
	}
	sysroot_put(root, "sys/kernel/kexec_loaded", "0\n");
	sysroot_put(root, "sys/kernel/kexec_crash_loaded", "0\n");
	sysroot_put(root, "proc/cmdline", "root=/dev/vda\n");
}

static const char *rpath(const char *name)
{
	static char b[4][512];
	static int i;

	i = (i + 1) % 4;
	snprintf(b[i], sizeof(b[i]), "%s/%s", root, name);
	return b[i];
}

static void put_file(const char *name, const struct buf *b)
{
	sysroot_write(rpath(name), b->p, b->n);
}

/* the same load, segment by segment and byte by byte */
static int same_load(const struct fake_load *a, const struct fake_load *b)
{
	size_t i;

	if (a->nseg != b->nseg || a->entry != b->entry || a->flags != b->flags)
		return 0;
	for (i = 0; i < a->nseg && i < FAKE_MAX_SEGS; i++) {
		const struct fake_seg *x = &a->seg[i], *y = &b->seg[i];

		if (x->mem != y->mem || x->memsz != y->memsz ||
		    x->bufsz != y->bufsz ||
		    (x->bufsz && memcmp(x->data, y->data, x->bufsz) != 0))
			return 0;
	}
	return 1;
}

#ifdef HAVE_ZLIB
static int open_fds(void)
{
	char p[64];
	int n = 0, i;

	for (i = 0; i < 1024; i++) {
		snprintf(p, sizeof(p), "/proc/self/fd/%d", i);
		n += access(p, F_OK) == 0;
	}
	return n;
}
#endif

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_tool(void)
{
	struct bzb_spec s = bzb_default();
	struct buf bz, rd = payload(3000, 9), c;
	struct fake_sys f;
	char plain_out[8192];
	size_t i;
	int rc;

	make_root();
	bz.p = bzb_build(&s, &bz.n);
	put_file("bzImage", &bz);
	fake_sys_init(&f);
	f.random_fixed = 1;   /* loads compared byte for byte */
	f.sysroot = root;
	rc = run(&f, "-c -l %s --append=console=ttyS0", rpath("bzImage"));
	is_int(rc, 0, "plain bzImage: loaded");
	rc = run(&f, "-c --dry-run -l %s --append=console=ttyS0", rpath("bzImage"));
	snprintf(plain_out, sizeof(plain_out), "%s", out_text);

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		enum decomp_fmt fm = fmts[i];
		const char *nm = decomp_name(fm);
		char name[32], line[128];
		const char *o;
		size_t before;

		if (!(decomp_built_in() & DECOMP_BIT(fm)))
			continue;
		c = enc(fm, bz.p, bz.n);
		snprintf(name, sizeof(name), "bzImage.%s", nm);
		put_file(name, &c);
		before = f.nloads;
		rc = run(&f, "-c -l %s --append=console=ttyS0", rpath(name));
		is_intf(rc, 0, "%s bzImage: loaded (%s)", nm, err_text);
		ok(f.nloads == before + 1 && same_load(&f.loads[0], &f.loads[before]),
		   "%s bzImage: the same segments, byte for byte, as the plain one", nm);
		rc = run(&f, "-c --dry-run -l %s --append=console=ttyS0", rpath(name));
		snprintf(line, sizeof(line), "kernel %s: %s-compressed, %zu bytes decompressed to %zu\n",
			 rpath(name), nm, c.n, bz.n);
		o = strstr(out_text, line);
		ok(o == out_text && strcmp(o + strlen(line), plain_out) == 0,
		   "%s --dry-run: one line about the file, then the plain plan", nm);
		buf_free(&c);
	}

	/* kexec_file_load: a compressed bzImage goes through a memfd */
#ifdef HAVE_ZLIB
	c = enc_gzip(bz.p, bz.n);
	put_file("bzImage.gz", &c);
	put_file("initrd.gz", &c);   /* any bytes; an initrd is not decompressed */
	{
		struct bzb_spec s64 = bzb_default();
		struct buf b64, c64;
		int fds;

		s64.version = 0x020f;
		s64.xloadflags = 0x3;
		b64.p = bzb_build(&s64, &b64.n);
		put_file("bz64", &b64);
		c64 = enc_gzip(b64.p, b64.n);
		put_file("bz64.gz", &c64);
		fake_sys_free(&f);
		fake_sys_init(&f);
		f.random_fixed = 1;   /* loads compared byte for byte */
		f.sysroot = root;
		fds = open_fds();
		rc = run(&f, "-l %s --initrd=%s --append=a", rpath("bz64.gz"), rpath("initrd.gz"));
		is_intf(rc, 0, "-a, gzip'd 64-bit bzImage: exit 0 (%s)", err_text);
		is_int(open_fds(), fds, "no file descriptor left open (the memfd is closed)");
		is_str(f.trace, "kexec_file_load", "-a, gzip'd bzImage: the file call, as for a plain one");
		is_int((int)f.file_loads[0].kernel_size, (int)b64.n,
		       "the kernel fd holds the decompressed bzImage (a memfd)");
		is_int((int)f.file_loads[0].initrd_size, (int)c.n,
		       "the initrd fd is the initrd file, still compressed");
		rc = run(&f, "-s --dry-run -l %s", rpath("bz64.gz"));
		snprintf(plain_out, sizeof(plain_out),
			 "(gzip-compressed: %zu bytes decompressed into a memfd)", b64.n);
		has_str(out_text, plain_out, "-s --dry-run says the memfd");
		/* the sizes match either way: -d says which fd it was */
		rc = run(&f, "-d -s -l %s", rpath("bz64"));
		is_int(rc, 0, "-s, plain bzImage: loaded");
		snprintf(plain_out, sizeof(plain_out), "kexec_file_load: %s, flags", rpath("bz64"));
		has_str(err_text, plain_out, "a plain bzImage goes as its own file (IMA)");
		ok(!strstr(err_text, "decompressed"), "nothing decompressed for it");
		rc = run(&f, "-d -s -l %s", rpath("bz64.gz"));
		snprintf(plain_out, sizeof(plain_out),
			 "kexec_file_load: %s (decompressed, through an anonymous file), flags", rpath("bz64.gz"));
		has_str(err_text, plain_out, "a gzip'd one through the anonymous file");
		/* the kernel refuses the memfd: -a falls back to kexec_load,
		 * without reading the file again, and loads the same plan */
		fake_sys_free(&f);
		fake_sys_init(&f);
		f.random_fixed = 1;   /* loads compared byte for byte */
		f.sysroot = root;
		fake_script_push(&f.file_script, -ENOEXEC);
		fake_script_push(&f.file_script, -ENOEXEC);
		rc = run(&f, "-l %s --append=a", rpath("bz64.gz"));
		is_int(rc, 0, "-a, refused file call: falls back, exit 0");
		rc = run(&f, "-l %s --append=a", rpath("bz64"));
		ok(f.nloads == 2 && same_load(&f.loads[0], &f.loads[1]),
		   "-a fallback: gzip'd and plain give the same kexec_load");
		buf_free(&b64);
		buf_free(&c64);
	}

	/* the initrd reaches kexec_load as it is */
	fake_sys_free(&f);
	fake_sys_init(&f);
	f.random_fixed = 1;   /* loads compared byte for byte */
	f.sysroot = root;
	rc = run(&f, "-c -l %s --initrd=%s", rpath("bzImage.gz"), rpath("initrd.gz"));
	is_int(rc, 0, "gzip'd kernel with a gzip'd initrd: exit 0");
	{
		int found = 0;
		size_t k;

		for (k = 0; k < f.loads[0].nseg; k++)
			if (f.loads[0].seg[k].bufsz == c.n &&
			    !memcmp(f.loads[0].seg[k].data, c.p, c.n))
				found = 1;
		ok(found, "the initrd segment is the compressed initrd, byte for byte");
	}

	/* corrupt and truncated: one line, exit 1, the loaded image stays */
	fake_sys_free(&f);
	fake_sys_init(&f);
	f.random_fixed = 1;   /* loads compared byte for byte */
	f.sysroot = root;
	fake_sys_preload(&f, 0x2000000, 0x3e0000, 0x2000000);
	c.p[c.n - 8] ^= 1;
	put_file("bad.gz", &c);
	{
		const char *modes[] = { "-c", "-s", "-a" };
		char want[600];

		for (i = 0; i < 3; i++) {
			rc = run(&f, "%s -l %s", modes[i], rpath("bad.gz"));
			is_intf(rc, 1, "%s corrupt gzip kernel: exit 1", modes[i]);
			snprintf(want, sizeof(want),
				 "kexec: %s: corrupt gzip data (zlib: incorrect data check)\n",
				 rpath("bad.gz"));
			is_str(err_text, want, "one line naming the file and the reason");
		}
		c.n -= 9;
		put_file("short.gz", &c);
		rc = run(&f, "-c -l %s", rpath("short.gz"));
		is_int(rc, 1, "truncated gzip kernel: exit 1");
		is_int(count_lines(err_text), 1, "one line");
		has_str(err_text, "truncated gzip data", "says truncated");
		is_int((int)f.nloads + (int)f.nfile_loads, 0, "no system call made");
		ok(f.image.loaded && f.image.first_mem == 0x2000000,
		   "the image loaded before is untouched");
	}
	buf_free(&c);
#else
	/* the real --without-zlib build: the tool names the format */
	{
		uint8_t gz[20] = { 0x1f, 0x8b, 8 };
		struct buf g = { gz, sizeof(gz) };

		put_file("bzImage.gz", &g);
		rc = run(&f, "-c -l %s", rpath("bzImage.gz"));
		is_int(rc, 1, "gzip kernel without zlib: exit 1");
		is_int(count_lines(err_text), 1, "gzip kernel without zlib: one line");
		has_str(err_text, "gzip-compressed, but this kexec was built without zlib (./configure --with-zlib)",
			"gzip kernel without zlib: the message");
	}
#endif
	fake_sys_free(&f);
	free(out_text);
	free(err_text);
	buf_free(&bz);
	buf_free(&rd);
	sysroot_remove(root);
}

int main(void)
{
	size_t i;

	test_detect();
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		test_format(fmts[i]);
	test_checks();
	test_image();
	test_tool();
	return tap_done();
}
