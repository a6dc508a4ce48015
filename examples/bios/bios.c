/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bios.c - call the PC BIOS from under a running i386 Linux, through a
 * kexec jump ("kexec jump can be used to call BIOS code under Linux").
 *
 *   kexec --load-preserve-context bios.elf     # i386 kernel only
 *   kexec -e      # prints the BIOS's INT 12h answer and its E820 map
 *
 * The purgatory calls kj_program() in 32-bit protected mode with paging
 * off.  For each BIOS service it fills struct bios_regs and calls
 * bios_rm_call() (bios-rm.S), which drops to real mode, issues the
 * interrupt through the BIOS's own vector table and comes back.  Two
 * harmless services:
 *
 *   INT 12h         conventional memory size in KiB (from the BIOS data
 *                   area)
 *   INT 15h E820h   the system memory map, one entry per call; the same
 *                   call Linux's real-mode setup code makes at boot, so
 *                   the map should match the "BIOS-e820:" lines in dmesg
 *                   (tests/vm checks that it does)
 *
 * Everything the program writes lies in its own segment at BIOS_BASE
 * (64 KiB below 1 MiB): the kernel swaps that memory in for the call and
 * out again afterwards, so Linux's own low memory is untouched.  The
 * BIOS itself writes only the E820 buffer we give it and its own
 * (reserved) data areas.
 *
 * Output, one line each, in the output buffer `kexec -e` prints:
 *   bios: call N: int 0x12: 639 KiB conventional memory
 *   bios: e820 0x0000000000000000-0x000000000009fbff type 1
 *   ...
 *   bios: e820: 7 entries, IF after the BIOS calls 0
 * Exit status 0, or 1 when the BIOS did not answer as specified (the
 * output says what went wrong).
 */
#include <stddef.h>
#include <stdint.h>
#include "purgatory-abi.h"
#include "kj-out.h"
#include "bios.h"
#include "bios-gdt.h"

_Static_assert(offsetof(struct bios_regs, eax) == BRR_EAX, "eax");
_Static_assert(offsetof(struct bios_regs, ebx) == BRR_EBX, "ebx");
_Static_assert(offsetof(struct bios_regs, ecx) == BRR_ECX, "ecx");
_Static_assert(offsetof(struct bios_regs, edx) == BRR_EDX, "edx");
_Static_assert(offsetof(struct bios_regs, esi) == BRR_ESI, "esi");
_Static_assert(offsetof(struct bios_regs, edi) == BRR_EDI, "edi");
_Static_assert(offsetof(struct bios_regs, ebp) == BRR_EBP, "ebp");
_Static_assert(offsetof(struct bios_regs, ds) == BRR_DS, "ds");
_Static_assert(offsetof(struct bios_regs, es) == BRR_ES, "es");
_Static_assert(offsetof(struct bios_regs, eflags) == BRR_EFLAGS, "eflags");
_Static_assert(offsetof(struct bios_regs, intno) == BRR_INTNO, "intno");

#define GDT_MAX		64              /* selectors up to 0x1f8 */
#define E820_MAX	128
#define SMAP		0x534d4150u     /* "SMAP" */
#define EFLAGS_CF	0x1u
#define EFLAGS_IF	0x200u

/* Shared with bios-rm.S (declared in bios.h). */
uint64_t bios_rm_gdt[GDT_MAX] __attribute__((aligned(8)));
uint16_t bios_rm_sels[5];

/* One E820 answer (ACPI 3.0 form: 24 bytes with extended attributes). */
struct e820_entry {
	uint64_t addr, size;
	uint32_t type, attr;
} __attribute__((packed));
static struct e820_entry e820_buf;   /* ES:DI for the BIOS */
static uint32_t calls;

static inline uint16_t read_sel_cs(void) { uint16_t v; __asm__ volatile("movw %%cs, %0" : "=r"(v)); return v; }
static inline uint16_t read_sel_ds(void) { uint16_t v; __asm__ volatile("movw %%ds, %0" : "=r"(v)); return v; }
static inline uint16_t read_sel_es(void) { uint16_t v; __asm__ volatile("movw %%es, %0" : "=r"(v)); return v; }
static inline uint16_t read_sel_fs(void) { uint16_t v; __asm__ volatile("movw %%fs, %0" : "=r"(v)); return v; }
static inline uint16_t read_sel_gs(void) { uint16_t v; __asm__ volatile("movw %%gs, %0" : "=r"(v)); return v; }
static inline uint16_t read_sel_ss(void) { uint16_t v; __asm__ volatile("movw %%ss, %0" : "=r"(v)); return v; }

