/* SPDX-License-Identifier: GPL-2.0-or-later */
/* purgatory-abi.h - the parameter block shared by kexec and the purgatory.
 *
 * kexec fills one `struct purgatory_params` at load time; the purgatory
 * reads it on every `kexec -e`, verifies the segments, bumps the call
 * counter and calls the program as `int program(struct purgatory_params *)`
 * (kj_program_fn below; cdecl on i386, SysV on x86_64).  After the jump the
 * same bytes carry the results (return value, output length, status) back
 * to kexec.  With KJ_PP_F_BOOT_LINUX (a normal kexec of a Linux kernel)
 * the purgatory instead jumps to `entry` as the x86 boot protocol asks,
 * with ESI/RSI = boot_params, and never comes back.
 *
 * One layout for both widths.  The purgatory is i386 or x86_64 and kexec may
 * be either, independently, so the block uses only fixed-width integers,
 * uint64_t for every physical address, every field at its natural
 * alignment and explicit reserved fields instead of compiler padding.  The
 * size (992) is a multiple of 8, so arrays of blocks and what follows them
 * stay aligned too.  Note that i386 aligns uint64_t to 4 inside structs:
 * the offsets are identical, but place the block at an 8-byte-aligned
 * address anyway.  All integers are little-endian (x86).  The offsets
 * below are literal numbers, checked against offsetof() with
 * _Static_assert on every compile and at run time by
 * tests/unit/t-purgatory-abi.c on both widths.
 *
 * The --append text and the output buffer are NOT fixed arrays: they are
 * (offset, size) pairs relative to the start of the block, and lie after
 * it in the same segment:
 *
 *     [struct purgatory_params][--append text, NUL][output buffer]
 *
 * Why: their sizes vary (any --append length; the output bound is kexec's
 * choice, 4 KiB by default) so fixed arrays would either cap the text or
 * waste pages; offsets keep the whole thing position-independent, so kexec
 * can build and hash the segment before the planner picks an address; and
 * kexec reads the results back as one contiguous range.  Use
 * purgatory_params_append()/purgatory_params_output() to get pointers and
 * purgatory_params_check() to validate a block before trusting it.
 *
 * Assembly (the purgatory's entry code) may include this file: only the
 * KJ_PP_* numbers are visible under __ASSEMBLER__.
 *
 * Freestanding: needs only <stddef.h> and <stdint.h>; the inline helpers
 * call nothing.
 */
#ifndef KJ_PURGATORY_ABI_H
#define KJ_PURGATORY_ABI_H

#define KJ_PP_MAGIC        0x42504a4bu /* "KJPB" in memory order */
#define KJ_PP_VERSION      5u          /* 2: boot_params + KJ_PP_F_BOOT_LINUX;
					  3: KJ_PP_F_JUMP (R read only then);
					  4: KJ_PP_F_PROG32, KJ_PP_F_BOOT_REGS
					  and the boot_* fields (992 bytes);
					  5: KJ_PP_F_RESET_VGA,
					  KJ_PP_F_CONSOLE_VGA */
#define KJ_PP_SIZE         992u        /* sizeof(struct purgatory_params) */
#define KJ_PP_BOOT_NREGS   7u          /* = PLAN_NREGS: EAX EBX ECX EDX ESI
					  EDI EBP, in that order */
#define KJ_PP_BOOT_STACK_MAX 4u        /* = PLAN_BOOT_STACK_MAX */
#define KJ_PP_MAX_REGIONS  16u         /* = KEXEC_SEGMENT_MAX */
#define KJ_PP_REGION_SIZE  48u         /* sizeof(struct purgatory_region) */

/* flags */
#define KJ_PP_F_NO_CHECKS       0x1u /* -i/--no-checks: skip sha256 checks */
#define KJ_PP_F_CONSOLE_SERIAL  0x2u /* --console-serial: purgatory debug
					output on serial_port/serial_baud */
#define KJ_PP_F_VERIFY_ONCE     0x4u /* verify only when call_count is 0 on
					entry: later calls see the program's
					own writes in its segments */
