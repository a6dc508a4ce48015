# SPDX-License-Identifier: GPL-2.0-or-later
# nojump: kernel built without CONFIG_KEXEC_JUMP.  A normal image loaded
# first must survive a refused --load-preserve-context load.
. /tests/lib.sh
prog=/phy/$(kcmd kjprog)
expect_rc 0 "normal load of $prog" kexec -l --args-none $LOADARGS "$prog"
[ "$(loaded)" = 1 ] && ok "normal image loaded" || fail "kexec_loaded is $(loaded)"
out=$(kexec --load-preserve-context --args-none $LOADARGS "$prog" 2>&1); rc=$?
echo "KJ-MSG $out"
[ $rc != 0 ] && ok "preserve-context load refused (exit $rc)" || fail "preserve-context load succeeded"
case $out in *CONFIG_KEXEC_JUMP*) ok "message names CONFIG_KEXEC_JUMP";; *) fail "message: $out";; esac
[ "$(echo "$out" | wc -l)" = 1 ] && ok "message is one line" || fail "message has $(echo "$out" | wc -l) lines"
[ "$(loaded)" = 1 ] && ok "earlier image still loaded" || fail "earlier image lost: kexec_loaded is $(loaded)"
expect_rc 1 "kexec -l -S says loaded" kexec -l -S
expect_rc 0 "kexec -u" kexec -u
finish
