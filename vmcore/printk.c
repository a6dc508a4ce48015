/* SPDX-License-Identifier: GPL-2.0-or-later */
/* printk.c - the crashed kernel's log, in either of its two in-memory
 * formats, read through VMCOREINFO (vmcore.h).
 *
 * Output: each record's text is printed line by line, every line with
 * the record's prefix "[%5lu.%06lu] " (seconds and microseconds of its
 * ts_nsec); a newline at the very end of a text adds no empty line, an
 * empty text prints the prefix alone.  Printable ASCII (0x20-0x7e) and
 * tab are copied, every other byte is written as \xNN (lower-case hex).
 *
 * 1. The lockless ring buffer (Linux 5.10 and later).
 *    SYMBOL(prb) is the address of `prb`, a pointer to the
 *    struct printk_ringbuffer in use.  It holds
 *      desc_ring      (OFFSET(printk_ringbuffer.desc_ring)):
 *        count_bits   unsigned int: 2^count_bits descriptors
 *        descs, infos pointers to arrays of struct prb_desc and
 *                     struct printk_info (SIZE() of each)
 *        head_id, tail_id  atomic_long_t (value at
 *                     OFFSET(atomic_long_t.counter)): newest and oldest
 *                     descriptor id
 *      text_data_ring (OFFSET(printk_ringbuffer.text_data_ring)):
 *        size_bits    unsigned int: 2^size_bits bytes of text blocks
 *        data         pointer to them
 *        head_lpos, tail_lpos  atomic_long_t: logical positions
 *    All ids and positions are unsigned longs (the kernel's word) and
 *    wrap at the word size.  Descriptor id lives in slot id mod count.
 *    prb_desc.state_var is an atomic_long_t: the top two bits are the
 *    state (0 reserved, 1 committed, 2 finalized, 3 reusable), the rest
 *    the id of the record now in the slot.  prb_desc.text_blk_lpos is
 *    {begin, next}: the record's block spans logical positions
 *    [begin, next); ring index = lpos mod size.  A block starts with an
 *    unsigned long (the descriptor id) followed by the text; blocks are
 *    word-aligned.  A block that would run past the end of the ring is
 *    stored at index 0 instead, its begin still pointing at the old end
 *    (so next - begin covers the unused end of the ring too).  Both
 *    positions odd means "no data": begin = next = 3 (NO_LPOS) is an
 *    empty record, anything else (FAILED_LPOS = 1) lost text.
 *    printk_info gives seq (u64), ts_nsec (u64) and text_len (u16).
 *
 *    The walk goes from tail_id to head_id (at most count ids) and prints
 *    records whose slot still holds that id in the committed or finalized
 *    state; others (reserved: being written; reusable: overwritten) are
 *    skipped, as the kernel's own reader does.  Without
 *    OFFSET(prb_desc_ring.head_id/tail_id) every slot is visited instead:
 *    the valid records are the ones whose id matches their slot, printed
 *    in seq order (starting from the smallest seq and going round the
 *    ring, which is seq order for every ring the kernel writes; a seq
 *    that does not increase is an error).
 *
 *    For a printed record: begin and next must be word-aligned, the block
 *    no larger than the ring, within [tail_lpos, head_lpos] when
 *    VMCOREINFO gives those offsets, large enough for the id, and
 *    text_len must fit in it; the blocks of all printed records must add
 *    up to no more than the ring (they cannot overlap in a ring the
 *    kernel wrote).  The latter bounds the output by the ring size.  Any
 *    violation is an error, not a skipped record: a finalized record
 *    whose block is impossible means the dump is damaged or forged.
 *
 * 2. The record buffer of Linux 3.5 to 5.9.  SYMBOL(log_buf) is the
 *    address of `char *log_buf`; SYMBOL(log_buf_len), SYMBOL(log_first_idx)
 *    and SYMBOL(log_next_idx) are u32 variables.  Records follow each
 *    other from log_first_idx to log_next_idx: a struct printk_log header
 *    (SIZE(printk_log); "log" before Linux 3.11) with ts_nsec (u64), len
 *    (u16, the whole record with padding) and text_len (u16), then the
 *    text (then dictionary bytes, not printed).  A header with len 0
 *    means the writer wrapped: the next record is at index 0.  Every
 *    header and text must lie inside log_buf; the walk wraps at most once
 *    and covers at most log_buf_len bytes.
 *
 * The log of Linux before 3.5 (a plain character buffer, SYMBOL(log_end))
 * is not supported.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "le.h"
#include "vmcore.h"

/* Sanity caps on VMCOREINFO structure sizes and offsets. */
#define MAX_OFFSET 4096u
#define MAX_DESC_SIZE 1024u
#define MAX_INFO_SIZE 4096u
#define MAX_OLD_HEADER 256u
#define TEXT_MAX 65535u          /* text_len is a u16 */