#define KJ_PP_F_BOOT_LINUX      0x8u /* normal kexec of a Linux kernel: after
					the checks, jump to `entry` with the
					boot protocol's 32/64-bit entry state
					(ESI/RSI = boot_params) instead of
					calling a program; never returns */
#define KJ_PP_F_JUMP_BACK_ARG   0x10u /* with BOOT_LINUX, a Linux-to-Linux
					jump (preserve-context load of a
					kernel): before booting, append
					" kexec_jump_back_entry=0x<R>
					memmap=4K#0x<R's page>" to the
					command line in boot_params (the
					loader leaves KJ_PP_CMDLINE_SPARE
					bytes after its NUL) */
#define KJ_PP_F_DIRECT          0x20u /* --args-none program on a kernel
					whose return needs the GDT repair: the
					entry code saves R, enters `entry`
					directly in the kernel's entry state
					(with [SP] = its own return stub), and
					on the way back stores the program's
					next entry in `entry`, loads the
					kernel's GDT and goes to R.  No C, no
					checks, no results */
#define KJ_PP_F_JUMP            0x40u /* the image was loaded with
					KEXEC_PRESERVE_CONTEXT: the kernel
					calls the entry with its re-entry
					point R at [ESP]/[RSP].  Only then
					does the entry code read R; without
					it the purgatory never looks above its
					entry stack pointer (Linux 6.14 up to
					786a45757dcd pushed nothing there for
					a normal kexec, so the word above is
					in the next page, doc/abi.md 4.2).
					DIRECT and JUMP_BACK_ARG need it */
#define KJ_PP_F_PROG32          0x80u /* x86_64 purgatory only: the code at
					`entry` is 32-bit.  A called program
					(or, with DIRECT, an --args-none
					program) runs in 32-bit protected
					mode with paging off; the purgatory
					leaves long mode for it and comes back
					(doc/abi.md 10.7).  With BOOT_REGS:
					the boot is PLAN_BOOT_32 */
#define KJ_PP_F_BOOT_REGS       0x100u /* a register boot (kexec/plan.h
					struct plan_boot): after the checks,
					start `entry` with boot_regs[] and
					boot_stack[]; never returns.  Without
					PROG32 it is a 64-bit boot (x86_64
					purgatory only) */
#define KJ_PP_F_RESET_VGA       0x200u /* --reset-vga: before anything
					else, program the VGA card for 80x25
					text (mode 3) and clear the screen
					(doc/abi.md 21) */
#define KJ_PP_F_CONSOLE_VGA     0x400u /* --console-vga: the progress
					messages (and any failure) also go to
					the VGA text screen at the cursor */
#define KJ_PP_F_ALL             0x7ffu

/* Bytes the loader reserves after the command line's NUL for the
 * purgatory's KJ_PP_F_JUMP_BACK_ARG text (58 + 2 x 16 hex digits needed) */
#define KJ_PP_CMDLINE_SPARE     96u

/* The i386 Linux-to-Linux repair's mailbox: the page after the parameter
 * page (kexec_jump_back_mailbox= on B's command line).  B's jump-back
 * helper leaves B's GDT descriptor there:
 *   0: magic KJ_PP_MAILBOX_MAGIC (u32)   4: limit (u16)   8: base (u64) */
#define KJ_PP_MAILBOX_MAGIC     0x44474a4bu /* "KJGD" in memory order */

/* status (written by the purgatory; kexec writes KJ_PP_ST_NONE) */
#define KJ_PP_ST_NONE             0u /* purgatory never got this far */
#define KJ_PP_ST_RETURNED         1u /* program called and returned: ret
					and out_len are valid */
#define KJ_PP_ST_SHA256_MISMATCH  2u /* region bad_region hashed to
					bad_sha256; program not called */
#define KJ_PP_ST_BAD_PARAMS       3u /* purgatory_params_check() failed;
					bad_region = its result; program
					not called */

