/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-options.c - table-driven tests of options_parse().
 *
 * Each row is a command line (split on blanks; "''" stands for an empty
 * argument) and either the expected result or a distinctive fragment of
 * the error message.  Expected values come from the behaviour described in
 * the issue and kexec-tools' documented behaviour, not from the parser. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "tap.h"

#define MAXARG 16

/* Fields checked for a successful parse; -1 means "don't care". */
struct want {
	int action;
	const char *kernel;        /* NULL: must be NULL */
	int crash, force, no_ifdown, no_sync, no_checks, debug, dry_run;
	int preserve, args_none, status_explicit;
	char syscall_mode;         /* 0: don't care */
};

#define DC -1
/* All "don't care" except action and kernel. */
#define W(act, k) { act, k, DC, DC, DC, DC, DC, DC, DC, DC, DC, DC, 0 }

struct row {
	const char *cmd;
	int rc;                    /* 0 or -EINVAL */
	struct want w;
	const char *err;           /* for rc != 0: fragment of the message */
};

static const struct row ok_rows[] = {
	/* every spelling of "load FILE" */
	{ "-l phy", 0, W(ACT_LOAD, "phy"), NULL },
	{ "phy -l", 0, W(ACT_LOAD, "phy"), NULL },
	{ "--load=phy", 0, W(ACT_LOAD, "phy"), NULL },
	{ "--load phy", 0, W(ACT_LOAD, "phy"), NULL },
	{ "phy --load", 0, W(ACT_LOAD, "phy"), NULL },
	{ "-lphy", 0, W(ACT_LOAD, "phy"), NULL },
	{ "-l -- -weird", 0, W(ACT_LOAD, "-weird"), NULL },
	{ "-d -l phy", 0, { ACT_LOAD, "phy", 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 'a' }, NULL },
	{ "--debug --load=phy", 0, { ACT_LOAD, "phy", 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 'a' }, NULL },
	/* the headline command of the issue */
	{ "--load-preserve-context --args-none phy_mode", 0,
	  { ACT_LOAD, "phy_mode", 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 'a' }, NULL },
	{ "-c --load-preserve-context --mem-max=0x7fffffff --args-none phy", 0,
	  { ACT_LOAD, "phy", 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 'c' }, NULL },
	{ "-l --load-preserve-context phy", 0,
	  { ACT_LOAD, "phy", DC, DC, DC, DC, DC, DC, DC, 1, DC, DC, 0 }, NULL },
	{ "--dry-run -l phy", 0,
	  { ACT_LOAD, "phy", DC, DC, DC, DC, DC, DC, 1, DC, DC, DC, 0 }, NULL },
	{ "-t elf-x86 -l phy", 0, W(ACT_LOAD, "phy"), NULL },
	{ "--type=elf-x86 -l phy", 0, W(ACT_LOAD, "phy"), NULL },
	{ "--type elf-x86 phy -l", 0, W(ACT_LOAD, "phy"), NULL },
	/* a raw blob: --load-addr goes with --type=phys, in any order */
	{ "--load-preserve-context --type=phys --load-addr=0x2000000 --args-none blob.bin", 0,
	  { ACT_LOAD, "blob.bin", 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 'a' }, NULL },
	{ "--load-addr 4096 blob.bin -t phys -l", 0, W(ACT_LOAD, "blob.bin"), NULL },
	{ "-f -t phys --load-addr=0x1000 blob.bin", 0,
	  { ACT_LOAD_EXEC, "blob.bin", DC, 1, DC, DC, DC, DC, DC, DC, DC, DC, 0 }, NULL },
	{ "--dry-run -t phys --load-addr=0x1000 --args-none blob.bin", 0,
	  { ACT_LOAD_SHUTDOWN, "blob.bin", DC, DC, DC, DC, DC, DC, 1, DC, 1, DC, 0 }, NULL },
	{ "-i -l phy", 0,
	  { ACT_LOAD, "phy", DC, DC, DC, DC, 1, DC, DC, DC, DC, DC, 0 }, NULL },
	{ "--no-checks -l phy", 0,
	  { ACT_LOAD, "phy", DC, DC, DC, DC, 1, DC, DC, DC, DC, DC, 0 }, NULL },
	{ "-a -l phy", 0,
	  { ACT_LOAD, "phy", DC, DC, DC, DC, DC, DC, DC, DC, DC, DC, 'a' }, NULL },
	{ "--kexec-syscall -l phy", 0,
	  { ACT_LOAD, "phy", DC, DC, DC, DC, DC, DC, DC, DC, DC, DC, 'c' }, NULL },
	{ "--kexec-syscall-auto -l phy", 0,
	  { ACT_LOAD, "phy", DC, DC, DC, DC, DC, DC, DC, DC, DC, DC, 'a' }, NULL },
	{ "-s -l phy", 0,
	  { ACT_LOAD, "phy", DC, DC, DC, DC, DC, DC, DC, DC, DC, DC, 's' }, NULL },
	{ "--kexec-file-syscall -l phy", 0,
	  { ACT_LOAD, "phy", DC, DC, DC, DC, DC, DC, DC, DC, DC, DC, 's' }, NULL },
	/* --load-preserve-context implies a load */
	{ "--load-preserve-context phy", 0,
	  { ACT_LOAD, "phy", DC, DC, DC, DC, DC, DC, DC, 1, DC, DC, 0 }, NULL },
	/* plain FILE: load then shutdown; -f FILE: load and exec */
	{ "phy", 0, W(ACT_LOAD_SHUTDOWN, "phy"), NULL },
	{ "-- phy", 0, W(ACT_LOAD_SHUTDOWN, "phy"), NULL },
	{ "-f phy", 0,
	  { ACT_LOAD_EXEC, "phy", DC, 1, DC, DC, DC, DC, DC, DC, DC, DC, 0 }, NULL },
	{ "phy --force", 0,
	  { ACT_LOAD_EXEC, "phy", DC, 1, DC, DC, DC, DC, DC, DC, DC, DC, 0 }, NULL },
	{ "-f --load-preserve-context phy", 0,
	  { ACT_LOAD_EXEC, "phy", DC, 1, DC, DC, DC, DC, DC, 1, DC, DC, 0 }, NULL },
	{ "-f -x -y phy", 0,
	  { ACT_LOAD_EXEC, "phy", DC, 1, 1, 1, DC, DC, DC, DC, DC, DC, 0 }, NULL },
	/* exec */
	{ "-e", 0, { ACT_EXEC, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'a' }, NULL },
	{ "--exec", 0, W(ACT_EXEC, NULL), NULL },
	{ "-e -x", 0, { ACT_EXEC, NULL, DC, DC, 1, 0, DC, DC, DC, DC, DC, DC, 0 }, NULL },
	{ "-exy", 0, { ACT_EXEC, NULL, DC, DC, 1, 1, DC, DC, DC, DC, DC, DC, 0 }, NULL },
	{ "--exec --no-ifdown --no-sync", 0,
	  { ACT_EXEC, NULL, DC, DC, 1, 1, DC, DC, DC, DC, DC, DC, 0 }, NULL },
	{ "-e -e", 0, W(ACT_EXEC, NULL), NULL },
	/* unload */
	{ "-u", 0, { ACT_UNLOAD, NULL, 0, DC, DC, DC, DC, DC, DC, DC, DC, DC, 0 }, NULL },
	{ "--unload", 0, W(ACT_UNLOAD, NULL), NULL },
	{ "-p -u", 0, { ACT_UNLOAD, NULL, 1, DC, DC, DC, DC, DC, DC, DC, DC, DC, 0 }, NULL },
	/* panic loads: -p KERNEL and -l KERNEL -p load (not shut down) */
	{ "-p bz", 0, { ACT_LOAD, "bz", 1, DC, DC, DC, DC, DC, DC, DC, DC, DC, 'a' }, NULL },
	{ "-l bz -p -s", 0, { ACT_LOAD, "bz", 1, DC, DC, DC, DC, DC, DC, DC, DC, DC, 's' }, NULL },
	{ "--load-panic --elf32-core-headers --hotplug bz", 0,
	  { ACT_LOAD, "bz", 1, DC, DC, DC, DC, DC, DC, DC, DC, DC, 'a' }, NULL },
	{ "--print-ckr-size", 0, W(ACT_PRINT_CKR, NULL), NULL },
	/* the forms kdump tools use (Debian's kdump-config, Fedora's
	 * kdumpctl) */
	{ "-p --command-line=root=/dev/sda1 --initrd=/boot/initrd.img /boot/vmlinuz", 0,
	  { ACT_LOAD, "/boot/vmlinuz", 1, DC, DC, DC, DC, DC, DC, DC, DC, DC, 'a' }, NULL },
	{ "-s -d -p --command-line=irqpoll --initrd=/boot/initrd.img /boot/vmlinuz", 0,
	  { ACT_LOAD, "/boot/vmlinuz", 1, DC, DC, DC, DC, 1, DC, DC, DC, DC, 's' }, NULL },
	{ "--unload --load-panic", 0,
	  { ACT_UNLOAD, NULL, 1, DC, DC, DC, DC, DC, DC, DC, DC, DC, 0 }, NULL },
	/* status: -l/--load-preserve-context select the normal image, -p the
	 * crash one, neither means "crash, by default" (not explicit) */
	{ "-S", 0, { ACT_STATUS, NULL, DC, DC, DC, DC, DC, DC, DC, DC, DC, 0, 0 }, NULL },
	{ "--status", 0, { ACT_STATUS, NULL, DC, DC, DC, DC, DC, DC, DC, DC, DC, 0, 0 }, NULL },
	{ "-S -l", 0, { ACT_STATUS, NULL, 0, DC, DC, DC, DC, DC, DC, DC, DC, 1, 0 }, NULL },
	{ "-l -S", 0, { ACT_STATUS, NULL, 0, DC, DC, DC, DC, DC, DC, DC, DC, 1, 0 }, NULL },
	{ "-S --load-preserve-context", 0,
	  { ACT_STATUS, NULL, 0, DC, DC, DC, DC, DC, DC, DC, DC, 1, 0 }, NULL },
	{ "-S -p", 0, { ACT_STATUS, NULL, 1, DC, DC, DC, DC, DC, DC, DC, DC, 1, 0 }, NULL },
	{ "-S -d", 0, { ACT_STATUS, NULL, DC, DC, DC, DC, DC, 1, DC, DC, DC, 0, 0 }, NULL },
	/* help / version end the parse, like kexec-tools */
	{ "-h", 0, W(ACT_HELP, NULL), NULL },
	{ "--help", 0, W(ACT_HELP, NULL), NULL },
	{ "-v", 0, W(ACT_VERSION, NULL), NULL },
	{ "--version", 0, W(ACT_VERSION, NULL), NULL },
	{ "-l -h", 0, W(ACT_HELP, NULL), NULL },
};