#define DESC_COMMITTED 1u
#define DESC_FINALIZED 2u
#define NO_LPOS 3u

/* ---- output ---- */

static void emit(FILE *out, uint64_t ts, const uint8_t *t, size_t n)
{
	char pre[64];
	size_t i = 0;

	if (!out)
		return;
	snprintf(pre, sizeof(pre), "[%5" PRIu64 ".%06" PRIu64 "] ",
		 ts / 1000000000u, ts % 1000000000u / 1000u);
	do {
		fputs(pre, out);
		while (i < n && t[i] != '\n') {
			size_t j = i;

			while (j < n && ((t[j] >= 0x20 && t[j] < 0x7f) || t[j] == '\t'))
				j++;
			if (j > i) {
				fwrite(t + i, 1, j - i, out);
				i = j;
			} else {
				fprintf(out, "\\x%02x", t[i]);
				i++;
			}
		}
		fputc('\n', out);
		if (i < n)
			i++;    /* the newline */
	} while (i < n);
}

/* A VMCOREINFO value that must exist and be at most @max. */
static int need_max(struct diag *d, struct vmcore *vc, const char *key,
		    uint64_t max, uint64_t *v)
{
	if (vmcore_info_need(d, vc, key, v))
		return d->rc;
	if (*v > max)
		return diag_fail(d, -EINVAL, "VMCOREINFO: %s=%" PRIu64
				 " is larger than %" PRIu64, key, *v, max);
	return 0;
}

/* A field of @fsize bytes at @off must fit in a structure of @size. */
static int need_field(struct diag *d, struct vmcore *vc, const char *key,
		      uint64_t extra, unsigned fsize, uint64_t size,
		      const char *sizekey, uint64_t *off)
{
	if (need_max(d, vc, key, MAX_OFFSET, off))
		return d->rc;
	*off += extra;
	if (*off + fsize > size)
		return diag_fail(d, -EINVAL, "VMCOREINFO: %s (+%" PRIu64
				 ") and its %u bytes do not fit in %s=%" PRIu64,
				 key, extra, fsize, sizekey, size);
	return 0;
}

/* ---- 1. lockless ring buffer ---- */

struct prb {
	struct vmcore *vc;
	FILE *out;
	unsigned w;
	uint64_t wmask, id_mask;
	/* layout */
	uint64_t desc_size, off_sv, off_begin, off_next;
	uint64_t info_size, off_seq, off_ts, off_tlen;
	/* the ring */
	unsigned count_bits, size_bits;
	uint64_t count, size;
	uint64_t descs, infos, data;
	int have_lpos;
	uint64_t head_lpos, tail_lpos, span;
	uint64_t used;
	uint8_t desc[MAX_DESC_SIZE], info[MAX_INFO_SIZE];
	uint8_t text[TEXT_MAX];
};

