/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dmesg-main.c - the vmcore-dmesg command line (vmcore_dmesg_main(), see
 * vmcore.h and doc/vmcore-dmesg.8).
 *
 *   vmcore-dmesg [FILE]      print the log of the kernel that crashed;
 *                            FILE defaults to /proc/vmcore
 *   vmcore-dmesg --help | --version
 *
 * The log is checked in full before anything is printed, so a damaged
 * vmcore gives exit status 1, nothing on stdout and one line on stderr:
 * "vmcore-dmesg: FILE: reason".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "version.h"
#include "vmcore.h"

#define PROG "vmcore-dmesg"
#define DEFAULT_VMCORE "/proc/vmcore"

static void usage(FILE *out)
{
	fputs("Usage: " PROG " [FILE]\n"
	      "Print the kernel log of a crashed kernel from its vmcore: FILE is\n"
	      "/proc/vmcore in the kdump kernel (the default) or a saved copy of it.\n"
	      "\n"
	      "  -h, --help      show this help and exit\n"
	      "  -V, --version   show the version and exit\n"
	      "\n"
	      "Exit status: 0 on success; 1 if FILE cannot be read or is not a\n"
	      "usable vmcore (one line on standard error says why).\n", out);
}

/* @s with control bytes shown as '?', so the message stays one line. */
static void put_name(FILE *err, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, err);
}

int vmcore_dmesg_main(int argc, char **argv, FILE *out, FILE *err)
{
	const char *path = NULL;
	struct diag d = { 0 };
	struct vmcore *vc = NULL;
	int i, opts = 1;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (opts && strcmp(a, "--") == 0) {
			opts = 0;
		} else if (opts && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
			usage(out);
			return fflush(out) == 0 && !ferror(out) ? 0 : 1;
		} else if (opts && (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0)) {
			fprintf(out, PROG " (kexec-jump) %s\n", KJ_VERSION);
			return fflush(out) == 0 && !ferror(out) ? 0 : 1;
		} else if (opts && a[0] == '-' && a[1] != '\0') {
			fputs(PROG ": unknown option '", err);
			put_name(err, a);
			fputs("' (see " PROG " --help)\n", err);
			return 1;
		} else if (path) {
			fputs(PROG ": more than one FILE (see " PROG " --help)\n", err);
			return 1;
		} else {
			path = a;
		}
	}
	if (!path)
		path = DEFAULT_VMCORE;

	if (vmcore_open(&d, path, &vc) == 0 && vmcore_dmesg(&d, vc, NULL) == 0)
		vmcore_dmesg(&d, vc, out);
	vmcore_close(vc);
	if (d.rc == 0 && (fflush(out) != 0 || ferror(out))) {
		fprintf(err, PROG ": writing the log: %s\n", strerror(errno ? errno : EIO));
		return 1;
	}
	if (d.rc == 0)
		return 0;
	fputs(PROG ": ", err);
	put_name(err, path);
	fputs(": ", err);
	put_name(err, d.msg[0] ? d.msg : "failed");
	fputc('\n', err);
	return 1;
}
