/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-elf.c - the bounds-checked ELF parser (elf.h), on synthetic files. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "elf.h"
#include "elfbuild.h"
#include "tap.h"

#define MAXU UINT64_MAX

/* ELF64: PT_LOAD #0 at file 0x1000 -> paddr 0x1000000 (0x1234 bytes of
 * data, 0x3000 in memory), a PT_NOTE, PT_LOAD #1 at 0x3000 (bss only,
 * filesz 0). */
static struct eb_spec spec64(void)
{
	struct eb_spec s = { 0 };

	s.cls = 2;
	s.type = ET_EXEC;
	s.machine = EM_X86_64;
	s.entry = 0x1000040;
	s.nph = 3;
	s.ph[0] = (struct eb_phdr){ PT_LOAD, 5, 0x1000, 0xffffffff81000000ull,
				    0x1000000, 0x1234, 0x3000, 0x1000 };
	s.ph[1] = (struct eb_phdr){ 4 /* PT_NOTE */, 4, 0x2234, 0, 0, 0x10,
				    0x10, 4 };
	s.ph[2] = (struct eb_phdr){ PT_LOAD, 6, 0x3000, 0, 0x1004000, 0,
				    0x2000, 0x1000 };
	return s;
}

static struct eb_spec spec32(void)
{
	struct eb_spec s = { 0 };

	s.cls = 1;
	s.type = ET_EXEC;
	s.machine = EM_386;
	s.entry = 0x400010;
	s.nph = 2;
	s.ph[0] = (struct eb_phdr){ PT_LOAD, 5, 0x100, 0xc0400000, 0x400000,
				    0x300, 0x1000, 0x1000 };
	s.ph[1] = (struct eb_phdr){ PT_LOAD, 6, 0x400, 0xc0401000, 0x401000,
				    0x80, 0x800, 0x1000 };
	return s;
}

static int parse(struct diag *d, const struct eb_spec *s, struct elf_info *e)
{
	size_t len;
	uint8_t *b = eb_build(s, &len);
	int rc;

	diag_clear(d);
	rc = elf_parse(d, "prog.elf", b, len, e);
	free(b);
	return rc;
}

static void test_valid(void)
{
	struct diag d = { 0 };
	struct elf_info e;
	struct eb_spec s = spec64();

	is_int(parse(&d, &s, &e), 0, "ELF64 parses");
	is_int(e.elfclass, ELFCLASS64, "ELF64 class");
	is_int(e.type, ET_EXEC, "ELF64 e_type");
	is_int(e.machine, EM_X86_64, "ELF64 e_machine");
	is_u64(e.entry, 0x1000040, "ELF64 e_entry");
	is_int(e.phnum, 3, "ELF64 phnum");
	if (e.phnum == 3) {
		is_int(e.ph[0].type, PT_LOAD, "ph0 type");
		is_int(e.ph[0].flags, 5, "ph0 flags");
		is_u64(e.ph[0].offset, 0x1000, "ph0 offset");
		is_u64(e.ph[0].vaddr, 0xffffffff81000000ull, "ph0 vaddr");
		is_u64(e.ph[0].paddr, 0x1000000, "ph0 paddr");
		is_u64(e.ph[0].filesz, 0x1234, "ph0 filesz");
		is_u64(e.ph[0].memsz, 0x3000, "ph0 memsz");
		is_u64(e.ph[0].align, 0x1000, "ph0 align");
		is_int(e.ph[1].type, 4, "ph1 is the note");
		is_u64(e.ph[2].paddr, 0x1004000, "ph2 paddr");
		is_u64(e.ph[2].filesz, 0, "ph2 bss only");
	}
	elf_info_free(&e);
	elf_info_free(&e);   /* idempotent */

	s = spec32();
	is_int(parse(&d, &s, &e), 0, "ELF32 parses");
	is_int(e.elfclass, ELFCLASS32, "ELF32 class");
	is_int(e.machine, EM_386, "ELF32 machine");
	is_u64(e.entry, 0x400010, "ELF32 entry");
	ok(e.phnum == 2 && e.ph[0].offset == 0x100 && e.ph[0].vaddr == 0xc0400000 &&
	   e.ph[0].paddr == 0x400000 && e.ph[0].filesz == 0x300 &&
	   e.ph[0].memsz == 0x1000 && e.ph[0].flags == 5 && e.ph[0].align == 0x1000 &&
	   e.ph[1].paddr == 0x401000 && e.ph[1].memsz == 0x800,
	   "ELF32 program headers decoded field by field");
	elf_info_free(&e);

	/* larger e_phentsize than the struct: entries are strided */
	s = spec64();
	s.phentsize = 64;
	is_int(parse(&d, &s, &e), 0, "e_phentsize 64 on ELF64 is accepted");
	ok(e.phnum == 3 && e.ph[2].paddr == 0x1004000 && e.ph[1].type == 4,
	   "strided program headers read at e_phoff + i * e_phentsize");
	elf_info_free(&e);

	/* program headers placed at the end of the file */
	s = spec32();
	s.phoff = 0x480;
	is_int(parse(&d, &s, &e), 0, "program headers after the data");
	elf_info_free(&e);

	/* filesz == memsz is the boundary that is still fine */
	s = spec32();
	s.ph[0].memsz = s.ph[0].filesz;
	is_int(parse(&d, &s, &e), 0, "filesz == memsz accepted");
	elf_info_free(&e);

	/* ELF32 segment ending exactly at 4 GiB is fine */
	s = spec32();
	s.ph[1].paddr = 0xfffff000;
	s.ph[1].memsz = 0x1000;
	is_int(parse(&d, &s, &e), 0, "ELF32 segment ending at 4 GiB");
	elf_info_free(&e);

	/* PT_LOAD with filesz 0 does not care about its offset; other
	 * program header types are not bounds-checked (never read) */
	s = spec64();
	s.ph[2].offset = MAXU;
	s.ph[1].offset = 0xffffffff;
	is_int(parse(&d, &s, &e), 0, "offsets of unread data are not checked");
	elf_info_free(&e);

	ok(elf_is_elf((const uint8_t *)"\x7f" "ELF", 4), "elf_is_elf: magic");
	ok(!elf_is_elf((const uint8_t *)"\x7f" "EL", 3), "elf_is_elf: 3 bytes");
	ok(!elf_is_elf((const uint8_t *)"MZ\x90\x00", 4), "elf_is_elf: PE");
	ok(!elf_is_elf(NULL, 0), "elf_is_elf: NULL");
}

