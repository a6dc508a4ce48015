/* SPDX-License-Identifier: GPL-2.0-or-later */
/* decompress.c - compressed kernel files (decompress.h).
 *
 * One decoder per format decodes one member (gzip member, xz stream,
 * lzma stream, zstd frame) from the input into a bounded, growing output
 * buffer and says how many input bytes it used; decomp_buf() strings the
 * members together and applies the trailing-data policy. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

#include "decompress.h"

/* What each format needs from the build: library, configure switch. */
static const struct {
	const char *name, *lib, *with;
} fmt_info[DECOMP_NFMT] = {
	[DECOMP_GZIP] = { "gzip", "zlib", "--with-zlib" },
	[DECOMP_XZ]   = { "xz", "liblzma", "--with-lzma" },
	[DECOMP_LZMA] = { "lzma", "liblzma", "--with-lzma" },
	[DECOMP_ZSTD] = { "zstd", "libzstd", "--with-zstd" },
};

unsigned decomp_built_in(void)
{
	unsigned m = 0;

#ifdef HAVE_ZLIB
	m |= DECOMP_BIT(DECOMP_GZIP);
#endif
#ifdef HAVE_LZMA
	m |= DECOMP_BIT(DECOMP_XZ) | DECOMP_BIT(DECOMP_LZMA);
#endif
#ifdef HAVE_ZSTD
	m |= DECOMP_BIT(DECOMP_ZSTD);
#endif
	return m;
}

const char *decomp_name(enum decomp_fmt f)
{
	return f > DECOMP_NONE && f < DECOMP_NFMT ? fmt_info[f].name : NULL;
}

static const uint8_t gzip_magic[2] = { 0x1f, 0x8b };
static const uint8_t xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
static const uint8_t zstd_magic[4] = { 0x28, 0xb5, 0x2f, 0xfd };

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* The lzma-alone header has no magic: accept only what encoders write
 * (xz --format=lzma, lzma -N): properties lc=3 lp=0 pb=2 (0x5d), a
 * dictionary of 2^n or 3*2^(n-1) bytes in 4 KiB..1.5 GiB, and an
 * uncompressed size that is unknown (all ones) or below 256 GiB. */
static int lzma_alone_header(const uint8_t *p, size_t n)
{
	uint32_t dict;
	uint64_t size;

	if (n < 13 || p[0] != 0x5d)
		return 0;
	dict = le32(p + 1);
	size = le64(p + 5);
	if (dict < 4096 || dict > 0x60000000u)
		return 0;
	/* 2^n has one bit set; 2^n + 2^(n-1) two adjacent ones */
	if ((dict & (dict - 1)) != 0) {
		uint32_t low = dict & -dict;

		if (dict != low * 3)
			return 0;
	}
	return size == UINT64_MAX || size < ((uint64_t)1 << 38);
}

enum decomp_fmt decomp_detect(const uint8_t *p, size_t n)
{
	if (n >= sizeof(gzip_magic) && !memcmp(p, gzip_magic, sizeof(gzip_magic)))
		return DECOMP_GZIP;
	if (n >= sizeof(xz_magic) && !memcmp(p, xz_magic, sizeof(xz_magic)))
		return DECOMP_XZ;
	if (n >= sizeof(zstd_magic) && !memcmp(p, zstd_magic, sizeof(zstd_magic)))
		return DECOMP_ZSTD;
	if (lzma_alone_header(p, n))
		return DECOMP_LZMA;
	return DECOMP_NONE;
}

enum decomp_fmt decomp_detect_file(const char *path)
{
	uint8_t h[DECOMP_MAGIC_MAX];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return DECOMP_NONE;
	n = pread(fd, h, sizeof(h), 0);
	close(fd);
	return n > 0 ? decomp_detect(h, (size_t)n) : DECOMP_NONE;
}

/* ---- the bounded output buffer and the decoders ---- */

struct dctx {
	struct diag *d;
	const char *name;         /* the file, for messages */
	enum decomp_fmt fmt;
	uint8_t *out;
	size_t len, cap;
	size_t limit;             /* more than this is refused */
};

/* Largest chunk handed to a library at once (zlib counts in uInt). */
#define CHUNK_MAX ((size_t)1 << 30)

static int too_big(struct dctx *c)
{
	return diag_fail(c->d, -EFBIG,
			 "%.400s: %s data expands beyond %zu MiB; refusing",
			 c->name, fmt_info[c->fmt].name, c->limit >> 20);
}