static const struct row err_rows[] = {
	{ "", -EINVAL, W(0, NULL), "nothing to do" },
	{ "-Q", -EINVAL, W(0, NULL), "unknown option -Q" },
	{ "-eQ", -EINVAL, W(0, NULL), "unknown option -Q" },
	{ "--frobnicate", -EINVAL, W(0, NULL), "unknown option '--frobnicate'" },
	{ "--frobnicate=1", -EINVAL, W(0, NULL), "unknown option '--frobnicate'" },
	{ "--mem phy", -EINVAL, W(0, NULL), "ambiguous option '--mem'" },
	{ "--exec=now", -EINVAL, W(0, NULL), "--exec does not take a value" },
	{ "-l phy -t", -EINVAL, W(0, NULL), "option -t needs a value" },
	{ "-l phy --type", -EINVAL, W(0, NULL), "option --type needs a value" },
	{ "-l phy --type=", -EINVAL, W(0, NULL), "--type needs a type name" },
	{ "-l phy --entry", -EINVAL, W(0, NULL), "option --entry needs a value" },
	{ "-l phy --mem-min", -EINVAL, W(0, NULL), "option --mem-min needs a value" },
	/* numbers */
	{ "-l phy --entry=", -EINVAL, W(0, NULL), "--entry needs a number, got an empty value" },
	{ "-l phy --entry=0x10zz", -EINVAL, W(0, NULL), "--entry: '0x10zz' is not a number" },
	{ "-l phy --entry=0x", -EINVAL, W(0, NULL), "--entry: '0x' is not a number" },
	{ "-l phy --entry=-1", -EINVAL, W(0, NULL), "--entry: '-1' is not a number" },
	{ "-l phy --entry=+1", -EINVAL, W(0, NULL), "--entry: '+1' is not a number" },
	{ "-l phy --entry=0x10000000000000000", -EINVAL, W(0, NULL), "--entry: '0x10000000000000000' is too large" },
	{ "-l phy --mem-max=18446744073709551616", -EINVAL, W(0, NULL), "--mem-max: '18446744073709551616' is too large" },
	{ "-l phy --mem-min=abc", -EINVAL, W(0, NULL), "--mem-min: 'abc' is not a number" },
	{ "-l phy --mem-min 09", -EINVAL, W(0, NULL), "--mem-min: '09' is not a number" },
	{ "-l phy --mem-min=0x2000 --mem-max=0x1000", -EINVAL, W(0, NULL), "--mem-min 0x2000 is above --mem-max 0x1000" },
	{ "-t phys -l blob --load-addr", -EINVAL, W(0, NULL), "option --load-addr needs a value" },
	{ "-t phys -l blob --load-addr=", -EINVAL, W(0, NULL), "--load-addr needs a number, got an empty value" },
	{ "-t phys -l blob --load-addr=0x2000zz", -EINVAL, W(0, NULL), "--load-addr: '0x2000zz' is not a number (trailing 'zz')" },
	{ "-t phys -l blob --load-addr=-4096", -EINVAL, W(0, NULL), "--load-addr: '-4096' is not a number" },
	{ "-t phys -l blob --load-addr=addr", -EINVAL, W(0, NULL), "--load-addr: 'addr' is not a number" },
	{ "-t phys -l blob --load-addr=0x10000000000000000", -EINVAL, W(0, NULL), "--load-addr: '0x10000000000000000' is too large" },
	{ "-t phys -l blob --load-addr=0x1000=2", -EINVAL, W(0, NULL), "--load-addr: '0x1000=2' is not a number" },
	/* two actions */
	{ "-l phy -e", -EINVAL, W(0, NULL), "-e cannot be combined with -l" },
	{ "-e --load=phy", -EINVAL, W(0, NULL), "-e cannot be combined with --load" },
	{ "-l phy -u", -EINVAL, W(0, NULL), "-u cannot be combined with -l" },
	{ "--unload --exec", -EINVAL, W(0, NULL), "--unload cannot be combined with --exec" },
	{ "-e -f phy", -EINVAL, W(0, NULL), "-e cannot be combined with -f" },
	{ "-f -l phy", -EINVAL, W(0, NULL), "-f cannot be combined with -l" },
	{ "-S -e", -EINVAL, W(0, NULL), "-S cannot be combined with -e" },
	{ "-S -u", -EINVAL, W(0, NULL), "-S cannot be combined with -u" },
	{ "-e --load-preserve-context", -EINVAL, W(0, NULL), "-e cannot be combined with --load-preserve-context" },
	{ "-u --load-preserve-context", -EINVAL, W(0, NULL), "-u cannot be combined with --load-preserve-context" },
	{ "-S -l -p", -EINVAL, W(0, NULL), "select different images" },
	/* a second kernel file */
	{ "-l phy other", -EINVAL, W(0, NULL), "a second kernel file 'other'" },
	{ "--load=phy other", -EINVAL, W(0, NULL), "a second kernel file 'other'" },
	{ "phy -- other", -EINVAL, W(0, NULL), "a second kernel file 'other'" },
	{ "-l ''", -EINVAL, W(0, NULL), "empty kernel file name" },
	{ "--load=", -EINVAL, W(0, NULL), "empty kernel file name given to --load" },
	/* kernel file where none belongs */
	{ "-e phy", -EINVAL, W(0, NULL), "-e does not take a kernel file" },
	{ "-u phy", -EINVAL, W(0, NULL), "-u does not take a kernel file" },
	{ "-S phy", -EINVAL, W(0, NULL), "-S does not take a kernel file" },
	/* load-only options without a load */
	{ "--args-none", -EINVAL, W(0, NULL), "--args-none only makes sense when loading" },
	{ "--entry=0x1000", -EINVAL, W(0, NULL), "--entry only makes sense when loading" },
	{ "--mem-min=0", -EINVAL, W(0, NULL), "--mem-min only makes sense when loading" },
	{ "--mem-max=0x1000", -EINVAL, W(0, NULL), "--mem-max only makes sense when loading" },
	{ "--dry-run", -EINVAL, W(0, NULL), "--dry-run only makes sense when loading" },
	{ "-e --dry-run", -EINVAL, W(0, NULL), "--dry-run only makes sense when loading a kernel, not with -e" },
	{ "-u --args-none", -EINVAL, W(0, NULL), "--args-none only makes sense when loading a kernel, not with -u" },
	{ "-S --dry-run", -EINVAL, W(0, NULL), "--dry-run only makes sense when loading a kernel, not with -S" },
	{ "-e -t elf-x86", -EINVAL, W(0, NULL), "-t only makes sense when loading" },
	{ "--load-addr=0x1000", -EINVAL, W(0, NULL), "--load-addr only makes sense when loading a kernel; no kernel file given" },
	{ "-e --load-addr=0x1000", -EINVAL, W(0, NULL), "--load-addr only makes sense when loading a kernel, not with -e" },
	{ "-u -t phys --load-addr=0x1000", -EINVAL, W(0, NULL), "only makes sense when loading a kernel, not with -u" },
	{ "-S --load-addr=0x1000", -EINVAL, W(0, NULL), "--load-addr only makes sense when loading a kernel, not with -S" },
	/* an action without its file */
	{ "-l", -EINVAL, W(0, NULL), "-l needs a kernel file" },
	{ "--load", -EINVAL, W(0, NULL), "--load needs a kernel file" },
	{ "-f", -EINVAL, W(0, NULL), "-f needs a kernel file" },
	{ "--load-preserve-context", -EINVAL, W(0, NULL), "--load-preserve-context needs a kernel file" },
	/* panic loading is not supported yet */
	{ "--load-panic", -EINVAL, W(0, NULL), "--load-panic needs a kernel file" },
	{ "-p bz --load-preserve-context", -EINVAL, W(0, NULL), "does not return" },
	{ "-p -f bz", -EINVAL, W(0, NULL), "-p cannot be combined with -f" },
	{ "-l bz --hotplug", -EINVAL, W(0, NULL), "--hotplug only applies to a panic load (-p)" },
	{ "bz --elf64-core-headers", -EINVAL, W(0, NULL), "--elf64-core-headers only applies to a panic load (-p)" },
	{ "-S --elf32-core-headers", -EINVAL, W(0, NULL), "only makes sense when loading a kernel" },
	{ "-e -p", -EINVAL, W(0, NULL), "-e cannot be combined with -p" },
};

