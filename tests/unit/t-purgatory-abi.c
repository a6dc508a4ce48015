/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-purgatory-abi.c - the parameter block layout shared by kexec and the
 * purgatory (include/purgatory-abi.h).
 *
 * Built by every build: the x86_64 one runs it as -m64, the i386 build
 * (configure --host=i686-linux-gnu CC="gcc -m32") as -m32, so both widths
 * must produce exactly the bytes below.  The offsets and the expected bytes
 * are written out by hand here, not derived from the header.
 */
#include <stddef.h>
#include "tap.h"
#include "purgatory-abi.h"

/* The example block, serialized little-endian, written by hand from the
 * layout (offset: field = value).  Bytes not listed are 0. */
static const uint8_t want[992] = {
	/*   0 magic "KJPB"        */ 0x4b, 0x4a, 0x50, 0x42,
	/*   4 version 5           */ 0x05, 0x00, 0x00, 0x00,
	/*   8 size 992 = 0x3e0    */ 0xe0, 0x03, 0x00, 0x00,
	/*  12 flags 0x5           */ 0x05, 0x00, 0x00, 0x00,
	/*  16 call_count 0x1122334455667788 */
	0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
	/*  24 entry 0x102345000   */ 0x00, 0x50, 0x34, 0x02, 0x01, 0x00, 0x00, 0x00,
	/*  32 jump_back 0x0a0b0c0d7f6e5d4c */
	0x4c, 0x5d, 0x6e, 0x7f, 0x0d, 0x0c, 0x0b, 0x0a,
	/*  40 stack_top 0x302010000 */ 0x00, 0x00, 0x01, 0x02, 0x03, 0x00, 0x00, 0x00,
	/*  48 append_off 992      */ 0xe0, 0x03, 0x00, 0x00,
	/*  52 append_size 27      */ 0x1b, 0x00, 0x00, 0x00,
	/*  56 out_off 0x1000      */ 0x00, 0x10, 0x00, 0x00,
	/*  60 out_size 0x1000     */ 0x00, 0x10, 0x00, 0x00,
	/*  64 out_len 42          */ 0x2a, 0x00, 0x00, 0x00,
	/*  68 ret -2              */ 0xfe, 0xff, 0xff, 0xff,
	/*  72 status 2            */ 0x02, 0x00, 0x00, 0x00,
	/*  76 bad_region 15       */ 0x0f, 0x00, 0x00, 0x00,
	/*  80 serial_port 0x3f8   */ 0xf8, 0x03,
	/*  82 reserved0           */ 0x00, 0x00,
	/*  84 serial_baud 115200  */ 0x00, 0xc2, 0x01, 0x00,
	/*  88 nr_regions 16       */ 0x10, 0x00, 0x00, 0x00,
	/*  92 boot_params 0       */ 0x00, 0x00, 0x00, 0x00,
	/*  96 bad_sha256 = a0 a1 ... bf */
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
	0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
	0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
	0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
	/* 128 regions[0].start 0x1000000 */
	[128] = 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	/* 136 regions[0].len 0x100000001 */
	0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	/* 144 regions[0].sha256 = 00 01 ... 1f */
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	/* 176 regions[1].start 0x5000 (rest of regions[1] 0) */
	[176] = 0x00, 0x50,
	/* 848 = 128 + 15*48: regions[15].start 0xfedcba9876543000 */
	[848] = 0x00, 0x30, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,
	/* 856 regions[15].len 0x2000 */
	0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 864 regions[15].sha256 = e0 e1 ... ff, ending at byte 895 */
	0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7,
	0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
	0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
	/* 896 boot_regs[0] (EAX) 0x2badb002 */
	[896] = 0x02, 0xb0, 0xad, 0x2b, 0x00, 0x00, 0x00, 0x00,
	/* 904 boot_regs[1] (EBX) 0x10000 */
	0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 944 boot_regs[6] (EBP) 0x8877665544332211 */
	[944] = 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	/* 952 boot_stack[0] 0xdeadbeef */
	0xef, 0xbe, 0xad, 0xde, 0x00, 0x00, 0x00, 0x00,
	/* 976 boot_stack[3] 0x0102030405060708 */
	[976] = 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
	/* 984 boot_nstack 4; 988 reserved1 0 */
	0x04, 0x00, 0x00, 0x00,
};

/* A segment: block, then the --append text, then the output buffer. */
#define SEG_SIZE 0x2000
static union {
	struct purgatory_params p;
	uint8_t b[SEG_SIZE];
} seg;

static const char text[] = "free text for the program";  /* 25 + NUL */

