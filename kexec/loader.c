/* SPDX-License-Identifier: GPL-2.0-or-later */
/* loader.c - the image format table and its walk (loader.h).
 *
 * Without --type the loaders are probed in table order; the first that
 * says "mine" (0) loads the file, "mine but broken" (negative, not
 * -ENOEXEC) stops the walk with its message.  With --type the named
 * loader is forced, but its probe still runs, so a mismatch is reported
 * together with the type that would have matched.
 *
 * A loader marked forced_only (a raw blob: any bytes are a valid blob, so
 * it cannot be recognised) is never probed: the walk without --type skips
 * it, "tried:" does not list it, and it is never suggested as the type
 * that matches; with --type it is used without a probe.  "valid types:"
 * lists it, since --type is how it is chosen.
 *
 * Type aliases: kexec-tools names the same format "elf-x86" in its i386
 * build and "elf-x86_64" in its x86_64 build; our single elf-x86 loader
 * handles both classes, so both spellings are accepted for scripts
 * written for either.  No other alias (such as a bare "elf") is taken,
 * to stay exactly within kexec-tools' spellings.  Likewise "bzImage64"
 * (kexec-tools' x86_64 name) for our one bzImage loader.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

const struct loader *const kj_loaders[] = {
	&uki_loader,          /* before bzImage: a bzImage is a PE file too */
	/* before elf-x86: a multiboot kernel is usually a valid ELF too */
	&multiboot2_x86_loader,
	&multiboot_x86_loader,
	&elf_x86_loader,
	&bzimage_loader,
	&phys_loader,
	NULL,
};

static const struct {
	const char *alias;
	const char *name;
} loader_aliases[] = {
	{ "elf-x86_64", "elf-x86" },
	{ "bzImage64", "bzImage" },
};

const struct loader *loader_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(loader_aliases) / sizeof(loader_aliases[0]); i++)
		if (strcmp(name, loader_aliases[i].alias) == 0)
			name = loader_aliases[i].name;
	for (i = 0; kj_loaders[i]; i++)
		if (strcmp(name, kj_loaders[i]->name) == 0)
			return kj_loaders[i];
	return NULL;
}

/* Which loaders loader_names() lists. */
enum { NAMES_ALL, NAMES_PROBED, NAMES_FORCED_ONLY };

/* "a, b, c" list of loader names for messages ("" if none). */
static void loader_names(char *buf, size_t n, int which)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; kj_loaders[i] && off < n; i++) {
		int w;

		if ((which == NAMES_PROBED && kj_loaders[i]->forced_only) ||
		    (which == NAMES_FORCED_ONLY && !kj_loaders[i]->forced_only))
			continue;
		w = snprintf(buf + off, n - off, "%s%s", off ? ", " : "",
			     kj_loaders[i]->name);
		if (w < 0)
			break;
		off += (size_t)w;
	}
}

/* Probe one loader.  -ENOEXEC leaves no recorded error behind. */
static int probe_one(struct diag *d, const struct loader *l,
		     const struct image *img)
{
	int had_error = d && d->rc != 0;
	int rc = l->probe(d, img);

	if (rc == -ENOEXEC && !had_error)
		diag_clear(d);
	diag_debug(d, "probe %s: %s", l->name,
		   rc == 0 ? "match" : rc == -ENOEXEC ? "no match" : "match, but broken");
	return rc;
}

/* kexec-tools' x86 types we do not load, with why. */
static const struct {
	const char *name;
	const char *why;
} unsupported[] = {
	{ "nbi-x86", "Etherboot network boot images (NBI) are not supported by kexec-jump; boot the kernel inside the image directly (a bzImage, ELF or multiboot file)" },
	{ "beoboot-x86", "Beowulf beoboot images are not supported by kexec-jump; boot the kernel and initrd inside the image directly (a bzImage with --initrd)" },
};

/* The image-specific options @o gives that @l does not take: one line
 * naming the first, or 0. */
int loader_check_takes(struct diag *d, const struct image *img,
		       const struct load_opts *o, const struct loader *l)
{
	uint32_t extra = o->opt.given & ~l->takes;
	unsigned bit;

	if (!extra)
		return 0;
	for (bit = 0; !(extra & OPT_G(bit)); bit++)
		;
	return diag_fail(d, -EINVAL, "%s: %s does not apply to %s images (%s)",
			 img->name, options_given_name(bit), l->name,
			 l->summary);
}

