# jumpout: on kernels whose return path crashes (6.1, kexec-abi.md 3.4).
# 1. The preflight must refuse a bare --args-none jump image, with the
#    reason, and load nothing.
# 2. With --risk-crash-on-return we prove the jump out: load, exec once,
#    and expect the example to print.  The host expects the guest to reset
#    on return; if we get past kexec -e the expectation is wrong and the
#    host reports it.
. /tests/lib.sh
prog=/phy/$(kcmd kjprog)
out=$(kexec --load-preserve-context --args-none $LOADARGS "$prog" 2>&1); rc=$?
echo "KJ-MSG $out"
[ $rc != 0 ] && ok "preflight refuses the --args-none jump image (exit $rc)" || fail "preflight let it load"
case $out in *"would crash this kernel"*) ok "refusal says the return would crash";; *) fail "refusal message: $out";; esac
[ "$(loaded)" = 0 ] && ok "nothing loaded after the refusal" || fail "kexec_loaded is $(loaded)"
expect_rc 0 "load $prog" kexec --load-preserve-context --args-none --risk-crash-on-return $LOADARGS "$prog"
echo "KJ-EXEC-START 1"
kexec -e
echo "KJ-RETURNED rc=$?"
finish
