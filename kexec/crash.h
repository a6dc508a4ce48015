/* SPDX-License-Identifier: GPL-2.0-or-later */
/* crash.h - panic (kdump) loads: the pure parts (doc/abi.md 15).
 *
 * A panic load puts a capture kernel into the memory reserved with
 * crashkernel= ("Crash kernel" in /proc/iomem).  When this kernel
 * panics it jumps there; the capture kernel finds the dead kernel's
 * memory through ELF core headers (elfcorehdr= on its command line) and
 * serves it as /proc/vmcore.  Built here:
 *   - the ELF core headers: one PT_NOTE per CPU (crash_notes), one for
 *     VMCOREINFO, on x86_64 one PT_LOAD for the kernel text mapping, and
 *     one PT_LOAD per range of System RAM outside the first MiB and the
 *     crash reservations;
 *   - the capture kernel's e820: the RAM of the first MiB, the crash
 *     reservations (less the headers), and every non-RAM range as it is.
 */
#ifndef KJ_CRASH_H
#define KJ_CRASH_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "memmap.h"
#include "range.h"

/* Most PT_LOADs of RAM the headers describe; also CPUs. */
#define CRASH_MAX_RAM 1024
#define CRASH_MAX_CPUS 8192
/* Per-CPU note size when crash_notes_size is missing (older kernels) */
#define CRASH_NOTE_BYTES_DEFAULT 1024u
/* The first MiB: reserved by Linux 5.13+ when crashkernel= is given,
 * so not dumped, and the capture kernel's own low memory. */
#define CRASH_LOW_END 0x100000u
/* x86_64 kernel text mapping (__START_KERNEL_map) */
#define CRASH_KERNEL_MAP_X86_64 UINT64_C(0xffffffff80000000)
/* default direct-map bases: x86_64 4-level paging without KASLR, i386
 * with the 3G/1G split */
#define CRASH_PAGE_OFFSET_X86_64 UINT64_C(0xffff888000000000)
#define CRASH_PAGE_OFFSET_I386 UINT64_C(0xc0000000)
/* i386 without high memory maps at most 896 MiB at PAGE_OFFSET */
#define CRASH_I386_LOWMEM_END UINT64_C(0x38000000)

struct crash_note {
	uint64_t pa;
	uint64_t size;
};

struct crash_elf_in {
	int elf64;                   /* ELFCLASS64, else ELFCLASS32 */
	int x86_64;                  /* EM_X86_64, else EM_386 */
	const struct range *ram;     /* dumped RAM, sorted, half-open */
	size_t nram;
	const struct crash_note *notes;  /* per-CPU crash_notes */
	size_t nnotes;
	struct crash_note vmcoreinfo;    /* size 0 = none */
	uint64_t page_offset;        /* RAM p_vaddr = page_offset + paddr */
	uint64_t vaddr_limit;        /* ... for paddr below it (0: none) */
	int have_text;               /* x86_64 kernel text PT_LOAD */
	uint64_t text_va, text_pa, text_size;
	size_t spare_phdrs;          /* room for more (crash hotplug) */
};

/* The dumped RAM: @ram's MEM_RAM regions less the first MiB and every
 * range of @crash.  Returns 0 and *n, or -E2BIG beyond @cap ranges. */
int crash_dump_ranges(struct diag *d, const struct memmap *ram,
		      const struct memmap *crash, struct range *out,
		      size_t cap, size_t *n);

/* Build the ELF core headers.  *out is malloc'd, *len bytes; *memsz the
 * page-rounded size with room for in->spare_phdrs more headers.  ELF32
 * cannot describe memory at or above 4 GiB: -ERANGE with a message. */
int crash_elf_build(struct diag *d, const struct crash_elf_in *in,
		    uint8_t **out, size_t *len, uint64_t *memsz);

/* The capture kernel's memory map (see the top).  @host is this
 * machine's map, @crash the reservations, @load the one the image is
 * loaded into, @hdr the headers' segment (excluded). */
int crash_capture_map(struct diag *d, const struct memmap *host,
		      const struct memmap *crash, struct range load,
		      struct range hdr, struct memmap *out);

/* The region a panic image goes into: the highest "Crash kernel" range
 * (crashk_res; a ",low" one lies below it).  -ENOENT if there is none. */
int crash_load_region(const struct memmap *crash, struct range *r);

#endif
