/* SPDX-License-Identifier: GPL-2.0-or-later */
/* options.c - argv -> struct options (see options.h).
 *
 * One getopt_long table describes every option.  Parsing is a pure function
 * of argv: the only state outside struct options is getopt's own (optind,
 * optarg, optopt, opterr), which is fully reset at the start of every call
 * (optind = 0 asks glibc for a complete re-initialisation), so the parser
 * can be called repeatedly, e.g. by the fuzzer.
 *
 * The optstring starts with '-' so that glibc returns non-option arguments
 * in order (as option code 1) instead of permuting argv: argv is never
 * modified, POSIXLY_CORRECT does not change the meaning of a command line,
 * and `-l FILE`, `FILE -l`, `--load FILE` and `--load=FILE` all work.  The
 * following ':' makes getopt report a missing value as ':' and keeps it
 * silent, so every message comes from here.
 *
 * Actions are collected while scanning and resolved once at the end, so a
 * conflict is reported the same way whatever the order on the command line.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

/* Values for options that have no short form (above any char value). */
enum {
	OPT_LOAD_PRESERVE_CONTEXT = 256,
	OPT_ARGS_NONE,
	OPT_ARGS_LINUX,
	OPT_ENTRY,
	OPT_MEM_MIN,
	OPT_MEM_MAX,
	OPT_DRY_RUN,
	OPT_LOAD_ADDR,
	OPT_APPEND,
	OPT_CONSOLE_SERIAL,
	OPT_SERIAL,
	OPT_SERIAL_BAUD,
	OPT_RISK_CRASH,
	OPT_JUMP_BACK_HELPER,
	OPT_INITRD,
	OPT_REUSE_CMDLINE,
	OPT_ELF32_CORE,
	OPT_ELF64_CORE,
	OPT_HOTPLUG,
	OPT_PRINT_CKR,
	OPT_ARGS_ELF,
	OPT_REAL_MODE,
	OPT_ENTRY_32BIT,
	OPT_RESET_VGA,
	OPT_CONSOLE_VGA,
	OPT_PASS_MEMMAP,
	OPT_NOEFI,
	OPT_REUSE_VIDEO,
	OPT_REUSEINITRD,
	OPT_DTB,
	OPT_MODULE,
};

static const char short_opts[] = "-:l::eufxySt:dvhpicas";

static const struct option long_opts[] = {
	{ "load",                  optional_argument, NULL, 'l' },
	{ "exec",                  no_argument,       NULL, 'e' },
	{ "unload",                no_argument,       NULL, 'u' },
	{ "force",                 no_argument,       NULL, 'f' },
	{ "no-ifdown",             no_argument,       NULL, 'x' },
	{ "no-sync",               no_argument,       NULL, 'y' },
	{ "status",                no_argument,       NULL, 'S' },
	{ "type",                  required_argument, NULL, 't' },
	{ "debug",                 no_argument,       NULL, 'd' },
	{ "version",               no_argument,       NULL, 'v' },
	{ "help",                  no_argument,       NULL, 'h' },
	{ "load-panic",            no_argument,       NULL, 'p' },
	{ "no-checks",             no_argument,       NULL, 'i' },
	{ "kexec-syscall",         no_argument,       NULL, 'c' },
	{ "kexec-syscall-auto",    no_argument,       NULL, 'a' },
	{ "kexec-file-syscall",    no_argument,       NULL, 's' },
	{ "load-preserve-context", no_argument,       NULL, OPT_LOAD_PRESERVE_CONTEXT },
	{ "args-none",             no_argument,       NULL, OPT_ARGS_NONE },
	{ "args-linux",            no_argument,       NULL, OPT_ARGS_LINUX },
	{ "entry",                 required_argument, NULL, OPT_ENTRY },
	{ "mem-min",               required_argument, NULL, OPT_MEM_MIN },
	{ "mem-max",               required_argument, NULL, OPT_MEM_MAX },
	{ "dry-run",               no_argument,       NULL, OPT_DRY_RUN },
	{ "load-addr",             required_argument, NULL, OPT_LOAD_ADDR },
	{ "append",                required_argument, NULL, OPT_APPEND },
	{ "command-line",          required_argument, NULL, OPT_APPEND },
	{ "console-serial",        no_argument,       NULL, OPT_CONSOLE_SERIAL },
	{ "serial",                required_argument, NULL, OPT_SERIAL },
	{ "serial-baud",           required_argument, NULL, OPT_SERIAL_BAUD },
	{ "risk-crash-on-return",  no_argument,       NULL, OPT_RISK_CRASH },
	{ "load-jump-back-helper", no_argument,       NULL, OPT_JUMP_BACK_HELPER },
	{ "initrd",                required_argument, NULL, OPT_INITRD },
	{ "ramdisk",               required_argument, NULL, OPT_INITRD },
	{ "reuse-cmdline",         no_argument,       NULL, OPT_REUSE_CMDLINE },
	{ "elf32-core-headers",    no_argument,       NULL, OPT_ELF32_CORE },
	{ "elf64-core-headers",    no_argument,       NULL, OPT_ELF64_CORE },
	{ "hotplug",               no_argument,       NULL, OPT_HOTPLUG },
	{ "print-ckr-size",        no_argument,       NULL, OPT_PRINT_CKR },
	{ "args-elf",              no_argument,       NULL, OPT_ARGS_ELF },
	{ "real-mode",             no_argument,       NULL, OPT_REAL_MODE },
	{ "entry-32bit",           no_argument,       NULL, OPT_ENTRY_32BIT },
	{ "reset-vga",             no_argument,       NULL, OPT_RESET_VGA },
	{ "console-vga",           no_argument,       NULL, OPT_CONSOLE_VGA },
	{ "pass-memmap-cmdline",   no_argument,       NULL, OPT_PASS_MEMMAP },
	{ "noefi",                 no_argument,       NULL, OPT_NOEFI },
	{ "reuse-video-type",      no_argument,       NULL, OPT_REUSE_VIDEO },
	{ "reuseinitrd",           no_argument,       NULL, OPT_REUSEINITRD },
	{ "dtb",                   required_argument, NULL, OPT_DTB },
	{ "module",                required_argument, NULL, OPT_MODULE },
	{ NULL, 0, NULL, 0 },
};