/* Field offsets (bytes from the start of the block). */
#define KJ_PP_OFF_MAGIC        0
#define KJ_PP_OFF_VERSION      4
#define KJ_PP_OFF_SIZE         8
#define KJ_PP_OFF_FLAGS        12
#define KJ_PP_OFF_CALL_COUNT   16
#define KJ_PP_OFF_ENTRY        24
#define KJ_PP_OFF_JUMP_BACK    32
#define KJ_PP_OFF_STACK_TOP    40
#define KJ_PP_OFF_APPEND_OFF   48
#define KJ_PP_OFF_APPEND_SIZE  52
#define KJ_PP_OFF_OUT_OFF      56
#define KJ_PP_OFF_OUT_SIZE     60
#define KJ_PP_OFF_OUT_LEN      64
#define KJ_PP_OFF_RET          68
#define KJ_PP_OFF_STATUS       72
#define KJ_PP_OFF_BAD_REGION   76
#define KJ_PP_OFF_SERIAL_PORT  80
#define KJ_PP_OFF_RESERVED0    82
#define KJ_PP_OFF_SERIAL_BAUD  84
#define KJ_PP_OFF_NR_REGIONS   88
#define KJ_PP_OFF_BOOT_PARAMS  92
#define KJ_PP_OFF_BAD_SHA256   96
#define KJ_PP_OFF_REGIONS      128
#define KJ_PP_OFF_BOOT_REGS    896
#define KJ_PP_OFF_BOOT_STACK   952
#define KJ_PP_OFF_BOOT_NSTACK  984
#define KJ_PP_OFF_RESERVED1    988
/* ... inside struct purgatory_region */
#define KJ_PP_REG_OFF_START    0
#define KJ_PP_REG_OFF_LEN      8
#define KJ_PP_REG_OFF_SHA256   16

/* purgatory_params_check() results (0 = valid) */
#define KJ_PP_CHK_OK          0
#define KJ_PP_CHK_MAGIC       1 /* magic != KJ_PP_MAGIC */
#define KJ_PP_CHK_VERSION     2 /* version != KJ_PP_VERSION */
#define KJ_PP_CHK_SIZE        3 /* size != KJ_PP_SIZE or avail < size */
#define KJ_PP_CHK_FLAGS       4 /* unknown flag bits, or DIRECT/
				   JUMP_BACK_ARG without JUMP */
#define KJ_PP_CHK_RESERVED    5 /* a reserved field is not 0 */
#define KJ_PP_CHK_REGIONS     6 /* nr_regions > KJ_PP_MAX_REGIONS */
#define KJ_PP_CHK_APPEND      7 /* text outside [size, avail) or no NUL */
#define KJ_PP_CHK_OUTPUT      8 /* buffer outside [size, avail) */
#define KJ_PP_CHK_OVERLAP     9 /* text and buffer overlap */
#define KJ_PP_CHK_BOOT       10 /* BOOT_LINUX without boot_params, or
				   boot_params without BOOT_LINUX, or
				   boot_nstack > KJ_PP_BOOT_STACK_MAX, or
				   boot_nstack without BOOT_REGS */

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

/* One range the purgatory hashes before the call (a loaded segment's
 * bytes, not the block's own segment, which changes on every call). */
struct purgatory_region {
	uint64_t start;      /*  0: physical address */
	uint64_t len;        /*  8: bytes (0 = empty, digest of "") */
	uint8_t sha256[32];  /* 16: expected SHA-256 of [start, start+len) */
};                           /* 48 bytes */

