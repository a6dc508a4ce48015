/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report.c - the plan printer (report.h).  The output depends only on the
 * plan's values (no pointers), so it is stable across runs and diffable
 * against golden files. */
#include <inttypes.h>
#include <stdio.h>

#include "report.h"

static const char *arch_word(uint32_t arch, char *buf, size_t n)
{
	switch (arch) {
	case KEXEC_ARCH_DEFAULT: return "default";
	case KEXEC_ARCH_386: return "i386";
	case KEXEC_ARCH_X86_64: return "x86_64";
	}
	snprintf(buf, n, "0x%08" PRIx32, arch);
	return buf;
}

void report_plan(FILE *f, const struct plan *p)
{
	uint32_t flags = p->flags & ~KEXEC_ARCH_MASK;
	uint32_t arch = p->arch & KEXEC_ARCH_MASK;
	uint32_t other = flags & ~(KEXEC_ON_CRASH | KEXEC_PRESERVE_CONTEXT);
	size_t i, n = p->nseg;
	char abuf[16];

	if (n > KEXEC_SEGMENT_MAX + 1)
		n = KEXEC_SEGMENT_MAX + 1;
	fprintf(f, "kexec plan\n");
	fprintf(f, "entry 0x%016" PRIx64, p->entry);
	if (p->entry_what[0])
		fprintf(f, " (%.*s)", (int)sizeof(p->entry_what), p->entry_what);
	fprintf(f, "\n");
	fprintf(f, "flags 0x%08" PRIx32, flags | arch);
	if (flags & KEXEC_ON_CRASH)
		fprintf(f, " on-crash");
	if (flags & KEXEC_PRESERVE_CONTEXT)
		fprintf(f, " preserve-context");
	if (other)
		fprintf(f, " other=0x%" PRIx32, other);
	fprintf(f, " arch=%s\n", arch_word(arch, abuf, sizeof(abuf)));
	fprintf(f, "segments %zu\n", p->nseg);
	for (i = 0; i < n; i++) {
		const struct segment *s = &p->seg[i];

		fprintf(f, "segment 0x%016" PRIx64 "-", s->mem);
		if (s->memsz)
			fprintf(f, "0x%016" PRIx64, s->mem + s->memsz - 1);
		else
			fprintf(f, "(empty)");
		fprintf(f, " memsz 0x%" PRIx64 " bufsz 0x%zx", s->memsz,
			s->bufsz);
		if (s->what[0])
			fprintf(f, " %.*s", (int)sizeof(s->what), s->what);
		fprintf(f, "\n");
	}
}