static int prb_layout(struct diag *d, struct prb *p)
{
	struct vmcore *vc = p->vc;
	uint64_t counter, v, blk;

	if (need_max(d, vc, "OFFSET(atomic_long_t.counter)", MAX_OFFSET, &counter))
		return d->rc;
	if (vmcore_info_get(d, vc, "SIZE(atomic_long_t)", &v) == 0 &&
	    (v != p->w || counter + p->w > v))
		return diag_fail(d, -EINVAL, "VMCOREINFO: atomic_long_t is %" PRIu64
				 " bytes with its counter at %" PRIu64
				 ", not the %u-byte word of this kernel",
				 v, counter, p->w);
	if (d->rc)
		return d->rc;
	if (need_max(d, vc, "SIZE(prb_desc)", MAX_DESC_SIZE, &p->desc_size) ||
	    need_field(d, vc, "OFFSET(prb_desc.state_var)", counter, p->w,
		       p->desc_size, "SIZE(prb_desc)", &p->off_sv) ||
	    need_max(d, vc, "OFFSET(prb_desc.text_blk_lpos)", MAX_OFFSET, &blk) ||
	    need_field(d, vc, "OFFSET(prb_data_blk_lpos.begin)", blk, p->w,
		       p->desc_size, "SIZE(prb_desc)", &p->off_begin) ||
	    need_field(d, vc, "OFFSET(prb_data_blk_lpos.next)", blk, p->w,
		       p->desc_size, "SIZE(prb_desc)", &p->off_next) ||
	    need_max(d, vc, "SIZE(printk_info)", MAX_INFO_SIZE, &p->info_size) ||
	    need_field(d, vc, "OFFSET(printk_info.ts_nsec)", 0, 8,
		       p->info_size, "SIZE(printk_info)", &p->off_ts) ||
	    need_field(d, vc, "OFFSET(printk_info.text_len)", 0, 2,
		       p->info_size, "SIZE(printk_info)", &p->off_tlen))
		return d->rc;
	return 0;
}

/* Read the word-sized atomic at @base + OFFSET(@key) (+ counter). */
static int prb_read_field(struct diag *d, struct prb *p, uint64_t base,
			  const char *key, unsigned size, uint64_t *v)
{
	uint64_t off, counter = 0;

	if (need_max(d, p->vc, key, MAX_OFFSET, &off))
		return d->rc;
	if (size == 0) {        /* an atomic_long_t */
		if (vmcore_info_need(d, p->vc, "OFFSET(atomic_long_t.counter)", &counter))
			return d->rc;
		size = p->w;
	}
	return vmcore_read_uint(d, p->vc, base + off + counter, size, v);
}

static int check_array(struct diag *d, const char *what, uint64_t va,
		       uint64_t bytes)
{
	if (va == 0)
		return diag_fail(d, -EINVAL, "the %s pointer is NULL", what);
	if (va > UINT64_MAX - bytes)
		return diag_fail(d, -EINVAL, "the %s at 0x%" PRIx64 " (%" PRIu64
				 " bytes) wraps the address space", what, va, bytes);
	return 0;
}

