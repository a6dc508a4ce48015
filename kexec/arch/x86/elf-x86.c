/* SPDX-License-Identifier: GPL-2.0-or-later */
/* elf-x86.c - x86 ELF executables (ELF32 i386 and ELF64 x86_64) as
 * physical-mode programs (doc/abi.md 4.4, 7.1).
 *
 * One loader for both widths: the width is a property of the image (ELF
 * class), checked against the width of the running kernel, because with
 * --args-none nothing sits between the kernel's jump and the program
 * (doc/abi.md 3.2/3.3, 7.3): an x86_64 kernel enters in 64-bit long
 * mode, an i386 kernel in 32-bit protected mode.  An ELF32 program on
 * an x86_64 kernel goes through the purgatory, which leaves long mode
 * for it (plan.entry_bits 32, or a PLAN_BOOT_32 register boot for a
 * normal kexec); an ELF64 program cannot run on an i386 kernel.
 *
 * Probe and load share elf_x86_identify() so they cannot drift.
 *
 * With --args-linux the file is a Linux vmlinux instead (vmlinux_load()
 * below): the same segments, but entered through the purgatory's
 * Linux-boot mode with a boot_params, like a bzImage.
 *
 * Differences from kexec-tools, on purpose: ET_DYN images are loaded at
 * their p_paddr as-is (no relocation into a free hole); PT_LOAD segments
 * with p_memsz == 0 are skipped instead of becoming empty segments.
 * Segment labels number the PT_LOAD headers in file order, counting from 0
 * and including skipped empty ones ("ELF64 PT_LOAD #1" is the second
 * PT_LOAD, as listed by `readelf -l`).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf-boot-notes.h"
#include "elf.h"
#include "le.h"
#include "linux-params.h"

typedef unsigned long long ull;

#ifndef PT_NOTE
#define PT_NOTE 4        /* gABI */
#endif

/* an x86_64 kernel must run 2 MiB aligned (head_64.S) */
#define VMLINUX_ALIGN_64 0x200000u

/* Offsets in e_ident / the ELF header (gABI) needed before parsing. */
#define EI_CLASS 4
#define EI_DATA  5
#define E_TYPE_OFF    16
#define E_MACHINE_OFF 18

/* Decide whether @img is an x86 ELF executable.
 * Returns 0 and fills @e; -ENOEXEC with @why filled (nothing recorded);
 * or another negative errno when it is ours but broken (recorded). */
static int elf_x86_identify(struct diag *d, const struct image *img,
			    struct elf_info *e, char *why, size_t whylen)
{
	const uint8_t *b = img->data;
	unsigned machine, type, cls;

	memset(e, 0, sizeof(*e));
	if (!elf_is_elf(b, img->len)) {
		snprintf(why, whylen, "no ELF magic");
		return -ENOEXEC;
	}
	/* With the magic present but too short to identify, call it ours:
	 * nothing else on x86 takes ELF files, and "truncated ELF header"
	 * is more useful than "not recognised". */
	if (img->len < E_MACHINE_OFF + 2)
		return elf_parse(d, img->name, b, img->len, e);
	cls = b[EI_CLASS];
	machine = (unsigned)(b[E_MACHINE_OFF] | (b[E_MACHINE_OFF + 1] << 8));
	type = (unsigned)(b[E_TYPE_OFF] | (b[E_TYPE_OFF + 1] << 8));
	if (b[EI_DATA] != 1) {
		snprintf(why, whylen, "not a little-endian ELF (EI_DATA %u)",
			 b[EI_DATA]);
		return -ENOEXEC;
	}
	if (!(((machine == EM_386 || machine == EM_486) && cls == ELFCLASS32) ||
	      (machine == EM_X86_64 && cls == ELFCLASS64))) {
		snprintf(why, whylen,
			 "e_machine %u with ELF class %u is not i386 ELF32 or x86_64 ELF64",
			 machine, cls);
		return -ENOEXEC;
	}
	if (type != ET_EXEC && type != ET_DYN) {
		snprintf(why, whylen,
			 "e_type %u is not an executable (ET_EXEC or ET_DYN)",
			 type);
		return -ENOEXEC;
	}
	return elf_parse(d, img->name, b, img->len, e);
}

static int elf_x86_probe(struct diag *d, const struct image *img)
{
	struct elf_info e;
	char why[128];
	int rc;

	rc = elf_x86_identify(d, img, &e, why, sizeof(why));
	if (rc == -ENOEXEC && (!d || d->rc == 0)) {
		diag_debug(d, "elf-x86: %s: %s", img->name, why);
		return rc;
	}
	elf_info_free(&e);
	return rc;
}

/* Refuse PT_INTERP; count the non-empty PT_LOAD headers against the
 * kernel's segment limit. */