int loader_identify(struct diag *d, const struct image *img,
		    const struct load_opts *o, const struct loader **out)
{
	const char *type = o->opt.type;
	const struct loader *l = NULL;
	int had_error = d && d->rc != 0;
	char names[256];
	size_t i;
	int rc;

	*out = NULL;
	if (type) {
		for (i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
			if (strcmp(type, unsupported[i].name) == 0)
				return diag_fail(d, -EINVAL, "%s: --type=%s: %s",
						 img->name, type,
						 unsupported[i].why);
		l = loader_by_name(type);
		if (!l) {
			loader_names(names, sizeof(names), NAMES_ALL);
			return diag_fail(d, -EINVAL,
					 "%s: unknown image type \"%s\" (valid types: %s)",
					 img->name, type, names);
		}
		rc = l->forced_only ? 0 : probe_one(d, l, img);
		if (rc == -ENOEXEC) {
			const struct loader *other = NULL;

			for (i = 0; kj_loaders[i]; i++) {
				if (kj_loaders[i] == l ||
				    kj_loaders[i]->forced_only)
					continue;
				if (probe_one(d, kj_loaders[i], img) != -ENOEXEC) {
					other = kj_loaders[i];
					break;
				}
			}
			/* a broken "other" may have recorded a message */
			if (!had_error)
				diag_clear(d);
			if (other)
				return diag_fail(d, -ENOEXEC,
						 "%s: --type=%s does not match this file; it looks like %s (use --type=%s or leave out --type)",
						 img->name, type, other->name,
						 other->name);
			return diag_fail(d, -ENOEXEC,
					 "%s: --type=%s does not match this file, and no other loader recognises it either",
					 img->name, type);
		}
		if (rc)
			return rc;
	} else {
		for (i = 0; kj_loaders[i]; i++) {
			if (kj_loaders[i]->forced_only)
				continue;
			rc = probe_one(d, kj_loaders[i], img);
			if (rc == 0) {
				l = kj_loaders[i];
				break;
			}
			if (rc != -ENOEXEC)
				return rc;
		}
		if (!l) {
			char forced[128], hint[96] = "";

			loader_names(names, sizeof(names), NAMES_PROBED);
			loader_names(forced, sizeof(forced), NAMES_FORCED_ONLY);
			/* an option only a --type-only loader takes says
			 * which type was meant */
			for (i = 0; kj_loaders[i]; i++) {
				uint32_t only = o->opt.given &
						kj_loaders[i]->takes;
				unsigned bit;

				if (!kj_loaders[i]->forced_only || !only)
					continue;
				for (size_t j = 0; kj_loaders[j]; j++)
					if (!kj_loaders[j]->forced_only)
						only &= ~kj_loaders[j]->takes;
				for (bit = 0; bit < OPT_G_COUNT; bit++)
					if (only & OPT_G(bit))
						break;
				if (bit < OPT_G_COUNT) {
					snprintf(hint, sizeof(hint),
						 "; %s needs --type=%s",
						 options_given_name(bit),
						 kj_loaders[i]->name);
					break;
				}
			}
			return diag_fail(d, -ENOEXEC,
					 "%s: not a recognised kernel image (tried: %s%s%s%s)",
					 img->name, names,
					 forced[0] ? "; by --type only: " : "",
					 forced, hint);
		}
	}
	*out = l;
	return 0;
}

int loader_load(struct diag *d, const struct image *img,
		const struct load_opts *o, const struct memmap *m,
		struct plan *p)
{
	const struct loader *l;
	int rc = loader_identify(d, img, o, &l);

	if (rc)
		return rc;
	rc = loader_check_takes(d, img, o, l);
	if (rc)
		return rc;
	return loader_run(d, l, img, o, m, p);
}

int loader_run(struct diag *d, const struct loader *l,
	       const struct image *img, const struct load_opts *o,
	       const struct memmap *m, struct plan *p)
{
	struct plan *saved;
	int rc;

	diag_debug(d, "%s: loading as %s", img->name, l->name);
	/* a loader that fails leaves the plan exactly as it was: its
	 * segments go, and so does anything it set */
	saved = malloc(sizeof(*saved));
	if (!saved)
		return diag_fail(d, -ENOMEM, "out of memory");
	*saved = *p;
	rc = l->load(d, img, o, m, p);
	if (rc) {
		plan_truncate(p, saved->nseg);
		*p = *saved;
	}
	free(saved);
	return rc;
}
