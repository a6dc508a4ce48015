/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-sysroot.c - libFuzzer harness for what kexec reads of the running
 * system: the whole tool (kexec_main) on the unit tests' fake kernel
 * (tests/unit/fake_sys.c) and a sysroot written from the input, so every
 * /proc and /sys parser runs as in a real load: sysenv.c (state file,
 * EPERM reasons, boot_params, EFI systab and runtime map, kallsyms/kcore
 * for the GDT), memmap.c (/sys/firmware/memmap, /proc/iomem), panic.c
 * and crash.c (Crash kernel ranges, crash_notes, vmcoreinfo, kcore
 * layout), load.c and kexec.c (/proc/cmdline, --reuse-cmdline, the
 * jump-back mailbox), the -e read-back of a called program's results.
 *
 * Input: byte 0 picks the command (bits 0-2 and 6, cmds[] below), the
 * machine (bit 3: i686, else x86_64), a kexec_load failing with EPERM
 * (bit 4) and a hidden sgdt (bit 5).  The rest is a list of files:
 * "@@X\n" starts file X (a character indexing files[] below, relative to
 * the sysroot), whose contents run to the next "\n@@" (or the end).
 * The kernel (a small bzImage from tests/unit/bzbuild.h) and initrd are
 * fixed files outside the sysroot.  Seeds: tests/fuzz/corpus/sysroot/
 * (gen-seeds.c).
 *
 *   make fuzz && build/fuzz/fuzz-sysroot -max_total_time=600 \
 *     /tmp/sysroot-corpus tests/fuzz/corpus/sysroot
 * Each run makes and removes a sysroot under $TMPDIR (/dev/shm is fast).
 * KJ_FUZZ_VERBOSE=1 prints each run's command, status and stderr.
 *
 * Aborts on broken contracts: a load or status command exiting with
 * other than 0/1 (or, for -e, a status outside results.h's); a failure
 * without a "kexec: " line on stderr; a failed load that
 * changed the image the fake kernel holds.
 */
#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bzbuild.h"
#include "fake_sys.h"
#include "results.h"
#include "runmain.h"

static const char *const files[] = {
	['a'] = "proc/iomem",
	['b'] = "proc/cmdline",
	['c'] = "run/kexec-jump/loaded",
	['d'] = "sys/kernel/kexec_loaded",
	['e'] = "sys/kernel/kexec_crash_loaded",
	['f'] = "sys/kernel/vmcoreinfo",
	['g'] = "sys/devices/system/cpu/cpu0/crash_notes",
	['h'] = "sys/devices/system/cpu/cpu0/crash_notes_size",
	['i'] = "sys/devices/system/cpu/cpu1/crash_notes",
	['j'] = "proc/self/status",
	['k'] = "sys/kernel/security/lockdown",
	['l'] = "proc/sys/kernel/kexec_load_limit_reboot",
	['m'] = "proc/sys/kernel/kexec_load_disabled",
	['n'] = "sys/kernel/boot_params/data",
	['o'] = "sys/firmware/efi/systab",
	['p'] = "sys/firmware/efi/fw_vendor",
	['q'] = "sys/firmware/efi/config_table",
	['r'] = "sys/firmware/efi/runtime",
	['s'] = "sys/firmware/efi/runtime-map/0/type",
	['t'] = "sys/firmware/efi/runtime-map/0/phys_addr",
	['u'] = "sys/firmware/efi/runtime-map/0/virt_addr",
	['v'] = "sys/firmware/efi/runtime-map/0/num_pages",
	['w'] = "sys/firmware/efi/runtime-map/0/attribute",
	['x'] = "proc/kcore",
	['y'] = "proc/kallsyms",
	['z'] = "sys/firmware/memmap/0/start",
	['A'] = "sys/firmware/memmap/0/end",
	['B'] = "sys/firmware/memmap/0/type",
	['C'] = "sys/firmware/memmap/1/start",
	['D'] = "sys/firmware/memmap/1/end",
	['E'] = "sys/firmware/memmap/1/type",
	['F'] = "sys/devices/system/cpu/cpu1/crash_notes_size",
	['G'] = "proc/sys/kernel/osrelease",
};
#define NFILES (sizeof(files) / sizeof(files[0]))

/* %s: the kernel; loads first, then -e, --status, unload, then the
 * jump loads (preflight.c: osrelease, kcore) */
static const char *const cmds[16] = {
	"-l --reuse-cmdline --initrd=%s.rd %s",
	"-p --reuse-cmdline --append=irqpoll %s",
	"-e",
	"-l -s --reuse-cmdline %s",
	"-p --elf32-core-headers %s",
	"--load-jump-back-helper --entry=0x1000000",
	"--status",
	"-u",
	"--load-preserve-context --reuse-cmdline %s",
	"--load-preserve-context -t phys --load-addr=0x2000000 %s",
};

static char kernel[256];
static char tmpbase[200];

static void setup(void)
{
	struct bzb_spec s = bzb_default();
	const char *t = getenv("TMPDIR");
	uint8_t *b;
	size_t len;
	char rd[300];
	FILE *f;

	snprintf(tmpbase, sizeof(tmpbase), "%s",
		 t ? t : (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"));
	snprintf(kernel, sizeof(kernel), "%s/kj-fuzz-kernel.%d", tmpbase,
		 (int)getpid());
	s.xloadflags = 0x13;
	b = bzb_build(&s, &len);
	f = fopen(kernel, "wb");
	if (!f || fwrite(b, 1, len, f) != len || fclose(f))
		abort();
	free(b);
	snprintf(rd, sizeof(rd), "%s.rd", kernel);
	f = fopen(rd, "wb");
	if (!f || fputs("initrd bytes", f) < 0 || fclose(f))
		abort();
}

static void cleanup(void)
{
	char rd[300];

	snprintf(rd, sizeof(rd), "%s.rd", kernel);
	unlink(kernel);
	unlink(rd);
}

static int rm_one(const char *p, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* mkdir -p of @path's parent directories */
static void parents(char *path)
{
	char *s;

	for (s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(path, 0755);
		*s = '/';
	}
}

static void put_file(const char *root, int idx, const uint8_t *b, size_t n)
{
	char path[512];
	FILE *f;

	if (idx < 0 || (size_t)idx >= NFILES || !files[idx])
		return;
	snprintf(path, sizeof(path), "%s/%s", root, files[idx]);
	parents(path);
	f = fopen(path, "wb");
	if (!f)
		return;
	if (n)
		fwrite(b, 1, n, f);
	fclose(f);
}

/* the "@@X\n" sections of @data into @root */
static void write_files(const char *root, const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;

	while (p < end) {
		const uint8_t *m = memmem(p, (size_t)(end - p), "@@", 2), *c, *q;

		if (!m || end - m < 4 || m[3] != '\n') {
			if (!m)
				break;
			p = m + 2;
			continue;
		}
		c = m + 4;
		q = memmem(c, (size_t)(end - c), "\n@@", 3);
		if (!q)
			q = end;
		put_file(root, m[2], c, (size_t)(q - c));
		p = q + (q < end);
	}
}

static int lines(const char *s)
{
	int n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char root[256], *out = NULL, *err = NULL;
	struct fake_sys f;
	struct fake_image before;
	int rc, cmd, exec;

	if (size < 1)
		return 0;
	if (!kernel[0]) {
		setup();
		atexit(cleanup);
	}
	cmd = (data[0] & 7) | ((data[0] >> 3) & 8);
	if (!cmds[cmd])
		cmd &= 7;
	exec = cmd == 2;
	snprintf(root, sizeof(root), "%s/kj-fuzz-root.XXXXXX", tmpbase);
	if (!mkdtemp(root))
		abort();
	write_files(root, data + 1, size - 1);

	fake_sys_init(&f);
	if (data[0] & 8)
		snprintf(f.machine, sizeof(f.machine), "i686");
	f.kernel_arch = 0;
	if (data[0] & 16) {
		fake_script_push(&f.load_script, -EPERM);
		fake_script_push(&f.file_script, -EPERM);
	}
	if (data[0] & 32)
		f.gdt_limit = 0;
	f.crash_start = 0x10000000;
	f.crash_end = 0x1fffffff;
	/* an image already there: a failed load must leave it, and -e
	 * jumps into it (preserve context: it comes back) */
	fake_sys_preload(&f, 0x1000000, exec ? 0x2 : 0, 0x100000);
	before = f.image;

	/* split at blanks, run with the fake kernel and @root */
	rc = run_main(&f, root, &out, &err, cmds[cmd], kernel, kernel);
	if (getenv("KJ_FUZZ_VERBOSE"))
		fprintf(stderr, "kexec %s: exit %d\n%s", cmds[cmd], rc, err);
	if (exec) {
		if (rc < 0 || (rc > RESULTS_EXIT_NOT_CALLED && rc != 255 &&
			       rc != 1))
			abort();
	} else {
		if (rc != 0 && rc != 1 && !(cmd == 6 && rc == 2))
			abort();
		if (rc == 1 && cmd != 6 && cmd != 7 &&
		    memcmp(&before, &f.image, sizeof(before)))
			abort();   /* a failed load changed the loaded image */
	}
	/* (--status exits 1 for "loaded", without a message) */
	if (rc == 1 && cmd != 6 && (lines(err) < 1 || strncmp(err, "kexec: ", 7)))
		abort();
	free(out);
	free(err);
	fake_sys_free(&f);
	nftw(root, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	return 0;
}