struct purgatory_params {
	/* ---- identity: written by kexec, checked by the purgatory ---- */
	uint32_t magic;        /*   0: KJ_PP_MAGIC */
	uint32_t version;      /*   4: KJ_PP_VERSION */
	uint32_t size;         /*   8: KJ_PP_SIZE (sizeof this struct) */
	uint32_t flags;        /*  12: KJ_PP_F_* */
	/* ---- per call ---- */
	uint64_t call_count;   /*  16: kexec writes 0; the purgatory adds 1
				  before each call, so the program sees 1 on
				  its first call */
	/* ---- addresses (physical; identity-mapped on x86_64) ---- */
	uint64_t entry;        /*  24: program entry, called as kj_program_fn */
	uint64_t jump_back;    /*  32: kernel return address R saved by the
				  purgatory at each entry (doc/abi.md
				  3.4); kexec writes 0 */
	uint64_t stack_top;    /*  40: top of the purgatory's own stack
				  (exclusive, 16-byte aligned); the program
				  runs on it too */
	/* ---- the program's text and output, relative to the block ---- */
	uint32_t append_off;   /*  48: offset of the --append text, NUL
				  terminated (0 if append_size is 0) */
	uint32_t append_size;  /*  52: bytes of text including the NUL; 0 =
				  no --append */
	uint32_t out_off;      /*  56: offset of the output buffer */
	uint32_t out_size;     /*  60: its capacity in bytes (0 = none) */
	uint32_t out_len;      /*  64: bytes the program put there: kexec
				  writes 0, the program sets it; kexec clamps
				  it to out_size when it reads results */
	int32_t ret;           /*  68: the program's return value (set by the
				  purgatory when it returns; kexec -e exits
				  with it if 0..250, else 251) */
	uint32_t status;       /*  72: KJ_PP_ST_*, written by the purgatory */
	uint32_t bad_region;   /*  76: for ST_SHA256_MISMATCH the failing
				  region index; for ST_BAD_PARAMS the
				  KJ_PP_CHK_* reason */
	/* ---- serial console (for the purgatory and the program) ---- */
	uint16_t serial_port;  /*  80: 8250 I/O port, e.g. 0x3f8; 0 = none */
	uint16_t reserved0;    /*  82: 0 */
	uint32_t serial_baud;  /*  84: e.g. 115200; 0 = leave as is */
	/* ---- sha256 verification ---- */
	uint32_t nr_regions;   /*  88: used entries of regions[], <= 16 */
	uint32_t boot_params;  /*  92: with KJ_PP_F_BOOT_LINUX, the physical
				  address of the Linux boot_params ("zero
				  page"), below 4 GiB, put in ESI/RSI; else
				  0 (version 1 had reserved1 = 0 here) */
	uint8_t bad_sha256[32]; /* 96: for ST_SHA256_MISMATCH, the digest the
				   purgatory computed (expected one is in
				   regions[bad_region]) */
	struct purgatory_region regions[KJ_PP_MAX_REGIONS]; /* 128: 16 x 48 */
	/* ---- register boots (KJ_PP_F_BOOT_REGS), else all 0 ---- */
	uint64_t boot_regs[KJ_PP_BOOT_NREGS]; /* 896: EAX/RAX, EBX, ECX, EDX,
				  ESI, EDI, EBP (low 32 bits in 32-bit mode) */
	uint64_t boot_stack[KJ_PP_BOOT_STACK_MAX]; /* 952: words at ESP/RSP
				  upwards (4 or 8 bytes each) */
	uint32_t boot_nstack;  /* 984: used entries of boot_stack[] */
	uint32_t reserved1;    /* 988: 0 */
};                             /* 992 bytes */

