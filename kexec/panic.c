/* SPDX-License-Identifier: GPL-2.0-or-later */
/* panic.c - what a panic load (-p) adds to the load pipeline
 * (load-kind.h; doc/abi.md 15):
 *   prepare  the crash reservation from /proc/iomem, the ELF core
 *            headers (crash.h) from /proc/iomem, the CPUs' crash_notes,
 *            /sys/kernel/vmcoreinfo and /proc/kcore, placed first in the
 *            reservation; the capture kernel's map and elfcorehdr=; every
 *            other segment confined to the reservation.
 * The purgatory boots the capture kernel as for a normal load (its
 * checksums are kdump's integrity check).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crash.h"
#include "file-load.h"
#include "kimage-read.h"
#include "load-kind.h"
#include "sysenv.h"

/* kexec_load flag: the kernel may rewrite the headers on CPU and
 * memory hotplug (Linux 6.6+, doc/abi.md 1.3) */
#define KEXEC_UPDATE_ELFCOREHDR 0x00000004u
/* what Linux reserves for those rewrites: 2 + CPUs + memory ranges */
#define HOTPLUG_MEM_RANGES 8192u

static int cmp_note(const void *a, const void *b)
{
	const struct crash_note *x = a, *y = b;

	return x->pa < y->pa ? -1 : x->pa > y->pa;
}

/* Every CPU's crash_notes (address, size), in CPU order.  *notes is
 * malloc'd. */
static int read_cpu_notes(struct load_ctx *c, struct crash_note **notes,
			  size_t *n)
{
	char dirpath[4096], rel[128], buf[64];
	struct crash_note *v = NULL;
	unsigned *ids = NULL;
	size_t cnt = 0, cap = 0, i;
	struct dirent *e;
	DIR *dir;

	*notes = NULL;
	*n = 0;
	if (env_path(c->env, "/sys/devices/system/cpu", dirpath,
		     sizeof(dirpath)))
		return diag_fail(c->d, -ENAMETOOLONG, "sysroot path too long");
	dir = opendir(dirpath);
	if (!dir)
		return diag_fail(c->d, -errno, "%s: %s", dirpath,
				 strerror(errno));
	while ((e = readdir(dir)) != NULL) {
		unsigned long cpu;
		char *end;

		if (strncmp(e->d_name, "cpu", 3) != 0 ||
		    !isdigit((unsigned char)e->d_name[3]))
			continue;
		cpu = strtoul(e->d_name + 3, &end, 10);
		if (*end || cpu >= CRASH_MAX_CPUS)
			continue;
		if (cnt == cap) {
			size_t nc = cap ? cap * 2 : 16;
			unsigned *ni = realloc(ids, nc * sizeof(*ni));

			if (!ni) {
				closedir(dir);
				free(ids);
				return diag_fail(c->d, -ENOMEM, "out of memory");
			}
			ids = ni;
			cap = nc;
		}
		ids[cnt++] = (unsigned)cpu;
	}
	closedir(dir);
	v = calloc(cnt ? cnt : 1, sizeof(*v));
	if (!v) {
		free(ids);
		return diag_fail(c->d, -ENOMEM, "out of memory");
	}
	*n = 0;
	for (i = 0; i < cnt; i++) {
		unsigned long long pa, sz = CRASH_NOTE_BYTES_DEFAULT;
		char *end;

		snprintf(rel, sizeof(rel), "/sys/devices/system/cpu/cpu%u/crash_notes",
			 ids[i]);
		if (env_read_small(c->env, rel, buf, sizeof(buf)) <= 0)
			continue;          /* not present: no notes */
		pa = strtoull(buf, &end, 16);
		if (end == buf || pa == 0)
			continue;
		snprintf(rel, sizeof(rel), "/sys/devices/system/cpu/cpu%u/crash_notes_size",
			 ids[i]);
		if (env_read_small(c->env, rel, buf, sizeof(buf)) > 0) {
			unsigned long long s = strtoull(buf, &end, 10);

			if (end != buf && s > 0 && s <= 65536)
				sz = s;
		}
		v[*n].pa = pa;
		v[*n].size = sz;
		(*n)++;
	}
	free(ids);
	/* the per-CPU areas are in CPU order; sorting by address keeps the
	 * headers the same whatever order readdir gave */
	qsort(v, *n, sizeof(*v), cmp_note);
	*notes = v;
	return 0;
}

