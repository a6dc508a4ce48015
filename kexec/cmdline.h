/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmdline.h - the new kernel's command line (--append, --reuse-cmdline). */
#ifndef KJ_CMDLINE_H
#define KJ_CMDLINE_H

#include "diag.h"

/* Build the command line for a Linux kernel: with @running (the text of
 * /proc/cmdline, for --reuse-cmdline) its words except those starting
 * with "BOOT_IMAGE=", and with @panic those starting with "crashkernel="
 * (a capture kernel must not reserve memory again; a kexec reboot keeps
 * them, so the next kernel can still load a panic kernel),
 * separated by one blank (leading/trailing blanks and the newline
 * dropped), then one blank and @append as it is (may be NULL or "").
 * Without @running the result is @append verbatim.  A word is a run of non-blank
 * characters, where blanks inside double quotes belong to the word
 * (`foo="a b"`).  Returns 0 with a malloc'd string in *out ("" when
 * empty), or -ENOMEM. */
int cmdline_build(struct diag *d, const char *running, const char *append,
		  int panic, char **out);

/* Does @cmdline have the word @word (alone, or as "word=...")? */
int cmdline_has_word(const char *cmdline, const char *word);

#endif
