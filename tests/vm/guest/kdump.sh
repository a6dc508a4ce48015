# SPDX-License-Identifier: GPL-2.0-or-later
# kdump: our kexec -p, a crash, and the capture kernel's /proc/vmcore.
# Runs twice, in the crashing kernel and in the capture kernel (which
# reuses its command line, so kjtest=kdump brings it back here).
#   first kernel (booted with crashkernel=): load /boot/bzImage with
#     /boot/initrd as the panic kernel (kjsys= c, s or empty for the
#     default -a; kjpath= load|file: which call must have loaded it),
#     check the refusals keep it loaded, write the marker to the kernel
#     log, crash with SysRq c.
#   capture kernel: /proc/vmcore is there; our vmcore-dmesg and Debian's
#     makedumpfile --dump-dmesg both find the marker line, and agree.
. /tests/lib.sh
m=$(kcmd kjmarker)
if [ -e /proc/vmcore ]; then
	echo "KJ-CAPTURE-BOOTED $(uname -r) $(uname -m)"
	echo "KJ-CAPTURE-CMDLINE $(cat /proc/cmdline)"
	# EFI runtime services (the EFI cases): efivars.0 is registered only
	# when the kernel has GetVariable/GetNextVariableName
	e=no; [ -d /sys/firmware/efi ] && e=yes
	d=no; [ -e /sys/bus/platform/devices/efivars.0 ] && d=yes
	echo "KJ-CAPTURE-EFI efi=$e efivars-device=$d"
	case " $(cat /proc/cmdline) " in
	*" elfcorehdr="*) ok "the capture kernel got elfcorehdr=" ;;
	*) fail "no elfcorehdr= on the capture kernel's command line" ;;
	esac
	case " $(cat /proc/cmdline) " in
	*" crashkernel="*) fail "--reuse-cmdline kept crashkernel= for the panic kernel" ;;
	*) ok "--reuse-cmdline dropped crashkernel= for the panic kernel" ;;
	esac
	hdr=$(head -c 5 /proc/vmcore | od -An -tx1 | tr -d ' \n')
	case $hdr in 7f454c460[12]) ok "/proc/vmcore is an ELF core file ($hdr)" ;;
	*) fail "/proc/vmcore starts with $hdr" ;; esac
	rc=0; vmcore-dmesg /proc/vmcore > /tmp/ours.txt 2>/tmp/ours.err || rc=$?
	[ $rc = 0 ] && ok "vmcore-dmesg /proc/vmcore: exit 0" || fail "vmcore-dmesg: exit $rc: $(head -1 /tmp/ours.err)"
	rc=0; makedumpfile --dump-dmesg /proc/vmcore /tmp/theirs.txt > /tmp/mdf.log 2>&1 || rc=$?
	[ $rc = 0 ] && ok "makedumpfile --dump-dmesg /proc/vmcore: exit 0" || { fail "makedumpfile: exit $rc"; sed 's/^/KJ-MDF /' /tmp/mdf.log; }
	o=$(grep "KJ-KDUMP-MARKER $m" /tmp/ours.txt | head -1)
	t=$(grep "KJ-KDUMP-MARKER $m" /tmp/theirs.txt 2>/dev/null | head -1)
	echo "KJ-KDUMP-OURS $o"
	echo "KJ-KDUMP-THEIRS $t"
	[ -n "$o" ] && ok "vmcore-dmesg prints the crashed kernel's marker" || fail "vmcore-dmesg: no marker line ($(wc -l < /tmp/ours.txt) lines)"
	[ -n "$t" ] && ok "makedumpfile finds the marker" || fail "makedumpfile: no marker line"
	[ -n "$o" ] && [ "$o" = "$t" ] && ok "the two readers agree on the marker line" || fail "marker lines differ"
	grep -q 'sysrq triggered crash' /tmp/ours.txt && ok "vmcore-dmesg shows the panic message" || fail "no 'sysrq triggered crash' in vmcore-dmesg's output"
	no=$(wc -l < /tmp/ours.txt); nt=$(wc -l < /tmp/theirs.txt 2>/dev/null || echo 0)
	nd=$(diff /tmp/ours.txt /tmp/theirs.txt 2>/dev/null | grep -c '^[<>]')
	echo "KJ-KDUMP-LINES ours=$no theirs=$nt differing=$nd"
	[ "$nd" = 0 ] && ok "vmcore-dmesg and makedumpfile print the same $no lines" || {
		fail "vmcore-dmesg and makedumpfile differ in $nd lines"
		diff /tmp/ours.txt /tmp/theirs.txt | head -10 | sed 's/^/KJ-DIFF /'; }
	finish
	exit