/* The program's signature. */
typedef int kj_program_fn(struct purgatory_params *params);

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define KJ_PP_ASSERT_OFF(type, field, off) \
	_Static_assert(offsetof(type, field) == (off), #type "." #field " offset")
_Static_assert(sizeof(struct purgatory_region) == 48, "region size");
_Static_assert(KJ_PP_REGION_SIZE == 48, "KJ_PP_REGION_SIZE");
KJ_PP_ASSERT_OFF(struct purgatory_region, start, 0);
KJ_PP_ASSERT_OFF(struct purgatory_region, len, 8);
KJ_PP_ASSERT_OFF(struct purgatory_region, sha256, 16);
_Static_assert(sizeof(struct purgatory_params) == 992, "block size");
_Static_assert(KJ_PP_SIZE == 992, "KJ_PP_SIZE");
KJ_PP_ASSERT_OFF(struct purgatory_params, magic, 0);
KJ_PP_ASSERT_OFF(struct purgatory_params, version, 4);
KJ_PP_ASSERT_OFF(struct purgatory_params, size, 8);
KJ_PP_ASSERT_OFF(struct purgatory_params, flags, 12);
KJ_PP_ASSERT_OFF(struct purgatory_params, call_count, 16);
KJ_PP_ASSERT_OFF(struct purgatory_params, entry, 24);
KJ_PP_ASSERT_OFF(struct purgatory_params, jump_back, 32);
KJ_PP_ASSERT_OFF(struct purgatory_params, stack_top, 40);
KJ_PP_ASSERT_OFF(struct purgatory_params, append_off, 48);
KJ_PP_ASSERT_OFF(struct purgatory_params, append_size, 52);
KJ_PP_ASSERT_OFF(struct purgatory_params, out_off, 56);
KJ_PP_ASSERT_OFF(struct purgatory_params, out_size, 60);
KJ_PP_ASSERT_OFF(struct purgatory_params, out_len, 64);
KJ_PP_ASSERT_OFF(struct purgatory_params, ret, 68);
KJ_PP_ASSERT_OFF(struct purgatory_params, status, 72);
KJ_PP_ASSERT_OFF(struct purgatory_params, bad_region, 76);
KJ_PP_ASSERT_OFF(struct purgatory_params, serial_port, 80);
KJ_PP_ASSERT_OFF(struct purgatory_params, reserved0, 82);
KJ_PP_ASSERT_OFF(struct purgatory_params, serial_baud, 84);
KJ_PP_ASSERT_OFF(struct purgatory_params, nr_regions, 88);
KJ_PP_ASSERT_OFF(struct purgatory_params, boot_params, 92);
KJ_PP_ASSERT_OFF(struct purgatory_params, bad_sha256, 96);
KJ_PP_ASSERT_OFF(struct purgatory_params, regions, 128);
KJ_PP_ASSERT_OFF(struct purgatory_params, boot_regs, 896);
KJ_PP_ASSERT_OFF(struct purgatory_params, boot_stack, 952);
KJ_PP_ASSERT_OFF(struct purgatory_params, boot_nstack, 984);
KJ_PP_ASSERT_OFF(struct purgatory_params, reserved1, 988);
/* The KJ_PP_OFF_* numbers for assembly must agree with the struct. */
_Static_assert(KJ_PP_OFF_MAGIC == 0 && KJ_PP_OFF_VERSION == 4 &&
	       KJ_PP_OFF_SIZE == 8 && KJ_PP_OFF_FLAGS == 12 &&
	       KJ_PP_OFF_CALL_COUNT == 16 && KJ_PP_OFF_ENTRY == 24 &&
	       KJ_PP_OFF_JUMP_BACK == 32 && KJ_PP_OFF_STACK_TOP == 40 &&
	       KJ_PP_OFF_APPEND_OFF == 48 && KJ_PP_OFF_APPEND_SIZE == 52 &&
	       KJ_PP_OFF_OUT_OFF == 56 && KJ_PP_OFF_OUT_SIZE == 60 &&
	       KJ_PP_OFF_OUT_LEN == 64 && KJ_PP_OFF_RET == 68 &&
	       KJ_PP_OFF_STATUS == 72 && KJ_PP_OFF_BAD_REGION == 76 &&
	       KJ_PP_OFF_SERIAL_PORT == 80 && KJ_PP_OFF_RESERVED0 == 82 &&
	       KJ_PP_OFF_SERIAL_BAUD == 84 && KJ_PP_OFF_NR_REGIONS == 88 &&
	       KJ_PP_OFF_BOOT_PARAMS == 92 && KJ_PP_OFF_BAD_SHA256 == 96 &&
	       KJ_PP_OFF_REGIONS == 128 && KJ_PP_OFF_BOOT_REGS == 896 &&
	       KJ_PP_OFF_BOOT_STACK == 952 && KJ_PP_OFF_BOOT_NSTACK == 984 &&
	       KJ_PP_OFF_RESERVED1 == 988 && KJ_PP_REG_OFF_START == 0 &&
	       KJ_PP_REG_OFF_LEN == 8 && KJ_PP_REG_OFF_SHA256 == 16,
	       "KJ_PP_OFF_* literals");
#undef KJ_PP_ASSERT_OFF
#endif

/* Is [off, off+size) inside [hdr, avail)?  64-bit sums cannot overflow. */
static inline int purgatory_params_range_ok(uint32_t off, uint32_t size,
					    uint32_t hdr, uint64_t avail)
{
	return off >= hdr && (uint64_t)off + size <= avail;
}

/* Validate a block that has @avail bytes from its start to the end of its
 * segment (the text and buffer must lie inside).  Reads only the block and
 * the text's last byte.  Returns KJ_PP_CHK_OK (0) or a KJ_PP_CHK_* reason.
 * Results fields (call_count, jump_back, out_len, ret, status, bad_*) are
 * not checked: they change on every call. */
static inline int purgatory_params_check(const struct purgatory_params *p,
					 uint64_t avail)
{
	if (avail < KJ_PP_SIZE)
		return KJ_PP_CHK_SIZE;
	if (p->magic != KJ_PP_MAGIC)
		return KJ_PP_CHK_MAGIC;
	if (p->version != KJ_PP_VERSION)
		return KJ_PP_CHK_VERSION;
	if (p->size != KJ_PP_SIZE)
		return KJ_PP_CHK_SIZE;
	if (p->flags & ~KJ_PP_F_ALL)
		return KJ_PP_CHK_FLAGS;
	if ((p->flags & (KJ_PP_F_DIRECT | KJ_PP_F_JUMP_BACK_ARG)) &&
	    !(p->flags & KJ_PP_F_JUMP))
		return KJ_PP_CHK_FLAGS;
	/* one way to start `entry`: Linux, a register boot, or a call */
	if ((p->flags & KJ_PP_F_BOOT_REGS) &&
	    (p->flags & (KJ_PP_F_BOOT_LINUX | KJ_PP_F_DIRECT)))
		return KJ_PP_CHK_FLAGS;
	if ((p->flags & KJ_PP_F_PROG32) && (p->flags & KJ_PP_F_BOOT_LINUX))
		return KJ_PP_CHK_FLAGS;
	if (p->reserved0 != 0 || p->reserved1 != 0)
		return KJ_PP_CHK_RESERVED;
	if (!(p->flags & KJ_PP_F_BOOT_LINUX) != !p->boot_params)
		return KJ_PP_CHK_BOOT;
	if (p->boot_nstack > KJ_PP_BOOT_STACK_MAX ||
	    (p->boot_nstack && !(p->flags & KJ_PP_F_BOOT_REGS)))
		return KJ_PP_CHK_BOOT;
	if (p->nr_regions > KJ_PP_MAX_REGIONS)
		return KJ_PP_CHK_REGIONS;
	if (p->append_size != 0 &&
	    (!purgatory_params_range_ok(p->append_off, p->append_size,
					KJ_PP_SIZE, avail) ||
	     ((const char *)p)[(uint64_t)p->append_off + p->append_size - 1] !=
	     '\0'))
		return KJ_PP_CHK_APPEND;
	if (p->out_size != 0 &&
	    !purgatory_params_range_ok(p->out_off, p->out_size, KJ_PP_SIZE,
				       avail))
		return KJ_PP_CHK_OUTPUT;
	if (p->append_size != 0 && p->out_size != 0 &&
	    (uint64_t)p->append_off < (uint64_t)p->out_off + p->out_size &&
	    (uint64_t)p->out_off < (uint64_t)p->append_off + p->append_size)
		return KJ_PP_CHK_OVERLAP;
	return KJ_PP_CHK_OK;
}

/* The --append text, or NULL when there is none.  Check the block first. */
static inline const char *
purgatory_params_append(const struct purgatory_params *p)
{
	return p->append_size ? (const char *)p + p->append_off : NULL;
}

/* The output buffer (out_size bytes), or NULL when there is none. */
static inline char *purgatory_params_output(struct purgatory_params *p)
{
	return p->out_size ? (char *)p + p->out_off : NULL;
}

#endif /* !__ASSEMBLER__ */
#endif