static void test_errors(void)
{
	static const struct {
		const char *desc;
		int cls;
		int rc;
		const char *msg;
	} t[] = {
		{ "bad class 0", 2, -EINVAL, "prog.elf: bad ELF class 0" },
		{ "bad class 3", 2, -EINVAL, "prog.elf: bad ELF class 3" },
		{ "big-endian", 2, -EINVAL, "big-endian ELF is not supported" },
		{ "data encoding 0", 1, -EINVAL, "bad ELF data encoding 0" },
		{ "EI_VERSION 0", 2, -EINVAL, "unsupported ELF version 0 in e_ident" },
		{ "e_version 2", 1, -EINVAL, "unsupported ELF version 2 in e_version" },
		{ "no program headers", 2, -EINVAL, "ELF file has no program headers" },
		{ "phnum 257", 2, -EINVAL, "too many ELF program headers (257" },
		{ "phnum 0xffff (PN_XNUM)", 1, -EINVAL, "too many ELF program headers (65535" },
		{ "e_phentsize 32 on ELF64", 2, -EINVAL,
		  "e_phentsize 32 is smaller than an ELF64 program header (56 bytes)" },
		{ "e_phentsize 0 on ELF32", 1, -EINVAL,
		  "e_phentsize 0 is smaller than an ELF32 program header (32 bytes)" },
		{ "program headers past EOF", 2, -EINVAL,
		  "ELF program headers extend past end of file (offset 0x40 + 200 * 56 bytes" },
		{ "e_phoff overflows", 2, -EINVAL,
		  "ELF program headers extend past end of file (offset 0xffffffffffffff00" },
		{ "segment data past EOF", 2, -EINVAL,
		  "ELF program header 2: segment data extends past end of file (offset 0x3000 + filesz 0x10" },
		{ "segment offset overflows", 2, -EINVAL,
		  "ELF program header 0: segment data extends past end of file (offset 0xffffffffffffffff + filesz 0x2" },
		{ "ELF32 segment past EOF", 1, -EINVAL,
		  "ELF program header 1: segment data extends past end of file (offset 0x400 + filesz 0x81 > file size 0x480)" },
		{ "filesz > memsz", 2, -EINVAL,
		  "ELF program header 0: filesz 0x1234 is larger than memsz 0x1233" },
		{ "ELF64 paddr + memsz overflows", 2, -EINVAL,
		  "ELF program header 0: p_paddr 0xfffffffffffff000 + p_memsz 0x3000 overflows the 64-bit address space" },
		{ "ELF64 segment ending at 2^64", 2, -EINVAL,
		  "p_paddr 0xffffffffffffd000 + p_memsz 0x3000 overflows the 64-bit" },
		{ "ELF32 paddr + memsz beyond 4 GiB", 1, -EINVAL,
		  "ELF program header 1: p_paddr 0xfffff000 + p_memsz 0x1001 overflows the 32-bit address space" },
		{ "no PT_LOAD", 2, -EINVAL, "ELF file has no PT_LOAD segment" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct eb_spec s = t[i].cls == 2 ? spec64() : spec32();
		struct diag d = { 0 };
		struct elf_info e;
		size_t len;
		uint8_t *b;
		int rc;

		switch (i) {
		case 0: s.cls = 0; break;
		case 1: s.cls = 3; break;
		case 2: s.data = 2; break;
		case 3: s.data = 3; break;  /* patched to 0 below */
		case 4: break;              /* patched below */
		case 5: break;              /* patched below */
		case 6: s.nph = 0; break;
		case 7: s.phnum_override = 257; break;
		case 8: s.phnum_override = 0xffff; break;
		case 9: s.phentsize = 32; break;
		case 10: s.phentsize = 0xffff; break; /* patched to 0 below */
		case 11: s.phnum_override = 200; break;
		case 12: s.phoff = 0xffffffffffffff00ull; break;
		case 13: s.ph[2].filesz = 0x10; s.len = 0x3008; break;
		case 14: s.ph[0].offset = MAXU; s.ph[0].filesz = 2; break;
		case 15: s.ph[1].filesz = 0x81; s.ph[1].memsz = 0x800; s.len = 0x480; break;
		case 16: s.ph[0].memsz = 0x1233; break;
		case 17: s.ph[0].paddr = 0xfffffffffffff000ull; break;
		case 18: s.ph[0].paddr = 0xffffffffffffd000ull; break;
		case 19: s.ph[1].paddr = 0xfffff000; s.ph[1].memsz = 0x1001; break;
		case 20: s.ph[0].type = 6; s.ph[2].type = 6; break;
		}
		b = eb_build(&s, &len);
		if (i == 3)
			b[5] = 0;
		if (i == 4)
			b[6] = 0;
		if (i == 5)
			eb_put(b, 20, 2, 4);
		if (i == 10)
			eb_put(b, 42, 0, 2);
		rc = elf_parse(&d, "prog.elf", b, len, &e);
		is_int(rc, t[i].rc, t[i].desc);
		has_str(d.msg, t[i].msg, t[i].desc);
		ok(e.ph == NULL && e.phnum == 0, "%s: nothing left allocated",
		   t[i].desc);
		free(b);
	}
}

static void test_truncation(void)
{
	struct eb_spec specs[2];
	size_t k;

	specs[0] = spec64();
	specs[1] = spec32();
	for (k = 0; k < 2; k++) {
		size_t len, cut, bad = 0, wrong_msg = 0;
		uint8_t *full = eb_build(&specs[k], &len);
		unsigned ehsize = k == 0 ? 64 : 52;
		char want[64];

		/* every proper prefix must be refused with a message */
		for (cut = 0; cut < len; cut++) {
			struct diag d = { 0 };
			struct elf_info e;
			uint8_t *b = malloc(cut ? cut : 1);   /* exact size */

			memcpy(b, full, cut);
			if (elf_parse(&d, "cut", b, cut, &e) == 0 || !d.msg[0])
				bad++;
			free(b);
		}
		is_int(bad, 0, k == 0 ? "every ELF64 prefix refused" :
		       "every ELF32 prefix refused");

		/* and specific cut points give the specific message */
		{
			static const size_t cuts[] = { 0, 3, 4, 15, 16, 40, 51 };
			for (cut = 0; cut < sizeof(cuts) / sizeof(cuts[0]); cut++) {
				struct diag d = { 0 };
				struct elf_info e;
				size_t c = cuts[cut];
				const char *m;
				uint8_t *b = malloc(c ? c : 1);

				memcpy(b, full, c);
				elf_parse(&d, "cut", b, c, &e);
				m = c < 4 ? "not an ELF file" : "truncated ELF header";
				if (!strstr(d.msg, m))
					wrong_msg++;
				if (c >= 4 && c < 16 &&
				    !strstr(d.msg, "e_ident alone needs 16"))
					wrong_msg++;
				if (c >= 16) {
					snprintf(want, sizeof(want),
						 "an ELF%u header needs %u",
						 k == 0 ? 64 : 32, ehsize);
					if (!strstr(d.msg, want))
						wrong_msg++;
				}
				free(b);
			}
		}
		is_int(wrong_msg, 0, "header cut points give the header messages");
		{
			struct diag d = { 0 };
			struct elf_info e;

			/* cut inside the program header table */
			elf_parse(&d, "cut", full, ehsize + 10, &e);
			has_str(d.msg, "program headers extend past end of file",
				"cut inside the program headers");
			diag_clear(&d);
			/* cut inside the last segment's data */
			elf_parse(&d, "cut", full, len - 1, &e);
			has_str(d.msg, "segment data extends past end of file",
				"cut inside segment data");
		}
		free(full);
	}
}

int main(void)
{
	test_valid();
	test_errors();
	test_truncation();
	return tap_done();
}
