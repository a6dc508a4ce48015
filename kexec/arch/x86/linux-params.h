/* SPDX-License-Identifier: GPL-2.0-or-later */
/* linux-params.h - what every way of booting Linux shares: the setup
 * header fields (doc/abi.md 5.2) and the builder of the initrd and
 * boot_params segments (5.4, 5.5), used by the bzImage loader (the header
 * comes from the file) and the ELF vmlinux loader (--args-linux: the
 * header is made up, a vmlinux has none).  Pure, like the loaders. */
#ifndef KJ_LINUX_PARAMS_H
#define KJ_LINUX_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "loader.h"

/* x86 Linux keeps at most COMMAND_LINE_SIZE (2048) bytes of the
 * command line, its NUL included, whatever a header's cmdline_size says
 * (doc/abi.md 22) */
#define X86_CMDLINE_MAX      2047u

/* setup header (file offsets in a bzImage = boot_params offsets) */
#define H_SETUP_SECTS        0x1f1
#define H_SYSSIZE            0x1f4   /* 16-byte units; u32 since 2.04 */
#define H_BOOT_FLAG          0x1fe
#define H_JUMP               0x200   /* 2-byte short jmp */
#define H_JUMP_LEN           0x201   /* byte: header ends at 0x202 + it */
#define H_HEADER             0x202
#define H_VERSION            0x206
#define H_TYPE_OF_LOADER     0x210
#define H_LOADFLAGS          0x211
#define H_RAMDISK_IMAGE      0x218
#define H_RAMDISK_SIZE       0x21c
#define H_CMD_LINE_PTR       0x228
#define H_INITRD_ADDR_MAX    0x22c
#define H_KERNEL_ALIGNMENT   0x230
#define H_RELOCATABLE        0x234
#define H_XLOADFLAGS         0x236
#define H_CMDLINE_SIZE       0x238
#define H_HW_SUBARCH         0x23c
#define H_HW_SUBARCH_DATA    0x240
#define H_SETUP_DATA         0x250
#define H_PREF_ADDRESS       0x258
#define H_INIT_SIZE          0x260
#define H_END_CAP            0x270   /* copy at most 0x1F1..0x26F */

#define HDRS_MAGIC           0x53726448u   /* "HdrS" */
#define BOOT_FLAG_MAGIC      0xaa55u
#define LOADED_HIGH          0x01u

/* The setup header the new kernel is given, and the limits it sets. */
struct linux_hdr {
	const uint8_t *bytes;   /* indexed by boot_params offset; bytes
				   [0x1F1, end) are copied into boot_params */
	size_t end;             /* exclusive, 0x1F1 < end <= H_END_CAP */
	uint64_t cmdline_max;   /* longest command line, without the NUL */
	const char *cmdline_why; /* which limit that is, for messages;
				   NULL = "cmdline_size" */
	uint64_t initrd_max;    /* highest byte address the initrd may use */
};

/* The command line (o->cmdline, plus o->cmdline_spare bytes for a jump)
 * against h->cmdline_max: 0, or -E2BIG with a message naming @name. */
int linux_cmdline_check(struct diag *d, const char *name,
			const struct linux_hdr *h, const struct load_opts *o);

/* Add the "initrd" segment (o->initrd, if any: page aligned, at or above
 * 16 MiB, ending at or below h->initrd_max, highest fit) and the
 * "boot_params" segment ([boot_params, 4 KiB][command line, NUL, spare]
 * [SETUP_E820_EXT node past 128 map entries], top-down in [1 MiB, 2 GiB)),
 * then set p->boot_params, p->entry (@entry, the kernel's entry point,
 * labelled @entry_what in plans) and p->arch (the running kernel's
 * KEXEC_ARCH_*).  The command line (o->cmdline) is checked
 * against h->cmdline_max first.  boot_params: zero, the header copied,
 * then what a loader owns (type_of_loader 0xD0, CAN_USE_HEAP cleared,
 * command line, ramdisk, setup_data, hardware_subarch, e820 from
 * o->boot_e820 or @m, alt_mem_k, screen_info, acpi_rsdp_addr), and
 * for protocol 2.09+ the setup_data nodes after the command line:
 * efi_info + the runtime map + SETUP_EFI (o->efi, when the running
 * kernel was booted by 64-bit EFI and the header has XLF_EFI_KEXEC; not
 * with --noefi), SETUP_DTB (o->dtb, checked by fdt_check: a bad file is
 * refused) and SETUP_RNG_SEED (o->rng_seed) (doc/abi.md 17).  @name
 * starts each message.  On failure the segments it added stay in @p. */
int linux_params_add(struct diag *d, const char *name,
		     const struct linux_hdr *h, const struct load_opts *o,
		     const struct memmap *m, struct plan *p, uint64_t entry,
		     const char *entry_what);

/* The header for a kernel without one (an ELF vmlinux): boot_flag 0xAA55,
 * "HdrS", protocol 2.15 (header end 0x26C), LOADED_HIGH, cmdline_size
 * 2047 (COMMAND_LINE_SIZE 2048 on x86), initrd_addr_max 0x7FFFFFFF, all
 * else zero.  @buf must hold H_END_CAP bytes. */
void linux_hdr_synthetic(uint8_t *buf, struct linux_hdr *h);

#endif