/* Split @cmd on blanks into argv (argv[0] = "kexec"); "''" is "". */
static int split(const char *cmd, char *buf, size_t n, char **argv)
{
	int argc = 0;
	char *tok, *save = NULL;

	snprintf(buf, n, "%s", cmd);
	argv[argc++] = (char *)"kexec";
	for (tok = strtok_r(buf, " ", &save); tok && argc < MAXARG - 1;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = strcmp(tok, "''") == 0 ? tok + 2 : tok;
	argv[argc] = NULL;
	return argc;
}

static void check_field(const char *cmd, const char *name, int got, int want)
{
	if (want == DC)
		return;
	if (!ok(got == want, "'%s': %s", cmd, name))
		printf("#   got %d, want %d\n", got, want);
}

static void run_ok(const struct row *r)
{
	char buf[512], *argv[MAXARG];
	struct diag d;
	struct options o;
	int argc = split(r->cmd, buf, sizeof(buf), argv);
	int rc;

	memset(&d, 0, sizeof(d));
	rc = options_parse(&d, argc, argv, &o);
	if (!ok(rc == 0, "'%s' parses", r->cmd)) {
		printf("#   rc %d: %s\n", rc, d.msg);
		return;
	}
	ok(d.msg[0] == '\0', "'%s': no message recorded", r->cmd);
	check_field(r->cmd, "action", (int)o.action, r->w.action);
	if (r->w.kernel)
		ok(o.kernel && strcmp(o.kernel, r->w.kernel) == 0,
		   "'%s': kernel is %s (got %s)", r->cmd, r->w.kernel,
		   o.kernel ? o.kernel : "(null)");
	else
		ok(o.kernel == NULL, "'%s': no kernel (got %s)", r->cmd,
		   o.kernel ? o.kernel : "(null)");
	check_field(r->cmd, "crash", o.crash, r->w.crash);
	check_field(r->cmd, "force", o.force, r->w.force);
	check_field(r->cmd, "no_ifdown", o.no_ifdown, r->w.no_ifdown);
	check_field(r->cmd, "no_sync", o.no_sync, r->w.no_sync);
	check_field(r->cmd, "no_checks", o.no_checks, r->w.no_checks);
	check_field(r->cmd, "debug", o.debug, r->w.debug);
	check_field(r->cmd, "dry_run", o.dry_run, r->w.dry_run);
	check_field(r->cmd, "preserve_context", o.preserve_context,
		    r->w.preserve);
	check_field(r->cmd, "args_none", o.args_none, r->w.args_none);
	check_field(r->cmd, "status_type_explicit", o.status_type_explicit,
		    r->w.status_explicit);
	if (r->w.syscall_mode)
		check_field(r->cmd, "syscall_mode", o.syscall_mode,
			    r->w.syscall_mode);
}

static void run_err(const struct row *r)
{
	char buf[512], *argv[MAXARG];
	struct diag d;
	struct options o;
	int argc = split(r->cmd, buf, sizeof(buf), argv);
	int rc;

	memset(&d, 0, sizeof(d));
	rc = options_parse(&d, argc, argv, &o);
	is_int(rc, r->rc, r->cmd[0] ? r->cmd : "(no arguments)");
	has_str(d.msg, r->err, r->cmd[0] ? r->cmd : "(no arguments)");
	ok(strchr(d.msg, '\n') == NULL, "'%s': message is one line", r->cmd);
}

/* Values of the numeric options, and that argv is left untouched. */
static void test_values(void)
{
	char *argv[] = { (char *)"kexec", (char *)"--entry=0x1000",
			 (char *)"phy", (char *)"--mem-min", (char *)"4096",
			 (char *)"--mem-max=017777777", (char *)"-l",
			 (char *)"--type", (char *)"elf-x86", NULL };
	char *copy[10];
	struct diag d;
	struct options o;
	int i, same = 1;

	memcpy(copy, argv, sizeof(copy));
	memset(&d, 0, sizeof(d));
	is_int(options_parse(&d, 9, argv, &o), 0, "numeric options parse");
	is_int(o.have_entry, 1, "have_entry");
	is_u64(o.entry, 0x1000, "--entry=0x1000 is hex");
	is_int(o.have_mem_min, 1, "have_mem_min");
	is_u64(o.mem_min, 4096, "--mem-min 4096 is decimal");
	is_int(o.have_mem_max, 1, "have_mem_max");
	is_u64(o.mem_max, 0x3fffff, "--mem-max=017777777 is octal");
	is_str(o.type, "elf-x86", "--type value");
	for (i = 0; i < 10; i++)
		same &= copy[i] == argv[i];
	ok(same, "argv is not permuted");

	{
		char *a2[] = { (char *)"kexec", (char *)"-l", (char *)"phy",
			       (char *)"--entry=18446744073709551615", NULL };
		memset(&d, 0, sizeof(d));
		is_int(options_parse(&d, 4, a2, &o), 0, "max u64 accepted");
		is_u64(o.entry, UINT64_MAX, "--entry=2^64-1");
		ok(!o.have_mem_min && !o.have_mem_max,
		   "mem-min/max not set when not given");
	}
}

/* --load-addr values, and that they are only set when given. */
static void test_load_addr(void)
{
	static const struct {
		const char *arg;
		uint64_t want;
	} t[] = {
		{ "--load-addr=0x2000000", 0x2000000 },
		{ "--load-addr=33554432", 0x2000000 },      /* decimal */
		{ "--load-addr=0200000000", 0x2000000 },    /* octal */
		{ "--load-addr=0", 0 },
		{ "--load-addr=0xfffffffffffff000", 0xfffffffffffff000ull },
	};
	struct diag d;
	struct options o;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *argv[] = { (char *)"kexec", (char *)"-t", (char *)"phys",
				 (char *)t[i].arg, (char *)"-l", (char *)"b",
				 NULL };

		memset(&d, 0, sizeof(d));
		is_int(options_parse(&d, 6, argv, &o), 0, t[i].arg);
		is_int(o.have_load_addr, 1, "have_load_addr");
		is_u64(o.load_addr, t[i].want, t[i].arg);
		is_str(o.type, "phys", "type phys");
	}
	{
		char *argv[] = { (char *)"kexec", (char *)"-t", (char *)"phys",
				 (char *)"--load-addr", (char *)"0x3000",
				 (char *)"b", NULL };

		memset(&d, 0, sizeof(d));
		is_int(options_parse(&d, 6, argv, &o), 0, "--load-addr VALUE (separate word)");
		is_u64(o.load_addr, 0x3000, "--load-addr 0x3000");
	}
	{
		char *argv[] = { (char *)"kexec", (char *)"-t", (char *)"phys",
				 (char *)"-l", (char *)"b", NULL };

		memset(&d, 0, sizeof(d));
		is_int(options_parse(&d, 5, argv, &o), 0,
		       "-t phys without --load-addr parses (the loader says what is missing)");
		ok(!o.have_load_addr && o.load_addr == 0, "load_addr not set when not given");
	}
}

