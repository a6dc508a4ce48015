/* SPDX-License-Identifier: GPL-2.0-or-later */
/* load-kind.h - the state one load carries through the pipeline
 * (load.c), and the hooks by which a kind of load (normal, jump, panic)
 * adds what is its own.  Internal to load.c, jump.c and crash.c.
 */
#ifndef KJ_LOAD_KIND_H
#define KJ_LOAD_KIND_H

#include <stdint.h>
#include "confine.h"
#include "image.h"
#include "kexec.h"
#include "loader.h"
#include "memmap.h"
#include "options.h"
#include "plan.h"
#include "purgatory-load.h"

struct load_ctx;

struct load_kind {
	const char *name;     /* "normal", "jump", "panic": debug lines */
	uint32_t flags;       /* kexec_load flags it adds */
	/* After the system is read, before the loader: windows, the boot
	 * map and command line the new kernel gets.  May be NULL. */
	int (*prepare)(struct load_ctx *c);
	/* After the loader: adjust c->po and c->want_purgatory (and the
	 * plan's window for the purgatory).  May be NULL. */
	int (*purgatory)(struct load_ctx *c);
	/* After the purgatory, before the plan is checked.  May be NULL. */
	int (*finish)(struct load_ctx *c);
	/* Free what prepare() allocated.  May be NULL. */
	void (*release)(struct load_ctx *c);
};

/* Jump (--load-preserve-context, jump.c) */
struct jump_state {
	int l2l;                  /* a Linux-to-Linux jump */
	int repaired;             /* the purgatory carries the GDT repair */
	struct confine conf;      /* kernel B's memory */
	struct memmap bmap;       /* kernel B's map (regions: bregs) */
	struct mem_region *bregs;
};

/* Panic (-p, crash.c) */
struct crash_state {
	uint64_t region_start, region_end;  /* the load region, inclusive */
	uint8_t *hdr;                       /* the ELF core headers */
	size_t hdr_len;
	uint64_t hdr_pa, hdr_memsz;         /* where they go */
	struct memmap cmap;                 /* the capture kernel's map */
	char *cmdline;                      /* with elfcorehdr= */
};

struct load_ctx {
	const struct kexec_env *env;
	struct diag *d;
	const struct options *o;
	const struct load_kind *kind;
	const struct loader *loader;  /* the image's format (stage_identify) */
	int is_64;
	char *cmdline;             /* malloc'd: --reuse-cmdline, --append */
	struct image img, initrd;
	int kernel_read;           /* img read whole (and decompressed) */
	uint64_t ram;              /* RAM in the memory map: the largest
				      file taken (0 = unknown) */
	struct image mods[OPT_MAX_MODULES]; /* --module files */
	unsigned nmods;
	struct memmap mm;          /* this machine's memory map */
	uint8_t host_bp[4097];
	struct load_opts lo;
	struct plan p;
	struct purgatory_opts po;
	int want_purgatory;
	struct purgatory_placed placed;
	int have_placed;           /* a called program's results live there */
	int panic_was_loaded;      /* -p: a panic kernel was loaded before */
	struct efi_state efi;      /* a Linux boot: the EFI runtime state */
	uint8_t rng_seed[32];      /* a Linux boot: SETUP_RNG_SEED */
	struct image dtb;          /* --dtb */
	union {
		struct jump_state jump;
		struct crash_state crash;
	} u;
};

/* The image is a Linux kernel booted as one (a bzImage, or an ELF
 * vmlinux with --args-linux); known once the loader is identified. */
int load_boots_linux(const struct load_ctx *c);

extern const struct load_kind load_kind_normal;
extern const struct load_kind load_kind_jump;
extern const struct load_kind load_kind_panic;

#endif
