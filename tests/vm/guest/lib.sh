# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - helpers for guest test scripts (sourced, busybox sh).
# Every check prints one "KJ-CHECK ok|FAIL <what>" line; the host reads them.
KJ_FAILS=0
ok()   { echo "KJ-CHECK ok $*"; }
fail() { echo "KJ-CHECK FAIL $*"; KJ_FAILS=$((KJ_FAILS + 1)); }
# expect_rc WANT WHAT CMD...: run CMD, compare its exit status
expect_rc() {
	want=$1; what=$2; shift 2
	"$@"; got=$?
	if [ "$got" = "$want" ]; then ok "$what (exit $got)"; else fail "$what: exit $got, want $want"; fi
}
loaded() { cat /sys/kernel/kexec_loaded; }
# no kernel oops/warning/BUG in the log so far
check_dmesg_clean() {
	bad=$(dmesg | grep -E 'Oops|WARNING:|BUG:|Call Trace|general protection|kernel panic' | head -3)
	if [ -z "$bad" ]; then ok "dmesg has no oops/warning/BUG"; else fail "dmesg: $bad"; fi
}
finish() {
	echo "KJ-SUMMARY fails=$KJ_FAILS"
	[ "$KJ_FAILS" = 0 ]
}
kcmd() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
# extra load options for reference runs (KEXEC_LOAD_ARGS on the host)
LOADARGS=$(kcmd kjloadargs | tr , ' ')