/* The purgatory's options: --append/--command-line, --console-serial,
 * --serial, --serial-baud; each only where the purgatory is used. */
static int parse_line(const char *line, struct options *o, struct diag *d)
{
	static char buf[512];      /* options point into it after return */
	char *argv[32];
	int argc = 0;
	char *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", line);
	argv[argc++] = (char *)"kexec";
	for (tok = strtok_r(buf, " ", &save); tok && argc < 31;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	memset(d, 0, sizeof(*d));
	return options_parse(d, argc, argv, o);
}

static void test_purgatory_options(void)
{
	static const struct {
		const char *line;
		uint16_t port;
	} ports[] = {
		{ "--serial=ttyS0", 0x3f8 }, { "--serial=ttyS1", 0x2f8 },
		{ "--serial=ttyS2", 0x3e8 }, { "--serial=ttyS3", 0x2e8 },
		{ "--serial=0x2f8", 0x2f8 }, { "--serial=1016", 0x3f8 },
	};
	static const struct {
		const char *line;
		const char *msg;
	} bad[] = {
		{ "--load-preserve-context p --serial=ttyS4", "'ttyS4' is neither ttyS0..ttyS3 nor an I/O port number" },
		{ "--load-preserve-context p --serial=ttyS0x", "'ttyS0x' is neither" },
		{ "--load-preserve-context p --serial=0", "I/O port 0x0 is out of range" },
		{ "--load-preserve-context p --serial=0x10000", "I/O port 0x10000 is out of range" },
		{ "--load-preserve-context p --serial-baud=0", "0 baud cannot be set" },
		{ "--load-preserve-context p --serial-baud=7000", "7000 baud cannot be set" },
		{ "--load-preserve-context p --serial-baud=230400", "230400 baud cannot be set" },
		{ "--load-preserve-context --args-none p --console-serial", "the purgatory's console, which --args-none leaves out" },
		{ "--load-preserve-context --args-none p --reset-vga", "--reset-vga/--console-vga act in the purgatory, which --args-none leaves out" },
		{ "--load-preserve-context --args-none p --console-vga", "--reset-vga/--console-vga act in the purgatory, which --args-none leaves out" },
		{ "-l --args-none p --serial=ttyS1", "the purgatory's console, which --args-none leaves out" },
		{ "-e --console-serial", "only makes sense when loading" },
		{ "--load-preserve-context --args-none p --append=x", "passed by the purgatory, which --args-none leaves out" },
		{ "--load-preserve-context --args-none p --initrd=i", "are for booting a Linux kernel, not with --args-none" },
		{ "-l --args-none p --reuse-cmdline", "not with --args-none" },
		{ "-l p --initrd=", "--initrd needs a file name" },
		{ "-e --initrd=i", "only makes sense when loading" },
		{ "-u --reuse-cmdline", "only makes sense when loading" },
	};
	struct options o;
	struct diag d;
	size_t i;
	char line[128];

	for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
		snprintf(line, sizeof(line), "--load-preserve-context p %s", ports[i].line);
		is_int(parse_line(line, &o, &d), 0, ports[i].line);
		ok(o.have_serial_port && o.serial_port == ports[i].port,
		   "%s: port 0x%x", ports[i].line, ports[i].port);
	}
	is_int(parse_line("--load-preserve-context p --console-serial --serial-baud=9600", &o, &d), 0,
	       "--console-serial --serial-baud=9600");
	ok(o.console_serial == 1 && o.have_serial_baud && o.serial_baud == 9600,
	   "console_serial set, baud 9600");
	ok(!o.have_serial_port, "no --serial: port not set (the default applies)");
	is_int(parse_line("--load-preserve-context p --append=one --command-line=two", &o, &d), 0,
	       "--append then --command-line");
	is_str(o.append, "two", "the last text wins");
	is_int(parse_line("--load-preserve-context p", &o, &d), 0, "no purgatory options");
	ok(!o.console_serial && !o.have_serial_baud && !o.append,
	   "purgatory options off by default");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		is_int(parse_line(bad[i].line, &o, &d), -EINVAL, bad[i].line);
		has_str(d.msg, bad[i].msg, bad[i].line);
	}
}

