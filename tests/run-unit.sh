#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-unit.sh BUILDDIR SRCDIR - run every unit test program and script.
# Counts TAP lines: each "ok N" passes, each "not ok N" fails; a program
# that crashes or exits non-zero without a "not ok" line counts as one
# failure, so a test cannot pass by dying early.  Last line:
# "N passed, N failed".
#
# Test programs built for i386 (--host=i686-linux-gnu) run natively where
# the host kernel can execute 32-bit programs and under user-mode emulation
# (qemu-i386-static, Debian's qemu-user-static) where it cannot; the run
# says which.  KJ_UNIT_RUNNER=native|qemu forces one.  If neither works the
# run fails: it is never skipped.
set -u
b=$(cd "${1:?builddir}" && pwd); src=$(cd "${2:?srcdir}" && pwd)
# Tests find their fixtures relative to the source tree, whatever the build
# directory is.
export KJ_SRCDIR=$src
cd "$src" || exit 1
passed=0; failed=0

# How to run this build's programs: KJ_RUN is a command prefix ("" or
# "qemu-i386-static"); the shell tests use it to run the tool too.
KJ_RUN=
elf_machine() { od -An -j18 -N2 -tu2 "$1" 2>/dev/null | tr -d ' '; }
probe=$b/sbin/kexec
if [ "$(elf_machine "$probe")" = 3 ]; then	# EM_386
	mode=${KJ_UNIT_RUNNER:-}
	if [ -z "$mode" ]; then
		if "$probe" --version >/dev/null 2>&1; then mode=native; else mode=qemu; fi
	fi
	if [ "$mode" = qemu ]; then
		q=$(command -v qemu-i386-static || command -v qemu-i386 || true)
		if [ -z "$q" ]; then
			echo "not ok - this host cannot execute i386 programs and qemu-i386-static is missing (apt-get install qemu-user-static)"
			echo "0 passed, 1 failed"
			exit 1
		fi
		if ! "$q" "$probe" --version >/dev/null 2>&1; then
			echo "not ok - $probe does not run under $q either"
			echo "0 passed, 1 failed"
			exit 1
		fi
		KJ_RUN=$q
		echo "i386 test programs run under user-mode emulation ($q): this host cannot execute them natively"
	else
		echo "i386 test programs run natively"
	fi
fi
export KJ_RUN
run_one() { # name cmd...
	local name=$1; shift
	local out rc p f
	out=$("$@" 2>&1); rc=$?
	p=$(grep -cE '^ok [0-9]+' <<<"$out")
	f=$(grep -cE '^not ok [0-9]+' <<<"$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		out+=$'\n'"not ok - $name exited with status $rc"
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		f=1
		out+=$'\n'"not ok - $name ran no checks"
	fi
	passed=$((passed + p)); failed=$((failed + f))
	if [ "$f" -ne 0 ] || [ -n "${VERBOSE:-}" ]; then
		printf '%s\n' "$out" | sed "s|^|  [$name] |"
	fi
	printf '%-24s %4d passed, %d failed\n' "$name" "$p" "$f"
}
for t in "$b"/tests/t-*; do
	[ -x "$t" ] || continue
	case $t in *.d|*.o) continue;; esac
	run_one "$(basename "$t")" $KJ_RUN "$t"
done
for s in "$src"/tests/unit/t-*.sh; do
	[ -f "$s" ] || continue
	run_one "$(basename "$s")" bash "$s" "$b/sbin/kexec" "$src"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
