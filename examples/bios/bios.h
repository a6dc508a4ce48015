/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bios.h - shared by bios.c and bios-rm.S (examples/bios). */
#ifndef KJ_BIOS_H
#define KJ_BIOS_H

/* Link and load address: one real-mode segment (64 KiB) below 1 MiB
 * holds all of the program, so real-mode code and its data are reachable
 * with CS = DS = SS = BIOS_BASE >> 4. */
#define BIOS_BASE	0x10000
#define RM_STACK_SIZE	4096

/* struct bios_regs offsets (checked against the struct in bios.c) */
#define BRR_EAX		0
#define BRR_EBX		4
#define BRR_ECX		8
#define BRR_EDX		12
#define BRR_ESI		16
#define BRR_EDI		20
#define BRR_EBP		24
#define BRR_DS		28
#define BRR_ES		30
#define BRR_EFLAGS	32
#define BRR_INTNO	36

#ifndef __ASSEMBLER__
#include <stdint.h>

/* In: registers for the BIOS and the vector number; out: what it left. */
struct bios_regs {
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp;
	uint16_t ds, es;
	uint32_t eflags;     /* out only */
	uint8_t intno;
	uint8_t pad[3];
};

extern struct bios_regs bios_rm_regs;
extern uint64_t bios_rm_gdt[];
struct bios_dtr {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));
extern struct bios_dtr bios_rm_gdtr;
extern uint16_t bios_rm_sel16, bios_rm_sel16d;
extern uint16_t bios_rm_sels[5];          /* entry DS, ES, FS, GS, SS */
extern uint8_t bios_rm_pm32[6];           /* m16:32 far pointer */
extern uint16_t bios_rm_far[2];           /* m16:16 far pointer */
extern uint8_t bios_rm_start[];           /* the real-mode segment */
void bios_rm_call(void);
#endif
#endif