static int prb_ring(struct diag *d, struct prb *p, int *have_ids,
		    uint64_t *head_id, uint64_t *tail_id)
{
	struct vmcore *vc = p->vc;
	uint64_t sym, rb, dr, tr, v, off;
	int rc;

	if (vmcore_info_need(d, vc, "SYMBOL(prb)", &sym) ||
	    vmcore_read_uint(d, vc, sym, p->w, &rb) ||
	    need_max(d, vc, "OFFSET(printk_ringbuffer.desc_ring)", MAX_OFFSET, &dr) ||
	    need_max(d, vc, "OFFSET(printk_ringbuffer.text_data_ring)", MAX_OFFSET, &tr))
		return d->rc;
	/* every field is read at rb + two offsets of at most MAX_OFFSET */
	if (check_array(d, "printk_ringbuffer", rb, 3ull * MAX_OFFSET))
		return d->rc;
	dr += rb;
	tr += rb;
	if (prb_read_field(d, p, dr, "OFFSET(prb_desc_ring.count_bits)", 4, &v))
		return d->rc;
	if (v > VMCORE_MAX_COUNT_BITS)
		return diag_fail(d, -EINVAL, "the descriptor ring's count_bits is %"
				 PRIu64 ", more than %u", v, VMCORE_MAX_COUNT_BITS);
	p->count_bits = (unsigned)v;
	p->count = 1ull << v;
	if (prb_read_field(d, p, tr, "OFFSET(prb_data_ring.size_bits)", 4, &v))
		return d->rc;
	if (v > VMCORE_MAX_SIZE_BITS)
		return diag_fail(d, -EINVAL, "the data ring's size_bits is %" PRIu64
				 ", more than %u", v, VMCORE_MAX_SIZE_BITS);
	p->size_bits = (unsigned)v;
	p->size = 1ull << v;
	if (prb_read_field(d, p, dr, "OFFSET(prb_desc_ring.descs)", p->w, &p->descs) ||
	    prb_read_field(d, p, dr, "OFFSET(prb_desc_ring.infos)", p->w, &p->infos) ||
	    prb_read_field(d, p, tr, "OFFSET(prb_data_ring.data)", p->w, &p->data))
		return d->rc;

	/* The arrays must be addressable as a whole. */
	if (check_array(d, "descriptor array", p->descs, p->count * p->desc_size) ||
	    check_array(d, "info array", p->infos, p->count * p->info_size) ||
	    check_array(d, "data ring's data", p->data, p->size))
		return d->rc;

	*have_ids = 0;
	rc = vmcore_info_get(d, vc, "OFFSET(prb_desc_ring.head_id)", &off);
	if (rc == 0)
		rc = vmcore_info_get(d, vc, "OFFSET(prb_desc_ring.tail_id)", &off);
	if (rc == 0) {
		if (prb_read_field(d, p, dr, "OFFSET(prb_desc_ring.head_id)", 0, head_id) ||
		    prb_read_field(d, p, dr, "OFFSET(prb_desc_ring.tail_id)", 0, tail_id))
			return d->rc;
		*head_id &= p->id_mask;
		*tail_id &= p->id_mask;
		*have_ids = 1;
	} else if (rc != -ENOENT) {
		return rc;
	}

	p->have_lpos = 0;
	rc = vmcore_info_get(d, vc, "OFFSET(prb_data_ring.head_lpos)", &off);
	if (rc == 0)
		rc = vmcore_info_get(d, vc, "OFFSET(prb_data_ring.tail_lpos)", &off);
	if (rc == 0) {
		if (prb_read_field(d, p, tr, "OFFSET(prb_data_ring.head_lpos)", 0, &p->head_lpos) ||
		    prb_read_field(d, p, tr, "OFFSET(prb_data_ring.tail_lpos)", 0, &p->tail_lpos))
			return d->rc;
		p->span = (p->head_lpos - p->tail_lpos) & p->wmask;
		if (p->span > p->size)
			return diag_fail(d, -EINVAL, "the data ring's head_lpos 0x%" PRIx64
					 " is %" PRIu64 " bytes past its tail_lpos 0x%" PRIx64
					 ", more than its size %" PRIu64,
					 p->head_lpos, p->span, p->tail_lpos, p->size);
		p->have_lpos = 1;
	} else if (rc != -ENOENT) {
		return rc;
	}
	return 0;
}

/* Read slot @idx's descriptor: *ok is set when it holds a committed or
 * finalized record (with id @want when @check_id). */
static int prb_slot(struct diag *d, struct prb *p, uint64_t idx, int check_id,
		    uint64_t want, int *ok)
{
	uint64_t sv, state, id;

	*ok = 0;
	if (vmcore_read_va(d, p->vc, p->descs + idx * p->desc_size, p->desc,
			   (size_t)p->desc_size))
		return d->rc;
	sv = get_le(p->desc + p->off_sv, (int)p->w);
	state = sv >> (8 * p->w - 2);
	id = sv & p->id_mask;
	if (check_id ? id != want : (id & (p->count - 1)) != idx)
		return 0;
	if (state != DESC_COMMITTED && state != DESC_FINALIZED)
		return 0;
	if (vmcore_read_va(d, p->vc, p->infos + idx * p->info_size, p->info,
			   (size_t)p->info_size))
		return d->rc;
	*ok = 1;
	return 0;
}