static int truncated(struct dctx *c)
{
	return diag_fail(c->d, -EINVAL,
			 "%.400s: truncated %s data (the file ends inside the compressed stream)",
			 c->name, fmt_info[c->fmt].name);
}

/* corrupt() and no_memory() serve the codecs: unused in a build with
 * none of the libraries */
__attribute__((unused))
static int corrupt(struct dctx *c, const char *why)
{
	return diag_fail(c->d, -EINVAL, "%.400s: corrupt %s data (%s: %s)",
			 c->name, fmt_info[c->fmt].name, fmt_info[c->fmt].lib,
			 why);
}

/* Make room after c->len.  The buffer never grows past limit + 1 bytes:
 * a decoder that fills that much has produced more than the limit. */
static int room(struct dctx *c)
{
	size_t ncap, max = c->limit + 1;
	uint8_t *nb;

	if (c->len < c->cap)
		return 0;
	if (c->cap >= max)
		return too_big(c);
	ncap = c->cap < (max >> 1) ? c->cap * 2 : max;
	if (ncap < 65536)
		ncap = max < 65536 ? max : 65536;
	nb = realloc(c->out, ncap);
	if (!nb)
		return diag_fail(c->d, -ENOMEM,
				 "%.400s: out of memory decompressing %s data (%zu bytes)",
				 c->name, fmt_info[c->fmt].name, ncap);
	c->out = nb;
	c->cap = ncap;
	return 0;
}

static size_t chunk(size_t n)
{
	return n > CHUNK_MAX ? CHUNK_MAX : n;
}

/* A library's decoder for one member: init (0 or -errno with a
 * message), step (decode from *nin bytes into *nout bytes of room; on
 * return they hold what was used and produced), end. */
enum step { STEP_MORE, STEP_END, STEP_FAIL };

struct codec {
	int (*init)(struct dctx *c, void **st, const uint8_t *in, size_t len);
	enum step (*step)(struct dctx *c, void *st, const uint8_t *in,
			  size_t *nin, uint8_t *out, size_t *nout);
	void (*end)(void *st);
};

/* Decode one member from @in, growing the output; *used: input bytes
 * it took.  Input that runs out while the decoder still has room to
 * write is a truncated stream. */
static int member(struct dctx *c, const struct codec *k, const uint8_t *in,
		  size_t len, size_t *used)
{
	size_t pos = 0, nin, nout, room_out;
	void *st = NULL;
	enum step r;
	int rc;

	*used = 0;
	rc = k->init(c, &st, in, len);
	if (rc)
		return rc;
	for (;;) {
		rc = room(c);
		if (rc)
			break;
		nin = chunk(len - pos);
		room_out = nout = chunk(c->cap - c->len);
		r = k->step(c, st, in + pos, &nin, c->out + c->len, &nout);
		pos += nin;
		c->len += nout;
		if (r == STEP_END)
			break;
		if (r == STEP_FAIL) {
			rc = c->d->rc ? c->d->rc : -EINVAL;
			break;
		}
		if (nout < room_out && pos == len) {
			rc = truncated(c);
			break;
		}
	}
	k->end(st);
	*used = pos;
	return rc;
}

__attribute__((unused))
static int no_memory(struct dctx *c)
{
	return diag_fail(c->d, -ENOMEM, "%.400s: out of memory (%s)", c->name,
			 fmt_info[c->fmt].lib);
}

#ifdef HAVE_ZLIB
/* gzip members (RFC 1952); zlib checks the CRC-32 and size trailer. */
static int gz_init(struct dctx *c, void **st, const uint8_t *in, size_t len)
{
	z_stream *z = calloc(1, sizeof(*z));

	(void)in;
	(void)len;
	if (!z || inflateInit2(z, 16 + MAX_WBITS) != Z_OK) {
		free(z);
		return no_memory(c);
	}
	*st = z;
	return 0;
}

