/* SPDX-License-Identifier: GPL-2.0-or-later */
/* file-load.h - loading through kexec_file_load(2) (-s, and -a's first
 * try): the kernel reads, verifies and places the kernel and initrd
 * itself, so none of our loaders or the planner take part. */
#ifndef KJ_FILE_LOAD_H
#define KJ_FILE_LOAD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "diag.h"
#include "image.h"
#include "sys.h"

/* include/uapi/linux/kexec.h */
#define KJ_KEXEC_FILE_UNLOAD        0x1u
#define KJ_KEXEC_FILE_ON_CRASH      0x2u
#define KJ_KEXEC_FILE_NO_INITRAMFS  0x4u

struct file_load_req {
	const char *kernel;    /* path of the kernel image */
	const char *initrd;    /* path, or NULL */
	const char *cmdline;   /* the new kernel's command line, or NULL */
	int crash;             /* -p: the panic image */
	/* The kernel file's bytes after decompression, when the file is
	 * compressed (decompress.h): they reach the kernel through a memfd.
	 * NULL: the file itself is passed (what IMA appraisal needs). */
	const struct image *kimg;
	/* The kernel and initrd files as image_open() left them (image.h):
	 * their open fds are passed and their first bytes checked, so the
	 * files are not opened again.  NULL (or no fd): opened by path. */
	const struct image *khead, *ihead;
};

/* Open the files and call kexec_file_load.  Returns 0, or -errno with one
 * message naming the kernel file and the reason.  -EPERM is returned with
 * a plain message: the caller knows how to explain permission problems. */
int file_load(struct diag *d, const struct sys_ops *sys, void *ctx,
	      const struct file_load_req *r);

/* kexec_file_load(-1, -1, 0, NULL, UNLOAD [| ON_CRASH]). */
int file_unload(struct diag *d, const struct sys_ops *sys, void *ctx,
		int crash);

/* After kexec_file_load failed with @err (negative), may -a try
 * kexec_load instead?  Yes unless the failure would not depend on the
 * system call (another load in progress, interrupted). */
int file_load_may_fall_back(int err);

/* Does the file start like a Linux bzImage (boot flag 0xAA55 at 0x1FE and
 * "HdrS" at 0x202)?  -a only tries kexec_file_load for those: on x86 the
 * kernel's file loader takes nothing else.  0 on any read error. */
int file_looks_like_bzimage(const char *path);
/* The same test on bytes already read (@n bytes from the file's start). */
int bzimage_magic(const uint8_t *h, size_t n);
/* A bzImage (its first @n bytes at @h) of @size bytes that is shorter
 * than its setup sectors and syssize say (doc/abi.md 22): 1, else 0.
 * The kernel's file loader would take such a cut file. */
int bzimage_cut(const uint8_t *h, size_t n, uint64_t size);

/* What the kernel's file loader would refuse in @r before it starts
 * (not a bzImage with a 64-bit entry, a command line too long for the
 * image, an initrd that is not a regular file), or NULL.  Checked before
 * the call: Linux drops the loaded panic kernel as soon as a panic load
 * reaches it, so a refusal must come from here. */
const char *file_load_unfit_file(const struct file_load_req *r);

/* --dry-run: the call that would be made, one line. */
void file_load_describe(FILE *f, const struct file_load_req *r);

#endif