/* Linux boot options: --initrd/--ramdisk, --reuse-cmdline, --append on a
 * normal load, and the argv forms scripts use. */
static void test_linux_options(void)
{
	struct options o;
	struct diag d;

	/* systemd's kexec unit: separate words, --load FILE */
	is_int(parse_line("--load /boot/vmlinuz --append root=/dev/sda1 --initrd /boot/initrd.img", &o, &d), 0,
	       "systemd form: --load K --append X --initrd I");
	is_int(o.action, ACT_LOAD, "systemd form: a load");
	is_str(o.kernel, "/boot/vmlinuz", "systemd form: the kernel");
	is_str(o.append, "root=/dev/sda1", "systemd form: the command line");
	is_str(o.initrd, "/boot/initrd.img", "systemd form: the initrd");
	ok(!o.preserve_context, "systemd form: a normal load");
	is_int(parse_line("-l K --ramdisk=R1 --initrd=R2 --command-line=c", &o, &d), 0,
	       "-l K --ramdisk=R1 --initrd=R2 --command-line=c");
	is_str(o.initrd, "R2", "the last initrd wins");
	is_str(o.append, "c", "--command-line is the command line");
	is_int(parse_line("K -l --reuse-cmdline --append=quiet", &o, &d), 0, "K -l --reuse-cmdline --append=quiet");
	ok(o.reuse_cmdline == 1 && o.append && strcmp(o.append, "quiet") == 0,
	   "--reuse-cmdline and --append both kept");
	is_int(parse_line("-l K --console-serial -i", &o, &d), 0, "--console-serial on a normal load");
	ok(o.console_serial && o.no_checks, "console_serial and no_checks set");
	is_int(parse_line("-l K", &o, &d), 0, "plain -l K");
	ok(!o.initrd && !o.reuse_cmdline && !o.append, "no Linux options by default");
}