/* The GDT for the trip (bios-gdt.h), from the selectors we run with. */
static const char *build_gdt(void)
{
	struct bios_gdt g;
	const char *why;
	uint16_t cs = read_sel_cs();

	bios_rm_sels[0] = read_sel_ds();
	bios_rm_sels[1] = read_sel_es();
	bios_rm_sels[2] = read_sel_fs();
	bios_rm_sels[3] = read_sel_gs();
	bios_rm_sels[4] = read_sel_ss();
	why = bios_gdt_build(cs, bios_rm_sels, (uint32_t)(uintptr_t)bios_rm_start,
			     bios_rm_gdt, GDT_MAX, &g);
	if (why)
		return why;
	bios_rm_sel16 = g.sel16;
	bios_rm_sel16d = g.sel16d;
	bios_rm_far[1] = g.rm_seg;
	bios_rm_gdtr.limit = g.limit;
	bios_rm_gdtr.base = (uint32_t)(uintptr_t)bios_rm_gdt;
	bios_rm_pm32[4] = (uint8_t)cs;
	bios_rm_pm32[5] = (uint8_t)(cs >> 8);
	return NULL;
}

static uint32_t iflag_seen;

static void bios_int(uint8_t intno, struct bios_regs *r)
{
	r->intno = intno;
	bios_rm_regs = *r;
	bios_rm_call();
	*r = bios_rm_regs;
	iflag_seen |= r->eflags & EFLAGS_IF;
}

__attribute__((section(".text.entry")))
int kj_program(struct purgatory_params *p)
{
	struct kj_out o = KJ_OUT_INIT(p);
	struct bios_regs r;
	const char *why;
	uint32_t n = 0, next = 0;
	int rc = 0;

	calls++;
	if ((why = build_gdt()) != NULL) {
		kj_put(&o, "bios: cannot switch to real mode: ");
		kj_put(&o, why);
		kj_put(&o, "\n");
		p->out_len = o.len;
		return 1;
	}

	/* INT 12h: AX = KiB of conventional memory */
	r = (struct bios_regs){ 0 };
	bios_int(0x12, &r);
	kj_put(&o, "bios: call ");
	kj_put_dec(&o, calls);
	kj_put(&o, ": int 0x12: ");
	kj_put_dec(&o, r.eax & 0xffff);
	kj_put(&o, " KiB conventional memory\n");

	/* INT 15h AX=E820h, until EBX comes back 0 or CF is set */
	do {
		e820_buf = (struct e820_entry){ .attr = 1 };
		r = (struct bios_regs){ 0 };
		r.eax = 0xe820;
		r.edx = SMAP;
		r.ebx = next;
		r.ecx = sizeof(e820_buf);
		r.es = (uint16_t)((uintptr_t)&e820_buf >> 4);
		r.edi = (uint32_t)(uintptr_t)&e820_buf & 15;
		bios_int(0x15, &r);
		if (r.eflags & EFLAGS_CF) {
			if (n == 0) {
				kj_put(&o, "bios: int 0x15 ax=0xe820 failed (CF set) on the first call\n");
				rc = 1;
			}
			break;  /* CF after the last entry also ends the list */
		}
		if (r.eax != SMAP) {
			kj_put(&o, "bios: int 0x15 ax=0xe820 answered without the SMAP signature\n");
			rc = 1;
			break;
		}
		if (r.ecx < 20 || r.ecx > sizeof(e820_buf)) {
			kj_put(&o, "bios: int 0x15 ax=0xe820 returned an entry of ");
			kj_put_dec(&o, r.ecx);
			kj_put(&o, " bytes\n");
			rc = 1;
			break;
		}
		/* ACPI 3.0: attribute bit 0 clear = ignore the entry */
		if (r.ecx < 24 || (e820_buf.attr & 1)) {
			kj_put(&o, "bios: e820 ");
			kj_put_hex(&o, e820_buf.addr, 16);
			kj_put(&o, "-");
			kj_put_hex(&o, e820_buf.addr + e820_buf.size - 1, 16);
			kj_put(&o, " type ");
			kj_put_dec(&o, e820_buf.type);
			kj_put(&o, "\n");
		}
		n++;
		next = r.ebx;
	} while (next != 0 && n < E820_MAX);

	kj_put(&o, "bios: e820: ");
	kj_put_dec(&o, n);
	kj_put(&o, " entries, IF after the BIOS calls ");
	kj_put_dec(&o, iflag_seen ? 1 : 0);
	kj_put(&o, "\n");
	p->out_len = o.len;
	return rc;
}
