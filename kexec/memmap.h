/* SPDX-License-Identifier: GPL-2.0-or-later */
/* memmap.h - the machine's physical memory map, as user space can see it.
 *
 * Sources, in order: <sysroot>/sys/firmware/memmap/N/{start,end,type}
 * (the firmware e820), falling back to <sysroot>/proc/iomem.  sysroot is
 * "" on a real system; tests point it at tests/fixtures/<name>/ (in
 * process, or through KEXEC_SYSROOT, which only the test build of main.c
 * reads).
 */
#ifndef KJ_MEMMAP_H
#define KJ_MEMMAP_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "range.h"

/* e820 type numbers (doc/abi.md 5.4) */
enum mem_type {
	MEM_RAM = 1,
	MEM_RESERVED = 2,
	MEM_ACPI = 3,
	MEM_NVS = 4,
	MEM_UNUSABLE = 5,
	MEM_PMEM = 7,
	MEM_PRAM = 12,
};

struct mem_region {
	struct range r;        /* half-open */
	enum mem_type type;
};

struct memmap {
	struct mem_region *v;  /* sorted by start, same-type neighbours merged */
	size_t n;
	size_t cap;
	const char *source;    /* static string: "sysfs", "iomem" or "test" */
};

/* Add one region (inclusive end, as the files give it).  Keeps order and
 * merges overlapping/adjacent same-type regions. */
int memmap_add(struct diag *d, struct memmap *m, uint64_t start,
	       uint64_t end_inclusive, enum mem_type type);

/* Map a sysfs/iomem type name to enum mem_type.  Returns 0 and sets *type,
 * or -ENOENT for names that are not memory (PCI windows etc.). */
int memmap_type_from_name(const char *name, enum mem_type *type);

/* Parse the text of /proc/iomem (NUL-terminated not required).  @name is
 * the file name used in messages.  Nested lines are considered too (only
 * recognised memory types are kept). */
int memmap_parse_iomem(struct diag *d, const char *name, const char *text,
		       size_t len, struct memmap *out);

/* The same, and every "Crash kernel" line (the crashkernel=
 * reservations, at any depth) into @crash (as MEM_RAM) when it is not
 * NULL (doc/abi.md 6.2). */
int memmap_parse_iomem_crash(struct diag *d, const char *name,
			     const char *text, size_t len, struct memmap *out,
			     struct memmap *crash);
/* Read and parse <sysroot>/proc/iomem (not the firmware map), with
 * @crash as above. */
int memmap_load_iomem(struct diag *d, const char *sysroot, struct memmap *out,
		      struct memmap *crash);
/* Parse one /sys/firmware/memmap/N entry from the text of its three files. */
int memmap_parse_sysfs_entry(struct diag *d, const char *dir,
			     const char *start_txt, const char *end_txt,
			     const char *type_txt, struct memmap *out);

/* Load from <sysroot>/sys/firmware/memmap, else <sysroot>/proc/iomem. */
int memmap_load(struct diag *d, const char *sysroot, struct memmap *out);

/* 1 if [r) lies wholly inside RAM (adjacent RAM regions count as one). */
int memmap_is_ram(const struct memmap *m, struct range r);

void memmap_free(struct memmap *m);

#endif
