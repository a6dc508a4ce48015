# SPDX-License-Identifier: GPL-2.0-or-later
# roundtrip: load the example with --load-preserve-context --args-none and
# call it kjn= times with kexec -e; every call must come back with exit 0.
. /tests/lib.sh
prog=/phy/$(kcmd kjprog)
n=$(kcmd kjn); [ -n "$n" ] || n=20
tool=$(kcmd kjtool); [ -n "$tool" ] || tool=kexec
soak=$(kcmd kjsoak)
# the soak: the kernel's messages go to the buffer only (read as it
# goes), not to the console, where they would split the KJ-EXEC lines
[ "$soak" = 1 ] && { dmesg_soak_take; dmesg -n 1; }
echo "KJ-TOOL $tool: $($tool --version 2>&1)"
out=$($tool --load-preserve-context --args-none $LOADARGS "$prog" 2>&1); rc=$?
[ $rc = 0 ] && ok "load $prog with $tool (exit 0)" || fail "load $prog with $tool: exit $rc: $out"
# Silent: on 6.12 the preflight finds the GDT fix in the kernel's code
# (the version alone would leave it 'cannot tell' and warn); on 6.1 and
# i386 the purgatory's direct mode repairs the return.
[ -z "$out" ] && ok "load is silent: the return is safe" || fail "load printed: $out"
# kjpreflight=code: the preflight must have read the kernel's return
# path and found its lgdt (not just trusted the version number)
if [ "$(kcmd kjpreflight)" = code ]; then
	why=$($tool -d --dry-run --load-preserve-context --args-none $LOADARGS "$prog" 2>&1 | grep -- '--args-none: ')
	echo "KJ-PREFLIGHT $why"
	case $why in
	*"return path reloads its GDT"*) ok "preflight recognises the GDT fix from the kernel's code" ;;
	*) fail "preflight did not read the fix from the code: $why" ;;
	esac
fi
[ "$(loaded)" = 1 ] && ok "kexec_loaded is 1" || fail "kexec_loaded is $(loaded)"
i=1
while [ $i -le $n ]; do
	echo "KJ-EXEC-START $i"
	# the soak: let the console's UART send that line before the jump
	# (stty sets the same modes back with TCSADRAIN, which waits for the
	# output to drain); else the program's own line can overtake it
	[ "$soak" = 1 ] && stty -F /dev/console "$(stty -F /dev/console -g)"
	$tool -e
	rc=$?
	echo "KJ-EXEC-DONE $i rc=$rc"
	[ $rc = 0 ] || fail "kexec -e call $i exited $rc"
	[ "$soak" = 1 ] && [ $((i % 20)) = 0 ] && dmesg_soak_take
	i=$((i + 1))
done
ok "$n calls made"
# no state file (another tool's load, a cleared /run): Linux does not say
# whether the image keeps the context, so -e must treat it as one that
# may return: the return is success (exit 0), not the failure of a
# normal image's reboot (doc/abi.md 22)
if { [ "$tool" = kexec ] || [ "$tool" = kexec32 ]; } && [ "$soak" != 1 ]; then
	mv /run/kexec-jump/loaded /tmp/kj-state || fail "no state file /run/kexec-jump/loaded after the load"
	echo "KJ-NOSTATE-START"
	out=$($tool -e 2>&1); rc=$?
	echo "KJ-NOSTATE-DONE rc=$rc"
	[ $rc = 0 ] && ok "-e with no state file: the return is success (exit 0)" \
		|| fail "-e with no state file exited $rc: $out"
	mv /tmp/kj-state /run/kexec-jump/loaded
fi
if [ "$soak" = 1 ]; then check_dmesg_strict; else check_dmesg_clean; fi
# userspace alive: a fresh process, file system and /proc work
( echo "KJ-ALIVE pid=$$ $(cat /proc/uptime)" ) && ok "userspace alive after $n round trips"
expect_rc 1 "$tool -l -S reports the image still loaded" $tool -l -S
expect_rc 0 "$tool -u" $tool -u
[ "$(loaded)" = 0 ] && ok "unloaded" || fail "kexec_loaded is $(loaded) after -u"
finish
