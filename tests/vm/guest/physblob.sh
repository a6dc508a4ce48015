# SPDX-License-Identifier: GPL-2.0-or-later
# physblob: the raw-blob loader on a real kernel.  The x86_64 example,
# flattened with objcopy, loaded with --type=phys at its link address and
# entered directly (--args-none); kjn= round trips.
. /tests/lib.sh
prog=/phy/$(kcmd kjprog)
n=$(kcmd kjn); [ -n "$n" ] || n=5
expect_rc 0 "load raw blob $prog" kexec --load-preserve-context --type=phys --load-addr=0x1000000 --args-none $LOADARGS "$prog"
i=1
while [ $i -le $n ]; do
	echo "KJ-EXEC-START $i"
	kexec -e
	rc=$?
	echo "KJ-EXEC-DONE $i rc=$rc"
	[ $rc = 0 ] || fail "kexec -e call $i exited $rc"
	i=$((i + 1))
done
check_dmesg_clean
expect_rc 0 "kexec -u" kexec -u
finish
