/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-report.c - the plan printer format (report.h).  Expected texts are
 * written out by hand from the format in report.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1   /* strdup, open_memstream, mkdtemp, O_CLOEXEC */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "tap.h"

static char *render(const struct plan *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	report_plan(f, p);
	fclose(f);
	return buf;
}

static void expect(const struct plan *p, const char *want, const char *desc)
{
	char *got = render(p);

	is_str(got, want, desc);
	free(got);
}

int main(void)
{
	static const char data[0x1234];
	struct plan p;

	/* the example from report.h, plus a second segment */
	plan_init(&p);
	plan_add(&p, NULL, data, 0x1234, 0x1000000, 0x2000, "ELF64 PT_LOAD #0", 0);
	plan_add(&p, NULL, NULL, 0, 0x1003000, 0x1, "ELF64 PT_LOAD #1", 0);
	p.entry = 0x1000000;
	snprintf(p.entry_what, sizeof(p.entry_what), "e_entry");
	p.flags = 0x2;
	p.arch = 0x003e0000;
	expect(&p,
	       "kexec plan\n"
	       "entry 0x0000000001000000 (e_entry)\n"
	       "flags 0x003e0002 preserve-context arch=x86_64\n"
	       "segments 2\n"
	       "segment 0x0000000001000000-0x0000000001001fff memsz 0x2000 bufsz 0x1234 ELF64 PT_LOAD #0\n"
	       "segment 0x0000000001003000-0x0000000001003fff memsz 0x1000 bufsz 0x0 ELF64 PT_LOAD #1\n",
	       "x86_64 preserve-context plan");

	/* stable: no pointers, same text for a copy with other buffers */
	{
		struct plan q = p;
		static const char other[0x1234];
		char *a = render(&p), *b;

		q.seg[0].buf = other;
		b = render(&q);
		is_str(a, b, "output does not depend on buffer addresses");
		free(a);
		free(b);
	}

	/* i386, no flags, no segments, no entry label */
	plan_init(&p);
	p.entry = 0xfffff000;
	p.arch = 0x00030000;
	expect(&p,
	       "kexec plan\n"
	       "entry 0x00000000fffff000\n"
	       "flags 0x00030000 arch=i386\n"
	       "segments 0\n",
	       "empty i386 plan");

	/* on-crash and preserve together, default arch, empty segment,
	 * top of the address space, lowercase hex */
	plan_init(&p);
	p.entry = 0xFFFFFFFFFFFFF000ull;
	snprintf(p.entry_what, sizeof(p.entry_what), "--entry");
	p.flags = 0x3;
	p.arch = 0;
	p.seg[0] = (struct segment){ NULL, 0, 0, 0, "jump-back helper", 0, 0 };
	p.seg[1] = (struct segment){ data, 0xABC, 0xFFFFFFFFFFFFF000ull, 0x1000,
				     "top", 0, 0 };
	p.nseg = 2;
	expect(&p,
	       "kexec plan\n"
	       "entry 0xfffffffffffff000 (--entry)\n"
	       "flags 0x00000003 on-crash preserve-context arch=default\n"
	       "segments 2\n"
	       "segment 0x0000000000000000-(empty) memsz 0x0 bufsz 0x0 jump-back helper\n"
	       "segment 0xfffffffffffff000-0xffffffffffffffff memsz 0x1000 bufsz 0xabc top\n",
	       "crash + preserve, default arch, empty and top segments");

	/* unknown flag bits and arch are shown, not hidden */
	plan_init(&p);
	p.flags = 0x12;
	p.arch = 0x00280000;
	expect(&p,
	       "kexec plan\n"
	       "entry 0x0000000000000000\n"
	       "flags 0x00280012 preserve-context other=0x10 arch=0x00280000\n"
	       "segments 0\n",
	       "unknown flag bits and arch value");

	/* a 17-segment plan (finalize will refuse it) prints all 17 */
	{
		char *out;
		size_t i, lines = 0;

		plan_init(&p);
		for (i = 0; i < 17; i++)
			plan_add(&p, NULL, NULL, 0, 0x100000 + i * 0x1000, 0x1000, "s", 0);
		out = render(&p);
		for (i = 0; out[i]; i++)
			lines += out[i] == '\n';
		is_int(lines, 4 + 17, "17 segment lines after 4 header lines");
		has_str(out, "segments 17\n", "count line says 17");
		has_str(out, "segment 0x0000000000110000-0x0000000000110fff memsz 0x1000 bufsz 0x0 s\n",
			"17th segment printed");
		free(out);
	}
	return tap_done();
}