/* Fill the example block with plain field assignments. */
static void fill_example(struct purgatory_params *p)
{
	memset(p, 0, sizeof(*p));
	p->magic = KJ_PP_MAGIC;
	p->version = KJ_PP_VERSION;
	p->size = KJ_PP_SIZE;
	p->flags = KJ_PP_F_NO_CHECKS | KJ_PP_F_VERIFY_ONCE;
	p->call_count = UINT64_C(0x1122334455667788);
	p->entry = UINT64_C(0x102345000);
	p->jump_back = UINT64_C(0x0a0b0c0d7f6e5d4c);
	p->stack_top = UINT64_C(0x302010000);
	p->append_off = 992;
	p->append_size = sizeof(text) + 1;    /* 27: text, NUL, one more NUL */
	p->out_off = 0x1000;
	p->out_size = 0x1000;
	p->out_len = 42;
	p->ret = -2;
	p->status = KJ_PP_ST_SHA256_MISMATCH;
	p->bad_region = 15;
	p->serial_port = 0x3f8;
	p->serial_baud = 115200;
	p->nr_regions = 16;
	for (int i = 0; i < 32; i++) {
		p->bad_sha256[i] = (uint8_t)(0xa0 + i);
		p->regions[0].sha256[i] = (uint8_t)i;
		p->regions[15].sha256[i] = (uint8_t)(0xe0 + i);
	}
	p->regions[0].start = 0x1000000;
	p->regions[0].len = UINT64_C(0x100000001);
	p->regions[1].start = 0x5000;
	p->regions[15].start = UINT64_C(0xfedcba9876543000);
	p->regions[15].len = 0x2000;
	p->boot_regs[0] = 0x2badb002;
	p->boot_regs[1] = 0x10000;
	p->boot_regs[6] = UINT64_C(0x8877665544332211);
	p->boot_stack[0] = 0xdeadbeef;
	p->boot_stack[3] = UINT64_C(0x0102030405060708);
	p->boot_nstack = 4;
}

/* A valid block for the check() rows: the example plus its text. */
static void fill_valid(void)
{
	memset(&seg, 0, sizeof(seg));
	fill_example(&seg.p);
	seg.p.boot_nstack = 0;     /* the example has no KJ_PP_F_BOOT_REGS */
	memcpy(seg.b + 992, text, sizeof(text));
	seg.b[992 + sizeof(text)] = '\0';
}

#define OFF(field, want) is_int(offsetof(struct purgatory_params, field), want, \
				"offsetof " #field " == " #want)