/* x86_64: the kernel text mapping and the direct map's base, from
 * /proc/kcore's PT_LOADs (KASLR moves both). */
static void read_kcore_layout(struct load_ctx *c, struct crash_elf_in *in)
{
	char path[4096];
	struct kcore *kc = NULL;
	struct diag q;
	uint64_t va, pa, sz;
	size_t i;

	memset(&q, 0, sizeof(q));
	in->page_offset = CRASH_PAGE_OFFSET_X86_64;
	if (env_path(c->env, "/proc/kcore", path, sizeof(path)) ||
	    kcore_open(&q, path, &kc)) {
		diag_debug(c->d, "panic load: no kernel text mapping in the headers (%s); the direct map assumed at 0x%" PRIx64,
			   q.msg[0] ? q.msg : "no /proc/kcore", in->page_offset);
		return;
	}
	for (i = 0; kcore_load_seg(kc, i, &va, &pa, &sz) == 0; i++) {
		if (pa == UINT64_MAX || sz == 0)
			continue;
		if (va >= CRASH_KERNEL_MAP_X86_64 && !in->have_text) {
			in->have_text = 1;
			in->text_va = va;
			in->text_pa = pa;
			in->text_size = sz;
		} else if (va < CRASH_KERNEL_MAP_X86_64 && va >= pa &&
			   va >= UINT64_C(0xff00000000000000)) {
			in->page_offset = va - pa;
		}
	}
	kcore_close(kc);
	diag_debug(c->d, "panic load: kernel text 0x%" PRIx64 " at 0x%" PRIx64 " (%" PRIu64 " bytes), direct map at 0x%" PRIx64,
		   in->text_va, in->text_pa, in->text_size, in->page_offset);
}

/* --pass-memmap-cmdline: " memmap=exactmap" and one word per range of
 * the capture kernel's map @m, in hex bytes: RAM "memmap=SIZE@ADDR",
 * ACPI data "memmap=SIZE#ADDR", ACPI NVS and reserved "memmap=SIZE$ADDR"
 * (Linux's '#' is reclaimable ACPI data, so NVS must not get it); other
 * types (unusable, persistent memory) are left out.  @buf holds 20 + 48
 * per range. */
static void memmap_words(const struct memmap *m, char *buf, size_t n)
{
	size_t i, at;

	at = (size_t)snprintf(buf, n, " memmap=exactmap");
	for (i = 0; i < m->n && at < n; i++) {
		const struct mem_region *r = &m->v[i];
		char sep = r->type == MEM_RAM ? '@' :
			   r->type == MEM_ACPI ? '#' :
			   r->type == MEM_NVS || r->type == MEM_RESERVED ? '$' : 0;

		if (sep)
			at += (size_t)snprintf(buf + at, n - at,
					       " memmap=0x%" PRIx64 "%c0x%" PRIx64,
					       r->r.end - r->r.start, sep,
					       r->r.start);
	}
}

static int need_linux(struct load_ctx *c)
{
	const struct options *o = c->o;

	if (!load_boots_linux(c))
		return diag_fail(c->d, -EINVAL,
				 "%.400s: a panic kernel (-p) must be a Linux kernel: a bzImage, or an ELF vmlinux with --args-linux",
				 o->kernel);
	return 0;
}

