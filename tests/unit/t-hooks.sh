#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# t-hooks.sh KEXEC [SRCDIR] - the test environment variables (KEXEC_SYSROOT,
# KEXEC_JUMP_TEST_*) exist only in the test build of kexec,
# <build>/tests/kexec-hooks (main.c with -DKJ_TEST_HOOKS=1), not in KEXEC
# (<build>/sbin/kexec, the installed one) or in vmcore-dmesg beside it:
#   - none of the names is in the bytes of KEXEC or vmcore-dmesg, and each
#     one is in kexec-hooks (so the search finds what is there);
#   - behaviour: --print-ckr-size (reads <sysroot>/proc/iomem, loads
#     nothing) of kexec-hooks follows KEXEC_SYSROOT (a fixture's "Crash
#     kernel" size; a missing sysroot fails), while KEXEC prints the same
#     thing with and without KEXEC_SYSROOT, and succeeds with a missing one.
# Runs the programs through $KJ_RUN (qemu-i386-static for i386 builds).
# TAP output; exit 0 only if all checks pass.
set -u

kexec=${1:?usage: t-hooks.sh path/to/kexec [SRCDIR]}
here=$(cd "$(dirname "$0")" && pwd)
src=${2:-$here/../..}
b=$(cd "$(dirname "$kexec")/.." && pwd)
hooks=$b/tests/kexec-hooks
dmesg=$b/sbin/vmcore-dmesg
fixture=$src/tests/fixtures/iomem-only
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C

. "$here/../tap.sh"	# ok STATUS DESCRIPTION; $n, $failed
has() { grep -aqF -e "$2" "$1"; }   # has FILE STRING: STRING in FILE's bytes

names="KEXEC_SYSROOT KEXEC_JUMP_TEST_CORRUPT_SEGMENT KEXEC_JUMP_TEST_NO_REPAIR KEXEC_JUMP_TEST_NO_SGDT KEXEC_JUMP_TEST_BOOT32"

[ -f "$kexec" ] && [ -f "$hooks" ] && [ -f "$dmesg" ]
ok $? "kexec, tests/kexec-hooks and vmcore-dmesg are built"

# the strings: absent from the installed programs, present in the test one
for s in KEXEC_SYSROOT KEXEC_JUMP_TEST_; do
	! has "$kexec" "$s"
	ok $? "$s is not in $kexec"
	! has "$dmesg" "$s"
	ok $? "$s is not in vmcore-dmesg"
done
for s in $names; do
	has "$hooks" "$s"
	ok $? "$s is in tests/kexec-hooks (the search is live)"
done

# behaviour.  The fixture's crash kernel range, computed here from its
# iomem line ("  START-END : Crash kernel", inclusive).
range=$(sed -n 's/^ *\([0-9a-f]*\)-\([0-9a-f]*\) : Crash kernel$/\1 \2/p' "$fixture/proc/iomem")
set -- $range
[ $# = 2 ]
ok $? "the fixture has one Crash kernel range"
want=$(( 0x$2 - 0x$1 + 1 ))

out=$(KEXEC_SYSROOT=$fixture ${KJ_RUN:-} "$hooks" --print-ckr-size 2>"$tmp/err"); rc=$?
[ "$rc" = 0 ] && [ "$out" = "$want" ]
ok $? "kexec-hooks --print-ckr-size with KEXEC_SYSROOT=fixture prints the fixture's $want (got rc $rc, '$out')"
KEXEC_SYSROOT=$tmp/missing ${KJ_RUN:-} "$hooks" --print-ckr-size >/dev/null 2>"$tmp/err"
[ $? != 0 ] && has "$tmp/err" "$tmp/missing"
ok $? "kexec-hooks with a missing sysroot fails naming it: $(head -1 "$tmp/err")"

plain=$(${KJ_RUN:-} "$kexec" --print-ckr-size 2>&1); prc=$?
out=$(KEXEC_SYSROOT=$fixture ${KJ_RUN:-} "$kexec" --print-ckr-size 2>&1); rc=$?
[ "$prc" = 0 ] && [ "$rc" = 0 ] && [ "$out" = "$plain" ]
ok $? "kexec --print-ckr-size ignores KEXEC_SYSROOT=fixture (without: rc $prc '$plain'; with: rc $rc '$out')"
out=$(KEXEC_SYSROOT=$tmp/missing ${KJ_RUN:-} "$kexec" --print-ckr-size 2>&1); rc=$?
[ "$rc" = 0 ] && [ "$out" = "$plain" ]
ok $? "kexec --print-ckr-size ignores a missing KEXEC_SYSROOT (rc $rc '$out')"

echo "1..$n"
[ "$failed" -eq 0 ]
