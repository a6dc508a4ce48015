/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bios-gdt.h - the descriptor table for a trip to real mode and back
 * (examples/bios; pure C, also compiled by tests/unit/t-bios-gdt.c).
 *
 * The program is entered in flat 32-bit protected mode with the kernel's
 * selectors still in the segment registers but GDTR unusable (limit 0,
 * paging off: doc/abi.md 3.2).  Coming back from real mode it must load
 * CS and SS (and DS..GS) again, and the kernel expects the same selector
 * values it left, so this table mirrors each entry selector with a flat
 * 4 GiB descriptor at that selector's index:
 *   CS  -> 32-bit code, DPL 0
 *   SS  -> data, DPL 0 (SS needs RPL = DPL = CPL = 0)
 *   DS, ES, FS, GS -> data, DPL 3 (loadable at CPL 0 with any RPL; the
 *                     i386 kernel runs with DS = ES = __USER_DS, RPL 3),
 *                     or SS's DPL-0 entry when they share its index;
 *                     null selectors stay null
 * plus a 16-bit code and a 16-bit data segment (base = the real-mode
 * part, limit 64 KiB) in the first two free slots, for the way down.
 * Accessed bits are preset so the CPU never writes the table.
 */
#ifndef KJ_BIOS_GDT_H
#define KJ_BIOS_GDT_H
#include <stdint.h>

#define BIOS_DESC(base, limit, access, flags)                              \
	(((uint64_t)(limit) & 0xffffu) |                                   \
	 (((uint64_t)(base) & 0xffffffu) << 16) |                          \
	 ((uint64_t)(access) << 40) |                                      \
	 ((((uint64_t)(limit) >> 16) & 0xfu) << 48) |                      \
	 ((uint64_t)(flags) << 52) |                                       \
	 ((((uint64_t)(base) >> 24) & 0xffu) << 56))
#define BIOS_ACC_CODE(dpl)	(0x9bu | ((dpl) << 5))   /* P, exec/read, A */
#define BIOS_ACC_DATA(dpl)	(0x93u | ((dpl) << 5))   /* P, read/write, A */
#define BIOS_FL_32_4K		0xcu                      /* G=1, D/B=1 */
#define BIOS_FL_16		0x0u

struct bios_gdt {
	uint16_t limit;     /* GDTR limit */
	uint16_t sel16;     /* 16-bit code selector */
	uint16_t sel16d;    /* 16-bit data selector */
	uint16_t rm_seg;    /* real-mode segment of the real-mode part */
};

/* cs: entry CS; sels: entry DS, ES, FS, GS, SS; rm_base: physical address
 * of the real-mode part (16-byte aligned, its 64 KiB below 1 MiB); gdt:
 * n zeroed-here slots.  Returns NULL, or why it cannot. */
static inline const char *bios_gdt_build(uint16_t cs, const uint16_t sels[5],
					 uint32_t rm_base, uint64_t *gdt,
					 unsigned n, struct bios_gdt *out)
{
	unsigned ci = cs >> 3, si = sels[4] >> 3, max, nfree = 0, f[2];

	if ((rm_base & 15) || rm_base > 0x100000 - 0x10000)
		return "the real-mode part is not 16-byte aligned below 1 MiB";
	if ((cs & 7) || (sels[4] & 7) || ci == 0 || si == 0 || ci >= n ||
	    si >= n || ci == si)
		return "entered with CS/SS selectors this program cannot mirror";
	for (unsigned i = 0; i < n; i++)
		gdt[i] = 0;
	gdt[ci] = BIOS_DESC(0, 0xfffff, BIOS_ACC_CODE(0), BIOS_FL_32_4K);
	gdt[si] = BIOS_DESC(0, 0xfffff, BIOS_ACC_DATA(0), BIOS_FL_32_4K);
	max = ci > si ? ci : si;
	for (unsigned i = 0; i < 4; i++) {
		unsigned idx = sels[i] >> 3;

		if (sels[i] < 4)
			continue;  /* null selector (any RPL) */
		if ((sels[i] & 4) || idx >= n || idx == ci ||
		    (idx == si && (sels[i] & 3)))
			return "entered with a data selector this program cannot mirror";
		if (idx == si)
			continue;  /* SS's flat DPL 0 data serves it */
		gdt[idx] = BIOS_DESC(0, 0xfffff, BIOS_ACC_DATA(3), BIOS_FL_32_4K);
		if (idx > max)
			max = idx;
	}
	for (unsigned i = 1; i < n && nfree < 2; i++)
		if (gdt[i] == 0)
			f[nfree++] = i;
	if (nfree < 2)
		return "no free GDT slots for the 16-bit segments";
	gdt[f[0]] = BIOS_DESC(rm_base, 0xffff, BIOS_ACC_CODE(0), BIOS_FL_16);
	gdt[f[1]] = BIOS_DESC(rm_base, 0xffff, BIOS_ACC_DATA(0), BIOS_FL_16);
	if (f[1] > max)
		max = f[1];
	out->limit = (uint16_t)(8 * max + 7);
	out->sel16 = (uint16_t)(f[0] << 3);
	out->sel16d = (uint16_t)(f[1] << 3);
	out->rm_seg = (uint16_t)(rm_base >> 4);
	return 0;
}
#endif
