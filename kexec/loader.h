/* SPDX-License-Identifier: GPL-2.0-or-later */
/* loader.h - image formats.  A loader turns a file into a plan (segments +
 * entry); it is pure: no syscalls, no /proc, no printing except diag. */
#ifndef KJ_LOADER_H
#define KJ_LOADER_H

#include <stdint.h>
#include "diag.h"
#include "efi.h"
#include "image.h"
#include "memmap.h"
#include "options.h"
#include "plan.h"

/* What the loaders are told: the options as given, and what the load
 * pipeline (load.c) derived from them and from the system. */
struct load_opts {
	struct options opt;     /* the command line (options.h) */
	int via_purgatory;      /* the program will be called by the purgatory
				   (preserve-context load without --args-none):
				   load its segments and entry as for
				   --args-none; kexec then adds the purgatory */
	int kernel_64;          /* the running kernel is x86_64 (else i386) */
	/* Linux kernels (bzimage.c, elf-x86.c with args_linux) */
	const char *cmdline;    /* the new kernel's command line (--append,
				   --reuse-cmdline), NULL = empty */
	const struct image *initrd; /* --initrd/--ramdisk, NULL = none */
	/* Multiboot: the files of opt.modules[] (the first word of each),
	 * in the same order; nmodules == opt.nmodules */
	const struct image *modules;
	unsigned nmodules;
	/* The running kernel's boot_params (/sys/kernel/boot_params/data),
	 * for screen_info, the ACPI RSDP and hardware_subarch; NULL/0 when
	 * unreadable.  Any length: fields beyond it count as absent. */
	const uint8_t *host_bp;
	size_t host_bp_len;
	uint64_t acpi_rsdp;     /* from /sys/firmware/efi/systab, 0 = none
				   (host_bp's value wins when non-zero) */
	/* Linux-to-Linux jump (--load-preserve-context of a bzImage): the
	 * memory map the new kernel gets (confine.h), NULL = the machine's;
	 * and bytes to leave free after the command line for the
	 * purgatory's kexec_jump_back_entry= (KJ_PP_CMDLINE_SPARE), 0 = none */
	const struct memmap *boot_e820;
	size_t cmdline_spare;
	/* A panic load: an x86_64 ELF vmlinux whose PT_LOADs lie outside
	 * the plan's window moves into it as a whole (2 MiB aligned) */
	int relocate_linux;
	/* EFI (linux-params.c, doc/abi.md 17): the running kernel's EFI
	 * runtime state (sysenv.c env_efi_state), NULL = not an EFI boot or
	 * --noefi; fresh random bytes for SETUP_RNG_SEED, 0 = none; the
	 * --dtb file, NULL = none */
	const struct efi_state *efi;
	const uint8_t *rng_seed;
	size_t rng_seed_len;
	const struct image *dtb;
};

/* struct loader .flags */
#define LOADER_F_LINUX     0x1u /* boots a Linux kernel (boot_params,
				   command line, initrd, panic loads) */
#define LOADER_F_JUMP      0x2u /* can be loaded with
				   --load-preserve-context and return */
#define LOADER_F_LINUX_ARGS 0x8u /* boots a Linux kernel when given
				   --args-linux (an ELF vmlinux) */
#define LOADER_F_FILE_LOAD 0x4u /* the kernel's kexec_file_load takes
				   this format (-s, and -a's first try) */

struct loader {
	const char *name;       /* -t name, e.g. "elf-x86" */
	const char *summary;    /* one line for --help */
	/* Chosen only by name (-t/--type), never probed: for formats that
	 * cannot be recognised from their bytes (a raw blob).  loader_load()
	 * neither calls its probe nor offers it as the type that matches. */
	int forced_only;
	/* What the format is (LOADER_F_*) */
	unsigned flags;
	/* The image-specific options it takes: OPT_G(OPT_G_*) bits
	 * (options.h).  loader_load() refuses any other given one, naming
	 * it and this loader. */
	uint32_t takes;
	/* 0 = mine; -ENOEXEC = not mine (reason via diag_debug only);
	 * other negative = mine but broken (message via diag_fail). */
	int (*probe)(struct diag *d, const struct image *img);
	int (*load)(struct diag *d, const struct image *img,
		    const struct load_opts *o, const struct memmap *m,
		    struct plan *p);
};

/* NULL-terminated table in probe order (forced_only entries skipped). */
extern const struct loader *const kj_loaders[];

/* The loader a -t/--type name selects (kexec-tools' aliases included),
 * or NULL. */
const struct loader *loader_by_name(const char *name);

/* Which loader takes @img: the forced one (o->opt.type) or the first
 * that probes it.  *out = NULL with 0 when nothing matched and @quiet;
 * otherwise the same messages as loader_load(). */
int loader_identify(struct diag *d, const struct image *img,
		    const struct load_opts *o, const struct loader **out);

/* The image-specific options in o->opt.given that @l does not take
 * (struct loader .takes): one line naming the first, or 0. */
int loader_check_takes(struct diag *d, const struct image *img,
		       const struct load_opts *o, const struct loader *l);

/* Probe (or, with o->type, force) a loader and run it.  Unknown type or no
 * loader accepting the file: clear message naming the file. */
int loader_load(struct diag *d, const struct image *img,
		const struct load_opts *o, const struct memmap *m,
		struct plan *p);

/* Run loader @l (loader_identify's choice, its options checked) on
 * @img.  A loader that fails leaves @p as it was. */
int loader_run(struct diag *d, const struct loader *l,
	       const struct image *img, const struct load_opts *o,
	       const struct memmap *m, struct plan *p);

/* x86 ELF (ELF32 and ELF64 physical-mode programs, and Linux vmlinux
 * files with --args-linux; arch/x86/elf-x86.c) */
extern const struct loader elf_x86_loader;
/* raw physical-mode blob at --load-addr, -t phys only (arch/x86/phys.c) */
extern const struct loader phys_loader;
/* Linux bzImage, booted by a normal kexec (arch/x86/bzimage.c) */
extern const struct loader bzimage_loader;
/* Multiboot 1 kernels, ELF or a.out kludge (arch/x86/multiboot.c) */
extern const struct loader multiboot_x86_loader;
/* Multiboot2 kernels (arch/x86/multiboot2.c) */
extern const struct loader multiboot2_x86_loader;
/* unified kernel image: a PE file with a .linux bzImage (arch/x86/uki.c) */
extern const struct loader uki_loader;

#endif
