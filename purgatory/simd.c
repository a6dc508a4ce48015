/* SPDX-License-Identifier: GPL-2.0-or-later */
/* simd.c - SSE for the purgatory's SHA-NI hashing, and the CPU given back
 * as it was found (doc/abi.md 23).
 *
 * The kernel enters the purgatory with whatever CR0/CR4 its relocation
 * code left: on x86_64 CR4 has no OSFXSR, so any SSE instruction raises
 * #UD, and with the kernel's GDTR/IDTR limits at 0 that resets the
 * machine.  kj_simd_begin() therefore, only when CPUID reports SHA, SSSE3,
 * SSE4.1, SSE2, SSE and FXSR (sha256_cpu_has_shani()):
 *   1. saves CR0 and CR4;
 *   2. sets CR4.OSFXSR (SSE instructions allowed, FXSAVE covers XMM),
 *      clears CR0.EM (else SSE is #UD) and CR0.TS (else #NM), sets CR0.MP;
 *      each register is written only if that changes it;
 *   3. FXSAVEs the x87/SSE state (XMM0-7, XMM0-15 on x86_64, MXCSR) to a
 *      16-byte aligned area in struct kj_simd (on our stack): the task that ran `kexec -e` may still have
 *      its user-space XMM registers live in the CPU, and a jump comes back
 *      to it.
 * kj_simd_end() FXRSTORs that state and writes back CR0 and CR4 if they
 * differ from what was saved.  Without the CPUID bits nothing is touched
 * and the portable code hashes.
 *
 * The control-register accessors are inline asm here; the unit test
 * (tests/unit/t-purgatory-main.c) defines KJ_PURGATORY_TEST_CPU and
 * supplies fakes that record every access.
 */
#include "purgatory.h"
#include "sha256.h"

/* FXSAVE/FXRSTOR of the 512-byte image at @area (16-byte aligned) */
static void kj_fxsave_cpu(uint8_t *area)
{
#if UINTPTR_MAX == 0xffffffffu
	__asm__ __volatile__("fxsave %0" : "=m"(*(uint8_t (*)[512])area));
#else
	__asm__ __volatile__("fxsave64 %0" : "=m"(*(uint8_t (*)[512])area));
#endif
}

static void kj_fxrstor_cpu(const uint8_t *area)
{
#if UINTPTR_MAX == 0xffffffffu
	__asm__ __volatile__("fxrstor %0" : : "m"(*(const uint8_t (*)[512])area));
#else
	__asm__ __volatile__("fxrstor64 %0" : : "m"(*(const uint8_t (*)[512])area));
#endif
}

#ifndef KJ_PURGATORY_TEST_CPU
/* kj_read_crN(), kj_write_crN() */
#define KJ_CR_ACCESSORS(n) \
static uintptr_t kj_read_cr##n(void) \
{ \
	uintptr_t v; \
	__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v)); \
	return v; \
} \
static void kj_write_cr##n(uintptr_t v) \
{ \
	__asm__ __volatile__("mov %0, %%cr" #n : : "r"(v) : "memory"); \
}
KJ_CR_ACCESSORS(0)
KJ_CR_ACCESSORS(4)

#define kj_fxsave kj_fxsave_cpu
#define kj_fxrstor kj_fxrstor_cpu
#define kj_simd_cpu_ok() sha256_cpu_has_shani()
#endif

/* FXSAVE needs a 16-byte aligned operand (else #GP) */
static uint8_t *kj_simd_fx(struct kj_simd *s)
{
	return s->fxraw + ((16 - ((uintptr_t)s->fxraw & 15)) & 15);
}

uintptr_t kj_simd_cr0(uintptr_t cr0)
{
	return (cr0 & ~(uintptr_t)(KJ_CR0_EM | KJ_CR0_TS)) | KJ_CR0_MP;
}

uintptr_t kj_simd_cr4(uintptr_t cr4)
{
	return cr4 | KJ_CR4_OSFXSR;
}

int kj_simd_begin(struct kj_simd *s)
{
	uintptr_t cr0, cr4;

	s->on = 0;
	if (!kj_simd_cpu_ok())
		return 0;
	s->cr0 = kj_read_cr0();
	s->cr4 = kj_read_cr4();
	cr4 = kj_simd_cr4(s->cr4);
	if (cr4 != s->cr4)
		kj_write_cr4(cr4);
	cr0 = kj_simd_cr0(s->cr0);
	if (cr0 != s->cr0)
		kj_write_cr0(cr0);
	kj_fxsave(kj_simd_fx(s));
	s->on = 1;
	return 1;
}

void kj_simd_end(struct kj_simd *s)
{
	if (!s->on)
		return;
	kj_fxrstor(kj_simd_fx(s));
	if (kj_read_cr0() != s->cr0)
		kj_write_cr0(s->cr0);
	if (kj_read_cr4() != s->cr4)
		kj_write_cr4(s->cr4);
	s->on = 0;
}
