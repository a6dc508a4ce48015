/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bzbuild.h - build synthetic bzImage files in memory for tests.
 *
 * Offsets are written out here from the x86 boot protocol's setup header
 * table (Documentation/x86/boot.rst; doc/abi.md 5.1/5.2), independently
 * of kexec/arch/x86/bzimage.c.  The protected-mode bytes are a pattern
 * (bzb_pm_byte) so tests can check what lands in the kernel segment.
 */
#ifndef KJ_BZBUILD_H
#define KJ_BZBUILD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* setup header offsets (file offset = boot_params offset) */
#define BZB_SETUP_SECTS      0x1f1
#define BZB_SYSSIZE          0x1f4
#define BZB_BOOT_FLAG        0x1fe
#define BZB_JUMP             0x200
#define BZB_HEADER           0x202
#define BZB_VERSION          0x206
#define BZB_TYPE_OF_LOADER   0x210
#define BZB_LOADFLAGS        0x211
#define BZB_CODE32_START     0x214
#define BZB_RAMDISK_IMAGE    0x218
#define BZB_RAMDISK_SIZE     0x21c
#define BZB_HEAP_END_PTR     0x224
#define BZB_CMD_LINE_PTR     0x228
#define BZB_INITRD_ADDR_MAX  0x22c
#define BZB_KERNEL_ALIGNMENT 0x230
#define BZB_RELOCATABLE      0x234
#define BZB_MIN_ALIGNMENT    0x235
#define BZB_XLOADFLAGS       0x236
#define BZB_CMDLINE_SIZE     0x238
#define BZB_HW_SUBARCH       0x23c
#define BZB_HW_SUBARCH_DATA  0x240
#define BZB_PAYLOAD_OFFSET   0x248
#define BZB_SETUP_DATA       0x250
#define BZB_PREF_ADDRESS     0x258
#define BZB_INIT_SIZE        0x260

/* boot_params offsets (zero page), doc/abi.md 5.4 */
#define Z_ORIG_VIDEO_COLS    0x007
#define Z_ORIG_VIDEO_LINES   0x00e
#define Z_ORIG_VIDEO_ISVGA   0x00f
#define Z_ORIG_VIDEO_POINTS  0x010
#define Z_ACPI_RSDP          0x070
#define Z_EXT_RAMDISK_IMAGE  0x0c0
#define Z_EXT_RAMDISK_SIZE   0x0c4
#define Z_EXT_CMD_LINE_PTR   0x0c8
#define Z_ALT_MEM_K          0x1e0
#define Z_E820_ENTRIES       0x1e8
#define Z_SENTINEL           0x1ef
#define Z_E820_TABLE         0x2d0

struct bzb_spec {
	unsigned version;        /* e.g. 0x020f */
	uint8_t setup_sects;     /* as written; 0 means 4 to a loader */
	int hdr_byte;            /* byte at 0x201; -1: the natural end for
				    the version (see bzb_natural_end) */
	uint8_t loadflags;       /* LOADED_HIGH = 1 */
	uint32_t initrd_addr_max, kernel_alignment, cmdline_size, init_size;
	uint8_t relocatable;
	uint16_t xloadflags;
	uint64_t pref_address;
	uint64_t setup_data;     /* a lie the loader must not pass on */
	size_t pm_len;           /* protected-mode bytes after the setup */
	size_t len;              /* 0: exactly setup + pm_len; else truncate
				    or pad (zero) to this length */
	uint32_t syssize;        /* 0: pm_len / 16 (whole units; the
				    kernel build pads to them) */
};

/* Where the header of a real kernel of this protocol ends (0x202 + the
 * jump's byte): just past the last field the version defines. */
static inline size_t bzb_natural_end(unsigned version)
{
	if (version >= 0x020f)
		return 0x26c;     /* kernel_info_offset */
	if (version >= 0x020b)
		return 0x268;     /* handover_offset */
	if (version >= 0x020a)
		return 0x264;     /* init_size */
	if (version >= 0x0209)
		return 0x258;     /* setup_data */
	if (version >= 0x0208)
		return 0x250;     /* payload */
	if (version >= 0x0207)
		return 0x248;     /* hardware_subarch(_data) */
	if (version >= 0x0206)
		return 0x23c;     /* cmdline_size */
	if (version >= 0x0205)
		return 0x236;     /* relocatable_kernel, min_alignment */
	if (version >= 0x0203)
		return 0x230;     /* initrd_addr_max */
	return 0x22c;             /* cmd_line_ptr (2.02) */
}