static enum step gz_step(struct dctx *c, void *st, const uint8_t *in,
			 size_t *nin, uint8_t *out, size_t *nout)
{
	z_stream *z = st;
	int zr;

	z->next_in = (Bytef *)(uintptr_t)in;
	z->avail_in = (uInt)*nin;
	z->next_out = out;
	z->avail_out = (uInt)*nout;
	zr = inflate(z, Z_NO_FLUSH);
	*nin -= z->avail_in;
	*nout -= z->avail_out;
	if (zr == Z_STREAM_END)
		return STEP_END;
	if (zr == Z_OK || zr == Z_BUF_ERROR)
		return STEP_MORE;
	if (zr == Z_MEM_ERROR)
		no_memory(c);
	else
		corrupt(c, z->msg ? z->msg : zr == Z_NEED_DICT ?
			"needs a preset dictionary" : "stream error");
	return STEP_FAIL;
}

static void gz_end(void *st)
{
	inflateEnd(st);
	free(st);
}

static const struct codec gz_codec = { gz_init, gz_step, gz_end };
#endif

#ifdef HAVE_LZMA
/* Memory the lzma/xz decoder may use (the dictionary, mostly). */
#define LZMA_MEMLIMIT ((uint64_t)256 << 20)

/* An xz stream (liblzma checks its check field) or an lzma-alone
 * stream (which has none). */
static int xz_init(struct dctx *c, void **st, const uint8_t *in, size_t len)
{
	lzma_stream *s = malloc(sizeof(*s)), init = LZMA_STREAM_INIT;
	lzma_ret lr;

	(void)in;
	(void)len;
	if (!s)
		return no_memory(c);
	*s = init;
	lr = c->fmt == DECOMP_XZ ? lzma_stream_decoder(s, LZMA_MEMLIMIT, 0) :
				   lzma_alone_decoder(s, LZMA_MEMLIMIT);
	if (lr != LZMA_OK) {
		free(s);
		return no_memory(c);
	}
	*st = s;
	return 0;
}

static const char *lzma_why(lzma_ret r)
{
	switch (r) {
	case LZMA_FORMAT_ERROR:  return "not in the expected format";
	case LZMA_OPTIONS_ERROR: return "unsupported options";
	case LZMA_DATA_ERROR:    return "compressed data is corrupt";
	case LZMA_UNSUPPORTED_CHECK: return "unsupported integrity check";
	case LZMA_MEMLIMIT_ERROR: return "needs more than 256 MiB of decoder memory";
	default:                 return "decoder error";
	}
}

static enum step xz_step(struct dctx *c, void *st, const uint8_t *in,
			 size_t *nin, uint8_t *out, size_t *nout)
{
	lzma_stream *s = st;
	lzma_ret lr;

	s->next_in = in;
	s->avail_in = *nin;
	s->next_out = out;
	s->avail_out = *nout;
	lr = lzma_code(s, LZMA_RUN);
	*nin -= s->avail_in;
	*nout -= s->avail_out;
	if (lr == LZMA_STREAM_END)
		return STEP_END;
	if (lr == LZMA_OK || lr == LZMA_BUF_ERROR)
		return STEP_MORE;
	if (lr == LZMA_MEM_ERROR)
		no_memory(c);
	else
		corrupt(c, lzma_why(lr));
	return STEP_FAIL;
}

static void xz_end(void *st)
{
	lzma_end(st);
	free(st);
}

static const struct codec xz_codec = { xz_init, xz_step, xz_end };
#endif

#ifdef HAVE_ZSTD
/* A zstd frame (or skippable frame); libzstd checks the optional
 * content checksum.  A frame whose header declares more than the limit
 * is refused before decoding. */
static int zs_init(struct dctx *c, void **st, const uint8_t *in, size_t len)
{
	unsigned long long content = ZSTD_getFrameContentSize(in, len);

	if (content != ZSTD_CONTENTSIZE_UNKNOWN &&
	    content != ZSTD_CONTENTSIZE_ERROR && content > c->limit - c->len)
		return too_big(c);
	*st = ZSTD_createDCtx();
	return *st ? 0 : no_memory(c);
}

static enum step zs_step(struct dctx *c, void *st, const uint8_t *in,
			 size_t *nin, uint8_t *out, size_t *nout)
{
	ZSTD_inBuffer ib = { in, *nin, 0 };
	ZSTD_outBuffer ob = { out, *nout, 0 };
	size_t zr = ZSTD_decompressStream(st, &ob, &ib);

	*nin = ib.pos;
	*nout = ob.pos;
	if (ZSTD_isError(zr)) {
		corrupt(c, ZSTD_getErrorName(zr));
		return STEP_FAIL;
	}
	return zr == 0 ? STEP_END : STEP_MORE;   /* 0: frame done, flushed */
}

