# SPDX-License-Identifier: GPL-2.0-or-later
# bootregs: a 32-bit register boot (kexec/plan.h PLAN_BOOT_32, doc/abi.md
# 10.7) made by the test hook KEXEC_JUMP_TEST_BOOT32=1 from a normal
# --args-none load of kexec_test's bootregs32.elf.  kexec -e does not come
# back: the image prints the registers, selectors and flags it was started
# with and KJ-EXIT; the host compares them with the hook's values.  The
# load runs the test build, /sbin/kexec-hooks; -e the production kexec.
. /tests/lib.sh
prog=/phy/$(kcmd kjprog)
export KEXEC_JUMP_TEST_BOOT32=1
expect_rc 0 "load $prog as a 32-bit register boot" kexec-hooks -d -l --args-none $LOADARGS "$prog" 2>/tmp/load.err
grep -q 'test hook: a 32-bit register boot' /tmp/load.err && ok "the test hook made it a register boot" ||
	fail "no register boot: $(tail -1 /tmp/load.err)"
[ "$(loaded)" = 1 ] && ok "kexec_loaded is 1" || fail "kexec_loaded is $(loaded)"
echo "KJ-SUMMARY fails=$KJ_FAILS"
sync
kexec -e
fail "kexec -e returned (exit $?)"
finish
