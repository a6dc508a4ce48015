/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmcorebuild.h - synthetic vmcore files for tests of vmcore-dmesg
 * (vmcore/vmcore.h) and fuzz seeds.
 *
 * The fake crashed kernel has VCB_RAM bytes of RAM at physical VCB_PA.
 * Its first VCB_IMG bytes are the kernel image (the static variables:
 * `prb`, printk_rb_static with its descriptor, info and data arrays, the
 * old format's log_buf pointer and indices); the rest stands for
 * dynamically allocated memory (reached through the direct map).
 *
 *   x86_64 (w = 8): the image is mapped at 0xffffffff81000000 (so
 *     phys_base = VCB_PA - 0x1000000) and the direct map at
 *     PAGE_OFFSET 0xffff888000000000;
 *   i386 (w = 4): everything through the direct map at 0xc0000000.
 *
 * Program headers, as the kexec tools write them: a PT_NOTE (a "CORE"
 * note, then the VMCOREINFO note), on x86_64 a PT_LOAD for the kernel
 * image, and one PT_LOAD for all of RAM whose p_memsz is a page more than
 * its p_filesz (the tail reads as zeros).  Tests edit b->ph[] and
 * b->info before vcb_file() to make variants.
 *
 * Kernel structures are laid out as Linux 6.x does (VCB_LAYOUT_REAL) or
 * with every field moved (VCB_LAYOUT_SHUFFLED); either way VMCOREINFO
 * describes them, written out here independently of the code under test.
 * ELF field offsets follow the System V gABI tables.
 */
#ifndef KJ_VMCOREBUILD_H
#define KJ_VMCOREBUILD_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VCB_PA 0x5000000u
#define VCB_RAM 0x2000u
#define VCB_IMG 0x1000u
#define VCB_KMAP 0xffffffff80000000ull     /* __START_KERNEL_map */
#define VCB_IMG_VA64 0xffffffff81000000ull
#define VCB_PO64 0xffff888000000000ull
#define VCB_PO32 0xc0000000u
#define VCB_NONE UINT64_MAX

/* Where things live in RAM (offsets from VCB_PA). */
#define VCB_PRB_VAR 0x000u      /* struct printk_ringbuffer *prb */
#define VCB_LOGBUF_VAR 0x010u   /* char *log_buf */
#define VCB_LOGLEN_VAR 0x018u   /* u32 log_buf_len */
#define VCB_FIRST_VAR 0x01cu    /* u32 log_first_idx */
#define VCB_NEXT_VAR 0x020u     /* u32 log_next_idx */
#define VCB_CLEAR_VAR 0x024u    /* u32 clear_idx */
#define VCB_RB 0x040u           /* printk_rb_static */
#define VCB_DESCS 0x100u
#define VCB_INFOS 0x400u
#define VCB_DATA 0xb00u         /* static data ring */
#define VCB_DYN_DATA 0x1800u    /* a "log_buf_len=" data ring (direct map) */
#define VCB_LOGBUF 0x1400u      /* old format: the record buffer */

enum { VCB_LAYOUT_REAL, VCB_LAYOUT_SHUFFLED };

struct vcb_ph {
	uint32_t type;          /* 1 PT_LOAD, 4 PT_NOTE */
	uint64_t vaddr, paddr, memsz;
	size_t ram_off, filesz; /* PT_LOAD: file bytes are ram[ram_off..] */
};

/* Structure layout as VMCOREINFO describes it. */
struct vcb_layout {
	unsigned rb_desc_ring, rb_text_ring, rb_size;
	unsigned dr_count_bits, dr_descs, dr_infos, dr_head_id, dr_tail_id;
	unsigned tr_size_bits, tr_data, tr_head_lpos, tr_tail_lpos;
	unsigned desc_size, desc_sv, desc_lpos, lpos_begin, lpos_next;
	unsigned info_size, info_seq, info_ts, info_tlen, info_caller, info_dev;
};

struct vcb {
	int cls;                /* ELF class: 1 or 2 */
	unsigned w;             /* kernel word: 4 or 8 */
	uint16_t machine;       /* 3 or 62 */
	uint64_t po;
	uint8_t ram[VCB_RAM];
	char info[8192];
	size_t nph;
	struct vcb_ph ph[8];
	int no_info_note;
	size_t note_pad;        /* zero bytes after the notes, in the PT_NOTE */
	struct vcb_layout l;
	/* lockless ring state the helpers keep */
	unsigned count_bits, size_bits;
	uint64_t data_off;      /* RAM offset of the data ring */
	uint64_t head_lpos;
};

static inline void vcb_put(uint8_t *p, uint64_t v, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint64_t vcb_get(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

static inline void vcb_ram_put(struct vcb *b, uint64_t off, uint64_t v, unsigned n)
{
	if (off + n > VCB_RAM) {
		fprintf(stderr, "test bug: RAM offset %#llx\n", (unsigned long long)off);
		abort();
	}
	vcb_put(b->ram + off, v, n);
}

/* Kernel virtual address of RAM offset @off: the image mapping for the
 * image on x86_64, the direct map otherwise. */
static inline uint64_t vcb_va(const struct vcb *b, uint64_t off)
{
	if (b->w == 8 && off < VCB_IMG)
		return VCB_IMG_VA64 + off;
	return b->po + VCB_PA + off;
}

/* Direct-map address of RAM offset @off. */
static inline uint64_t vcb_dm(const struct vcb *b, uint64_t off)
{
	return b->po + VCB_PA + off;
}

static inline void vcb_info_add(struct vcb *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static inline void vcb_info_add(struct vcb *b, const char *fmt, ...)
{
	size_t n = strlen(b->info);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->info + n, sizeof(b->info) - n, fmt, ap);
	va_end(ap);
}

/* Remove the line "KEY=..." (all of them). */
static inline void vcb_info_drop(struct vcb *b, const char *key)
{
	size_t klen = strlen(key);
	char *p = b->info;

	while (*p) {
		char *nl = strchr(p, '\n');
		char *end = nl ? nl + 1 : p + strlen(p);

		if (strncmp(p, key, klen) == 0 && p[klen] == '=')
			memmove(p, end, strlen(end) + 1);
		else
			p = end;
	}
}

/* Replace (or add) "KEY=VALUE". */
static inline void vcb_info_set(struct vcb *b, const char *key, const char *val)
{
	vcb_info_drop(b, key);
	vcb_info_add(b, "%s=%s\n", key, val);
}

/* A fresh machine: @w 8 (x86_64) or 4 (i386), ELF class @cls. */
static inline void vcb_init(struct vcb *b, unsigned w, int cls)
{
	memset(b, 0, sizeof(*b));
	b->w = w;
	b->cls = cls;
	b->machine = w == 8 ? 62 : 3;
	b->po = w == 8 ? VCB_PO64 : VCB_PO32;
	vcb_info_add(b, "OSRELEASE=6.12.0-test\nBUILD-ID=0123456789abcdef\nPAGESIZE=4096\n");
	if (w == 8) {
		vcb_info_add(b, "SYMBOL(init_uts_ns)=%llx\n",
			     (unsigned long long)vcb_va(b, 0xf00));
		vcb_info_add(b, "NUMBER(phys_base)=%lld\n",
			     (long long)(VCB_PA - (VCB_IMG_VA64 - VCB_KMAP)));
		vcb_info_add(b, "KERNELOFFSET=0\n");
		b->ph[0] = (struct vcb_ph){ 4, 0, 0, 0, 0, 0 };
		b->ph[1] = (struct vcb_ph){ 1, VCB_IMG_VA64, VCB_PA, VCB_IMG, 0, VCB_IMG };
		b->ph[2] = (struct vcb_ph){ 1, vcb_dm(b, 0), VCB_PA, VCB_RAM + 0x1000,
					    0, VCB_RAM };
		b->nph = 3;
	} else {
		vcb_info_add(b, "SYMBOL(init_uts_ns)=%llx\n",
			     (unsigned long long)vcb_va(b, 0xf00));
		b->ph[0] = (struct vcb_ph){ 4, 0, 0, 0, 0, 0 };
		b->ph[1] = (struct vcb_ph){ 1, vcb_dm(b, 0), VCB_PA, VCB_RAM + 0x1000,
					    0, VCB_RAM };
		b->nph = 2;
	}
}

/* ---- the lockless ring buffer ---- */

static inline void vcb_layout(struct vcb *b, int kind)
{
	unsigned w = b->w;
	struct vcb_layout *l = &b->l;

	if (kind == VCB_LAYOUT_REAL) {
		*l = (struct vcb_layout){
			.rb_desc_ring = 0, .rb_text_ring = 6 * w, .rb_size = 11 * w,
			.dr_count_bits = 0, .dr_descs = w, .dr_infos = 2 * w,
			.dr_head_id = 3 * w, .dr_tail_id = 4 * w,
			.tr_size_bits = 0, .tr_data = w, .tr_head_lpos = 2 * w,
			.tr_tail_lpos = 3 * w,
			.desc_size = 3 * w, .desc_sv = 0, .desc_lpos = w,
			.lpos_begin = 0, .lpos_next = w,
			.info_size = 88, .info_seq = 0, .info_ts = 8, .info_tlen = 16,
			.info_caller = 20, .info_dev = 24,
		};
	} else {
		*l = (struct vcb_layout){
			.rb_desc_ring = 6 * w, .rb_text_ring = 0, .rb_size = 13 * w,
			.dr_count_bits = 5 * w, .dr_descs = 2 * w, .dr_infos = w,
			.dr_head_id = 0, .dr_tail_id = 3 * w,
			.tr_size_bits = 4 * w + 4, .tr_data = 3 * w, .tr_head_lpos = w,
			.tr_tail_lpos = 0,
			.desc_size = 5 * w, .desc_sv = 3 * w, .desc_lpos = w,
			.lpos_begin = w, .lpos_next = 0,
			.info_size = 104, .info_seq = 24, .info_ts = 0, .info_tlen = 36,
			.info_caller = 32, .info_dev = 40,
		};
	}
}

/* The VMCOREINFO lines of the lockless ring buffer. */
static inline void vcb_prb_info(struct vcb *b)
{
	const struct vcb_layout *l = &b->l;

	vcb_info_add(b, "SYMBOL(prb)=%llx\n", (unsigned long long)vcb_va(b, VCB_PRB_VAR));
	vcb_info_add(b, "SYMBOL(printk_rb_static)=%llx\n",
		     (unsigned long long)vcb_va(b, VCB_RB));
	vcb_info_add(b, "SYMBOL(clear_seq)=%llx\n", (unsigned long long)vcb_va(b, 0xf80));
	vcb_info_add(b, "SIZE(printk_ringbuffer)=%u\n", l->rb_size);
	vcb_info_add(b, "OFFSET(printk_ringbuffer.desc_ring)=%u\n", l->rb_desc_ring);
	vcb_info_add(b, "OFFSET(printk_ringbuffer.text_data_ring)=%u\n", l->rb_text_ring);
	vcb_info_add(b, "OFFSET(printk_ringbuffer.fail)=%u\n", l->rb_size - b->w);
	vcb_info_add(b, "SIZE(prb_desc_ring)=%u\n", 6 * b->w);
	vcb_info_add(b, "OFFSET(prb_desc_ring.count_bits)=%u\n", l->dr_count_bits);
	vcb_info_add(b, "OFFSET(prb_desc_ring.descs)=%u\n", l->dr_descs);
	vcb_info_add(b, "OFFSET(prb_desc_ring.infos)=%u\n", l->dr_infos);
	vcb_info_add(b, "OFFSET(prb_desc_ring.head_id)=%u\n", l->dr_head_id);
	vcb_info_add(b, "OFFSET(prb_desc_ring.tail_id)=%u\n", l->dr_tail_id);
	vcb_info_add(b, "SIZE(prb_desc)=%u\n", l->desc_size);
	vcb_info_add(b, "OFFSET(prb_desc.state_var)=%u\n", l->desc_sv);
	vcb_info_add(b, "OFFSET(prb_desc.text_blk_lpos)=%u\n", l->desc_lpos);
	vcb_info_add(b, "SIZE(prb_data_blk_lpos)=%u\n", 2 * b->w);
	vcb_info_add(b, "OFFSET(prb_data_blk_lpos.begin)=%u\n", l->lpos_begin);
	vcb_info_add(b, "OFFSET(prb_data_blk_lpos.next)=%u\n", l->lpos_next);
	vcb_info_add(b, "SIZE(printk_info)=%u\n", l->info_size);
	vcb_info_add(b, "OFFSET(printk_info.seq)=%u\n", l->info_seq);
	vcb_info_add(b, "OFFSET(printk_info.ts_nsec)=%u\n", l->info_ts);
	vcb_info_add(b, "OFFSET(printk_info.text_len)=%u\n", l->info_tlen);
	vcb_info_add(b, "OFFSET(printk_info.caller_id)=%u\n", l->info_caller);
	vcb_info_add(b, "OFFSET(printk_info.dev_info)=%u\n", l->info_dev);
	vcb_info_add(b, "SIZE(dev_printk_info)=64\n");
	vcb_info_add(b, "OFFSET(dev_printk_info.subsystem)=0\n");
	vcb_info_add(b, "LENGTH(printk_info_subsystem)=16\n");
	vcb_info_add(b, "OFFSET(dev_printk_info.device)=16\n");
	vcb_info_add(b, "LENGTH(printk_info_device)=48\n");
	vcb_info_add(b, "SIZE(prb_data_ring)=%u\n", 4 * b->w);
	vcb_info_add(b, "OFFSET(prb_data_ring.size_bits)=%u\n", l->tr_size_bits);
	vcb_info_add(b, "OFFSET(prb_data_ring.data)=%u\n", l->tr_data);
	vcb_info_add(b, "OFFSET(prb_data_ring.head_lpos)=%u\n", l->tr_head_lpos);
	vcb_info_add(b, "OFFSET(prb_data_ring.tail_lpos)=%u\n", l->tr_tail_lpos);
	vcb_info_add(b, "SIZE(atomic_long_t)=%u\n", b->w);
	vcb_info_add(b, "OFFSET(atomic_long_t.counter)=0\n");
}

/* Set up printk_rb_static with 2^@count_bits descriptors and 2^@size_bits
 * bytes of data at RAM offset @data_off, the first lpos at @lpos0. */
static inline void vcb_prb_init(struct vcb *b, int kind, unsigned count_bits,
				unsigned size_bits, uint64_t data_off, uint64_t lpos0)
{
	const struct vcb_layout *l;
	uint64_t rb = VCB_RB;

	vcb_layout(b, kind);
	l = &b->l;
	b->count_bits = count_bits;
	b->size_bits = size_bits;
	b->data_off = data_off;
	b->head_lpos = lpos0;
	vcb_prb_info(b);
	vcb_ram_put(b, VCB_PRB_VAR, vcb_va(b, VCB_RB), b->w);
	vcb_ram_put(b, rb + l->rb_desc_ring + l->dr_count_bits, count_bits, 4);
	vcb_ram_put(b, rb + l->rb_desc_ring + l->dr_descs, vcb_va(b, VCB_DESCS), b->w);
	vcb_ram_put(b, rb + l->rb_desc_ring + l->dr_infos, vcb_va(b, VCB_INFOS), b->w);
	vcb_ram_put(b, rb + l->rb_text_ring + l->tr_size_bits, size_bits, 4);
	vcb_ram_put(b, rb + l->rb_text_ring + l->tr_data, vcb_va(b, data_off), b->w);
	vcb_ram_put(b, rb + l->rb_text_ring + l->tr_tail_lpos, lpos0, b->w);
	vcb_ram_put(b, rb + l->rb_text_ring + l->tr_head_lpos, lpos0, b->w);
}

/* Point a ring field at something else (descs/infos/data moved). */
static inline void vcb_prb_ptr(struct vcb *b, unsigned ring_off, unsigned field,
			       uint64_t va)
{
	vcb_ram_put(b, VCB_RB + ring_off + field, va, b->w);
}

static inline void vcb_prb_ids(struct vcb *b, uint64_t tail, uint64_t head)
{
	const struct vcb_layout *l = &b->l;

	vcb_ram_put(b, VCB_RB + l->rb_desc_ring + l->dr_tail_id, tail, b->w);
	vcb_ram_put(b, VCB_RB + l->rb_desc_ring + l->dr_head_id, head, b->w);
}

static inline void vcb_prb_lpos(struct vcb *b, uint64_t tail, uint64_t head)
{
	const struct vcb_layout *l = &b->l;

	vcb_ram_put(b, VCB_RB + l->rb_text_ring + l->tr_tail_lpos, tail, b->w);
	vcb_ram_put(b, VCB_RB + l->rb_text_ring + l->tr_head_lpos, head, b->w);
}

/* Descriptor slot of @id: state, id and the block's positions. */
static inline void vcb_desc(struct vcb *b, uint64_t id, unsigned state,
			    uint64_t begin, uint64_t next)
{
	const struct vcb_layout *l = &b->l;
	uint64_t idx = id & ((1ull << b->count_bits) - 1);
	uint64_t at = VCB_DESCS + idx * l->desc_size;
	uint64_t idmask = (b->w == 8 ? UINT64_MAX : UINT32_MAX) >> 2;

	vcb_ram_put(b, at + l->desc_sv,
		    ((uint64_t)state << (8 * b->w - 2)) | (id & idmask), b->w);
	vcb_ram_put(b, at + l->desc_lpos + l->lpos_begin, begin, b->w);
	vcb_ram_put(b, at + l->desc_lpos + l->lpos_next, next, b->w);
}

static inline void vcb_info_rec(struct vcb *b, uint64_t id, uint64_t seq,
				uint64_t ts, unsigned text_len)
{
	const struct vcb_layout *l = &b->l;
	uint64_t idx = id & ((1ull << b->count_bits) - 1);
	uint64_t at = VCB_INFOS + idx * l->info_size;

	vcb_ram_put(b, at + l->info_seq, seq, 8);
	vcb_ram_put(b, at + l->info_ts, ts, 8);
	vcb_ram_put(b, at + l->info_tlen, text_len, 2);
	vcb_ram_put(b, at + l->info_caller, 0x80000000u | (unsigned)id, 4);
}

/* Write a data block for @id at b->head_lpos the way the kernel places it
 * (at index 0 of the next lap when it would reach the ring's end);
 * returns begin and advances head_lpos to next. */
static inline uint64_t vcb_block(struct vcb *b, uint64_t id, const void *text,
				 size_t len, uint64_t *next)
{
	uint64_t size = 1ull << b->size_bits, w = b->w;
	uint64_t wmask = b->w == 8 ? UINT64_MAX : UINT32_MAX;
	uint64_t bsz = (w + len + w - 1) / w * w;
	uint64_t begin = b->head_lpos, a = begin & (size - 1), at;

	if (a + bsz < size) {
		at = a;
		*next = (begin + bsz) & wmask;
	} else {
		at = 0;
		*next = (begin - a + size + bsz) & wmask;
	}
	vcb_ram_put(b, b->data_off + at, id, b->w);
	memcpy(b->ram + b->data_off + at + w, text, len);
	b->head_lpos = *next;
	return begin;
}

/* A record with text: block, descriptor and info. */
static inline void vcb_rec(struct vcb *b, uint64_t id, uint64_t seq,
			   unsigned state, uint64_t ts, const char *text, size_t len)
{
	uint64_t next, begin = vcb_block(b, id, text, len, &next);

	vcb_desc(b, id, state, begin, next);
	vcb_info_rec(b, id, seq, ts, (unsigned)len);
}

/* ---- the record buffer of Linux 3.5 to 5.9 ---- */

#define VCB_OLD_HDR 16u   /* struct printk_log: ts 0, len 8, text_len 10, dict_len 12 */

static inline void vcb_old_info(struct vcb *b, const char *st)
{
	vcb_info_add(b, "SYMBOL(log_buf)=%llx\n", (unsigned long long)vcb_va(b, VCB_LOGBUF_VAR));
	vcb_info_add(b, "SYMBOL(log_buf_len)=%llx\n", (unsigned long long)vcb_va(b, VCB_LOGLEN_VAR));
	vcb_info_add(b, "SYMBOL(log_first_idx)=%llx\n", (unsigned long long)vcb_va(b, VCB_FIRST_VAR));
	vcb_info_add(b, "SYMBOL(clear_idx)=%llx\n", (unsigned long long)vcb_va(b, VCB_CLEAR_VAR));
	vcb_info_add(b, "SYMBOL(log_next_idx)=%llx\n", (unsigned long long)vcb_va(b, VCB_NEXT_VAR));
	vcb_info_add(b, "SIZE(%s)=%u\n", st, VCB_OLD_HDR);
	vcb_info_add(b, "OFFSET(%s.ts_nsec)=0\n", st);
	vcb_info_add(b, "OFFSET(%s.len)=8\n", st);
	vcb_info_add(b, "OFFSET(%s.text_len)=10\n", st);
	vcb_info_add(b, "OFFSET(%s.dict_len)=12\n", st);
}

/* One record at @idx of the buffer; returns the next index. */
static inline uint32_t vcb_old_rec(struct vcb *b, uint32_t idx, uint64_t ts,
				   const char *text, const char *dict)
{
	size_t tl = strlen(text), dl = dict ? strlen(dict) : 0;
	uint32_t len = (uint32_t)((VCB_OLD_HDR + tl + dl + 7) / 8 * 8);
	uint64_t at = VCB_LOGBUF + idx;

	vcb_ram_put(b, at, ts, 8);
	vcb_ram_put(b, at + 8, len, 2);
	vcb_ram_put(b, at + 10, tl, 2);
	vcb_ram_put(b, at + 12, dl, 2);
	vcb_ram_put(b, at + 14, 6, 1);     /* facility/level: not printed */
	memcpy(b->ram + at + VCB_OLD_HDR, text, tl);
	if (dl)
		memcpy(b->ram + at + VCB_OLD_HDR + tl, dict, dl);
	return idx + len;
}

/* ---- the file ---- */

static inline void vcb_note(uint8_t *f, size_t *pos, const char *name,
			    uint32_t type, const void *desc, size_t dlen)
{
	size_t nl = strlen(name) + 1;

	vcb_put(f + *pos, nl, 4);
	vcb_put(f + *pos + 4, dlen, 4);
	vcb_put(f + *pos + 8, type, 4);
	*pos += 12;
	memcpy(f + *pos, name, nl);
	*pos += (nl + 3) & ~(size_t)3;
	memcpy(f + *pos, desc, dlen);
	*pos += (dlen + 3) & ~(size_t)3;
}

/* Serialize: ELF header, program headers, the notes, then the PT_LOAD
 * data in header order.  Returns a malloc'd file of *len bytes; *note_end
 * (if not NULL) gets the file offset just past the notes. */
static inline uint8_t *vcb_file(const struct vcb *b, size_t *len, size_t *note_end)
{
	int is64 = b->cls == 2;
	size_t eh = is64 ? 64 : 52, pe = is64 ? 56 : 32, i;
	size_t ilen = strlen(b->info), cap, pos, notes, nlen;
	uint8_t prstatus[64];
	uint8_t *f;

	cap = eh + b->nph * pe + 128 + ilen + 64 + b->note_pad;
	for (i = 0; i < b->nph; i++)
		cap += b->ph[i].filesz;
	f = calloc(1, cap);
	if (!f)
		abort();
	memcpy(f, "\177ELF", 4);
	f[4] = (uint8_t)b->cls;
	f[5] = 1;
	f[6] = 1;
	vcb_put(f + 16, 4, 2);                  /* ET_CORE */
	vcb_put(f + 18, b->machine, 2);
	vcb_put(f + 20, 1, 4);
	if (is64) {
		vcb_put(f + 32, eh, 8);         /* e_phoff */
		vcb_put(f + 52, eh, 2);
		vcb_put(f + 54, pe, 2);
		vcb_put(f + 56, b->nph, 2);
	} else {
		vcb_put(f + 28, eh, 4);
		vcb_put(f + 40, eh, 2);
		vcb_put(f + 42, pe, 2);
		vcb_put(f + 44, b->nph, 2);
	}
	/* notes */
	pos = notes = eh + b->nph * pe;
	memset(prstatus, 0, sizeof(prstatus));
	vcb_note(f, &pos, "CORE", 1, prstatus, sizeof(prstatus));
	if (!b->no_info_note)
		vcb_note(f, &pos, "VMCOREINFO", 0, b->info, ilen);
	pos += b->note_pad;
	nlen = pos - notes;
	if (note_end)
		*note_end = pos;
	for (i = 0; i < b->nph; i++) {
		const struct vcb_ph *p = &b->ph[i];
		uint8_t *h = f + eh + i * pe;
		uint64_t off = 0, filesz = 0;

		if (p->type == 4) {
			off = notes;
			filesz = nlen;
		} else if (p->filesz) {
			off = pos;
			filesz = p->filesz;
			memcpy(f + pos, b->ram + p->ram_off, p->filesz);
			pos += p->filesz;
		}
		if (is64) {
			vcb_put(h, p->type, 4);
			vcb_put(h + 4, 7, 4);
			vcb_put(h + 8, off, 8);
			vcb_put(h + 16, p->vaddr, 8);
			vcb_put(h + 24, p->paddr, 8);
			vcb_put(h + 32, filesz, 8);
			vcb_put(h + 40, p->type == 4 ? nlen : p->memsz, 8);
		} else {
			vcb_put(h, p->type, 4);
			vcb_put(h + 4, off, 4);
			vcb_put(h + 8, p->vaddr, 4);
			vcb_put(h + 12, p->paddr, 4);
			vcb_put(h + 16, filesz, 4);
			vcb_put(h + 20, p->type == 4 ? nlen : p->memsz, 4);
			vcb_put(h + 24, 7, 4);
		}
	}
	*len = pos;
	return f;
}

#endif