static int check_phdrs(struct diag *d, const char *name,
		       const struct elf_info *e)
{
	size_t i, nseg = 0;

	for (i = 0; i < e->phnum; i++) {
		if (e->ph[i].type == PT_INTERP)
			return diag_fail(d, -EINVAL,
					 "%s: dynamically linked program (has PT_INTERP); only static physical-mode programs can be loaded",
					 name);
		if (e->ph[i].type == PT_LOAD && e->ph[i].memsz)
			nseg++;
	}
	if (nseg > KEXEC_SEGMENT_MAX)
		return diag_fail(d, -E2BIG,
				 "%s: %zu non-empty PT_LOAD segments, but the kernel accepts at most %d segments",
				 name, nseg, KEXEC_SEGMENT_MAX);
	return 0;
}

/* One plan segment per non-empty PT_LOAD, at p_paddr, memsz p_memsz. */
static int add_segments(struct diag *d, const struct image *img,
			const struct elf_info *e, int bits, uint64_t delta,
			struct plan *p)
{
	const char *name = img->name;
	char label[64];
	size_t i, k;
	int rc;

	for (i = 0, k = 0; i < e->phnum; i++) {
		const struct elf_phdr *ph = &e->ph[i];

		if (ph->type != PT_LOAD)
			continue;
		snprintf(label, sizeof(label), "ELF%d PT_LOAD #%zu", bits, k++);
		if (ph->memsz == 0) {
			diag_debug(d, "%s: %s has p_memsz 0, skipped", name,
				   label);
			continue;
		}
		if (ph->paddr % KJ_PAGE_SIZE)
			return diag_fail(d, -EINVAL,
					 "%s: %s: p_paddr 0x%llx is not page aligned (must be a multiple of 0x%x)",
					 name, label, (ull)ph->paddr,
					 KJ_PAGE_SIZE);
		/* elf_parse() checked offset + filesz <= len, filesz <= memsz */
		rc = plan_add(p, d, ph->filesz ? img->data + ph->offset : NULL,
			      (size_t)ph->filesz, ph->paddr + delta, ph->memsz,
			      label, 0);
		if (rc) {
			diag_prefix(d, "%s: ", name);
			return rc;
		}
		diag_debug(d, "%s: %s: paddr 0x%llx filesz 0x%llx memsz 0x%llx",
			   name, label, (ull)(ph->paddr + delta),
			   (ull)ph->filesz, (ull)ph->memsz);
	}
	return 0;
}

/* --args-linux: an ELF vmlinux booted like a bzImage, through the
 * purgatory's Linux-boot mode (doc/abi.md 5.3, 7.2).  What makes a file
 * a vmlinux here: ET_EXEC, and the entry (e_entry, a physical address in
 * a vmlinux, or --entry) inside the file data of a PT_LOAD.  Its segments
 * go to p_paddr (plan_finalize checks they are System RAM); the initrd
 * and boot_params (a made-up setup header, linux-params.c) are placed
 * like a bzImage's.  The entry width is the purgatory's, so the running
 * kernel's: ELF64 (startup_64) from x86_64, ELF32 (startup_32) from
 * i386. */
static int vmlinux_load(struct diag *d, const struct image *img,
			const struct elf_info *e, int bits,
			const struct load_opts *o, const struct memmap *m,
			struct plan *p)
{
	const char *name = img->name;
	uint64_t entry = o->opt.have_entry ? o->opt.entry : e->entry;
	struct linux_hdr h;
	uint8_t hdr[H_END_CAP];
	uint64_t delta = 0;
	size_t i;
	int rc, inside = 0;

