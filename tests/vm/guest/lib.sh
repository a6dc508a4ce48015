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
# The soak's stricter check (kjsoak=1, guest/roundtrip.sh).  A thousand
# jumps log more than the ring buffer holds, so the soak reads and clears
# it as it goes: dmesg_soak_take (dmesg -r -c) appends what was logged
# since the last call to /tmp/soak.dmesg; the first call, before the
# load, keeps the boot's messages apart in /tmp/boot.dmesg (checked by
# check_dmesg_clean's patterns only: TCG boots log "MP-BIOS bug: 8254
# timer not connected" at err level before any kexec).  Clean means: from
# the load to the end, no message at log level err or more severe
# (<0> to <3>), and no line naming a kernel problem: WARNING:, BUG:, Oops,
# Call Trace, general protection, kernel panic, RIP:/EIP: dumps, segfault,
# lockup, hung task, RCU stall, or the word "error" in any case.
# (roundtrip.sh also sets the console level to 1 for the soak: a kernel
# line printed in the middle of a KJ-EXEC line would break it for the
# host; the buffer still has every message.)
dmesg_soak_take() {
	if [ -f /tmp/boot.dmesg ]; then dmesg -r -c >> /tmp/soak.dmesg
	else dmesg -r -c > /tmp/boot.dmesg; : > /tmp/soak.dmesg; fi
}
check_dmesg_strict() {
	dmesg_soak_take
	total=$(wc -l < /tmp/soak.dmesg)
	bad=$(grep -E '^<[0-3]>|WARNING:|BUG:|Oops|Call Trace|general protection|[Kk]ernel panic|RIP:|EIP:|segfault|lockup|hung task|rcu.*stall|[Ee][Rr][Rr][Oo][Rr]' /tmp/soak.dmesg)
	nbad=$(printf '%s' "$bad" | grep -c .)
	bootbad=$(grep -cE 'Oops|WARNING:|BUG:|Call Trace|general protection|kernel panic' /tmp/boot.dmesg)
	echo "KJ-DMESG soak lines=$total bad=$nbad; boot lines=$(wc -l < /tmp/boot.dmesg) err-level=$(grep -c '^<[0-3]>' /tmp/boot.dmesg) bad=$bootbad"
	printf '%s\n' "$bad" | grep . | head -20 | sed 's/^/KJ-DMESG-BAD /'
	grep '^<[0-3]>' /tmp/boot.dmesg | head -5 | sed 's/^/KJ-DMESG-BOOT-ERR /'
	if [ "$nbad" = 0 ] && [ "$bootbad" = 0 ]; then ok "dmesg is clean ($total lines since the load: nothing at err level or worse, no warning, oops, lockup or error)"
	else fail "dmesg: $nbad bad lines since the load, $bootbad at boot"; fi
}
