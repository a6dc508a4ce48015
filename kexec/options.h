/* SPDX-License-Identifier: GPL-2.0-or-later */
/* options.h - argv -> struct options, as one pure function. */
#ifndef KJ_OPTIONS_H
#define KJ_OPTIONS_H

#include <stdint.h>
#include <stdio.h>
#include "diag.h"

enum kexec_action {
	ACT_NONE = 0,
	ACT_LOAD,          /* -l / --load-preserve-context */
	ACT_LOAD_SHUTDOWN, /* `kexec FILE`: load, then shutdown -r now */
	ACT_LOAD_EXEC,     /* -f FILE: load and exec at once */
	ACT_LOAD_JUMP_BACK, /* --load-jump-back-helper --entry=ADDR */
	ACT_EXEC,          /* -e */
	ACT_UNLOAD,        /* -u */
	ACT_STATUS,        /* -S */
	ACT_HELP,          /* -h */
	ACT_VERSION,       /* -v */
	ACT_PRINT_CKR,     /* --print-ckr-size */
};

/* Options that only some kinds of image take: each has a bit in
 * options.given, and each loader lists the bits it takes (loader.h
 * struct loader .takes); loader.c refuses the others, naming them. */
enum opt_given_bit {
	OPT_G_INITRD,          /* --initrd/--ramdisk */
	OPT_G_REUSE_CMDLINE,   /* --reuse-cmdline */
	OPT_G_APPEND,          /* --append/--command-line */
	OPT_G_MODULE,          /* --module */
	OPT_G_ARGS_NONE,       /* --args-none */
	OPT_G_ARGS_LINUX,      /* --args-linux */
	OPT_G_ARGS_ELF,        /* --args-elf */
	OPT_G_ENTRY,           /* --entry */
	OPT_G_LOAD_ADDR,       /* --load-addr */
	OPT_G_REAL_MODE,       /* --real-mode */
	OPT_G_ENTRY_32BIT,     /* --entry-32bit */
	OPT_G_DTB,             /* --dtb */
	OPT_G_REUSE_VIDEO,     /* --reuse-video-type */
	OPT_G_NOEFI,           /* --noefi */
	OPT_G_PASS_MEMMAP,     /* --pass-memmap-cmdline */
	OPT_G_RESET_VGA,       /* --reset-vga */
	OPT_G_CONSOLE_VGA,     /* --console-vga */
	OPT_G_COUNT
};
#define OPT_G(bit) (UINT32_C(1) << (bit))
/* What a Linux kernel takes (bzImage, UKI; an ELF vmlinux with
 * --args-linux) */
#define OPT_G_LINUX (OPT_G(OPT_G_INITRD) | OPT_G(OPT_G_REUSE_CMDLINE) | \
		     OPT_G(OPT_G_APPEND) | OPT_G(OPT_G_REUSE_VIDEO) | \
		     OPT_G(OPT_G_NOEFI) | OPT_G(OPT_G_PASS_MEMMAP) | \
		     OPT_G(OPT_G_RESET_VGA) | OPT_G(OPT_G_CONSOLE_VGA) | \
		     OPT_G(OPT_G_DTB))
/* Long name of a bit, e.g. "--initrd" ("" for an unknown bit). */
const char *options_given_name(unsigned bit);

#define OPT_MAX_MODULES 16

struct options {
	enum kexec_action action;
	const char *kernel;        /* -l FILE, --load=FILE or first non-option */
	int crash;                 /* -p: the panic (crash) image: load one,
				      or select it for -S/-u */
	int force;                 /* -f */
	int no_ifdown;             /* -x */
	int no_sync;               /* -y */
	int no_checks;             /* -i */
	int debug;                 /* -d */
	int dry_run;               /* --dry-run */
	int preserve_context;      /* --load-preserve-context */
	int args_none;             /* --args-none */
	int args_linux;            /* --args-linux (an ELF vmlinux); the last
				      of --args-none/--args-linux wins */
	int have_entry;
	uint64_t entry;            /* --entry */
	int have_mem_min, have_mem_max;
	uint64_t mem_min, mem_max; /* --mem-min, --mem-max */
	const char *append;        /* --append/--command-line TEXT: the Linux
				      command line, or the program's text */
	const char *initrd;        /* --initrd/--ramdisk FILE (Linux) */
	int reuse_cmdline;         /* --reuse-cmdline (Linux) */
	int console_serial;        /* --console-serial: purgatory debug output */
	int risk_crash_on_return;  /* --risk-crash-on-return: skip the preflight */
	int have_serial_port;
	uint16_t serial_port;      /* --serial=ttySn|PORT */
	int have_serial_baud;
	uint32_t serial_baud;      /* --serial-baud=BAUD */
	int have_load_addr;
	uint64_t load_addr;        /* --load-addr (only with -t phys) */
	const char *type;          /* -t/--type */
	char syscall_mode;         /* 'a' (default), 'c' or 's' */
	int status_type_explicit;  /* -l/-p given with -S */
	int core_headers;          /* -p: --elf32-core-headers (32),
				      --elf64-core-headers (64), 0 = default */
	int hotplug;               /* -p --hotplug: Linux may rewrite the
				      core headers on CPU/memory hotplug */
	int args_elf;              /* --args-elf: ELF boot notes (0 when a
				      later --args-none/--args-linux won) */
	int real_mode;             /* --real-mode: bzImage, 16-bit entry */
	int entry_32bit;           /* --entry-32bit: bzImage, 32-bit entry */
	int reset_vga;             /* --reset-vga */
	int console_vga;           /* --console-vga */
	int pass_memmap_cmdline;   /* --pass-memmap-cmdline */
	int noefi;                 /* --noefi */
	int reuse_video_type;      /* --reuse-video-type */
	int reuseinitrd;           /* --reuseinitrd (refused at load, with
				      kexec-tools' message) */
	const char *dtb;           /* --dtb=FILE */
	const char *modules[OPT_MAX_MODULES]; /* --module="FILE ARGS" */
	unsigned nmodules;
	uint32_t given;            /* OPT_G(OPT_G_*) of the options given */
};

/* Parse argv.  Returns 0, or -EINVAL with a one-line message (unknown
 * option, missing value, bad number, conflicting actions, option that does
 * not belong to the chosen action, --load-addr without --type=phys). */
int options_parse(struct diag *d, int argc, char **argv, struct options *o);

/* --help text. */
void options_usage(FILE *f);

#endif
