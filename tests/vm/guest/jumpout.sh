# SPDX-License-Identifier: GPL-2.0-or-later
# jumpout: the control for the safe-return repair, on kernels whose
# return path crashes (6.1, doc/abi.md 3.4).  With the repair switched
# off (test hook KEXEC_JUMP_TEST_NO_REPAIR=1, as if the kernel's GDT could
# not be read):
# 1. the preflight must refuse the --args-none jump image, with the
#    reason, and load nothing;
# 2. with --risk-crash-on-return we prove the jump out: load, exec once,
#    and expect the example to print.  The host expects the guest to reset
#    on return; if we get past kexec -e the expectation is wrong and the
#    host reports it.  (The same image with the repair: roundtrip-6.1-*.)
# The loads run the test build, /sbin/kexec-hooks; -e the production kexec.
. /tests/lib.sh
prog=/phy/$(kcmd kjprog)
export KEXEC_JUMP_TEST_NO_REPAIR=1
out=$(kexec-hooks --load-preserve-context --args-none $LOADARGS "$prog" 2>&1); rc=$?
echo "KJ-MSG $out"
[ $rc != 0 ] && ok "preflight refuses the --args-none jump image (exit $rc)" || fail "preflight let it load"
case $out in *"would crash this kernel"*) ok "refusal says the return would crash";; *) fail "refusal message: $out";; esac
[ "$(loaded)" = 0 ] && ok "nothing loaded after the refusal" || fail "kexec_loaded is $(loaded)"
expect_rc 0 "load $prog" kexec-hooks --load-preserve-context --args-none --risk-crash-on-return $LOADARGS "$prog"
echo "KJ-EXEC-START 1"
kexec -e
echo "KJ-RETURNED rc=$?"
finish
