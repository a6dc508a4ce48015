/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kj-out.h - text into a called program's output buffer (freestanding).
 *
 * For programs called through the purgatory (examples/callc,
 * examples/bios): `struct kj_out o = KJ_OUT_INIT(p);` then kj_put*(), then
 * `p->out_len = o.len;`.  Output past the buffer's capacity is dropped.
 * Needs only <stdint.h>.  No 64-bit division: on i386 clang calls libgcc's
 * __udivdi3 for one even by a constant (GCC turns it into a multiply), and
 * these programs link without libgcc, so kj_divmod10 uses shifts, adds
 * and a multiply by 10 only. */
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

/* *v /= 10, returns the remainder: q = v * 0.8 (sum of shifted copies,
 * an underestimate by at most one) / 8, then one correction step (an if,
 * not a loop: clang turns such a loop back into a division). */
static inline unsigned kj_divmod10(uint64_t *v)
{
	uint64_t x = *v, q, r;

	q = (x >> 1) + (x >> 2);
	q += q >> 4;
	q += q >> 8;
	q += q >> 16;
	q += q >> 32;
	q >>= 3;
	r = x - q * 10;
	if (r > 9) {
		q++;
		r -= 10;
	}
	*v = q;
	return (unsigned)r;
}

static inline void kj_put_dec(struct kj_out *o, uint64_t v)
{
	char tmp[21];
	int n = 0;

	do
		tmp[n++] = (char)('0' + kj_divmod10(&v));
	while (v);
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
