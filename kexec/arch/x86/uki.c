/* SPDX-License-Identifier: GPL-2.0-or-later */
/* uki.c - unified kernel images (doc/abi.md 19.2): a PE file with a
 * `.linux` section (a bzImage), and optionally `.initrd` and `.cmdline`.
 * Other sections (.osrel, .uname, .splash, .dtb, .sbat, .pcrsig, ...)
 * are ignored.
 *
 * The loader unpacks and hands over to the bzImage loader: .linux
 * becomes the kernel image, .initrd the initrd unless --initrd/--ramdisk
 * was given, .cmdline the command line unless --append/--command-line or
 * --reuse-cmdline was given (a given one replaces it whole).  A
 * .cmdline is used up to its first NUL, control characters (the newline
 * a text file ends in) turned into blanks, leading and trailing blanks
 * dropped.  What the load pipeline adds to the command line by itself
 * (a panic kernel's elfcorehdr=) follows it.
 *
 * An x86 bzImage is itself a PE file (its EFI stub), so only a `.linux`
 * section makes a file a UKI; this loader is probed before bzImage.  A
 * file with "PE\0\0" whose COFF header or section table is cut off is
 * refused here, unless it is a bzImage ("HdrS"), which the bzImage
 * loader then judges.
 *
 * The segments are the bzImage loader's; their data points into the
 * UKI's bytes (nothing is copied).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file-load.h"
#include "loader.h"
#include "pe.h"

struct uki {
	struct pe_section linux_s, initrd_s, cmdline_s;
	int has_initrd, has_cmdline;
};

/* One optional section: none (0), one (1, its header in @s, bounds
 * checked), or an error for a second one. */
static int uki_section(struct diag *d, const struct image *img,
		       const struct pe_info *pe, const char *name,
		       struct pe_section *s, int *has)
{
	unsigned count;
	int i = pe_find(img->data, pe, name, &count);

	*has = 0;
	if (i < 0)
		return 0;
	if (count > 1)
		return diag_fail(d, -EINVAL,
				 "%s: unified kernel image with %u %s sections; which one to use is ambiguous",
				 img->name, count, name);
	pe_section_get(img->data, pe, (unsigned)i, s);
	*has = 1;
	return pe_section_check(d, img->name, s, img->len);
}

/* -ENOEXEC (reason via diag_debug) = not a UKI; other negative = a UKI
 * (or a PE file without a bzImage's "HdrS") we cannot use. */
static int uki_parse(struct diag *d, const struct image *img, struct uki *u)
{
	struct pe_info pe;
	char why[160];
	int rc, has;

	memset(u, 0, sizeof(*u));
	rc = pe_parse(img->data, img->len, &pe, why, sizeof(why));
	if (rc == PE_BROKEN && !bzimage_magic(img->data, img->len))
		return diag_fail(d, -EINVAL, "%s: PE file: %s", img->name,
				 why);
	if (rc) {
		diag_debug(d, "uki: %s: %s", img->name, why);
		return -ENOEXEC;
	}
	rc = uki_section(d, img, &pe, ".linux", &u->linux_s, &has);
	if (rc)
		return rc;
	if (!has) {
		diag_debug(d, "uki: %s: a PE file without a .linux section",
			   img->name);
		return -ENOEXEC;
	}
	if (u->linux_s.len == 0)
		return diag_fail(d, -EINVAL,
				 "%s: unified kernel image with an empty .linux section",
				 img->name);
	rc = uki_section(d, img, &pe, ".initrd", &u->initrd_s,
			 &u->has_initrd);
	if (rc == 0)
		rc = uki_section(d, img, &pe, ".cmdline", &u->cmdline_s,
				 &u->has_cmdline);
	return rc;
}

static int uki_probe(struct diag *d, const struct image *img)
{
	struct uki u;

	return uki_parse(d, img, &u);
}

/* The command line from .cmdline (@s, @n bytes), then @extra: malloc'd. */
static char *uki_cmdline(const uint8_t *s, size_t n, const char *extra)
{
	size_t i, len, xlen = extra ? strlen(extra) : 0;
	char *c;

	for (len = 0; len < n && s[len]; len++)
		;
	c = malloc(len + 1 + xlen + 1);
	if (!c)
		return NULL;
	for (i = 0; i < len; i++)
		c[i] = s[i] < 0x20 || s[i] == 0x7f ? ' ' : (char)s[i];
	while (len && c[len - 1] == ' ')
		len--;
	for (i = 0; i < len && c[i] == ' '; i++)
		;
	memmove(c, c + i, len - i);
	len -= i;
	if (xlen) {
		if (len)
			c[len++] = ' ';
		memcpy(c + len, extra, xlen);
		len += xlen;
	}
	c[len] = '\0';
	return c;
}

static int uki_load(struct diag *d, const struct image *img,
		    const struct load_opts *o, const struct memmap *m,
		    struct plan *p)
{
	struct load_opts lo = *o;
	struct image kern, rd;
	struct uki u;
	char kname[512], rname[512], *cmd = NULL;
	int rc;

	rc = uki_parse(d, img, &u);
	if (rc == -ENOEXEC && (!d || d->rc == 0))
		return diag_fail(d, rc,
				 "%s: not a unified kernel image (no PE file with a .linux section)",
				 img->name);
	if (rc)
		return rc;

	memset(&kern, 0, sizeof(kern));
	snprintf(kname, sizeof(kname), "%.400s: .linux", img->name);
	kern.name = kname;
	kern.data = img->data + u.linux_s.rawoff;
	kern.len = (size_t)u.linux_s.len;

	if (!o->initrd && u.has_initrd && u.initrd_s.len) {
		memset(&rd, 0, sizeof(rd));
		snprintf(rname, sizeof(rname), "%.400s: .initrd", img->name);
		rd.name = rname;
		rd.data = img->data + u.initrd_s.rawoff;
		rd.len = (size_t)u.initrd_s.len;
		lo.initrd = &rd;
	}
	if (u.has_cmdline &&
	    !(o->opt.given & (OPT_G(OPT_G_APPEND) |
			      OPT_G(OPT_G_REUSE_CMDLINE)))) {
		cmd = uki_cmdline(img->data + u.cmdline_s.rawoff,
				  (size_t)u.cmdline_s.len, o->cmdline);
		if (!cmd)
			return diag_fail(d, -ENOMEM, "out of memory");
		lo.cmdline = cmd;
	}
	diag_debug(d, "%s: UKI: .linux 0x%llx bytes at 0x%x, initrd %s, command line %s",
		   img->name, (unsigned long long)u.linux_s.len,
		   u.linux_s.rawoff,
		   o->initrd ? "from --initrd" : lo.initrd ? ".initrd" : "none",
		   cmd ? ".cmdline" : "from the options");
	rc = bzimage_loader.load(d, &kern, &lo, m, p);
	free(cmd);
	return rc;
}

const struct loader uki_loader = {
	.name = "uki",
	.flags = LOADER_F_LINUX | LOADER_F_JUMP,
	.takes = OPT_G_LINUX | OPT_G(OPT_G_REAL_MODE) | OPT_G(OPT_G_ENTRY_32BIT),
	.summary = "unified kernel image (PE with .linux, .initrd, .cmdline), booted like its bzImage",
	.probe = uki_probe,
	.load = uki_load,
};
