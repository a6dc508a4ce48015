# roundtrip: load the example with --load-preserve-context --args-none and
# call it kjn= times with kexec -e; every call must come back with exit 0.
. /tests/lib.sh
prog=/phy/$(kcmd kjprog)
n=$(kcmd kjn); [ -n "$n" ] || n=20
expect_rc 0 "load $prog" kexec --load-preserve-context --args-none "$prog"
[ "$(loaded)" = 1 ] && ok "kexec_loaded is 1" || fail "kexec_loaded is $(loaded)"
i=1
while [ $i -le $n ]; do
	echo "KJ-EXEC-START $i"
	kexec -e
	rc=$?
	echo "KJ-EXEC-DONE $i rc=$rc"
	[ $rc = 0 ] || fail "kexec -e call $i exited $rc"
	i=$((i + 1))
done
ok "$n calls made"
check_dmesg_clean
# userspace alive: a fresh process, file system and /proc work
( echo "KJ-ALIVE pid=$$ $(cat /proc/uptime)" ) && ok "userspace alive after $n round trips"
expect_rc 1 "kexec -l -S reports the image still loaded" kexec -l -S
expect_rc 0 "kexec -u" kexec -u
[ "$(loaded)" = 0 ] && ok "unloaded" || fail "kexec_loaded is $(loaded) after -u"
finish