int main(void)
{
	struct purgatory_params *p = &seg.p;

	printf("# built for %d-bit\n", (int)(8 * sizeof(void *)));

	/* ---- sizes and offsets, literal numbers ---- */
	is_int(sizeof(struct purgatory_params), 992, "sizeof block == 992");
	is_int(KJ_PP_SIZE, 992, "KJ_PP_SIZE == 992");
	is_int(sizeof(struct purgatory_region), 48, "sizeof region == 48");
	is_int(offsetof(struct purgatory_region, start), 0, "region.start at 0");
	is_int(offsetof(struct purgatory_region, len), 8, "region.len at 8");
	is_int(offsetof(struct purgatory_region, sha256), 16, "region.sha256 at 16");
	OFF(magic, 0);
	OFF(version, 4);
	OFF(size, 8);
	OFF(flags, 12);
	OFF(call_count, 16);
	OFF(entry, 24);
	OFF(jump_back, 32);
	OFF(stack_top, 40);
	OFF(append_off, 48);
	OFF(append_size, 52);
	OFF(out_off, 56);
	OFF(out_size, 60);
	OFF(out_len, 64);
	OFF(ret, 68);
	OFF(status, 72);
	OFF(bad_region, 76);
	OFF(serial_port, 80);
	OFF(reserved0, 82);
	OFF(serial_baud, 84);
	OFF(nr_regions, 88);
	OFF(boot_params, 92);
	is_int(sizeof(((struct purgatory_params *)0)->boot_params), 4, "boot_params is 32-bit");
	is_int(KJ_PP_OFF_BOOT_PARAMS, 92, "assembly offset of boot_params");
	is_int(KJ_PP_VERSION, 5, "version 5 (2: boot_params replaced reserved1; 3: KJ_PP_F_JUMP; 4: PROG32, BOOT_REGS; 5: RESET_VGA, CONSOLE_VGA)");
	is_int(KJ_PP_F_RESET_VGA, 0x200, "KJ_PP_F_RESET_VGA is bit 9");
	is_int(KJ_PP_F_CONSOLE_VGA, 0x400, "KJ_PP_F_CONSOLE_VGA is bit 10");
	is_int(KJ_PP_F_JUMP, 0x40, "KJ_PP_F_JUMP is bit 6");
	is_int(KJ_PP_F_PROG32, 0x80, "KJ_PP_F_PROG32 is bit 7");
	is_int(KJ_PP_F_BOOT_REGS, 0x100, "KJ_PP_F_BOOT_REGS is bit 8");
	is_int(KJ_PP_F_ALL, 0x7ff, "KJ_PP_F_ALL covers bits 0-10");
	is_int(KJ_PP_F_BOOT_LINUX, 8, "KJ_PP_F_BOOT_LINUX is bit 3");
	OFF(bad_sha256, 96);
	OFF(regions, 128);
	OFF(regions[15], 848);
	OFF(boot_regs, 896);
	OFF(boot_regs[6], 944);
	OFF(boot_stack, 952);
	OFF(boot_stack[3], 976);
	OFF(boot_nstack, 984);
	OFF(reserved1, 988);
	is_int(KJ_PP_OFF_BOOT_REGS, 896, "assembly offset of boot_regs");
	is_int(KJ_PP_OFF_BOOT_STACK, 952, "assembly offset of boot_stack");
	is_int(KJ_PP_OFF_BOOT_NSTACK, 984, "assembly offset of boot_nstack");
	is_int(KJ_PP_BOOT_NREGS, 7, "7 boot registers");
	is_int(KJ_PP_BOOT_STACK_MAX, 4, "4 boot stack words");
	is_int(KJ_PP_MAX_REGIONS, 16, "16 regions (the kernel's segment limit)");
	is_int(sizeof(((struct purgatory_params *)0)->bad_sha256), 32, "bad_sha256 is 32 bytes");
	is_int(sizeof(((struct purgatory_params *)0)->serial_port), 2, "serial_port is 16-bit");
	is_int(sizeof(((struct purgatory_params *)0)->call_count), 8, "call_count is 64-bit");
	is_int(sizeof(((struct purgatory_params *)0)->entry), 8, "entry is 64-bit");
	{
		struct purgatory_params s = { .ret = -1 };
		ok(s.ret < 0, "ret is signed");
	}
	is_int(KJ_PP_OFF_JUMP_BACK, 32, "assembly offset of jump_back");
	is_int(KJ_PP_OFF_STACK_TOP, 40, "assembly offset of stack_top");
	is_int(KJ_PP_OFF_ENTRY, 24, "assembly offset of entry");
	is_int(KJ_PP_OFF_CALL_COUNT, 16, "assembly offset of call_count");
	is_int(KJ_PP_OFF_RET, 68, "assembly offset of ret");
	is_int(KJ_PP_OFF_STATUS, 72, "assembly offset of status");

	/* ---- serialized bytes ---- */
	{
		struct purgatory_params ex;
		uint8_t got[992];
		int first = -1;
		fill_example(&ex);
		memcpy(got, &ex, sizeof(got));
		for (int i = 0; i < 992; i++)
			if (got[i] != want[i]) {
				first = i;
				break;
			}
		if (!ok(first < 0, "example block serializes to the hand-written 992 bytes"))
			printf("#   first difference at byte %d: got 0x%02x, want 0x%02x\n",
			       first, got[first], want[first]);
		ok(memcmp(got, "KJPB", 4) == 0, "magic reads \"KJPB\" in memory");
		/* and the decoder sees the fields the bytes say */
		struct purgatory_params back;
		memcpy(&back, want, sizeof(back));
		is_u64(back.entry, UINT64_C(0x102345000), "decode: entry");
		is_u64(back.jump_back, UINT64_C(0x0a0b0c0d7f6e5d4c), "decode: jump_back");
		is_int(back.ret, -2, "decode: ret");
		is_int(back.serial_port, 0x3f8, "decode: serial_port");
		is_u64(back.regions[15].start, UINT64_C(0xfedcba9876543000), "decode: regions[15].start");
		is_int(back.regions[15].sha256[31], 0xff, "decode: last region byte");
		is_u64(back.boot_regs[0], 0x2badb002, "decode: boot_regs[0]");
		is_u64(back.boot_stack[3], UINT64_C(0x0102030405060708), "decode: boot_stack[3]");
		is_int(back.boot_nstack, 4, "decode: boot_nstack");
	}

	/* ---- accessors ---- */
	fill_valid();
	ok(purgatory_params_append(p) == (const char *)seg.b + 992, "append text at block + 992");
	is_str(purgatory_params_append(p), text, "append text content");
	ok(purgatory_params_output(p) == (char *)seg.b + 0x1000, "output buffer at block + 0x1000");
	p->append_size = 0;
	ok(purgatory_params_append(p) == NULL, "no text when append_size is 0");
	p->out_size = 0;
	ok(purgatory_params_output(p) == NULL, "no buffer when out_size is 0");

	/* ---- purgatory_params_check ---- */
	{
		static const struct {
			const char *what;
			int field;        /* which field to change */
			uint64_t value;
			uint64_t avail;
			int want;
		} rows[] = {
			/* field: 0 none, 1 magic, 2 version, 3 size, 4 flags,
			 * 5 reserved0, 6 boot_params, 7 nr_regions, 8 append_off,
			 * 9 append_size, 10 out_off, 11 out_size, 12 text NUL
			 * byte (value = byte), 13 status/results */
			{ "valid",                       0, 0, SEG_SIZE, KJ_PP_CHK_OK },
			{ "valid, avail beyond the buffer (1 TiB)", 0, 0, UINT64_C(1) << 40, KJ_PP_CHK_OK },
			{ "avail smaller than the block", 0, 0, 991, KJ_PP_CHK_SIZE },
			{ "bad magic",                   1, 0x42504a4c, SEG_SIZE, KJ_PP_CHK_MAGIC },
			{ "version 1",                   2, 1, SEG_SIZE, KJ_PP_CHK_VERSION },
			{ "version 2",                   2, 2, SEG_SIZE, KJ_PP_CHK_VERSION },
			{ "version 3",                   2, 3, SEG_SIZE, KJ_PP_CHK_VERSION },
			{ "version 4",                   2, 4, SEG_SIZE, KJ_PP_CHK_VERSION },
			{ "version 6",                   2, 6, SEG_SIZE, KJ_PP_CHK_VERSION },
			{ "size 896 (version 3's)",      3, 896, SEG_SIZE, KJ_PP_CHK_SIZE },
			{ "size 991",                    3, 991, SEG_SIZE, KJ_PP_CHK_SIZE },
			{ "size 1000",                   3, 1000, SEG_SIZE, KJ_PP_CHK_SIZE },
			{ "unknown flag 0x800",          4, 0x800, SEG_SIZE, KJ_PP_CHK_FLAGS },
			{ "RESET_VGA | CONSOLE_VGA",     4, 0x600, SEG_SIZE, KJ_PP_CHK_OK },
			{ "PROG32 call",                 4, 0xc4, SEG_SIZE, KJ_PP_CHK_OK },
			{ "PROG32 DIRECT JUMP",          4, 0xe1, SEG_SIZE, KJ_PP_CHK_OK },
			{ "PROG32 with BOOT_LINUX",     14, 0x88, SEG_SIZE, KJ_PP_CHK_FLAGS },
			{ "BOOT_REGS 64",                4, 0x100, SEG_SIZE, KJ_PP_CHK_OK },
			{ "BOOT_REGS PROG32 JUMP",       4, 0x1c0, SEG_SIZE, KJ_PP_CHK_OK },
			{ "BOOT_REGS with DIRECT",       4, 0x161, SEG_SIZE, KJ_PP_CHK_FLAGS },
			{ "BOOT_REGS with BOOT_LINUX",  14, 0x108, SEG_SIZE, KJ_PP_CHK_FLAGS },
			{ "all flags with boot_params (0x1ff)", 14, 0x1ff, SEG_SIZE, KJ_PP_CHK_FLAGS },
			{ "BOOT_REGS, 4 stack words",   15, 4, SEG_SIZE, KJ_PP_CHK_OK },
			{ "BOOT_REGS, 5 stack words",   15, 5, SEG_SIZE, KJ_PP_CHK_BOOT },
			{ "BOOT_REGS, 0xffffffff stack words", 15, 0xffffffffu, SEG_SIZE, KJ_PP_CHK_BOOT },
			{ "stack words without BOOT_REGS", 16, 1, SEG_SIZE, KJ_PP_CHK_BOOT },
			{ "reserved1 set",              17, 1, SEG_SIZE, KJ_PP_CHK_RESERVED },
			{ "JUMP alone",                  4, 0x40, SEG_SIZE, KJ_PP_CHK_OK },
			{ "DIRECT without JUMP",         4, 0x21, SEG_SIZE, KJ_PP_CHK_FLAGS },
			{ "DIRECT with JUMP",            4, 0x61, SEG_SIZE, KJ_PP_CHK_OK },
			{ "JUMP_BACK_ARG without JUMP", 14, 0x18, SEG_SIZE, KJ_PP_CHK_FLAGS },
			{ "JUMP_BACK_ARG with JUMP",    14, 0x58, SEG_SIZE, KJ_PP_CHK_OK },
			{ "program flags 0x7",           4, 0x7, SEG_SIZE, KJ_PP_CHK_OK },
			{ "BOOT_LINUX without boot_params", 4, 0x8, SEG_SIZE, KJ_PP_CHK_BOOT },
			{ "all flags, no boot_params",   4, 0x7f, SEG_SIZE, KJ_PP_CHK_BOOT },
			{ "all flags with boot_params", 14, 0x7f, SEG_SIZE, KJ_PP_CHK_OK },
			{ "all flags with boot_params", 14, 0xf, SEG_SIZE, KJ_PP_CHK_OK },
			{ "BOOT_LINUX with boot_params 0x90000", 14, 0x8, SEG_SIZE, KJ_PP_CHK_OK },
			{ "reserved0 set",               5, 1, SEG_SIZE, KJ_PP_CHK_RESERVED },
			{ "boot_params without BOOT_LINUX", 6, 0x90000, SEG_SIZE, KJ_PP_CHK_BOOT },
			{ "17 regions",                  7, 17, SEG_SIZE, KJ_PP_CHK_REGIONS },
			{ "0 regions",                   7, 0, SEG_SIZE, KJ_PP_CHK_OK },
			{ "text inside the header",      8, 991, SEG_SIZE, KJ_PP_CHK_APPEND },
			{ "text at offset 0",            8, 0, SEG_SIZE, KJ_PP_CHK_APPEND },
			{ "text past avail",             8, 0x2000 - 26, SEG_SIZE, KJ_PP_CHK_APPEND },
			{ "text u32 wrap",               9, 0xfffffc21u, SEG_SIZE, KJ_PP_CHK_APPEND },
			{ "text without NUL",           12, 'x', SEG_SIZE, KJ_PP_CHK_APPEND },
			{ "no text (size 0, offset 0)",  9, 0, SEG_SIZE, KJ_PP_CHK_OK },
			{ "buffer one byte past avail", 11, 0x1001, SEG_SIZE, KJ_PP_CHK_OUTPUT },
			{ "buffer past a short avail",   0, 0, 0x1fff, KJ_PP_CHK_OUTPUT },
			{ "buffer inside the header",   10, 800, SEG_SIZE, KJ_PP_CHK_OUTPUT },
			{ "buffer u32 wrap",            10, 0xffffff00u, SEG_SIZE, KJ_PP_CHK_OUTPUT },
			{ "no buffer",                  11, 0, SEG_SIZE, KJ_PP_CHK_OK },
			{ "buffer overlaps text by 1",  10, 992 + 26, SEG_SIZE, KJ_PP_CHK_OVERLAP },
			{ "buffer right after text",    10, 992 + 27, SEG_SIZE, KJ_PP_CHK_OK },
			{ "result fields are not checked", 13, 0, SEG_SIZE, KJ_PP_CHK_OK },
		};
		for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
			fill_valid();
			uint32_t v = (uint32_t)rows[r].value;
			switch (rows[r].field) {
			case 1: p->magic = v; break;
			case 2: p->version = v; break;
			case 3: p->size = v; break;
			case 4: p->flags = v; break;
			case 5: p->reserved0 = (uint16_t)v; break;
			case 6: p->boot_params = v; break;
			case 14: p->flags = v; p->boot_params = 0x90000; break;
			case 7: p->nr_regions = v; break;
			case 8: p->append_off = v; break;
			case 9: p->append_size = v; if (!v) p->append_off = 0; break;
			case 10: p->out_off = v; if (v == 992 + 26 || v == 992 + 27) p->out_size = 16; break;
			case 15: p->flags = KJ_PP_F_BOOT_REGS | KJ_PP_F_PROG32; p->boot_nstack = v; break;
			case 16: p->boot_nstack = v; break;
			case 17: p->reserved1 = v; break;
			case 11: p->out_size = v; break;
			case 12: seg.b[992 + 26] = (uint8_t)v; break;
			case 13:
				p->call_count = UINT64_MAX; p->jump_back = 1;
				p->out_len = 0xffffffffu; p->ret = -1;
				p->status = 0xffffffffu; p->bad_region = 99;
				break;
			}
			char d[128];
			snprintf(d, sizeof(d), "check: %s", rows[r].what);
			is_int(purgatory_params_check(p, rows[r].avail), rows[r].want, d);
		}
	}
	return tap_done();
}
