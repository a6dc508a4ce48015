/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gen-seeds.c - write the seed corpora of fuzz-elfrel, fuzz-results and
 * fuzz-cmdline and fuzz-sysroot (the harnesses added with `make fuzz-long`).
 *
 *   cc -std=c11 -D_GNU_SOURCE -Iinclude -Ikexec -Itests/unit \
 *     -o /tmp/gen-seeds tests/fuzz/gen-seeds.c
 *   /tmp/gen-seeds tests/fuzz/corpus BUILD/build/purgatory/purgatory-*.ro
 *
 * The seeds are committed; rerun only to change them.  The purgatory
 * objects named on the command line become elfrel seeds as they are
 * (with the 8-byte load address the harness reads first).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "elf-rel.h"
#include "purgatory-abi.h"
#include "relbuild.h"

static const char *top;

static void put(const char *sub, const char *name, const void *a, size_t al,
		const void *b, size_t bl)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", top, sub);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", top, sub, name);
	f = fopen(path, "wb");
	if (!f || fwrite(a, 1, al, f) != al || (bl && fwrite(b, 1, bl, f) != bl) ||
	    fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* a small object of class @cls, every relocation type of it once */
static void elfrel_seed(int cls)
{
	static uint8_t text[64], data[32];
	static const uint8_t base[8] = { 0, 0x10, 0x80 };  /* 0x801000 */
	struct rb_spec s;
	struct rb_out o;

	memset(&s, 0, sizeof(s));
	memset(text, 0x90, sizeof(text));
	s.cls = cls;
	s.nsec = 3;
	s.sec[0] = (struct rb_sec){ ".text", RB_PROGBITS, RB_ALLOC | RB_EXEC,
		16, text, sizeof(text) };
	s.sec[1] = (struct rb_sec){ ".data", RB_PROGBITS, RB_ALLOC | RB_WRITE,
		8, data, sizeof(data) };
	s.sec[2] = (struct rb_sec){ ".bss", RB_NOBITS, RB_ALLOC | RB_WRITE,
		64, NULL, 128 };
	s.nsym = 4;
	s.sym[0] = (struct rb_sym){ NULL, 1, 0, 0, 0, 3 };
	s.sym[1] = (struct rb_sym){ "purgatory_start", 0, 0, 16, 1, 2 };
	s.sym[2] = (struct rb_sym){ "buf", 2, 8, 16, 1, 1 };
	s.sym[3] = (struct rb_sym){ "absval", RB_ABS, 0x1234, 0, 2, 0 };
	if (cls == 2) {
		s.nrel = 6;
		s.rel[0] = (struct rb_rel){ 0, 0x10, R_X86_64_PC32, 3, -4 };
		s.rel[1] = (struct rb_rel){ 0, 0x14, R_X86_64_PLT32, 2, -4 };
		s.rel[2] = (struct rb_rel){ 0, 0x18, R_X86_64_32, 1, 8 };
		s.rel[3] = (struct rb_rel){ 0, 0x1c, R_X86_64_32S, 4, 0 };
		s.rel[4] = (struct rb_rel){ 1, 0, R_X86_64_64, 2, 0x10 };
		s.rel[5] = (struct rb_rel){ 1, 8, R_X86_64_NONE, 0, 0 };
	} else {
		s.nrel = 4;
		s.rel[0] = (struct rb_rel){ 0, 0x10, R_386_32, 3, 4 };
		s.rel[1] = (struct rb_rel){ 0, 0x14, R_386_PC32, 2, -4 };
		s.rel[2] = (struct rb_rel){ 1, 0, R_386_32, 4, 0 };
		s.rel[3] = (struct rb_rel){ 1, 4, R_386_NONE, 0, 0 };
	}
	rb_build(&s, &o);
	put("elfrel", cls == 2 ? "small-x86_64" : "small-i386", base,
	    sizeof(base), o.buf, o.len);
	free(o.buf);
}

static void elfrel_file(const char *path, const char *name)
{
	static const uint8_t base[8] = { 0, 0, 0x10 };  /* 0x100000 */
	FILE *f = fopen(path, "rb");
	static uint8_t b[1 << 20];
	size_t n;

	if (!f) {
		perror(path);
		exit(1);
	}
	n = fread(b, 1, sizeof(b), f);
	fclose(f);
	put("elfrel", name, base, sizeof(base), b, n);
}

/* the block as the purgatory leaves it, with @out bytes of output */
static void results_seed(const char *name, uint32_t status, const char *out,
			 int full)
{
	uint8_t b[KJ_PP_SIZE + 64] = { 0 };
	struct purgatory_params pp;
	uint8_t sel = (uint8_t)full;

	memset(&pp, 0, sizeof(pp));
	pp.magic = KJ_PP_MAGIC;
	pp.version = KJ_PP_VERSION;
	pp.size = KJ_PP_SIZE;
	pp.status = status;
	pp.ret = 7;
	pp.nr_regions = 2;
	pp.bad_region = 1;
	pp.regions[1].start = 0x1000000;
	pp.regions[1].len = 4096;
	pp.out_off = KJ_PP_SIZE + 16;
	pp.out_size = 48;
	pp.out_len = out ? (uint32_t)strlen(out) : 0;
	memcpy(b, &pp, sizeof(pp));
	if (out)
		memcpy(b + pp.out_off, out, strlen(out));
	put("results", name, &sel, 1, b, sizeof(b));
}

static void cmdline_seed(const char *name, uint8_t flags, const char *running,
			 const char *append)
{
	char b[512];
	size_t n = (size_t)snprintf(b, sizeof(b), "%s", running);

	if (append)
		n += (size_t)snprintf(b + n + 1, sizeof(b) - n - 1, "%s", append) + 1;
	put("cmdline", name, &flags, 1, b, n);
}

/* a sysroot for fuzz-sysroot: command byte @c, then "@@X\n" files */
static void sysroot_seed(const char *name, uint8_t c, const char *files)
{
	put("sysroot", name, &c, 1, files, strlen(files));
}

#define MEMMAP "@@z\n0x0\n@@A\n0x9fbff\n@@B\nSystem RAM\n" \
	"@@C\n0x100000\n@@D\n0x7ffdffff\n@@E\nSystem RAM\n"
#define IOMEM "@@a\n00000000-00000fff : Reserved\n00001000-0009fbff : System RAM\n" \
	"000a0000-000fffff : Reserved\n00100000-7ffdffff : System RAM\n" \
	"  01000000-01ffffff : Kernel code\n  10000000-1fffffff : Crash kernel\n" \
	"7ffe0000-7fffffff : Reserved\nfee00000-fee00fff : Local APIC\n"

static void sysroot_seeds(void)
{
	sysroot_seed("load", 0, MEMMAP
		     "@@b\nBOOT_IMAGE=/vmlinuz root=/dev/vda ro console=ttyS0\n"
		     "@@d\n1\n@@o\nACPI20=0xbfefa014\nSMBIOS=0xbfed0000\n"
		     "@@p\n0xbfeea018\n@@q\n0xbfeeb000\n@@r\n0xbfeec018\n"
		     "@@s\n0x5\n@@t\n0xbfe00000\n@@u\n0xfffffffeff000000\n"
		     "@@v\n0x20\n@@w\n0x800000000000000f\n");
	sysroot_seed("panic", 1, IOMEM
		     "@@b\nroot=/dev/vda crashkernel=256M BOOT_IMAGE=/b\n"
		     "@@e\n0\n@@f\n3fe1c000 1024\n@@g\n3fc1a000\n@@h\n1024\n"
		     "@@i\n3fc3a000\n@@F\n512\n");
	sysroot_seed("panic-i686", 4 | 8, IOMEM "@@e\n0\n@@g\n3fc1a000\n");
	sysroot_seed("exec-jump", 2, MEMMAP "@@d\n1\n"
		     "@@c\nfile /k\nflags 0x2\nentry 0x1000000\nparams 1fff000 4096\n");
	sysroot_seed("exec-normal", 2, "@@d\n1\n@@c\nflags 0x0\n");
	sysroot_seed("eperm", 0 | 16, MEMMAP "@@b\nro\n"
		     "@@j\nName:\tkexec\nCapEff:\t000001ffffffffff\n"
		     "@@k\nnone [integrity] confidentiality\n@@l\n0\n@@m\n0\n");
	sysroot_seed("file-load", 3, MEMMAP "@@b\nquiet BOOT_IMAGE=x\n");
	sysroot_seed("jump-back", 5 | 32, MEMMAP
		     "@@b\nroot=/dev/vda kexec_jump_back_mailbox=0x9000\n"
		     "@@y\nffffffff82000000 D gdt_page\n0000000000000000 A __per_cpu_offset\n");
	sysroot_seed("status", 6, "@@d\n1\n@@e\n0\n");
	sysroot_seed("unload", 7, "@@d\n1\n");
	sysroot_seed("jump-load", 64, MEMMAP "@@G\n6.12.117\n@@b\nro\n");
	sysroot_seed("jump-phys", 64 | 1, MEMMAP "@@G\n7.2.0-rc1\n");
}

int main(int argc, char **argv)
{
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: gen-seeds CORPUSDIR [purgatory.ro...]\n");
		return 2;
	}
	top = argv[1];
	elfrel_seed(1);
	elfrel_seed(2);
	for (i = 2; i < argc; i++) {
		const char *b = strrchr(argv[i], '/');

		elfrel_file(argv[i], b ? b + 1 : argv[i]);
	}
	results_seed("returned", KJ_PP_ST_RETURNED, "hello from the program\n", 0);
	results_seed("returned-full", KJ_PP_ST_RETURNED, "x", 1);
	results_seed("sha-mismatch", KJ_PP_ST_SHA256_MISMATCH, NULL, 0);
	results_seed("bad-params", KJ_PP_ST_BAD_PARAMS, NULL, 0);
	results_seed("none", KJ_PP_ST_NONE, NULL, 0);
	cmdline_seed("reuse", 0, "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet\n",
		     "console=ttyS0");
	cmdline_seed("panic", 1, "BOOT_IMAGE=/b crashkernel=256M foo=\"a b\"\tx\n",
		     "irqpoll nr_cpus=1");
	cmdline_seed("no-append", 2, "  a  \"b  c  d=\"e f\" crashkernel=1G,high", NULL);
	sysroot_seeds();
	return 0;
}