	if (o->opt.preserve_context)
		return diag_fail(d, -ENOTSUP,
				 "%s: --args-linux boots a vmlinux by a normal kexec; a jump to Linux (--load-preserve-context) needs its bzImage",
				 name);
	if (e->type != ET_EXEC)
		return diag_fail(d, -ENOEXEC,
				 "%s: --args-linux needs an ELF vmlinux, which is ET_EXEC; this file has e_type %u",
				 name, e->type);
	if (bits == 32 && o->kernel_64)
		return diag_fail(d, -ENOEXEC,
				 "%s: an ELF32 (i386) vmlinux cannot be booted from this x86_64 kernel (the purgatory enters it in 64-bit mode); boot it from an i386 kernel",
				 name);
	if (bits == 64 && !o->kernel_64)
		return diag_fail(d, -ENOEXEC,
				 "%s: an ELF64 (x86_64) vmlinux is entered in 64-bit long mode, which this i386 kernel cannot provide",
				 name);
	rc = check_phdrs(d, name, e);
	if (rc)
		return rc;
	for (i = 0; i < e->phnum; i++) {
		const struct elf_phdr *ph = &e->ph[i];

		if (ph->type == PT_LOAD && entry >= ph->paddr &&
		    entry - ph->paddr < ph->filesz)
			inside = 1;
	}
	if (!inside)
		return diag_fail(d, -ENOEXEC,
				 "%s: --args-linux: the entry 0x%llx (%s) is not in the file data of any PT_LOAD segment at its p_paddr; not a vmlinux",
				 name, (ull)entry, o->opt.have_entry ? "--entry" : "e_entry");
	/* A panic kernel must lie in the crash reservation: an x86_64
	 * vmlinux runs wherever it is loaded 2 MiB aligned (its startup
	 * code finds phys_base from where it runs), so it moves there; an
	 * i386 one only runs at its p_paddr. */
	if (o->relocate_linux) {
		uint64_t lo = UINT64_MAX, hi = 0, base;

		for (i = 0; i < e->phnum; i++)
			if (e->ph[i].type == PT_LOAD && e->ph[i].memsz) {
				if (e->ph[i].paddr < lo)
					lo = e->ph[i].paddr;
				if (e->ph[i].paddr + e->ph[i].memsz > hi)
					hi = e->ph[i].paddr + e->ph[i].memsz;
			}
		if (bits == 32 && (lo < p->mem_min || hi - 1 > p->mem_max))
			return diag_fail(d, -EINVAL,
					 "%s: an i386 vmlinux runs only at its p_paddr (0x%llx-0x%llx), outside the crash kernel memory 0x%llx-0x%llx; load its bzImage instead",
					 name, (ull)lo, (ull)hi - 1,
					 (ull)p->mem_min, (ull)p->mem_max);
		if (bits == 64 && lo % VMLINUX_ALIGN_64)
			return diag_fail(d, -EINVAL,
					 "%s: the vmlinux starts at 0x%llx, not 2 MiB aligned, so it cannot be moved",
					 name, (ull)lo);
		if (bits == 64 && (lo < p->mem_min || hi - 1 > p->mem_max)) {
			rc = plan_find_space(p, d, m, hi - lo, VMLINUX_ALIGN_64,
					     0, UINT64_MAX, 0, &base);
			if (rc) {
				diag_prefix(d, "%s: no room for the vmlinux (%llu bytes): ",
					    name, (ull)(hi - lo));
				return rc;
			}
			delta = base - lo;
			entry += delta;
			diag_debug(d, "%s: vmlinux moved from 0x%llx to 0x%llx",
				   name, (ull)lo, (ull)base);
		}
	}
	rc = add_segments(d, img, e, bits, delta, p);
	if (rc)
		return rc;
	linux_hdr_synthetic(hdr, &h);
	rc = linux_params_add(d, name, &h, o, m, p, entry,
			      o->opt.have_entry ? "--entry" : "e_entry (vmlinux)");
	if (rc)
		return rc;
	diag_debug(d, "%s: ELF%d vmlinux, entry 0x%llx", name, bits,
		   (ull)entry);
	return 0;
}

/* A PT_NOTE holds a note named "Linux" (a vmlinux: its .notes section
 * has them, e.g. LINUX_ELFNOTE_BUILD_SALT).  Bounded walk; anything
 * malformed counts as "no". */
static int has_linux_note(const struct image *img, const struct elf_info *e)
{
	size_t i;

	for (i = 0; i < e->phnum; i++) {
		const struct elf_phdr *ph = &e->ph[i];
		uint64_t off, end;

		if (ph->type != PT_NOTE || ph->offset > img->len ||
		    ph->filesz > img->len - ph->offset)
			continue;
		off = ph->offset;
		end = ph->offset + ph->filesz;
		while (end - off >= 12) {
			const uint8_t *n = img->data + off;
			uint64_t namesz = get_le(n, 4), descsz = get_le(n + 4, 4);
			uint64_t name = off + 12;

			if (namesz == 6 && end - name >= 6 &&
			    memcmp(img->data + name, "Linux", 6) == 0)
				return 1;
			off = name + ((namesz + 3) & ~3ull);
			if (off > end)
				break;
			if (((descsz + 3) & ~3ull) > end - off)
				break;
			off += (descsz + 3) & ~3ull;
		}
	}
	return 0;
}

/* --args-elf: the ELF boot notes (elf-boot-notes.h) in a page below
 * 4 GiB, highest fit at or above 1 MiB, and the register boot that
 * passes them as kexec-tools does (doc/abi.md 20): ELF32 [ESP] = 0 (no
 * return address), [ESP+4] = their address; ELF64 RDI = it. */
static int add_boot_notes(struct diag *d, const char *name, int bits,
			  const struct load_opts *o, const struct memmap *m,
			  struct plan *p)
{
	uint8_t *notes;
	size_t len;
	uint64_t at;
	int rc;

