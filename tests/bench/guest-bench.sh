# SPDX-License-Identifier: GPL-2.0-or-later
# guest-bench.sh - the benchmark's guest side (run-bench.sh puts it in the
# initramfs as /tests/bench.sh; busybox sh).  kjbench= on the command line:
#   load  for each run, initrd size and load mode, every tool loads
#         /boot/bzImage with a random initrd and unloads it (-u), through
#         /bin/kjrun (wall time, peak RSS): "KJ-B-LOAD ..." lines; then
#         ours with -d once per size and mode ("KJ-B-TIMING ..."), and
#         kjtrips= jump round trips of /phy/phy_mode64.elf with ours
#         ("KJ-B-TRIP ...");  /bin/sha-bench, when there, is run too
#   exec  kjtool= loads bzImage + a 64 MiB initrd, then prints
#         KJ-BENCH-EXEC and runs kexec -e; the host times the second
#         kernel's first lines on the serial port.  kjflag= letters add
#         load options: c -c, i -i (--no-checks: no purgatory check),
#         s --console-serial (the purgatory prints its progress, which
#         the host stamps too)
#   plan  each tool's segment list (-d) for the 64 MiB -c load
# Tools: ours = /sbin/kexec (static); kt25, kt32 = Debian's kexec-tools
# 2.0.25 and 2.0.32 under /kt25, /kt32 (fetch-kexec-tools.sh).
. /tests/lib.sh
K=/boot/bzImage
APPEND2="console=ttyS0,115200 earlyprintk=serial,ttyS0,115200 panic=-1 kjbench2=1"
tool_cmd() {
	case $1 in
	ours) echo /sbin/kexec ;;
	*) echo "/$1/ld.so --library-path /$1/lib /$1/kexec" ;;
	esac
}
mkinitrd() { # MiB
	[ -f /tmp/i$1 ] || dd if=/dev/urandom of=/tmp/i$1 bs=1M count=$1 2>/dev/null
}
# timed TOOL ARGS...: runs the tool through kjrun; sets $res to its line
timed() {
	t=$1; shift
	rm -f /tmp/kjr
	/bin/kjrun /tmp/kjr $(tool_cmd $t) "$@" > /tmp/out 2>&1
	res=$(cat /tmp/kjr)
}
mode=$(kcmd kjbench)
echo "KJ-B-TOOLS ours=[$(/sbin/kexec --version 2>&1 | head -1)] kt25=[$($(tool_cmd kt25) --version 2>&1 | head -1)] kt32=[$($(tool_cmd kt32) --version 2>&1 | head -1)]"
echo "KJ-B-GUEST $(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo) mem=$(sed -n 's/MemTotal: *//p' /proc/meminfo) sha_ni=$(grep -qw sha_ni /proc/cpuinfo && echo yes || echo no)"
case $mode in
load)
	runs=$(kcmd kjruns); [ -n "$runs" ] || runs=5
	sizes=$(kcmd kjsizes | tr , ' '); [ -n "$sizes" ] || sizes="16 64 256"
	tools=$(kcmd kjtools | tr , ' '); [ -n "$tools" ] || tools="ours kt32 kt25"
	trips=$(kcmd kjtrips); [ -n "$trips" ] || trips=20
	t0=$(cut -d' ' -f1 /proc/uptime)
	for s in $sizes; do mkinitrd $s; done
	echo "KJ-B-INITRDS $sizes MiB from /dev/urandom in $(awk -v a="$t0" '{ printf "%.1f", $1 - a }' /proc/uptime) s"
	r=1
	while [ $r -le $runs ]; do
		for s in $sizes; do
			for m in c default; do
				for t in $tools; do
					flag=; [ $m = c ] && flag=-c
					timed $t -l $flag $K --initrd=/tmp/i$s --append="$APPEND2"
					echo "KJ-B-LOAD tool=$t size=$s mode=$m run=$r $res"
					case $res in rc=0*) ;; *)
						# ours failing fails the run; a reference tool's
						# failure is a result (the table shows it)
						why="$t -l $flag with the $s MiB initrd: $res: $(head -3 /tmp/out | tr '\n' ' ')"
						if [ $t = ours ]; then fail "$why"; else echo "KJ-B-REFFAIL $why"; fi
						# why, once per tool and mode: the same load with -d
						if [ ! -f /tmp/diag-$t-$m ]; then
							: > /tmp/diag-$t-$m
							$(tool_cmd $t) -d -l $flag $K --initrd=/tmp/i$s --append="$APPEND2" 2>&1 | tail -6 | sed "s/^/KJ-B-DIAG $t $m: /"
						fi ;;
					esac
					[ "$(loaded)" = 1 ] || [ $t != ours ] || fail "$t -l $flag ($s MiB): kexec_loaded is $(loaded)"
					timed $t -u
					echo "KJ-B-UNLOAD tool=$t size=$s mode=$m run=$r $res"
					[ "$(loaded)" = 0 ] || fail "$t -u ($s MiB): kexec_loaded is $(loaded)"
				done
			done
		done
		r=$((r + 1))
	done
	# our breakdown (kexec -d), once per size and mode
	for s in $sizes; do
		for m in c default; do
			flag=; [ $m = c ] && flag=-c
			line=$(/sbin/kexec -d -l $flag $K --initrd=/tmp/i$s --append="$APPEND2" 2>&1 | grep 'kexec: timing:')
			echo "KJ-B-TIMING size=$s mode=$m $line"
			/sbin/kexec -u
		done
	done
	# jump round trips (ours only): each kexec -e timed
	if /sbin/kexec --load-preserve-context --args-none /phy/phy_mode64.elf; then
		i=1
		while [ $i -le $trips ]; do
			timed ours -e
			echo "KJ-B-TRIP $i $res"
			case $res in rc=0*) ;; *) fail "round trip $i: $res" ;; esac
			i=$((i + 1))
		done
		/sbin/kexec -u
	else
		fail "ours: --load-preserve-context phy_mode64.elf did not load"
	fi
	if [ -x /bin/sha-bench ]; then
		/bin/sha-bench 2>&1 | sed 's/^/KJ-B-SHA /'
	else
		echo "KJ-B-SHA none"
	fi
	check_dmesg_clean
	finish ;;
exec)
	t=$(kcmd kjtool)
	flag=
	case $(kcmd kjflag) in *c*) flag="$flag -c" ;; esac
	case $(kcmd kjflag) in *i*) flag="$flag -i" ;; esac
	case $(kcmd kjflag) in *s*) flag="$flag --console-serial" ;; esac
	mkinitrd 64
	timed $t -l $flag $K --initrd=/tmp/i64 --append="$APPEND2"
	echo "KJ-B-EXECLOAD tool=$t flag=$(echo $flag | tr " " ,) $res"
	[ "$(loaded)" = 1 ] || { fail "$t did not load: $(head -3 /tmp/out)"; finish; exit 1; }
	sync
	echo "KJ-BENCH-EXEC $t"
	$(tool_cmd $t) -e
	fail "$t -e returned $?"
	finish ;;
plan)
	# each tool's segments for the -e load (kexec-tools' -d lists them;
	# ours prints its plan), to compare what the kernel copies at -e
	mkinitrd 64
	for t in ours kt32; do
		$(tool_cmd $t) -d -l -c $K --initrd=/tmp/i64 --append="$APPEND2" 2>&1 |
			grep -E -i 'segment|memsz' | sed "s/^/KJ-B-PLAN $t: /"
		$(tool_cmd $t) -u
	done
	finish ;;
*)
	fail "kjbench=$mode: want load, exec or plan"; finish ;;
esac