fi

# kjtool=kexec32: the i386 build of the tool on the x86_64 kernel
tool=$(kcmd kjtool); [ -n "$tool" ] || tool=kexec
sys=$(kcmd kjsys); sys=${sys:+-$sys}
path=$(kcmd kjpath)
# kjhotplug=1: load with --hotplug; Linux then reports crash hotplug
# support for the loaded image in /sys/devices/system/cpu/crash_hotplug
hp=; [ "$(kcmd kjhotplug)" = 1 ] && hp=--hotplug
# kjvmlinux=1: the panic kernel is the ELF vmlinux (--args-linux)
kfile=/boot/bzImage; kargs=
[ "$(kcmd kjvmlinux)" = 1 ] && { kfile=/boot/vmlinux; kargs=--args-linux; }
grep -q 'crashkernel=' /proc/cmdline && ok "booted with crashkernel=" || fail "no crashkernel= on the command line"
grep 'Crash kernel' /proc/iomem | sed 's/^/KJ-IOMEM /'
size=$($tool --print-ckr-size)
echo "KJ-CKR-SIZE $size"
[ "${size:-0}" -gt 0 ] && ok "--print-ckr-size: $size bytes" || fail "--print-ckr-size printed '$size'"
expect_rc 0 "$tool -S -p: nothing loaded yet" $tool -S -p
[ -n "$hp" ] && echo "KJ-HOTPLUG before: $(cat /sys/devices/system/cpu/crash_hotplug 2>&1)"
expect_rc 0 "$tool $sys -d -p $hp $kfile $kargs --initrd= --reuse-cmdline --append=" \
	$tool $sys -d -p $hp $kfile $kargs --initrd=/boot/initrd --reuse-cmdline --append=kjstage=capture $LOADARGS 2>/tmp/load.err
if [ -n "$hp" ]; then
	v=$(cat /sys/devices/system/cpu/crash_hotplug 2>&1)
	echo "KJ-HOTPLUG after: $v"
	[ "$v" = 1 ] && ok "--hotplug: the kernel reports crash hotplug support for the loaded image" || fail "--hotplug: crash_hotplug reads '$v'"
fi
sed 's/^/KJ-LOAD-DEBUG /' /tmp/load.err | grep -E 'kexec_file_load|trying kexec_load| loaded|panic load'
if [ -n "$path" ]; then
	f=0; b=0
	grep -q 'loaded with kexec_file_load' /tmp/load.err && f=1
	grep -q 'trying kexec_load' /tmp/load.err && b=1
	case $path:$f:$b in
	file:1:0) ok "loaded by kexec_file_load" ;;
	load:0:0) ok "loaded by kexec_load only" ;;
	*) fail "load path: want $path, file=$f fallback=$b" ;;
	esac
fi
[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] && ok "kexec_crash_loaded is 1" || fail "kexec_crash_loaded is $(cat /sys/kernel/kexec_crash_loaded)"
[ "$(loaded)" = 0 ] && ok "no normal image loaded" || fail "kexec_loaded is $(loaded)"
expect_rc 1 "$tool -S -p: loaded" $tool -S -p
# refusals keep the panic kernel loaded
out=$($tool -p $kfile $kargs --initrd=/boot/initrd --append="$(head -c 3000 /dev/zero | tr '\0' x)" 2>&1); rc=$?
echo "KJ-MSG $out"
[ $rc = 1 ] && ok "a too long command line is refused (exit 1)" || fail "too long command line: exit $rc"
out=$($tool -p /phy/phy_mode64.elf 2>&1); rc=$?
echo "KJ-MSG $out"
[ $rc = 1 ] && ok "a non-Linux panic image is refused (exit 1)" || fail "non-Linux panic image: exit $rc"
[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] && ok "the panic kernel is still loaded after the refusals" || fail "panic kernel lost"
echo "KJ-KDUMP-MARKER $m" > /dev/kmsg
check_dmesg_clean
finish
echo "KJ-CRASH"
sleep 1
echo c > /proc/sysrq-trigger
echo "KJ-CHECK FAIL the kernel survived SysRq c"
