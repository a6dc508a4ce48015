/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-file-load.c - kexec_file_load through the fake kernel seam
 * (kexec/file-load.c): what reaches the system call, the messages, and
 * that a failed load leaves the loaded image alone. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "fake_sys.h"
#include "file-load.h"
#include "tap.h"

static char dir[] = "/tmp/t-file-load-XXXXXX";

static const char *path(const char *name)
{
	static char buf[8][256];
	static int i;

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

static void write_file(const char *name, const unsigned char *p, size_t n)
{
	FILE *f = fopen(path(name), "wb");

	if (!f || fwrite(p, 1, n, f) != n) {
		perror(name);
		exit(1);
	}
	fclose(f);
}

/* A minimal header the kernel's x86 file loader would probe as bzImage64:
 * boot flag, "HdrS", protocol @ver, xloadflags @xlf. */
static void write_bz(const char *name, unsigned ver, unsigned xlf, size_t size)
{
	unsigned char *b = calloc(1, size);

	if (size >= 0x238) {
		b[0x1f1] = 4;
		b[0x1fe] = 0x55;
		b[0x1ff] = 0xaa;
		memcpy(b + 0x202, "HdrS", 4);
		b[0x206] = ver & 0xff;
		b[0x207] = ver >> 8;
		b[0x236] = (unsigned char)xlf;
	}
	write_file(name, b, size);
	free(b);
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

int main(void)
{
	struct fake_sys f;
	struct diag d;
	struct file_load_req r;
	int rc, fds;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	write_bz("bzImage", 0x020f, 1, 8192);
	write_bz("bz32", 0x020f, 0, 8192);       /* no 64-bit entry */
	write_bz("short", 0x020f, 1, 0x205);     /* header cut */
	write_file("initrd", (const unsigned char *)"070701initrd", 12);
	write_file("elf", (const unsigned char *)"\177ELF\2\1\1", 7);

	/* 1. kernel, initrd and command line reach the call */
	fake_sys_init(&f);
	memset(&d, 0, sizeof(d));
	fds = open_fds();
	r = (struct file_load_req){ path("bzImage"), path("initrd"),
				    "root=/dev/vda quiet", 0, NULL, NULL, NULL };
	rc = file_load(&d, &fake_sys_ops, &f, &r);
	is_int(rc, 0, "bzImage + initrd + command line: loaded");
	is_str(f.trace, "kexec_file_load", "one kexec_file_load call, nothing else");
	is_int((int)f.file_loads[0].kernel_size, 8192, "kernel fd is the kernel file");
	is_int((int)f.file_loads[0].initrd_size, 12, "initrd fd is the initrd file");
	is_str(f.file_loads[0].cmdline, "root=/dev/vda quiet", "command line passed as is");
	is_int((int)f.file_loads[0].flags, 0, "flags 0 (normal image, with initramfs)");
	ok(f.image.loaded && f.image.by_file, "the kernel now holds a file-loaded image");
	is_int(open_fds(), fds, "no file descriptor left open");

	/* 2. no initrd, no command line, panic image */
	fake_sys_init(&f);
	memset(&d, 0, sizeof(d));
	r = (struct file_load_req){ path("bzImage"), NULL, "", 1, NULL, NULL, NULL };
	is_int(file_load(&d, &fake_sys_ops, &f, &r), 0, "no initrd: loaded");
	is_int((int)f.file_loads[0].flags,
	       KJ_KEXEC_FILE_NO_INITRAMFS | KJ_KEXEC_FILE_ON_CRASH,
	       "flags NO_INITRAMFS | ON_CRASH");
	ok(!f.file_loads[0].have_cmdline, "empty command line passed as NULL (length 0)");
	ok(f.crash.loaded && !f.image.loaded, "went to the crash slot");

	/* 3. files that cannot be opened: no system call at all */
	fake_sys_init(&f);
	memset(&d, 0, sizeof(d));
	fds = open_fds();
	r = (struct file_load_req){ path("missing"), NULL, NULL, 0, NULL, NULL, NULL };
	is_int(file_load(&d, &fake_sys_ops, &f, &r), -ENOENT, "missing kernel: ENOENT");
	has_str(d.msg, "cannot open ", "message says it cannot open");
	has_str(d.msg, "/missing: No such file", "message names the file and the reason");
	memset(&d, 0, sizeof(d));
	r = (struct file_load_req){ path("bzImage"), path("nordisk"), NULL, 0, NULL, NULL, NULL };
	is_int(file_load(&d, &fake_sys_ops, &f, &r), -ENOENT, "missing initrd: ENOENT");
	has_str(d.msg, "cannot open initrd ", "message says it is the initrd");
	has_str(d.msg, "/nordisk", "message names the initrd");
	is_int(fake_sys_count(&f, "kexec_file_load"), 0, "no kexec_file_load made");
	is_int(open_fds(), fds, "the kernel fd was closed on the initrd error");

	/* 3b. files image_open() holds: their fds are passed, the paths
	 * are not opened again (they are gone here) */
	{
		struct image k, i;
		char kp[300], ip[300];

		snprintf(kp, sizeof(kp), "%s", path("bzImage"));
		snprintf(ip, sizeof(ip), "%s", path("initrd"));
		fake_sys_init(&f);
		memset(&d, 0, sizeof(d));
		ok(image_open(&d, kp, 0, NULL, &k) == 0 &&
		   image_open(&d, ip, 0, NULL, &i) == 0, "held: both files open");
		unlink(kp);
		unlink(ip);
		fds = open_fds();
		r = (struct file_load_req){ kp, ip, "x", 0, NULL, &k, &i };
		is_int(file_load(&d, &fake_sys_ops, &f, &r), 0, "held: loaded after the paths are gone");
		is_int((int)f.file_loads[0].kernel_size, 8192, "held: the kernel's fd");
		is_int((int)f.file_loads[0].initrd_size, 12, "held: the initrd's fd");
		is_int(open_fds(), fds, "held: the duplicates closed, the images' fds kept");
		image_free(&k);
		image_free(&i);
		is_int(open_fds(), fds - 2, "held: image_free closes them");
		write_bz("bzImage", 0x020f, 1, 8192);
		write_file("initrd", (const unsigned char *)"070701initrd", 12);
	}

	/* 4. kernel refusals: one line naming the file, old image kept */
	{
		struct { int file_syscall, script; const char *kernel, *msg, *desc; int want; } t[] = {
			{ 0, 0, "bzImage", "this kernel has no such system call", "no syscall (i386 / !KEXEC_FILE)", -ENOSYS },
			{ 1, 0, "bz32", "does not take it", "bzImage without XLF_KERNEL_64", -ENOEXEC },
			{ 1, 0, "elf", "does not take it", "an ELF file", -ENOEXEC },
			{ 1, -EKEYREJECTED, "bzImage", "signature was rejected", "signature enforcement", -EKEYREJECTED },
			{ 1, -EBUSY, "bzImage", "in progress", "concurrent load", -EBUSY },
			{ 1, -EINVAL, "bzImage", "command line", "EINVAL", -EINVAL },
			{ 1, -ENOMEM, "bzImage", "no room", "ENOMEM", -ENOMEM },
			{ 1, -EIO, "bzImage", "Input/output error", "other errno", -EIO },
		};
		for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
			fake_sys_init(&f);
			fake_sys_preload(&f, 0x1000000, 0x3e0002, 0x1000000);
			f.file_syscall = t[i].file_syscall;
			if (t[i].script)
				fake_script_push(&f.file_script, t[i].script);
			memset(&d, 0, sizeof(d));
			r = (struct file_load_req){ path(t[i].kernel), NULL, NULL, 0, NULL, NULL, NULL };
			ok(file_load(&d, &fake_sys_ops, &f, &r) == t[i].want, "%s: errno", t[i].desc);
			has_str(d.msg, t[i].msg, t[i].desc);
			has_str(d.msg, t[i].kernel, "message names the kernel file");
			ok(!strchr(d.msg, '\n'), "%s: one line", t[i].desc);
			ok(f.image.loaded && !f.image.by_file && f.image.first_mem == 0x1000000,
			   "%s: the image loaded before is still there", t[i].desc);
		}
	}

	/* 5. unload */
	fake_sys_init(&f);
	fake_sys_preload(&f, 0x1000000, 0x3e0000, 0x1000000);
	memset(&d, 0, sizeof(d));
	is_int(file_unload(&d, &fake_sys_ops, &f, 0), 0, "file unload");
	is_int((int)f.file_loads[0].flags, KJ_KEXEC_FILE_UNLOAD, "flags UNLOAD");
	ok(!f.image.loaded, "image gone");
	f.file_syscall = 0;
	memset(&d, 0, sizeof(d));
	is_int(file_unload(&d, &fake_sys_ops, &f, 1), -ENOSYS, "file unload without the syscall");
	has_str(d.msg, "leave out -s", "says what to do");
	is_int((int)f.file_loads[1].flags, KJ_KEXEC_FILE_UNLOAD | KJ_KEXEC_FILE_ON_CRASH, "crash unload flags");

	/* 6. -a's fallback rule and probe */
	ok(file_load_may_fall_back(-ENOSYS), "falls back on ENOSYS");
	ok(file_load_may_fall_back(-ENOEXEC), "falls back on ENOEXEC");
	ok(file_load_may_fall_back(-EKEYREJECTED), "falls back on a rejected signature");
	ok(file_load_may_fall_back(-EPERM), "falls back on EPERM (kexec_load explains it)");
	ok(!file_load_may_fall_back(-EBUSY), "not on EBUSY");
	ok(!file_load_may_fall_back(-EINTR), "not on EINTR");
	ok(file_looks_like_bzimage(path("bzImage")), "probe: bzImage");
	ok(file_looks_like_bzimage(path("bz32")), "probe: 32-bit bzImage too (the kernel decides)");
	ok(!file_looks_like_bzimage(path("short")), "probe: header cut at 0x205");
	ok(!file_looks_like_bzimage(path("elf")), "probe: ELF");
	ok(!file_looks_like_bzimage(path("missing")), "probe: missing file");

	/* 7. --dry-run line */
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);

		r = (struct file_load_req){ "/boot/vmlinuz", NULL, "a\tb", 0, NULL, NULL, NULL };
		file_load_describe(m, &r);
		fclose(m);
		is_str(buf, "kexec_file_load: kernel /boot/vmlinuz, initrd none (KEXEC_FILE_NO_INITRAMFS), command line \"a?b\", flags 0x4\n",
		       "dry-run line, control characters shown as ?");
		free(buf);
	}

	fake_sys_free(&f);
	{
		const char *names[] = { "bzImage", "bz32", "short", "initrd", "elf" };
		for (size_t i = 0; i < 5; i++)
			unlink(path(names[i]));
		rmdir(dir);
	}
	return tap_done();
}