static int panic_prepare(struct load_ctx *c)
{
	const struct options *o = c->o;
	struct crash_state *cs = &c->u.crash;
	struct diag *d = c->d;
	struct memmap iram, crash;
	struct crash_elf_in in;
	struct crash_note *notes = NULL;
	struct range region, *ram = NULL, hdr;
	size_t nram = 0, nnotes = 0;
	char buf[128];
	uint64_t need;
	int rc;

	rc = need_linux(c);
	if (rc)
		return rc;
	if (env_read_small(c->env, "/sys/kernel/kexec_crash_loaded", buf,
			   sizeof(buf)) == -ENOENT)
		return diag_fail(d, -ENOTSUP,
				 "cannot load the panic kernel %.400s: this kernel was built without CONFIG_CRASH_DUMP (no /sys/kernel/kexec_crash_loaded)",
				 o->kernel);
	memset(&crash, 0, sizeof(crash));
	rc = memmap_load_iomem(d, c->env->sysroot, &iram, &crash);
	if (rc)
		return rc;
	if (crash_load_region(&crash, &region)) {
		rc = diag_fail(d, -EADDRNOTAVAIL,
			       "cannot load the panic kernel %.400s: no memory is reserved for it (no \"Crash kernel\" in %s/proc/iomem): boot this kernel with crashkernel=256M, then load it again",
			       o->kernel, c->env->sysroot);
		goto out;
	}
	need = (uint64_t)c->img.len + c->initrd.len + (1u << 20);
	if (region.end - region.start < need) {
		rc = diag_fail(d, -ENOSPC,
			       "cannot load the panic kernel %.400s: the crash kernel memory 0x%" PRIx64 "-0x%" PRIx64 " (%" PRIu64 " MiB) is smaller than the kernel and initrd (%" PRIu64 " MiB with headers): boot with a larger crashkernel=",
			       o->kernel, region.start, region.end - 1,
			       (region.end - region.start) >> 20, (need + (1u << 20) - 1) >> 20);
		goto out;
	}
	if (c->is_64 && region.start > PURGATORY_MAX_ADDR) {
		rc = diag_fail(d, -EADDRNOTAVAIL,
			       "cannot load the panic kernel %.400s with kexec_load: the crash kernel memory 0x%" PRIx64 "-0x%" PRIx64 " lies above 2 GiB, where this kexec's purgatory cannot run; use -s (kexec_file_load) or reserve it lower (crashkernel=SIZE without ,high)",
			       o->kernel, region.start, region.end - 1);
		goto out;
	}
	cs->region_start = region.start;
	cs->region_end = region.end - 1;

	/* the headers */
	memset(&in, 0, sizeof(in));
	in.x86_64 = c->is_64;
	ram = calloc(CRASH_MAX_RAM, sizeof(*ram));
	if (!ram) {
		rc = diag_fail(d, -ENOMEM, "out of memory");
		goto out;
	}
	rc = crash_dump_ranges(d, &iram, &crash, ram, CRASH_MAX_RAM, &nram);
	if (rc)
		goto out;
	if (c->is_64) {
		if (o->core_headers == 32) {
			rc = diag_fail(d, -EINVAL,
				       "--elf32-core-headers: an x86_64 kernel's crash dump needs ELF64 core headers");
			goto out;
		}
		in.elf64 = 1;
	} else {
		in.elf64 = o->core_headers == 64 ||
			   (o->core_headers == 0 && nram &&
			    ram[nram - 1].end > UINT64_C(0x100000000));
	}
	in.ram = ram;
	in.nram = nram;
	rc = read_cpu_notes(c, &notes, &nnotes);
	if (rc)
		goto out;
	if (nnotes == 0)
		diag_debug(d, "panic load: no CPU has crash_notes; the dump will have no register notes");
	in.notes = notes;
	in.nnotes = nnotes;
	if (env_read_small(c->env, "/sys/kernel/vmcoreinfo", buf,
			   sizeof(buf)) > 0) {
		unsigned long long a, s;

		if (sscanf(buf, "%llx %llx", &a, &s) == 2 && a && s &&
		    s <= 65536) {
			in.vmcoreinfo.pa = a;
			in.vmcoreinfo.size = s;
		}
	}
	if (!in.vmcoreinfo.size)
		diag_debug(d, "panic load: no /sys/kernel/vmcoreinfo: the dump carries no VMCOREINFO");
	if (c->is_64) {
		read_kcore_layout(c, &in);
	} else {
		in.page_offset = CRASH_PAGE_OFFSET_I386;
		in.vaddr_limit = CRASH_I386_LOWMEM_END;
	}
	if (o->hotplug)
		in.spare_phdrs = CRASH_MAX_CPUS > HOTPLUG_MEM_RANGES ?
				 CRASH_MAX_CPUS : HOTPLUG_MEM_RANGES;
	rc = crash_elf_build(d, &in, &cs->hdr, &cs->hdr_len, &cs->hdr_memsz);
	if (rc)
		goto out;

	/* everything goes into the reservation; the headers first, at its
	 * start (as Linux's own file loader puts them) */
	if (c->p.mem_min < region.start)
		c->p.mem_min = region.start;
	if (c->p.mem_max > region.end - 1)
		c->p.mem_max = region.end - 1;
	rc = plan_find_space(&c->p, d, &c->mm, cs->hdr_memsz, KJ_PAGE_SIZE,
			     0, UINT64_MAX, 0, &cs->hdr_pa);
	if (rc) {
		diag_prefix(d, "%.400s: the ELF core headers: ", o->kernel);
		goto out;
	}
	rc = plan_add(&c->p, d, cs->hdr, cs->hdr_len, cs->hdr_pa,
		      cs->hdr_memsz, "ELF core headers", 1);
	cs->hdr = NULL;           /* the plan owns them now */
	if (rc)
		goto out;
	if (o->hotplug) {
		/* the kernel rewrites them on CPU/memory hotplug, so the
		 * purgatory must not check them */
		c->p.seg[c->p.nseg - 1].no_hash = 1;
		c->p.flags |= KEXEC_UPDATE_ELFCOREHDR;
	}
	hdr = (struct range){ cs->hdr_pa, cs->hdr_pa + cs->hdr_memsz };
	rc = crash_capture_map(d, &c->mm, &crash, region, hdr, &cs->cmap);
	if (rc)
		goto out;
	c->lo.boot_e820 = &cs->cmap;
	c->lo.relocate_linux = 1;

	/* elfcorehdr= tells the capture kernel where the headers are;
	 * --pass-memmap-cmdline adds its map as memmap= words */
	{
		size_t n = (c->cmdline ? strlen(c->cmdline) : 0) + 40, at;

		if (o->pass_memmap_cmdline)
			n += 20 + cs->cmap.n * 48;
		cs->cmdline = malloc(n);
		if (!cs->cmdline) {
			rc = diag_fail(d, -ENOMEM, "out of memory");
			goto out;
		}
		snprintf(cs->cmdline, n, "%s%selfcorehdr=0x%" PRIx64,
			 c->cmdline ? c->cmdline : "",
			 c->cmdline && c->cmdline[0] ? " " : "", cs->hdr_pa);
		at = strlen(cs->cmdline);
		if (o->pass_memmap_cmdline)
			memmap_words(&cs->cmap, cs->cmdline + at, n - at);
		c->lo.cmdline = cs->cmdline;
	}
	diag_debug(d, "panic load: crash kernel memory 0x%" PRIx64 "-0x%" PRIx64 ", %zu CPU notes, %zu RAM ranges, ELF%d core headers at 0x%" PRIx64 " (%zu bytes)",
		   region.start, region.end - 1, nnotes, nram, in.elf64 ? 64 : 32,
		   cs->hdr_pa, cs->hdr_len);
out:
	free(notes);
	free(ram);
	memmap_free(&iram);
	memmap_free(&crash);
	return rc;
}

static void panic_release(struct load_ctx *c)
{
	free(c->u.crash.hdr);
	free(c->u.crash.cmdline);
	memmap_free(&c->u.crash.cmap);
}

const struct load_kind load_kind_panic = {
	.name = "panic",
	.flags = KEXEC_ON_CRASH,
	.prepare = panic_prepare,
	.release = panic_release,
};
