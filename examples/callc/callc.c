/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * callc.c - a plain C function called from the shell through the purgatory.
 *
 *   kexec --load-preserve-context --type=phys --load-addr=0x2000000 callc.bin
 *   kexec -e      # prints "callc: call 1 sum 0x..." and exits with status 1
 *   kexec -e      # call 2: its memory persisted, exit status 2
 *
 * The purgatory calls kj_program() with the parameter block (include/
 * purgatory-abi.h).  Everything this program keeps between calls lives in
 * its own segment (state[] below), which the kernel swaps in for each call
 * and out again when it returns (doc/abi.md 3.5).
 *
 * Each call: counts itself, stirs its 4 KiB of state with a rule that
 * depends on the previous state and the call number, writes one line with
 * a checksum of the state to the output buffer, and returns the call
 * number mod 256.  kexec -e exits with that value when it is 0-250 and
 * with 251 for 251-255 (kexec(8), EXIT STATUS).  The VM test recomputes the
 * same sequence on the host (tests/vm/callc-model.c) and compares each
 * line and status, so a lost or reset state shows up as a wrong sum.
 *
 * Freestanding: no libc, no SSE, no globals that need relocation beyond
 * the fixed link address (the blob is linked at 0x2000000).
 */
#include <stddef.h>
#include <stdint.h>
#include "purgatory-abi.h"
#include "kj-out.h"

#define STATE_SIZE 4096

static uint8_t state[STATE_SIZE];   /* persistent across calls */
static uint32_t my_calls;           /* our own count, to cross-check */

/* FNV-1a, 32-bit */
static uint32_t checksum(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

static void stir(uint32_t call)
{
	uint8_t prev = (uint8_t)call;

	for (size_t i = 0; i < STATE_SIZE; i++) {
		prev = (uint8_t)(state[i] * 31u + prev + (uint8_t)i + call);
		state[i] = prev;
	}
}

__attribute__((section(".text.entry")))
int kj_program(struct purgatory_params *p)
{
	struct kj_out o = KJ_OUT_INIT(p);
	uint32_t sum;

	my_calls++;
	stir(my_calls);
	sum = checksum(state, STATE_SIZE);
	kj_put(&o, "callc: call ");
	kj_put_dec(&o, my_calls);
	kj_put(&o, " params.call_count ");
	kj_put_dec(&o, p->call_count);
	kj_put(&o, " sum ");
	kj_put_hex(&o, sum, 8);
	if (p->append_size > 1) {
		kj_put(&o, " append '");
		kj_put(&o, (const char *)p + p->append_off);
		kj_put(&o, "'");
	}
	kj_put(&o, "\n");
	p->out_len = o.len;
	return (int)(my_calls % 256);
}
