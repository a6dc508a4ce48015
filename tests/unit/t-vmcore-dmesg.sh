#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# t-vmcore-dmesg.sh KEXEC [SRCDIR] - the built vmcore-dmesg program (found
# beside KEXEC): --help and --version, its long options against
# doc/vmcore-dmesg.8 (the same set both ways), the man page formats
# cleanly, and the binary prints the committed fuzz seeds (written by
# t-vmcore: KJ_WRITE_VMCORE_SEEDS) exactly and fails cleanly on a missing
# and a truncated file.  Runs the program through $KJ_RUN (qemu-i386-static
# for i386 builds).  TAP output; exit 0 only if all checks pass.
set -u

kexec=${1:?usage: t-vmcore-dmesg.sh path/to/kexec [SRCDIR]}
prog=$(dirname "$kexec")/vmcore-dmesg
here=$(cd "$(dirname "$0")" && pwd)
src=${2:-$here/../..}
man=$src/doc/vmcore-dmesg.8
seeds=$src/tests/fuzz/corpus/vmcore
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
check() { # check COND-STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}
run() { ${KJ_RUN:-} "$prog" "$@"; }

run --help >"$tmp/help" 2>"$tmp/help.err"
check $? "vmcore-dmesg --help exits 0"
grep -q '^Usage: vmcore-dmesg \[FILE\]' "$tmp/help" && [ ! -s "$tmp/help.err" ]
check $? "--help prints the usage to stdout only"
run --version >"$tmp/ver" 2>&1
check $? "vmcore-dmesg --version exits 0"
grep -q '^vmcore-dmesg (kexec-jump) [0-9]' "$tmp/ver"
check $? "--version names the program and the package"

[ -f "$man" ]
check $? "man page $man exists"
grep -o -e '--[a-z][a-z0-9-]*' "$tmp/help" | sort -u >"$tmp/help.opts"
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\c//g' "$man" | grep -v '^\.\\"' |
	grep -o -e '--[a-z][a-z0-9-]*' | sort -u >"$tmp/man.opts"
[ "$(wc -l <"$tmp/help.opts")" -ge 2 ]
check $? "--help lists at least 2 long options (parser sanity)"
if cmp -s "$tmp/help.opts" "$tmp/man.opts"; then same=0; else same=1; fi
check $same "--help and the man page list the same long options"
if [ $same -ne 0 ]; then
	sed 's/^/# help: /' "$tmp/help.opts"
	sed 's/^/# man: /' "$tmp/man.opts"
fi
if command -v groff >/dev/null 2>&1; then
	groff -man -Tutf8 -ww -z "$man" 2>"$tmp/groff.err"
	[ $? -eq 0 ] && [ ! -s "$tmp/groff.err" ]
	check $? "groff -man formats the page without warnings"
fi

printf '%s\n' \
	'[    0.000000] Linux version 6.12.0-test' \
	'[    0.001234] ctl\x01 del\x7f end' \
	'[    1.500000] line one' \
	"$(printf '[    1.500000] \tline two')" \
	'[   12.345678] ' \
	'[123456.789012] this record wraps around the end of the data ring to index 0' \
	>"$tmp/lockless.want"
printf '%s\n' \
	'[    5.000000] old format' \
	'[    6.000001] second' \
	'[    6.000001] line' \
	'[    7.250000] after wrap \x1b[0m' >"$tmp/old.want"
for s in lockless-elf64 lockless-elf32 lockless-elf64-i386 lockless-shuffled \
	 lockless-slots lockless-phys old-elf64 old-elf32; do
	case $s in old*) want=$tmp/old.want;; *) want=$tmp/lockless.want;; esac
	run "$seeds/$s" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && cmp -s "$tmp/out" "$want"
	check $? "seed $s prints the expected log"
done

run "$tmp/none" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
	grep -qx "vmcore-dmesg: $tmp/none: No such file or directory" "$tmp/err"
check $? "a missing file: exit 1, one line"
head -c 3000 "$seeds/lockless-elf64" >"$tmp/cut"
run "$tmp/cut" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
	grep -q "^vmcore-dmesg: $tmp/cut: truncated: " "$tmp/err"
check $? "a truncated vmcore: exit 1, one line"

echo "1..$n"
[ "$failed" -eq 0 ]
