/* SPDX-License-Identifier: GPL-2.0-or-later */
/* t-preflight.c - deciding whether the kernel survives a jump's return. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "preflight.h"
#include "tap.h"

static char root[64];

static void osrelease(const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/proc/sys/kernel/osrelease", root);
	f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
}

int main(void)
{
	/* the fix as 6.12 assembles it: movq $saved_context,%rax;
	 * lgdt disp8(%rax) -> 48 c7 c0 imm32, 0f 01 50 disp8 */
	static const uint8_t fix[] = { 0x0f, 0x20, 0xd8, 0x48, 0xc7, 0xc0, 0x00,
				       0x10, 0x60, 0x82, 0x0f, 0x01, 0x50, 0x5a, 0x9d };
	static const uint8_t lgdt_rax[] = { 0x90, 0x0f, 0x01, 0x10 };   /* lgdt (%rax) */
	static const uint8_t lidt[] = { 0x0f, 0x01, 0x18 };            /* lidt (%rax): /3 */
	static const uint8_t xgetbv[] = { 0x0f, 0x01, 0xd0 };          /* /2 but mod 3 */
	static const uint8_t cut[] = { 0x90, 0x0f, 0x01 };             /* no ModRM */
	char why[256];

	ok(preflight_code_has_lgdt(fix, sizeof(fix)), "6.12's lgdt disp8(%%rax) is found");
	ok(preflight_code_has_lgdt(lgdt_rax, sizeof(lgdt_rax)), "lgdt (%%rax) is found");
	ok(!preflight_code_has_lgdt(lidt, sizeof(lidt)), "lidt is not lgdt");
	ok(!preflight_code_has_lgdt(xgetbv, sizeof(xgetbv)), "xgetbv (0f 01 d0) is not lgdt");
	ok(!preflight_code_has_lgdt(cut, sizeof(cut)), "a truncated 0f 01 is not lgdt");
	ok(!preflight_code_has_lgdt(fix, 12), "the fix cut before its ModRM is not found");

	snprintf(root, sizeof(root), "/tmp/t-preflight.XXXXXX");
	if (!mkdtemp(root))
		return 1;
	{
		char p[256];

		snprintf(p, sizeof(p), "%s/proc", root);
		mkdir(p, 0755);
		snprintf(p, sizeof(p), "%s/proc/sys", root);
		mkdir(p, 0755);
		snprintf(p, sizeof(p), "%s/proc/sys/kernel", root);
		mkdir(p, 0755);
	}
	is_int(preflight_return(root, 0, why, sizeof(why)), RETURN_NEEDS_REPAIR,
	       "i386: always needs the repair");
	has_str(why, "i386 kernels never restore their GDT", "i386: reason");
	osrelease("6.13.0\n");
	is_int(preflight_return(root, 1, why, sizeof(why)), RETURN_NATIVE,
	       "x86_64 6.13 without readable code: native by version");
	has_str(why, "Linux 6.13 carries the GDT fix", "6.13: reason");
	osrelease("7.0.1\n");
	is_int(preflight_return(root, 1, why, sizeof(why)), RETURN_NATIVE, "7.0: native");
	osrelease("6.12.117\n");
	is_int(preflight_return(root, 1, why, sizeof(why)), RETURN_UNKNOWN,
	       "6.12 without readable code: unknown (stable kernels may carry the fix)");
	has_str(why, "cannot read the kernel's return path", "unknown: reason");
	osrelease("6.1.0-56-amd64\n");
	is_int(preflight_return(root, 1, why, sizeof(why)), RETURN_UNKNOWN, "6.1 by version alone: unknown");
	{
		char p[256];

		snprintf(p, sizeof(p), "%s/proc/sys/kernel/osrelease", root);
		unlink(p);
		rmdir(strrchr(p, '/') ? (*strrchr(p, '/') = 0, p) : p);
		snprintf(p, sizeof(p), "%s/proc/sys", root);
		rmdir(p);
		snprintf(p, sizeof(p), "%s/proc", root);
		rmdir(p);
		rmdir(root);
	}
	return tap_done();
}
