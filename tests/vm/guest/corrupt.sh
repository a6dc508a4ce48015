# SPDX-License-Identifier: GPL-2.0-or-later
# corrupt: the test hook flips one byte of the program's segment after
# kexec hashed it; the purgatory must refuse to call the program, report
# the mismatch, and Linux must keep running.  kexec -e exits 253, "the
# program was not called" (kexec(8), EXIT STATUS), on every call.  The
# load runs the test build, /sbin/kexec-hooks (the only one with the hook);
# -e and -u the production /sbin/kexec.
. /tests/lib.sh
prog=/phy/$(kcmd kjprog)
export KEXEC_JUMP_TEST_CORRUPT_SEGMENT=1
expect_rc 0 "load $prog with a corrupted segment" kexec-hooks --load-preserve-context --type=phys --load-addr=0x2000000 $LOADARGS "$prog"
unset KEXEC_JUMP_TEST_CORRUPT_SEGMENT
out=$(kexec -e 2>&1); rc=$?
echo "KJ-MSG $out"
[ "$rc" = 253 ] && ok "kexec -e: the program was not called (exit $rc)" || fail "kexec -e exited $rc, want 253"
case $out in *sha256*) ok "message names the sha256 check";; *) fail "message: $out";; esac
[ "$(echo "$out" | wc -l)" = 1 ] && ok "message is one line" || fail "message has $(echo "$out" | wc -l) lines"
# the image is still loaded and a second call fails the same way
out2=$(kexec -e 2>&1); rc2=$?
[ "$rc2" = 253 ] && ok "second kexec -e refused too (exit $rc2)" || fail "second kexec -e exited $rc2, want 253"
check_dmesg_clean
( echo "KJ-ALIVE $(cat /proc/uptime)" ) && ok "userspace alive"
expect_rc 0 "kexec -u" kexec -u
finish
