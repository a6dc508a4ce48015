# SPDX-License-Identifier: GPL-2.0-or-later
# noresults: a program called through the purgatory on a kernel whose
# kallsyms has no data symbols (as without CONFIG_KALLSYMS_ALL).  After
# the load, a copy of /proc/kallsyms without kexec_image is bind-mounted
# over it; kexec -e must then jump, come back, and exit 252 ("results
# cannot be read") with its one-line message, twice, and Linux lives on.
# A control call with the real kallsyms first must read the results.
. /tests/lib.sh
prog=/phy/$(kcmd kjprog)
expect_rc 0 "load $prog through the purgatory" kexec --load-preserve-context --type=phys --load-addr=0x2000000 --append=nr $LOADARGS "$prog"
out=$(kexec -e 2>&1); rc=$?
echo "KJ-CONTROL rc=$rc out=$out"
[ $rc = 1 ] && case $out in *"callc: call 1 "*) true ;; *) false ;; esac &&
	ok "control: with kexec_image in kallsyms the results are read (exit 1, the program's value)" ||
	fail "control call: exit $rc, output '$out'"
grep -v ' kexec_image$' /proc/kallsyms > /tmp/kallsyms
grep -q ' kexec_image$' /tmp/kallsyms && fail "filtered kallsyms still has kexec_image"
mount --bind /tmp/kallsyms /proc/kallsyms && ok "kallsyms without kexec_image bind-mounted" || fail "bind mount over /proc/kallsyms"
grep -q ' kexec_image$' /proc/kallsyms && fail "kexec_image still visible"
for i in 2 3; do
	out=$(kexec -e 2>&1); rc=$?
	echo "KJ-NORESULTS $i rc=$rc msg=$out"
	[ $rc = 252 ] && ok "call $i: exit 252 (results unreadable)" || fail "call $i: exit $rc, want 252"
	case $out in
	*"CONFIG_KALLSYMS_ALL"*) ok "call $i: the message names CONFIG_KALLSYMS_ALL" ;;
	*) fail "call $i: message '$out'" ;;
	esac
	[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && ok "call $i: one line" || fail "call $i: $(printf '%s\n' "$out" | wc -l) lines"
done
umount /proc/kallsyms
check_dmesg_clean
( echo "KJ-ALIVE $(cat /proc/uptime)" ) && ok "userspace alive"
expect_rc 0 "kexec -u" kexec -u
finish