/* The option behind each OPT_G_* bit (options.h), for messages. */
static const char *const given_names[OPT_G_COUNT] = {
	[OPT_G_INITRD] = "--initrd",
	[OPT_G_REUSE_CMDLINE] = "--reuse-cmdline",
	[OPT_G_APPEND] = "--append",
	[OPT_G_MODULE] = "--module",
	[OPT_G_ARGS_NONE] = "--args-none",
	[OPT_G_ARGS_LINUX] = "--args-linux",
	[OPT_G_ARGS_ELF] = "--args-elf",
	[OPT_G_ENTRY] = "--entry",
	[OPT_G_LOAD_ADDR] = "--load-addr",
	[OPT_G_REAL_MODE] = "--real-mode",
	[OPT_G_ENTRY_32BIT] = "--entry-32bit",
	[OPT_G_DTB] = "--dtb",
	[OPT_G_REUSE_VIDEO] = "--reuse-video-type",
	[OPT_G_NOEFI] = "--noefi",
	[OPT_G_PASS_MEMMAP] = "--pass-memmap-cmdline",
	[OPT_G_RESET_VGA] = "--reset-vga",
	[OPT_G_CONSOLE_VGA] = "--console-vga",
};

const char *options_given_name(unsigned bit)
{
	return bit < OPT_G_COUNT && given_names[bit] ? given_names[bit] : "";
}

/* How an option was spelled on the command line, for messages. */
#define SPELLING_MAX 32

/* Everything seen while scanning; resolved into struct options at the end.
 * Each non-empty spelling means "this option was given". */
struct scan {
	char load[SPELLING_MAX];      /* -l / --load */
	char exec[SPELLING_MAX];      /* -e */
	char unload[SPELLING_MAX];    /* -u */
	char force[SPELLING_MAX];     /* -f */
	char status[SPELLING_MAX];    /* -S */
	char panic[SPELLING_MAX];     /* -p */
	char preserve[SPELLING_MAX];  /* --load-preserve-context */
	char load_only[SPELLING_MAX]; /* first option that needs a load */
	char jump_back[SPELLING_MAX]; /* --load-jump-back-helper */
	char not_helper[SPELLING_MAX]; /* first load option the helper
					  does not take */
	char panic_only[SPELLING_MAX]; /* first option only a panic load
					  takes */
	const char *kernel_from;      /* spelling that supplied the kernel */
};

/* Long name for an option value, or NULL. */
static const char *long_name(int val)
{
	const struct option *lo;

	for (lo = long_opts; lo->name; lo++)
		if (lo->val == val)
			return lo->name;
	return NULL;
}

/* Write the spelling of option @val into @buf: "--name" when the user
 * used the long form (@longindex >= 0), else "-c". */
static void spell(char *buf, int val, int longindex)
{
	if (longindex >= 0 || val > 255) {
		const char *n = longindex >= 0 ? long_opts[longindex].name :
						 long_name(val);
		snprintf(buf, SPELLING_MAX, "--%s", n ? n : "?");
	} else {
		snprintf(buf, SPELLING_MAX, "-%c", val);
	}
}

static void remember(char *slot, const char *spelling)
{
	if (!slot[0])
		snprintf(slot, SPELLING_MAX, "%s", spelling);
}

/* User text quoted in a message: at most @max bytes, control bytes shown
 * as \xNN, so a message always stays on one line. */