	rc = ebn_build(d, name, "kexec-jump " PACKAGE_VERSION, o->cmdline,
		       &notes, &len);
	if (rc)
		return rc;
	rc = plan_find_space(p, d, m, len, KJ_PAGE_SIZE, 0x100000,
			     0xffffffffull, 1, &at);
	if (rc) {
		free(notes);
		diag_prefix(d, "%s: no room for the ELF boot notes: ", name);
		return rc;
	}
	rc = plan_add(p, d, notes, len, at, len, "ELF boot notes", 1);
	if (rc) {
		diag_prefix(d, "%s: ", name);
		return rc;
	}
	memset(&p->boot, 0, sizeof(p->boot));
	if (bits == 32) {
		p->boot.mode = PLAN_BOOT_32;
		p->boot.stack[0] = 0;
		p->boot.stack[1] = at;
		p->boot.nstack = 2;
	} else {
		p->boot.mode = PLAN_BOOT_64;
		p->boot.reg[PLAN_REG_DI] = at;
	}
	p->entry_bits = 0;
	diag_debug(d, "%s: ELF boot notes (%zu bytes) at 0x%llx", name, len,
		   (ull)at);
	return 0;
}

static int elf_x86_load(struct diag *d, const struct image *img,
			const struct load_opts *o, const struct memmap *m,
			struct plan *p)
{
	const char *name = img->name;
	struct elf_info e;
	char why[128];
	int rc, bits, notes;

	rc = elf_x86_identify(d, img, &e, why, sizeof(why));
	if (rc == -ENOEXEC && (!d || d->rc == 0))
		return diag_fail(d, rc, "%s: not an x86 ELF executable (%s)",
				 name, why);
	if (rc)
		return rc;
	bits = e.elfclass == ELFCLASS64 ? 64 : 32;

	if (o->opt.args_linux) {
		rc = vmlinux_load(d, img, &e, bits, o, m, p);
		goto out;
	}
	/* --args-elf, also the default for a normal load: ELF boot notes */
	notes = !o->opt.args_none && !o->via_purgatory;
	if (o->opt.args_elf && o->opt.preserve_context) {
		rc = diag_fail(d, -EINVAL,
			       "%s: --args-elf starts a program by a normal kexec; with --load-preserve-context the purgatory calls it (leave out --args-elf)",
			       name);
		goto out;
	}
	if (notes && !o->opt.args_elf && has_linux_note(img, &e)) {
		rc = diag_fail(d, -EINVAL,
			       "%s: a Linux vmlinux (it has \"Linux\" ELF notes): boot it with --args-linux (ELF boot notes, the default for ELF programs, would not start it; --args-elf forces them)",
			       name);
		goto out;
	}
	rc = check_phdrs(d, name, &e);
	if (rc)
		goto out;
	/* ELF32 on an x86_64 kernel: the purgatory leaves long mode for it
	 * (doc/abi.md 10.7): called, entered directly (--args-none jump), or
	 * started with no return (a normal kexec of --args-none) */
	if (bits == 32 && o->kernel_64) {
		if (o->opt.preserve_context)
			p->entry_bits = 32;
		else if (p->boot.mode == PLAN_BOOT_NONE)
			p->boot.mode = PLAN_BOOT_32;
	}
	if (bits == 64 && !o->kernel_64) {
		rc = diag_fail(d, -EINVAL,
			       "%s: ELF64 (x86_64) program cannot be entered by this i386 kernel (it jumps in 32-bit protected mode); build it as ELF32",
			       name);
		goto out;
	}
	rc = add_segments(d, img, &e, bits, 0, p);
	if (rc)
		goto out;

	if (o->opt.have_entry) {
		p->entry = o->opt.entry;
		snprintf(p->entry_what, sizeof(p->entry_what), "--entry");
	} else {
		p->entry = e.entry;
		snprintf(p->entry_what, sizeof(p->entry_what), "e_entry");
	}
	if (o->opt.preserve_context)
		p->flags |= KEXEC_PRESERVE_CONTEXT;
	p->arch = o->kernel_64 ? KEXEC_ARCH_X86_64 : KEXEC_ARCH_386;
	rc = notes ? add_boot_notes(d, name, bits, o, m, p) : 0;
out:
	elf_info_free(&e);
	return rc;
}

const struct loader elf_x86_loader = {
	.name = "elf-x86",
	.flags = LOADER_F_JUMP | LOADER_F_LINUX_ARGS,
	.takes = OPT_G_LINUX | OPT_G(OPT_G_ARGS_NONE) | OPT_G(OPT_G_ARGS_LINUX) |
		 OPT_G(OPT_G_ARGS_ELF) | OPT_G(OPT_G_ENTRY),
	.summary = "static ELF32 (i386) or ELF64 (x86_64) program: started with ELF boot notes (--args-elf, the default), called (--load-preserve-context), --args-none, or a Linux vmlinux (--args-linux)",
	.probe = elf_x86_probe,
	.load = elf_x86_load,
};