static void zs_end(void *st)
{
	ZSTD_freeDCtx(st);
}

static const struct codec zs_codec = { zs_init, zs_step, zs_end };
#endif

static const struct codec *codec_for(enum decomp_fmt f)
{
	switch (f) {
#ifdef HAVE_ZLIB
	case DECOMP_GZIP: return &gz_codec;
#endif
#ifdef HAVE_LZMA
	case DECOMP_XZ:
	case DECOMP_LZMA: return &xz_codec;
#endif
#ifdef HAVE_ZSTD
	case DECOMP_ZSTD: return &zs_codec;
#endif
	default: return NULL;
	}
}

/* Does another member of format @f start at @p?  (lzma-alone streams
 * are never concatenated.) */
static int next_member(enum decomp_fmt f, const uint8_t *p, size_t n)
{
	switch (f) {
	case DECOMP_GZIP:
	case DECOMP_XZ:
		return decomp_detect(p, n) == f;
	case DECOMP_ZSTD:
		/* a zstd frame, or a skippable frame 0x184d2a5? */
		return decomp_detect(p, n) == f ||
		       (n >= 4 && (p[0] & 0xf0) == 0x50 && p[1] == 0x2a &&
			p[2] == 0x4d && p[3] == 0x18);
	default:
		return 0;
	}
}

int decomp_buf(struct diag *d, const char *name, enum decomp_fmt f,
	       const uint8_t *in, size_t len, size_t limit, unsigned enabled,
	       uint8_t **out, size_t *outlen)
{
	struct dctx c = { d, name ? name : "(buffer)", f, NULL, 0, 0, limit };
	const struct codec *k;
	size_t pos = 0, used = 0, z;
	int rc;

	*out = NULL;
	*outlen = 0;
	if (f <= DECOMP_NONE || f >= DECOMP_NFMT)
		return diag_fail(d, -EINVAL, "%.400s: not compressed", c.name);
	if (limit == 0 || limit > SIZE_MAX / 2)
		return diag_fail(d, -EINVAL, "%.400s: bad decompression limit",
				 c.name);
	k = codec_for(f);
	if (!k || !(enabled & DECOMP_BIT(f)))
		return diag_fail(d, -ENOTSUP,
				 "%.400s: %s-compressed, but this kexec was built without %s (./configure %s)",
				 c.name, fmt_info[f].name, fmt_info[f].lib,
				 fmt_info[f].with);
	if (f == DECOMP_LZMA && len >= 13 && le64(in + 5) != UINT64_MAX &&
	    le64(in + 5) > limit)
		return too_big(&c);
	for (;;) {
		rc = member(&c, k, in + pos, len - pos, &used);
		if (rc)
			goto fail;
		if (c.len > limit) {
			rc = too_big(&c);
			goto fail;
		}
		pos += used;
		/* padding: zero bytes between and after members */
		for (z = pos; z < len && in[z] == 0; z++)
			;
		if (z == len)
			break;
		if (!next_member(f, in + z, len - z)) {
			rc = diag_fail(d, -EINVAL,
				       "%.400s: %zu bytes of unexpected data after the %s data at offset %zu; refusing",
				       c.name, len - z, fmt_info[f].name, z);
			goto fail;
		}
		pos = z;
	}
	if (c.len == 0) {
		rc = diag_fail(d, -EINVAL, "%.400s: the %s data is empty",
			       c.name, fmt_info[f].name);
		goto fail;
	}
	*out = c.out;
	*outlen = c.len;
	return 0;
fail:
	free(c.out);
	return rc;
}

int image_decompress(struct diag *d, struct image *img)
{
	enum decomp_fmt f = decomp_detect(img->data, img->len);
	uint8_t *out;
	size_t outlen;
	int rc;

	if (f == DECOMP_NONE)
		return 0;
	rc = decomp_buf(d, img->name, f, img->data, img->len, DECOMP_LIMIT,
			decomp_built_in(), &out, &outlen);
	if (rc)
		return rc;
	diag_debug(d, "%s: %s-compressed, %zu bytes decompressed to %zu",
		   img->name, decomp_name(f), img->len, outlen);
	img->file_len = img->len;
	image_set_data(img, out, outlen);
	img->compression = decomp_name(f);
	return 0;
}
