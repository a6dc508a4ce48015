# SPDX-License-Identifier: GPL-2.0-or-later
# callc: a plain C function (examples/callc) loaded as a raw blob and
# called through the purgatory kjn= times.  Each call's output and exit
# status are printed as one KJ-CALL line; the host compares them with its
# own model of the program (tests/vm/callc-model.c).
. /tests/lib.sh
prog=/phy/$(kcmd kjprog)
n=$(kcmd kjn); [ -n "$n" ] || n=50
app=$(kcmd kjappend)
tool=$(kcmd kjtool); [ -n "$tool" ] || tool=kexec
# kjnosgdt=1: find the kernel's GDT through kallsyms/kcore instead of
# sgdt (test hook), as on a UMIP machine: the load runs the test build of
# the tool, $tool-hooks (/sbin/kexec-hooks; the initramfs has no
# kexec32-hooks, no case needs it); the calls and -u run $tool
load=$tool
[ "$(kcmd kjnosgdt)" = 1 ] && { export KEXEC_JUMP_TEST_NO_SGDT=1; load=$tool-hooks; }
case $prog in
*.elf)	# the ELF form: segments at p_paddr, entry e_entry, no --type
	expect_rc 0 "load ELF $prog through the purgatory" $load -d --load-preserve-context ${app:+--append=$app} $LOADARGS "$prog" 2>/tmp/load.err ;;
*)	expect_rc 0 "load $prog through the purgatory with $load" $load -d --load-preserve-context --type=phys --load-addr=0x2000000 ${app:+--append=$app} $LOADARGS "$prog" 2>/tmp/load.err ;;
esac
grep 'kernel GDT' /tmp/load.err | sed 's/^/KJ-GDT /'
if [ "$(kcmd kjgdt)" = kallsyms ]; then
	grep -q 'gdt_page + __per_cpu_offset\[0\], kallsyms' /tmp/load.err && ok "the repair's GDT came from kallsyms" ||
		fail "the GDT did not come from kallsyms: $(grep 'GDT' /tmp/load.err)"
fi
# Collected in a file and printed after the last jump: the console tty
# drains asynchronously, so a line echoed right before the next kexec -e
# can get that jump's kernel messages spliced into it.
: > /tmp/calls
i=1
while [ $i -le $n ]; do
	out=$($tool -e 2>&1)
	rc=$?
	echo "KJ-CALL $i rc=$rc out=$out" >> /tmp/calls
	i=$((i + 1))
done
cat /tmp/calls
check_dmesg_clean
( echo "KJ-ALIVE $(cat /proc/uptime)" ) && ok "userspace alive after $n calls"
expect_rc 0 "$tool -u" $tool -u
finish
