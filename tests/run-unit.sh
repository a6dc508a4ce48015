#!/bin/bash
# run-unit.sh BUILDDIR SRCDIR - run every unit test program and script.
# Counts TAP lines: each "ok N" passes, each "not ok N" fails; a program
# that crashes or exits non-zero without a "not ok" line counts as one
# failure, so a test cannot pass by dying early.  Last line:
# "N passed, N failed".
set -u
b=$(cd "${1:?builddir}" && pwd); src=$(cd "${2:?srcdir}" && pwd)
# Tests find their fixtures relative to the source tree, whatever the build
# directory is.
export KJ_SRCDIR=$src
cd "$src" || exit 1
passed=0; failed=0
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
	run_one "$(basename "$t")" "$t"
done
for s in "$src"/tests/unit/t-*.sh; do
	[ -f "$s" ] || continue
	run_one "$(basename "$s")" bash "$s" "$b/sbin/kexec" "$src"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