static inline void bzb_put(uint8_t *b, size_t off, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		b[off + (size_t)i] = (uint8_t)(v >> (8 * i));
}

static inline uint8_t bzb_pm_byte(size_t i)
{
	return (uint8_t)(i * 7 + 1);
}

/* A typical modern x86_64 image (protocol 2.15, relocatable, 64-bit
 * entry, 2 MiB alignment, pref 16 MiB, init_size 3 MiB). */
static inline struct bzb_spec bzb_default(void)
{
	struct bzb_spec s;

	memset(&s, 0, sizeof(s));
	s.version = 0x020f;
	s.setup_sects = 0x1b;
	s.hdr_byte = -1;
	s.loadflags = 0x01;
	s.initrd_addr_max = 0x7fffffff;
	s.kernel_alignment = 0x200000;
	s.cmdline_size = 2047;
	s.init_size = 0x300000;
	s.relocatable = 1;
	s.xloadflags = 0x3;   /* KERNEL_64 | CAN_BE_LOADED_ABOVE_4G */
	s.pref_address = 0x1000000;
	s.pm_len = 0x12345;
	return s;
}

/* Returns a malloc'd file of *len bytes.  Fields a protocol version does
 * not have are still written (a real header of that version ends before
 * them, which is what the loader must honour). */
static inline uint8_t *bzb_build(const struct bzb_spec *s, size_t *len)
{
	size_t sects = s->setup_sects ? s->setup_sects : 4;
	size_t setup = (sects + 1) * 512, full = setup + s->pm_len, i, alloc;
	size_t end = s->hdr_byte >= 0 ? 0x202 + (size_t)s->hdr_byte
				      : bzb_natural_end(s->version);
	uint8_t *b;

	*len = s->len ? s->len : full;
	alloc = full > *len ? full : *len;
	if (alloc < 0x400)
		alloc = 0x400;
	b = calloc(1, alloc);
	if (!b)
		abort();
	/* setup area: a recognisable filler, then the header */
	for (i = 0; i < setup; i++)
		b[i] = (uint8_t)(0xa0 ^ i);
	memset(b + BZB_SETUP_SECTS, 0, 0x270 - BZB_SETUP_SECTS);
	b[BZB_SETUP_SECTS] = s->setup_sects;
	bzb_put(b, BZB_SYSSIZE, s->syssize ? s->syssize :
		(uint32_t)(s->pm_len / 16), 4);
	bzb_put(b, BZB_BOOT_FLAG, 0xaa55, 2);
	b[BZB_JUMP] = 0xeb;
	b[BZB_JUMP + 1] = (uint8_t)(end - 0x202);
	memcpy(b + BZB_HEADER, "HdrS", 4);
	bzb_put(b, BZB_VERSION, s->version, 2);
	b[BZB_TYPE_OF_LOADER] = 0x00;
	b[BZB_LOADFLAGS] = s->loadflags;
	bzb_put(b, BZB_CODE32_START, 0x100000, 4);
	bzb_put(b, BZB_RAMDISK_IMAGE, 0x11111111, 4);   /* junk a loader */
	bzb_put(b, BZB_RAMDISK_SIZE, 0x22222222, 4);    /* overwrites */
	bzb_put(b, BZB_CMD_LINE_PTR, 0x33333333, 4);
	bzb_put(b, BZB_INITRD_ADDR_MAX, s->initrd_addr_max, 4);
	bzb_put(b, BZB_KERNEL_ALIGNMENT, s->kernel_alignment, 4);
	b[BZB_RELOCATABLE] = s->relocatable;
	b[BZB_MIN_ALIGNMENT] = 21;
	bzb_put(b, BZB_XLOADFLAGS, s->xloadflags, 2);
	bzb_put(b, BZB_CMDLINE_SIZE, s->cmdline_size, 4);
	bzb_put(b, BZB_HW_SUBARCH, 0x44, 4);            /* junk, replaced */
	bzb_put(b, BZB_PAYLOAD_OFFSET, 0x1234, 4);
	bzb_put(b, BZB_SETUP_DATA, s->setup_data, 8);
	bzb_put(b, BZB_PREF_ADDRESS, s->pref_address, 8);
	bzb_put(b, BZB_INIT_SIZE, s->init_size, 4);
	/* what follows the header (the setup code); a header claiming to
	 * end before 0x208 keeps HdrS and the version anyway */
	for (i = end > 0x208 ? end : 0x208; i < 0x290 && i < setup; i++)
		b[i] = 0xcc;
	for (i = 0; i < s->pm_len; i++)
		b[setup + i] = bzb_pm_byte(i);
	return b;
}

#endif