/* Print the record in the slot prb_slot() just accepted. */
static int prb_print(struct diag *d, struct prb *p, uint64_t idx)
{
	uint64_t begin = get_le(p->desc + p->off_begin, (int)p->w);
	uint64_t next = get_le(p->desc + p->off_next, (int)p->w);
	uint64_t ts = get_le(p->info + p->off_ts, 8);
	unsigned tlen = (unsigned)get_le(p->info + p->off_tlen, 2);
	uint64_t blk, a, at, dsz;

	if ((begin & 1) && (next & 1)) {
		if (begin == NO_LPOS && next == NO_LPOS)
			emit(p->out, ts, p->text, 0);
		return 0;       /* otherwise its text was lost */
	}
	if (begin % p->w || next % p->w)
		return diag_fail(d, -EINVAL, "descriptor %" PRIu64 ": text block [0x%"
				 PRIx64 ", 0x%" PRIx64 ") is not %u-byte aligned",
				 idx, begin, next, p->w);
	blk = (next - begin) & p->wmask;
	if (blk == 0 || blk > p->size)
		return diag_fail(d, -EINVAL, "descriptor %" PRIu64 ": text block [0x%"
				 PRIx64 ", 0x%" PRIx64 ") does not fit in the %" PRIu64
				 "-byte data ring", idx, begin, next, p->size);
	if (p->have_lpos && (((begin - p->tail_lpos) & p->wmask) > p->span ||
			     ((next - p->tail_lpos) & p->wmask) > p->span))
		return diag_fail(d, -EINVAL, "descriptor %" PRIu64 ": text block [0x%"
				 PRIx64 ", 0x%" PRIx64 ") is outside the data ring's "
				 "[tail_lpos 0x%" PRIx64 ", head_lpos 0x%" PRIx64 ")",
				 idx, begin, next, p->tail_lpos, p->head_lpos);
	a = begin & (p->size - 1);
	if (a + blk <= p->size) {
		at = a;
		dsz = blk;
	} else {                /* stored at the start of the ring */
		at = 0;
		dsz = a + blk - p->size;
	}
	if (dsz < p->w || tlen > dsz - p->w)
		return diag_fail(d, -EINVAL, "descriptor %" PRIu64 ": text_len %u does "
				 "not fit in its %" PRIu64 "-byte block",
				 idx, tlen, dsz);
	p->used += blk;
	if (p->used > p->size)
		return diag_fail(d, -EINVAL, "descriptor %" PRIu64 ": the records' text "
				 "blocks add up to more than the %" PRIu64
				 "-byte data ring (they overlap)", idx, p->size);
	if (vmcore_read_va(d, p->vc, p->data + at + p->w, p->text, tlen))
		return d->rc;
	emit(p->out, ts, p->text, tlen);
	return 0;
}

static int prb_walk_ids(struct diag *d, struct prb *p, uint64_t head,
			uint64_t tail)
{
	uint64_t n = (head - tail) & p->id_mask, i;

	if (n >= p->count)
		return diag_fail(d, -EINVAL, "the descriptor ring's head_id 0x%" PRIx64
				 " is %" PRIu64 " ids past its tail_id 0x%" PRIx64
				 ", but it has only %" PRIu64 " descriptors",
				 head, n, tail, p->count);
	for (i = 0; i <= n; i++) {
		uint64_t id = (tail + i) & p->id_mask, idx = id & (p->count - 1);
		int ok;

		if (prb_slot(d, p, idx, 1, id, &ok))
			return d->rc;
		if (ok && prb_print(d, p, idx))
			return d->rc;
	}
	return 0;
}

