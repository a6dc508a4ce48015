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
};

/* Parse argv.  Returns 0, or -EINVAL with a one-line message (unknown
 * option, missing value, bad number, conflicting actions, option that does
 * not belong to the chosen action, --load-addr without --type=phys). */
int options_parse(struct diag *d, int argc, char **argv, struct options *o);

/* --help text. */
void options_usage(FILE *f);

#endif