#define SHOW_MAX 300
static const char *show(char *buf, const char *s, size_t max)
{
	size_t i, o = 0;

	for (i = 0; s[i] && i < max && o + 5 < SHOW_MAX; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(buf + o, SHOW_MAX - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	if (s[i] && o + 4 < SHOW_MAX) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/* Parse an unsigned 64-bit number (decimal, 0x hex or 0 octal).  The whole
 * value must be consumed; signs, blanks and overflow are refused. */
static int parse_u64(struct diag *d, const char *opt, const char *s,
		     uint64_t *out)
{
	unsigned long long v;
	char *end, b1[SHOW_MAX], b2[SHOW_MAX];

	if (!s || !*s)
		return diag_fail(d, -EINVAL, "%s needs a number, got an empty value",
				 opt);
	if (!isdigit((unsigned char)s[0]))
		return diag_fail(d, -EINVAL, "%s: '%s' is not a number", opt,
				 show(b1, s, 64));
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno == ERANGE)
		return diag_fail(d, -EINVAL,
				 "%s: '%s' is too large (the limit is 2^64-1)",
				 opt, show(b1, s, 64));
	if (*end)
		return diag_fail(d, -EINVAL,
				 "%s: '%s' is not a number (trailing '%s')",
				 opt, show(b1, s, 64), show(b2, end, 16));
	*out = (uint64_t)v;
	return 0;
}

/* Describe an option getopt rejected.  @elem is argv[optind - 1]. */
static int bad_option(struct diag *d, int code, int optopt_val,
		      const char *elem)
{
	int is_long = elem && strncmp(elem, "--", 2) == 0;
	const char *name = long_name(optopt_val);
	char b1[SHOW_MAX];

	if (code == ':') {
		if (is_long && name)
			return diag_fail(d, -EINVAL, "option --%s needs a value",
					 name);
		return diag_fail(d, -EINVAL, "option -%c needs a value",
				 optopt_val);
	}
	if (optopt_val && is_long && name)
		return diag_fail(d, -EINVAL, "option --%s does not take a value",
				 name);
	if (optopt_val && !is_long) {
		if (isprint(optopt_val))
			return diag_fail(d, -EINVAL,
					 "unknown option -%c (see kexec --help)",
					 optopt_val);
		return diag_fail(d, -EINVAL,
				 "unknown option byte 0x%02x (see kexec --help)",
				 optopt_val & 0xff);
	}
	if (is_long) {
		/* Unknown or ambiguous: count the long options the name is a
		 * prefix of, to tell the two apart. */
		const char *nm = elem + 2;
		size_t len = strcspn(nm, "=");
		const struct option *lo;
		int matches = 0;
		char name_only[SHOW_MAX];

		snprintf(name_only, sizeof(name_only), "%.*s",
			 (int)(len > 64 ? 64 : len), nm);

		for (lo = long_opts; lo->name; lo++)
			if (strncmp(lo->name, nm, len) == 0)
				matches++;
		if (matches > 1)
			return diag_fail(d, -EINVAL,
					 "ambiguous option '--%s' (see kexec --help)",
					 show(b1, name_only, 64));
		return diag_fail(d, -EINVAL,
				 "unknown option '--%s' (see kexec --help)",
				 show(b1, name_only, 64));
	}
	return diag_fail(d, -EINVAL, "unknown option '%s' (see kexec --help)",
			 show(b1, elem ? elem : "?", 64));
}

static int set_kernel(struct diag *d, struct options *o, struct scan *s,
		      const char *file, const char *from)
{
	char b1[SHOW_MAX], b2[SHOW_MAX];

	if (!file[0])
		return diag_fail(d, -EINVAL, "empty kernel file name%s%s",
				 from ? " given to " : "", from ? from : "");
	if (o->kernel)
		return diag_fail(d, -EINVAL,
				 "a second kernel file '%s' (already loading '%s'); only one is allowed",
				 show(b1, file, 64), show(b2, o->kernel, 64));
	o->kernel = file;
	s->kernel_from = from;
	return 0;
}

/* Two action spellings that cannot go together. */
static int conflict(struct diag *d, const char *a, const char *b)
{
	return diag_fail(d, -EINVAL, "%s cannot be combined with %s", a, b);
}

/* --load-jump-back-helper: its own action (in kernel B, a preserve-
 * context image whose entry is A's re-entry point), alone but for --entry
 * and the options every load takes (-d, --dry-run, -c/-a). */
static int resolve_jump_back(struct diag *d, struct options *o,
			     const struct scan *s)
{
	const char *j = s->jump_back;
	const char *other[] = { s->status, s->unload, s->exec, s->force,
				s->load, s->preserve, s->panic };
	char b1[SHOW_MAX];

	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (other[i][0])
			return conflict(d, j, other[i]);
	if (o->kernel)
		return diag_fail(d, -EINVAL,
				 "%s does not take a kernel file (got '%s'): it jumps back to the kernel that started this one",
				 j, show(b1, o->kernel, 64));
	if (s->not_helper[0])
		return diag_fail(d, -EINVAL, "%s does not apply to %s",
				 s->not_helper, j);
	if (!o->have_entry)
		return diag_fail(d, -EINVAL,
				 "%s needs --entry=ADDR: the value of kexec_jump_back_entry= on /proc/cmdline",
				 j);
	if (o->entry == 0)
		return diag_fail(d, -EINVAL,
				 "%s: --entry=0 is not a re-entry point", j);
	if (o->syscall_mode == 's')
		return diag_fail(d, -EINVAL,
				 "%s needs kexec_load: kexec_file_load cannot load a preserve-context image; leave out -s",
				 j);
	o->action = ACT_LOAD_JUMP_BACK;
	o->preserve_context = 1;
	return 0;
}

/* Turn what was seen into an action, checking combinations. */
static int resolve(struct diag *d, struct options *o, const struct scan *s)
{
	const char *load_spell = s->load[0] ? s->load : s->preserve;
	int loading = s->load[0] || s->preserve[0];
	char b1[SHOW_MAX];

	if (s->jump_back[0])
		return resolve_jump_back(d, o, s);

	if (s->status[0]) {
		if (s->exec[0])
			return conflict(d, s->status, s->exec);
		if (s->unload[0])
			return conflict(d, s->status, s->unload);
		if (s->force[0])
			return conflict(d, s->status, s->force);
		if (loading && s->panic[0])
			return diag_fail(d, -EINVAL,
					 "%s and %s select different images for %s; give one",
					 load_spell, s->panic, s->status);
		if (o->kernel)
			return diag_fail(d, -EINVAL,
					 "%s does not take a kernel file (got '%s')",
					 s->status, show(b1, o->kernel, 64));
		if (s->load_only[0])
			return diag_fail(d, -EINVAL,
					 "%s only makes sense when loading a kernel, not with %s",
					 s->load_only, s->status);
		o->action = ACT_STATUS;
		if (loading || s->panic[0]) {
			o->status_type_explicit = 1;
			o->crash = s->panic[0] ? 1 : 0;
		}
		o->preserve_context = 0;
		return 0;
	}
	if (s->unload[0]) {
		if (s->exec[0])
			return conflict(d, s->unload, s->exec);
		if (s->force[0])
			return conflict(d, s->unload, s->force);
		if (loading)
			return conflict(d, s->unload, load_spell);
		if (o->kernel)
			return diag_fail(d, -EINVAL,
					 "%s does not take a kernel file (got '%s')",
					 s->unload, show(b1, o->kernel, 64));
		if (s->load_only[0])
			return diag_fail(d, -EINVAL,
					 "%s only makes sense when loading a kernel, not with %s",
					 s->load_only, s->unload);
		o->action = ACT_UNLOAD;
		return 0;
	}
	if (s->exec[0]) {
		if (s->force[0])
			return conflict(d, s->exec, s->force);
		if (loading)
			return conflict(d, s->exec, load_spell);
		if (s->panic[0])
			return conflict(d, s->exec, s->panic);
		if (o->kernel)
			return diag_fail(d, -EINVAL,
					 "%s does not take a kernel file (got '%s'); load it first with kexec -l",
					 s->exec, show(b1, o->kernel, 64));
		if (s->load_only[0])
			return diag_fail(d, -EINVAL,
					 "%s only makes sense when loading a kernel, not with %s",
					 s->load_only, s->exec);
		o->action = ACT_EXEC;
		return 0;
	}
	if (s->panic[0]) {
		/* a panic load: -p KERNEL, or -l KERNEL -p as kexec-tools
		 * takes it */
		if (s->force[0])
			return conflict(d, s->panic, s->force);
		if (s->preserve[0])
			return diag_fail(d, -EINVAL,
					 "%s cannot be combined with %s: a panic kernel is booted when this kernel crashes, it does not return",
					 s->panic, s->preserve);
		if (!o->kernel)
			return diag_fail(d, -EINVAL, "%s needs a kernel file",
					 s->panic);
		o->action = ACT_LOAD;
		return 0;
	}
	if (s->panic_only[0])
		return diag_fail(d, -EINVAL,
				 "%s only applies to a panic load (-p)",
				 s->panic_only);
	if (s->force[0]) {
		if (s->load[0])
			return conflict(d, s->force, s->load);
		if (!o->kernel)
			return diag_fail(d, -EINVAL, "%s needs a kernel file",
					 s->force);
		o->action = ACT_LOAD_EXEC;
		return 0;
	}
	if (loading) {
		if (!o->kernel)
			return diag_fail(d, -EINVAL, "%s needs a kernel file",
					 load_spell);
		o->action = ACT_LOAD;
		return 0;
	}
	if (o->kernel) {
		o->action = ACT_LOAD_SHUTDOWN;
		return 0;
	}
	if (s->load_only[0])
		return diag_fail(d, -EINVAL,
				 "%s only makes sense when loading a kernel; no kernel file given",
				 s->load_only);
	return diag_fail(d, -EINVAL,
			 "nothing to do: give a kernel file or an action such as -l, -e, -u or -S (see kexec --help)");
}

int options_parse(struct diag *d, int argc, char **argv, struct options *o)
{
	struct scan s;
	char sp[SPELLING_MAX], tb[SHOW_MAX];
	int c, rc;

	memset(o, 0, sizeof(*o));
	memset(&s, 0, sizeof(s));
	o->syscall_mode = 'a';
	o->mem_max = UINT64_MAX;

	if (argc < 1 || !argv)
		return diag_fail(d, -EINVAL, "empty argument list");

	/* Full reset of getopt's internal state, and no printing from it. */
	optind = 0;
	opterr = 0;
	for (;;) {
		int longindex = -1;

		optopt = 0;
		c = getopt_long(argc, argv, short_opts, long_opts, &longindex);
		if (c == -1)
			break;
		if (c == '?' || c == ':')
			return bad_option(d, c, optopt,
					  optind > 0 && optind <= argc ?
					  argv[optind - 1] : NULL);
		spell(sp, c, longindex);
		switch (c) {
		case 1: /* a non-option argument: the kernel file */
			rc = set_kernel(d, o, &s, optarg, NULL);
			if (rc)
				return rc;
			break;
		case 'l':
			remember(s.load, sp);
			if (optarg) {
				rc = set_kernel(d, o, &s, optarg, s.load);
				if (rc)
					return rc;
			}
			break;
		case 'e':
			remember(s.exec, sp);
			break;
		case 'u':
			remember(s.unload, sp);
			break;
		case 'f':
			remember(s.force, sp);
			o->force = 1;
			break;
		case 'S':
			remember(s.status, sp);
			break;
		case 'p':
			remember(s.panic, sp);
			o->crash = 1;
			break;
		case 'x':
			o->no_ifdown = 1;
			break;
		case 'y':
			o->no_sync = 1;
			break;
		case 'i':
			o->no_checks = 1;
			break;
		case 'd':
			o->debug = 1;
			break;
		case 'c':
		case 'a':
		case 's':
			o->syscall_mode = (char)c;
			break;
		case 'h':
			/* Like kexec-tools: help and version end the parse. */
			o->action = ACT_HELP;
			return 0;
		case 'v':
			o->action = ACT_VERSION;
			return 0;
		case 't':
			if (!optarg[0])
				return diag_fail(d, -EINVAL,
						 "%s needs a type name, got an empty value",
						 sp);
			o->type = optarg;
			remember(s.load_only, sp);
			remember(s.not_helper, sp);
			break;
		case OPT_LOAD_PRESERVE_CONTEXT:
			remember(s.preserve, sp);
			o->preserve_context = 1;
			break;
		/* argument styles: the last one wins, as in kexec-tools */
		case OPT_ARGS_NONE:
		case OPT_ARGS_LINUX:
		case OPT_ARGS_ELF:
			o->args_none = c == OPT_ARGS_NONE;
			o->args_linux = c == OPT_ARGS_LINUX;
			o->args_elf = c == OPT_ARGS_ELF;
			o->given &= ~(OPT_G(OPT_G_ARGS_NONE) |
				      OPT_G(OPT_G_ARGS_LINUX) |
				      OPT_G(OPT_G_ARGS_ELF));
			o->given |= OPT_G(c == OPT_ARGS_NONE ? OPT_G_ARGS_NONE :
					  c == OPT_ARGS_LINUX ? OPT_G_ARGS_LINUX :
					  OPT_G_ARGS_ELF);
			remember(s.load_only, sp);
			remember(s.not_helper, sp);
			break;
		case OPT_APPEND:   /* the last one wins, as in kexec-tools */
			o->given |= OPT_G(OPT_G_APPEND);
			o->append = optarg;
			remember(s.load_only, sp);
			remember(s.not_helper, sp);
			break;
		case OPT_INITRD:   /* the last one wins, as in kexec-tools */
			o->given |= OPT_G(OPT_G_INITRD);
			if (!optarg[0])
				return diag_fail(d, -EINVAL,
						 "%s needs a file name, got an empty value",
						 sp);
			o->initrd = optarg;
			remember(s.load_only, sp);
			remember(s.not_helper, sp);
			break;
		case OPT_REUSE_CMDLINE:
			o->given |= OPT_G(OPT_G_REUSE_CMDLINE);
			o->reuse_cmdline = 1;
			remember(s.load_only, sp);
			remember(s.not_helper, sp);
			break;
		case OPT_CONSOLE_SERIAL:
			o->console_serial = 1;
			remember(s.load_only, sp);
			remember(s.not_helper, sp);
			break;
		case OPT_RISK_CRASH:
			o->risk_crash_on_return = 1;
			remember(s.load_only, sp);
			remember(s.not_helper, sp);
			break;
		case OPT_JUMP_BACK_HELPER:
			remember(s.jump_back, sp);
			break;
		case OPT_ELF32_CORE:
		case OPT_ELF64_CORE:  /* the last one wins */
			o->core_headers = c == OPT_ELF32_CORE ? 32 : 64;
			remember(s.load_only, sp);
			remember(s.not_helper, sp);
			remember(s.panic_only, sp);
			break;
		case OPT_HOTPLUG:
			o->hotplug = 1;
			remember(s.load_only, sp);
			remember(s.not_helper, sp);
			remember(s.panic_only, sp);
			break;
		/* kexec-tools' x86 options for Linux kernels, each to the
		 * loaders that take it (options.given, loader.c) */
		case OPT_REAL_MODE:
			o->real_mode = 1;
			o->given |= OPT_G(OPT_G_REAL_MODE);
			goto load_opt;
		case OPT_ENTRY_32BIT:
			o->entry_32bit = 1;
			o->given |= OPT_G(OPT_G_ENTRY_32BIT);
			goto load_opt;
		case OPT_RESET_VGA:
			o->reset_vga = 1;
			o->given |= OPT_G(OPT_G_RESET_VGA);
			goto load_opt;
		case OPT_CONSOLE_VGA:
			o->console_vga = 1;
			o->given |= OPT_G(OPT_G_CONSOLE_VGA);
			goto load_opt;
		case OPT_PASS_MEMMAP:
			o->pass_memmap_cmdline = 1;
			o->given |= OPT_G(OPT_G_PASS_MEMMAP);
			goto load_opt;
		case OPT_NOEFI:
			o->noefi = 1;
			o->given |= OPT_G(OPT_G_NOEFI);
			goto load_opt;
		case OPT_REUSE_VIDEO:
			o->reuse_video_type = 1;
			o->given |= OPT_G(OPT_G_REUSE_VIDEO);
			goto load_opt;
		case OPT_REUSEINITRD:
			o->reuseinitrd = 1;
			goto load_opt;
		case OPT_DTB:   /* the last one wins */
			if (!optarg[0])
				return diag_fail(d, -EINVAL,
						 "%s needs a file name, got an empty value",
						 sp);
			o->dtb = optarg;
			o->given |= OPT_G(OPT_G_DTB);
			goto load_opt;
		case OPT_MODULE:   /* repeatable: FILE, then its arguments */
			if (!optarg[0] || optarg[strspn(optarg, " \t")] == '\0')
				return diag_fail(d, -EINVAL,
						 "%s needs a file name (\"FILE ARGS...\"), got an empty value",
						 sp);
			if (o->nmodules >= OPT_MAX_MODULES)
				return diag_fail(d, -EINVAL,
						 "more than %d %s options",
						 OPT_MAX_MODULES, sp);
			o->modules[o->nmodules++] = optarg;
			o->given |= OPT_G(OPT_G_MODULE);
		load_opt:
			remember(s.load_only, sp);
			remember(s.not_helper, sp);
			break;
		case OPT_PRINT_CKR:
			/* like kexec-tools: prints and ends the parse */
			o->action = ACT_PRINT_CKR;
			return 0;
		case OPT_SERIAL: {
			/* ttyS0..ttyS3 are the legacy PC ports; else a number */
			static const uint16_t legacy[4] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
			uint64_t v;

			if (strncmp(optarg, "ttyS", 4) == 0 && optarg[4] >= '0' &&
			    optarg[4] <= '3' && optarg[5] == '\0') {
				o->serial_port = legacy[optarg[4] - '0'];
			} else {
				rc = parse_u64(d, sp, optarg, &v);
				if (rc) {
					diag_clear(d);   /* a more useful message */
					return diag_fail(d, -EINVAL,
							 "%s: '%s' is neither ttyS0..ttyS3 nor an I/O port number",
							 sp, show(tb, optarg, 64));
				}
				if (v == 0 || v > 0xfff8)
					return diag_fail(d, -EINVAL,
							 "%s: I/O port 0x%llx is out of range (1..0xfff8)",
							 sp, (unsigned long long)v);
				o->serial_port = (uint16_t)v;
			}
			o->have_serial_port = 1;
			remember(s.load_only, sp);
			remember(s.not_helper, sp);
			break;
		}
		case OPT_SERIAL_BAUD: {
			uint64_t v;

			rc = parse_u64(d, sp, optarg, &v);
			if (rc)
				return rc;
			if (v == 0 || v > 115200 || 115200 % v != 0)
				return diag_fail(d, -EINVAL,
						 "%s: %llu baud cannot be set on an 8250 UART (115200 divided by a whole number: 115200, 57600, 38400, 19200, 9600, ...)",
						 sp, (unsigned long long)v);
			o->serial_baud = (uint32_t)v;
			o->have_serial_baud = 1;
			remember(s.load_only, sp);
			remember(s.not_helper, sp);
			break;
		}
		case OPT_DRY_RUN:
			o->dry_run = 1;
			remember(s.load_only, sp);
			break;
		case OPT_ENTRY:
			o->given |= OPT_G(OPT_G_ENTRY);
			rc = parse_u64(d, sp, optarg, &o->entry);
			if (rc)
				return rc;
			o->have_entry = 1;
			remember(s.load_only, sp);
			break;
		case OPT_MEM_MIN:
			rc = parse_u64(d, sp, optarg, &o->mem_min);
			if (rc)
				return rc;
			o->have_mem_min = 1;
			remember(s.load_only, sp);
			remember(s.not_helper, sp);
			break;
		case OPT_MEM_MAX:
			rc = parse_u64(d, sp, optarg, &o->mem_max);
			if (rc)
				return rc;
			o->have_mem_max = 1;
			remember(s.load_only, sp);
			remember(s.not_helper, sp);
			break;
		case OPT_LOAD_ADDR:
			o->given |= OPT_G(OPT_G_LOAD_ADDR);
			rc = parse_u64(d, sp, optarg, &o->load_addr);
			if (rc)
				return rc;
			o->have_load_addr = 1;
			remember(s.load_only, sp);
			remember(s.not_helper, sp);
			break;
		default:
			/* Cannot happen: every table entry is handled above. */
			return diag_fail(d, -EINVAL, "internal error: option code %d",
					 c);
		}
	}
	/* Anything after "--" is a plain argument. */
	for (; optind > 0 && optind < argc; optind++) {
		rc = set_kernel(d, o, &s, argv[optind], NULL);
		if (rc)
			return rc;
	}
	if (o->have_mem_min && o->have_mem_max && o->mem_min > o->mem_max)
		return diag_fail(d, -EINVAL,
				 "--mem-min 0x%llx is above --mem-max 0x%llx",
				 (unsigned long long)o->mem_min,
				 (unsigned long long)o->mem_max);
	rc = resolve(d, o, &s);
	if (rc)
		return rc;
	/* The text reaches the program through the purgatory's parameter
	 * block; a bare --args-none program gets no arguments at all. */
	if (o->append && o->args_none)
		return diag_fail(d, -EINVAL,
				 "--append/--command-line is passed by the purgatory, which --args-none leaves out");
	if ((o->console_serial || o->have_serial_port || o->have_serial_baud) &&
	    o->args_none)
		return diag_fail(d, -EINVAL,
				 "--console-serial/--serial/--serial-baud set up the purgatory's console, which --args-none leaves out");
	if ((o->reset_vga || o->console_vga) && o->args_none)
		return diag_fail(d, -EINVAL,
				 "--reset-vga/--console-vga act in the purgatory, which --args-none leaves out");
	if ((o->initrd || o->reuse_cmdline) && o->args_none)
		return diag_fail(d, -EINVAL,
				 "--initrd/--ramdisk/--reuse-cmdline are for booting a Linux kernel, not with --args-none");
	return 0;
}

void options_usage(FILE *f)
{
	fputs(
"Usage: kexec [OPTION]... [KERNEL]\n"
"Load a program or kernel into memory and jump to it (kexec-jump).\n"
"Boot a Linux kernel: kexec -l bzImage --initrd=FILE --append=TEXT; kexec -e\n"
"  (an ELF vmlinux: kexec -l vmlinux --args-linux --initrd=FILE --append=TEXT)\n"
"  (KERNEL may be gzip/xz/lzma/zstd-compressed; the initrd is passed as it is)\n"
"\n"
"Actions (one at a time):\n"
"  -l, --load[=KERNEL]        load KERNEL (also taken from the first plain\n"
"                             argument) for a later 'kexec -e'\n"
"      --load-preserve-context\n"
"                             load KERNEL as a kexec jump image: 'kexec -e'\n"
"                             enters it and returns here when it returns;\n"
"                             a bzImage: jump to another Linux (it gets its\n"
"                             own memory, and kexec_jump_back_entry=)\n"
"      --load-jump-back-helper --entry=ADDR\n"
"                             in a kernel entered by a jump: load the way\n"
"                             back to the kernel that jumped (ADDR is its\n"
"                             kexec_jump_back_entry= on /proc/cmdline)\n"
"  -e, --exec                 run the loaded image now\n"
"  -f, --force                load KERNEL and run it at once, no shutdown\n"
"  -u, --unload               unload the current image\n"
"  -S, --status               exit 1 if an image is loaded, 0 if not; checks\n"
"                             the panic image unless -l is also given\n"
"  -h, --help                 show this help and exit\n"
"  -v, --version              show the version and exit\n"
"  KERNEL alone               load KERNEL, then run 'shutdown -r now'\n"
"\n"
"Load options:\n"
"  -t, --type=TYPE            use the loader TYPE instead of probing\n"
"      --args-none            physical-mode program: no arguments, no\n"
"                             checks; entered at its ELF entry point (a raw\n"
"                             blob: at --load-addr); a jump image on a kernel\n"
"                             without the GDT fix returns through a purgatory\n"
"                             stub that repairs the return; ELF32 on x86_64:\n"
"                             entered by the purgatory in 32-bit mode\n"
"      --args-linux           the ELF file is a Linux vmlinux: load it at its\n"
"                             p_paddr and boot it at e_entry with a\n"
"                             boot_params (--initrd, --append apply)\n"
"      --entry=ADDR           enter at physical address ADDR\n"
"      --load-addr=ADDR       with -t phys: put the raw blob (the whole\n"
"                             file) at physical ADDR, page aligned\n"
"      --mem-min=ADDR         keep every segment at or above ADDR\n"
"      --mem-max=ADDR         keep every segment at or below ADDR\n"
"      --dry-run              check and print the load plan; load nothing\n"
"      --append=TEXT          the kernel command line (Linux), or text for\n"
"                             the called program (through the purgatory);\n"
"                             also --command-line=TEXT\n"
"      --reuse-cmdline        Linux: start from the running kernel's\n"
"                             command line (without BOOT_IMAGE=, and with\n"
"                             -p without crashkernel=); --append adds to it\n"
"      --initrd=FILE          Linux: load FILE as the initial ramdisk\n"
"                             (also --ramdisk=FILE)\n"
"      --console-serial       purgatory debug lines on the serial port\n"
"      --serial=PORT          ttyS0..ttyS3 or an I/O port (default ttyS0)\n"
"      --serial-baud=BAUD     set the UART to BAUD first (default: leave it)\n"
"      --elf32-core-headers, --elf64-core-headers\n"
"                             -p: the crash dump's ELF class (i386: ELF32\n"
"                             unless RAM reaches 4 GiB; x86_64: ELF64)\n"
"      --hotplug              -p: let the kernel update the crash dump\n"
"                             headers on CPU and memory hotplug\n"
"      --risk-crash-on-return load a jump image even where returning from it\n"
"                             crashes this kernel (see doc/abi.md 3.4 in\n"
"                             the kexec-jump sources)\n"
"  -i, --no-checks            skip the purgatory's sha256 check of the\n"
"                             program's segments\n"
"  -c, --kexec-syscall        load with kexec_load(2): our loaders, purgatory\n"
"  -a, --kexec-syscall-auto   default: a plain bzImage load tries\n"
"                             kexec_file_load(2) first and falls back to\n"
"                             kexec_load(2); everything else uses kexec_load\n"
"  -s, --kexec-file-syscall   load with kexec_file_load(2) only: the kernel\n"
"                             reads, checks and places the bzImage itself\n"
"\n"
"kexec-tools' x86 image options (each image type takes its own, see kexec(8)):\n"
"      --module=\"FILE ARGS\"   multiboot: a module and its command line\n"
"      --args-elf             ELF program: start it with ELF boot notes (the\n"
"                             default for kexec -l of a non-Linux ELF)\n"
"      --real-mode, --entry-32bit\n"
"                             bzImage: enter at the 16-bit or 32-bit entry\n"
"      --reset-vga            Linux: the purgatory sets VGA text mode, clears\n"
"      --console-vga          Linux: the purgatory's lines on the VGA screen\n"
"      --noefi                Linux: no EFI runtime state for the new kernel\n"
"      --dtb=FILE             Linux: FILE as a device tree (SETUP_DTB)\n"
"      --reuse-video-type     Linux: keep the running video type (always so)\n"
"      --pass-memmap-cmdline  -p: the capture map as memmap= words too\n"
"      --reuseinitrd          refused as in kexec-tools on x86\n"
"\n"
"Other options:\n"
"  -p, --load-panic           load KERNEL as the panic (kdump) kernel, booted\n"
"                             when this kernel crashes (needs crashkernel=);\n"
"                             with -S or -u: select the panic image\n"
"      --print-ckr-size       print the size of the crash kernel memory\n"
"  -x, --no-ifdown            -e/-f: leave network interfaces up\n"
"  -y, --no-sync              -e/-f: do not sync file systems first\n"
"  -d, --debug                print the load plan and debug messages\n"
"\n"
"Numbers may be decimal, 0x-prefixed hex or 0-prefixed octal.\n"
"Exit status: 0 success, 1 error, 255 when 'kexec -e' returns without a\n"
"jump; with -S, 1 if the image is loaded, 0 if not, 2 if unknown.  When the\n"
"jump into a program called through the purgatory came back: its return\n"
"value if 0-250, 251 for any other value, 252 if its results cannot be read\n"
"back (e.g. no CONFIG_KALLSYMS_ALL), 253 if the purgatory did not call it.\n",
	f);
}
