# SPDX-License-Identifier: GPL-2.0-or-later
# kexectest: the kexec_test image checks the environment a program called
# through the purgatory gets (mode, interrupts, stack, its memory across
# calls, the parameter block) and returns the number of failed checks.
. /tests/lib.sh
prog=/phy/$(kcmd kjprog)
n=$(kcmd kjn); [ -n "$n" ] || n=3
# with the purgatory's debug console (the host checks its lines)
case $prog in
*.elf)	# the ELF form (kexec_test32.elf on x86_64: a 32-bit program the
	# purgatory calls after leaving long mode), also at 0x3000000
	expect_rc 0 "load ELF $prog" kexec --load-preserve-context --append=kexec_test --console-serial --serial=ttyS0 --serial-baud=115200 $LOADARGS "$prog" ;;
*)	expect_rc 0 "load $prog" kexec --load-preserve-context --type=phys --load-addr=0x3000000 --append=kexec_test --console-serial --serial=ttyS0 --serial-baud=115200 $LOADARGS "$prog" ;;
esac
# printed after the last jump (see callc.sh)
: > /tmp/outs
i=1
while [ $i -le $n ]; do
	out=$(kexec -e 2>&1); rc=$?
	echo "$out" | sed "s/^/KJ-OUT $i: /" >> /tmp/outs
	echo "$i $rc" >> /tmp/outs.rc
	i=$((i + 1))
done
cat /tmp/outs
while read -r i rc; do
	[ $rc = 0 ] && ok "kexec_test call $i: all checks passed (exit 0)" || fail "kexec_test call $i: exit $rc"
done < /tmp/outs.rc
check_dmesg_clean
expect_rc 0 "kexec -u" kexec -u
finish