static int prb_walk_slots(struct diag *d, struct prb *p)
{
	uint64_t i, start = 0, min = 0, last = 0;
	int ok, found = 0;

	if (need_field(d, p->vc, "OFFSET(printk_info.seq)", 0, 8, p->info_size,
		       "SIZE(printk_info)", &p->off_seq))
		return d->rc;
	for (i = 0; i < p->count; i++) {
		uint64_t seq;

		if (prb_slot(d, p, i, 0, 0, &ok))
			return d->rc;
		if (!ok)
			continue;
		seq = get_le(p->info + p->off_seq, 8);
		if (!found || seq < min) {
			min = seq;
			start = i;
			found = 1;
		}
	}
	if (!found)
		return 0;
	found = 0;
	for (i = 0; i < p->count; i++) {
		uint64_t idx = (start + i) & (p->count - 1), seq;

		if (prb_slot(d, p, idx, 0, 0, &ok))
			return d->rc;
		if (!ok)
			continue;
		seq = get_le(p->info + p->off_seq, 8);
		if (found && seq <= last)
			return diag_fail(d, -EINVAL, "descriptor %" PRIu64 ": seq %" PRIu64
					 " follows seq %" PRIu64 " (the descriptor ring "
					 "is not in order)", idx, seq, last);
		last = seq;
		found = 1;
		if (prb_print(d, p, idx))
			return d->rc;
	}
	return 0;
}

static int dmesg_lockless(struct diag *d, struct vmcore *vc, FILE *out)
{
	struct prb *p = calloc(1, sizeof(*p));
	uint64_t head = 0, tail = 0;
	int have_ids = 0, rc;

	if (!p)
		return diag_fail(d, -ENOMEM, "out of memory");
	p->vc = vc;
	p->out = out;
	p->w = vmcore_word_size(vc);
	p->wmask = p->w == 8 ? UINT64_MAX : UINT32_MAX;
	p->id_mask = p->wmask >> 2;
	rc = prb_layout(d, p);
	if (!rc)
		rc = prb_ring(d, p, &have_ids, &head, &tail);
	if (!rc)
		rc = have_ids ? prb_walk_ids(d, p, head, tail) : prb_walk_slots(d, p);
	free(p);
	return rc;
}

/* ---- 2. the record buffer of Linux 3.5 to 5.9 ---- */

