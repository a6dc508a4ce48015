/* SPDX-License-Identifier: GPL-2.0-or-later */
/* preflight.c - can the running kernel survive the return from a jump? */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kimage-read.h"
#include "preflight.h"

int preflight_code_has_lgdt(const uint8_t *code, size_t len)
{
	for (size_t i = 0; i + 2 < len; i++)
		if (code[i] == 0x0f && code[i + 1] == 0x01 &&
		    ((code[i + 2] >> 3) & 7) == 2 && (code[i + 2] >> 6) != 3)
			return 1;
	return 0;
}

/* major.minor from osrelease ("6.12.117", "6.1.0-56-amd64"); 0 if not. */
static int kernel_version(const char *sysroot, int *major, int *minor)
{
	char path[4096], buf[128];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/proc/sys/kernel/osrelease", sysroot);
	f = fopen(path, "r");
	if (!f)
		return 0;
	ok = fgets(buf, sizeof(buf), f) && sscanf(buf, "%d.%d", major, minor) == 2;
	fclose(f);
	return ok;
}

enum return_safety preflight_return(const char *sysroot, int kernel_64,
				    char *why, size_t whylen)
{
	char path[4096];
	struct diag d = { 0 };
	struct kcore *kc = NULL;
	uint64_t vm = 0, sp = 0;
	uint8_t code[4096];
	int major = 0, minor = 0;

	if (!kernel_64) {
		snprintf(why, whylen, "i386 kernels never restore their GDT before reloading segments");
		return RETURN_NEEDS_REPAIR;
	}
	snprintf(path, sizeof(path), "%s/proc/kallsyms", sysroot);
	if (kallsyms_lookup(&d, path, "virtual_mapped", &vm) == 0 &&
	    kallsyms_lookup(&d, path, "swap_pages", &sp) == 0 &&
	    sp > vm && sp - vm <= sizeof(code)) {
		snprintf(path, sizeof(path), "%s/proc/kcore", sysroot);
		if (kcore_open(&d, path, &kc) == 0 &&
		    kcore_read_va(&d, kc, vm, code, (size_t)(sp - vm)) == 0) {
			int has = preflight_code_has_lgdt(code, (size_t)(sp - vm));

			kcore_close(kc);
			snprintf(why, whylen, has ?
				 "the kernel's return path reloads its GDT, the fix is in" :
				 "the kernel's return path does not reload its GDT");
			return has ? RETURN_NATIVE : RETURN_NEEDS_REPAIR;
		}
		kcore_close(kc);
	}
	if (kernel_version(sysroot, &major, &minor) &&
	    (major > 6 || (major == 6 && minor >= 13))) {
		snprintf(why, whylen, "Linux %d.%d carries the GDT fix", major, minor);
		return RETURN_NATIVE;
	}
	snprintf(why, whylen, "cannot read the kernel's return path (%s)",
		 d.msg[0] ? d.msg : "no kallsyms symbols");
	return RETURN_UNKNOWN;
}
