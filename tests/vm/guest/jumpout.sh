# jumpout: on kernels whose return path crashes (6.1, kexec-abi.md 3.4) we
# prove the jump out: load, exec once, and expect the example to print.
# The host expects the guest to reset on return; if we get past kexec -e
# the expectation is wrong and the host reports it.
. /tests/lib.sh
prog=/phy/$(kcmd kjprog)
expect_rc 0 "load $prog" kexec --load-preserve-context --args-none $LOADARGS "$prog"
echo "KJ-EXEC-START 1"
kexec -e
echo "KJ-RETURNED rc=$?"
finish