static int dmesg_records(struct diag *d, struct vmcore *vc, FILE *out,
			 const char *st)
{
	char key[64], skey[64];
	uint64_t hsize, o_ts, o_len, o_tlen, sym, buf, blen, first, next;
	uint64_t idx, total = 0;
	uint8_t h[MAX_OLD_HEADER];
	uint8_t *text;
	int wrapped = 0, rc = 0;
	unsigned w = vmcore_word_size(vc);

	snprintf(skey, sizeof(skey), "SIZE(%s)", st);
	if (need_max(d, vc, skey, MAX_OLD_HEADER, &hsize))
		return d->rc;
	snprintf(key, sizeof(key), "OFFSET(%s.ts_nsec)", st);
	if (need_field(d, vc, key, 0, 8, hsize, skey, &o_ts))
		return d->rc;
	snprintf(key, sizeof(key), "OFFSET(%s.len)", st);
	if (need_field(d, vc, key, 0, 2, hsize, skey, &o_len))
		return d->rc;
	snprintf(key, sizeof(key), "OFFSET(%s.text_len)", st);
	if (need_field(d, vc, key, 0, 2, hsize, skey, &o_tlen))
		return d->rc;

	if (vmcore_info_need(d, vc, "SYMBOL(log_buf)", &sym) ||
	    vmcore_read_uint(d, vc, sym, w, &buf) ||
	    vmcore_info_need(d, vc, "SYMBOL(log_buf_len)", &sym) ||
	    vmcore_read_uint(d, vc, sym, 4, &blen) ||
	    vmcore_info_need(d, vc, "SYMBOL(log_first_idx)", &sym) ||
	    vmcore_read_uint(d, vc, sym, 4, &first) ||
	    vmcore_info_need(d, vc, "SYMBOL(log_next_idx)", &sym) ||
	    vmcore_read_uint(d, vc, sym, 4, &next))
		return d->rc;
	if (blen == 0 || blen > (1ull << VMCORE_MAX_SIZE_BITS))
		return diag_fail(d, -EINVAL, "log_buf_len %" PRIu64 " is not between 1 and %llu",
				 blen, 1ull << VMCORE_MAX_SIZE_BITS);
	if (!buf || buf > UINT64_MAX - blen)
		return diag_fail(d, -EINVAL, "log_buf at 0x%" PRIx64 " (%" PRIu64
				 " bytes) wraps", buf, blen);
	if (first >= blen || next >= blen)
		return diag_fail(d, -EINVAL, "log_first_idx %" PRIu64 " or log_next_idx %"
				 PRIu64 " is outside the %" PRIu64 "-byte log_buf",
				 first, next, blen);
	text = malloc(TEXT_MAX);
	if (!text)
		return diag_fail(d, -ENOMEM, "out of memory");
	idx = first;
	while (idx != next) {
		uint64_t len, tlen;

		if (hsize > blen - idx) {
			rc = diag_fail(d, -EINVAL, "log_buf: the record header at index %"
				       PRIu64 " runs past the %" PRIu64 "-byte buffer",
				       idx, blen);
			break;
		}
		if ((rc = vmcore_read_va(d, vc, buf + idx, h, (size_t)hsize)))
			break;
		len = get_le(h + o_len, 2);
		if (len == 0) {
			if (wrapped || first <= next) {
				rc = diag_fail(d, -EINVAL, "log_buf: unexpected wrap "
					       "marker at index %" PRIu64, idx);
				break;
			}
			wrapped = 1;
			idx = 0;
			continue;
		}
		tlen = get_le(h + o_tlen, 2);
		if (len < hsize || len > blen - idx || tlen > len - hsize) {
			rc = diag_fail(d, -EINVAL, "log_buf: the record at index %" PRIu64
				       " (len %" PRIu64 ", text_len %" PRIu64
				       ") does not fit in the %" PRIu64 "-byte buffer",
				       idx, len, tlen, blen);
			break;
		}
		total += len;
		if (total > blen || ((wrapped || first < next) && idx < next &&
				     idx + len > next)) {
			rc = diag_fail(d, -EINVAL, "log_buf: the records from log_first_idx %"
				       PRIu64 " run past log_next_idx %" PRIu64,
				       first, next);
			break;
		}
		if ((rc = vmcore_read_va(d, vc, buf + idx + hsize, text, (size_t)tlen)))
			break;
		emit(out, get_le(h + o_ts, 8), text, (size_t)tlen);
		idx += len;
	}
	free(text);
	return rc;
}

int vmcore_dmesg(struct diag *d, struct vmcore *vc, FILE *out)
{
	if (vmcore_info_has(vc, "SYMBOL(prb)"))
		return dmesg_lockless(d, vc, out);
	if (!vmcore_info_has(vc, "SYMBOL(log_buf)"))
		return diag_fail(d, -ENOENT, "VMCOREINFO has neither SYMBOL(prb) nor "
				 "SYMBOL(log_buf): no kernel log to read");
	if (vmcore_info_has(vc, "SIZE(printk_log)"))
		return dmesg_records(d, vc, out, "printk_log");
	if (vmcore_info_has(vc, "SIZE(log)"))
		return dmesg_records(d, vc, out, "log");
	if (vmcore_info_has(vc, "SYMBOL(log_end)"))
		return diag_fail(d, -ENOTSUP, "the kernel log format of Linux before 3.5 "
				 "(SYMBOL(log_end)) is not supported");
	return diag_fail(d, -ENOENT, "VMCOREINFO has SYMBOL(log_buf) but no "
			 "SIZE(printk_log)");
}
