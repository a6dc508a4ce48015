/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kj-out.h - text into a called program's output buffer (freestanding).
 *
 * For programs called through the purgatory (examples/callc,
 * examples/bios): `struct kj_out o = KJ_OUT_INIT(p);` then kj_put*(), then
 * `p->out_len = o.len;`.  Output past the buffer's capacity is dropped.
 * Needs only <stdint.h>; 64-bit division by the constant 10 compiles to a
 * multiplication at -O2, so i386 builds need no libgcc helper. */
#ifndef KJ_OUT_H
#define KJ_OUT_H
#include <stdint.h>

struct kj_out {
	char *buf;
	uint32_t cap, len;
};

#define KJ_OUT_INIT(p) { (char *)(p) + (p)->out_off, (p)->out_size, 0 }

static inline void kj_put(struct kj_out *o, const char *s)
{
	while (*s && o->len < o->cap)
		o->buf[o->len++] = *s++;
}

static inline void kj_put_dec(struct kj_out *o, uint64_t v)
{
	char tmp[21];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n && o->len < o->cap)
		o->buf[o->len++] = tmp[--n];
}

/* "0x" and the low `digits` hex digits of v */
static inline void kj_put_hex(struct kj_out *o, uint64_t v, int digits)
{
	static const char hex[] = "0123456789abcdef";

	kj_put(o, "0x");
	for (int s = (digits - 1) * 4; s >= 0; s -= 4)
		if (o->len < o->cap)
			o->buf[o->len++] = hex[(v >> s) & 15];
}
#endif