/* The parser resets getopt: parsing twice gives the same answer, also
 * after a parse that stopped half way through a short-option cluster. */
static void test_reentrant(void)
{
	char *bad[] = { (char *)"kexec", (char *)"-eQx", NULL };
	char *good[] = { (char *)"kexec", (char *)"-xe", NULL };
	struct diag d;
	struct options o;

	memset(&d, 0, sizeof(d));
	ok(options_parse(&d, 2, bad, &o) != 0, "cluster with bad option fails");
	memset(&d, 0, sizeof(d));
	is_int(options_parse(&d, 2, good, &o), 0, "next parse starts fresh");
	is_int(o.action, ACT_EXEC, "and sees -e");
	is_int(o.no_ifdown, 1, "and -x");
}

/* User text quoted in messages cannot break the one-line rule. */
static void test_control_chars(void)
{
	char *argv[] = { (char *)"kexec", (char *)"a\nb", (char *)"c\td",
			 NULL };
	char *argv2[] = { (char *)"kexec", (char *)"--bo\ngus", NULL };
	struct diag d;
	struct options o;

	memset(&d, 0, sizeof(d));
	is_int(options_parse(&d, 3, argv, &o), -EINVAL, "two files with control chars");
	has_str(d.msg, "a second kernel file 'c\\x09d' (already loading 'a\\x0ab')",
		"control characters are escaped");
	memset(&d, 0, sizeof(d));
	is_int(options_parse(&d, 2, argv2, &o), -EINVAL, "unknown option with newline");
	has_str(d.msg, "unknown option '--bo\\x0agus'", "escaped in option names too");
}

/* --help mentions every long option in the table (the man page test checks
 * the same list against doc/kexec.8). */
static void test_usage(void)
{
	static const char *const longs[] = {
		"--load", "--exec", "--unload", "--force", "--no-ifdown",
		"--no-sync", "--status", "--type", "--debug", "--version",
		"--help", "--load-panic", "--no-checks", "--kexec-syscall",
		"--kexec-syscall-auto", "--kexec-file-syscall",
		"--load-preserve-context", "--args-none", "--entry",
		"--mem-min", "--mem-max", "--dry-run", "--load-addr",
	};
	char *text = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&text, &len);

	options_usage(f);
	fclose(f);
	for (i = 0; i < sizeof(longs) / sizeof(longs[0]); i++)
		has_str(text, longs[i], "usage lists the option");
	free(text);
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(ok_rows) / sizeof(ok_rows[0]); i++)
		run_ok(&ok_rows[i]);
	for (i = 0; i < sizeof(err_rows) / sizeof(err_rows[0]); i++)
		run_err(&err_rows[i]);
	test_values();
	test_load_addr();
	test_purgatory_options();
	test_linux_options();
	test_reentrant();
	test_control_chars();
	test_usage();
	return tap_done();
}
