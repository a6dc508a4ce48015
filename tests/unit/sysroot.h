/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysroot.h - write the files of a test sysroot (KEXEC_SYSROOT) and test
 * inputs; any failure ends the test program (status 2). */
#ifndef KJ_SYSROOT_H
#define KJ_SYSROOT_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* @root/@rel with @text in it */
static inline void sysroot_put(const char *root, const char *rel,
			       const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0) {
		perror(path);
		exit(2);
	}
	fclose(f);
}

/* the directory @root/@rel (its parent must exist) */
static inline void sysroot_mkdir(const char *root, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	mkdir(path, 0755);
}

/* @path holding the @n bytes at @b */
static inline void sysroot_write(const char *path, const void *b, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(b, 1, n, f) != n) {
		perror(path);
		exit(2);
	}
	fclose(f);
}

/* A new empty sysroot "$TMPDIR/@name.XXXXXX" (/tmp without TMPDIR) in
 * @root (@size bytes), with sys/firmware/memmap, sys/kernel, proc, run. */
static inline void sysroot_create(char *root, size_t size, const char *name)
{
	static const char *const dirs[] = { "sys", "sys/firmware",
		"sys/firmware/memmap", "sys/kernel", "proc", "run" };
	size_t i;

	snprintf(root, size, "%s/%s.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name);
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		exit(2);
	}
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		sysroot_mkdir(root, dirs[i]);
}

/* sys/firmware/memmap/0..@n-1 from @e: { start, end, type } strings
 * (e.g. "0x100000", "0x7ffdffff", "System RAM"), the sysfs layout */
static inline void sysroot_memmap(const char *root, const char *const (*e)[3],
				  size_t n)
{
	static const char *const fld[] = { "start", "end", "type" };
	char rel[64], val[64];
	size_t i, j;

	for (i = 0; i < n; i++) {
		snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu", i);
		sysroot_mkdir(root, rel);
		for (j = 0; j < 3; j++) {
			snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu/%s",
				 i, fld[j]);
			snprintf(val, sizeof(val), "%s\n", e[i][j]);
			sysroot_put(root, rel, val);
		}
	}
}

/* What a panic load reads besides the memory map: sys/kernel/vmcoreinfo
 * ("2a0b000 1024") and @ncpu CPUs (at most 10), cpu N's crash notes at
 * 0x7dc1d000 + N * 0x40000, 424 bytes each; cpu/possible "0-(ncpu-1)". */
static inline void sysroot_panic(const char *root, unsigned ncpu)
{
	char rel[96], val[32];
	unsigned i;

	sysroot_put(root, "sys/kernel/vmcoreinfo", "2a0b000 1024\n");
	sysroot_mkdir(root, "sys/devices");
	sysroot_mkdir(root, "sys/devices/system");
	sysroot_mkdir(root, "sys/devices/system/cpu");
	for (i = 0; i < ncpu; i++) {
		snprintf(rel, sizeof(rel), "sys/devices/system/cpu/cpu%u", i);
		sysroot_mkdir(root, rel);
		snprintf(rel, sizeof(rel), "sys/devices/system/cpu/cpu%u/crash_notes", i);
		snprintf(val, sizeof(val), "%x\n", 0x7dc1d000u + i * 0x40000u);
		sysroot_put(root, rel, val);
		snprintf(rel, sizeof(rel), "sys/devices/system/cpu/cpu%u/crash_notes_size", i);
		sysroot_put(root, rel, "424\n");
	}
	if (ncpu > 1)
		snprintf(val, sizeof(val), "0-%u\n", ncpu - 1);
	else
		snprintf(val, sizeof(val), "0\n");
	sysroot_put(root, "sys/devices/system/cpu/possible", val);
}

/* remove the whole tree @root (a note on stderr if that fails) */
static inline void sysroot_remove(const char *root)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", root);
}

#endif
