# SPDX-License-Identifier: GPL-2.0-or-later
# bios: the BIOS call demo (examples/bios, i386).  Loaded through the
# purgatory, called kjn= times; each call drops to real mode and asks the
# BIOS (QEMU's SeaBIOS) for INT 12h and the INT 15h E820 map.  The output
# kexec -e printed is echoed as "KJ-OUT i: LINE", its exit status as
# "KJ-RC i N", and the kernel's own view of the same map (the
# "BIOS-e820:" lines Linux logged at boot from the same BIOS call) as
# "KJ-DMESG LINE": the host compares them.
. /tests/lib.sh
prog=/phy/$(kcmd kjprog)
n=$(kcmd kjn); [ -n "$n" ] || n=3
expect_rc 0 "load $prog through the purgatory" kexec --load-preserve-context $LOADARGS "$prog"
: > /tmp/calls
i=1
while [ $i -le $n ]; do
	kexec -e > /tmp/out 2>&1
	rc=$?
	sed "s/^/KJ-OUT $i: /" /tmp/out >> /tmp/calls
	echo "KJ-RC $i $rc" >> /tmp/calls
	i=$((i + 1))
done
cat /tmp/calls
dmesg | grep 'BIOS-e820: ' | sed 's/^[^B]*/KJ-DMESG /'
check_dmesg_clean
( echo "KJ-ALIVE $(cat /proc/uptime)" ) && ok "userspace alive after $n BIOS calls"
expect_rc 0 "kexec -u" kexec -u
finish
