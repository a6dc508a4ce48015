/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysenv.h - what kexec reads and writes of the running system.
 *
 * Every path is taken below env->sysroot ("" on a real system, a fixture
 * directory in tests), and every kernel call goes through env->sys, so
 * the whole tool runs in unit tests against a fake kernel.
 */
#ifndef KJ_SYSENV_H
#define KJ_SYSENV_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "kexec.h"
#include "loader.h"
#include "plan.h"
#include "purgatory-load.h"

/* Where a successful load is recorded, so that `kexec -e` can tell a
 * preserve-context image (which comes back) from a normal one. */
#define STATE_DIR "/run/kexec-jump"
#define STATE_FILE STATE_DIR "/loaded"

/* <sysroot><rel> into @buf; -ENAMETOOLONG if it does not fit. */
int env_path(const struct kexec_env *env, const char *rel, char *buf,
	     size_t n);
/* Read a small text file below the sysroot, NUL-terminated (at most
 * n - 1 bytes).  Returns the length or -errno. */
int env_read_small(const struct kexec_env *env, const char *rel, char *buf,
		   size_t n);
/* A 0/1 flag file such as /sys/kernel/kexec_loaded: 0 or 1, or -errno
 * (-EINVAL for other contents). */
int env_read_flag(const struct kexec_env *env, const char *rel);
/* Width of the running kernel (uname's machine): *is_64 1 for x86_64,
 * 0 for i?86; other machines are an error. */
int env_kernel_width(const struct kexec_env *env, struct diag *d,
		     int *is_64);
/* The KEXEC_ARCH_* field for a kernel width. */
uint32_t env_arch_field(int is_64);
/* EPERM from the kernel: which of its reasons applies, as one line
 * starting with @what (doc/abi.md 1.6, 1.7).  Returns -EPERM. */
int env_explain_eperm(const struct kexec_env *env, struct diag *d,
		      const char *what);
/* A failed kexec_load of @file with plan @p, as one line.  Returns @rc. */
int env_explain_load_error(const struct kexec_env *env, struct diag *d,
			   const char *file, const struct plan *p, int rc);
/* The running kernel's boot_params and EFI RSDP for a Linux load
 * (@bp, @bpsz: a buffer for the boot_params; @lo gets pointers into it).
 * Nothing here is required: missing files leave the loader's defaults. */
void env_host_boot_info(const struct kexec_env *env, struct diag *d,
			uint8_t *bp, size_t bpsz, struct load_opts *lo);
/* The running kernel's EFI runtime state (efi.h; doc/abi.md 17):
 * /sys/firmware/efi/{fw_vendor,config_table,runtime}, SMBIOS= of systab
 * and runtime-map/0, 1, ... until one is missing.  0 with e->n == 0 when
 * the system was not booted by EFI or shows no runtime map (a debug
 * line says which); -errno with one line for a malformed entry. */
int env_efi_state(const struct kexec_env *env, struct diag *d,
		  struct efi_state *e);
/* @n fresh random bytes (getrandom, non-blocking): 0, or -errno with a
 * debug line (then no seed is passed). */
int env_rng_seed(const struct kexec_env *env, struct diag *d, uint8_t *buf,
		 size_t n);
/* The running kernel's GDT descriptor (CPU 0) for the safe-return
 * repair: sgdt, else kallsyms and kcore.  0, or -errno with a debug line
 * only (the caller decides whether that is an error). */
int env_kernel_gdt(const struct kexec_env *env, struct diag *d, int is_64,
		   uint16_t *limit, uint64_t *base);

/* The state file (STATE_FILE).  state_write records a successful load
 * (flags, entry, and where a called program's results live); failures
 * are debug lines only: -e then assumes a normal image. */
void state_write(const struct kexec_env *env, struct diag *d,
		 const struct plan *p, const char *file,
		 const struct purgatory_placed *pl);
void state_remove(const struct kexec_env *env, struct diag *d);
/* 1 if the recorded image preserves context, 0 if it is recorded as a
 * normal one, -1 when nothing is recorded (it may return). */
int state_preserve(const struct kexec_env *env, struct diag *d);
/* 1 and the parameter block's address and length if one is recorded. */
int state_params(const struct kexec_env *env, uint64_t *pa, size_t *len);

#endif
