#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-vm-tests.sh [--demo] [CASE...]
# run-vm-tests.sh --soak [SOAK-CASE...]  the soak cases (soak_case below;
#                 default both), never part of a normal run
# End-to-end tests: QEMU boots test kernels with a busybox initramfs that
# holds our statically linked kexec, and the guest loads and jumps.
#
#   KEXEC=/path     x86_64-guest kexec binary under test (default: our static
#                   x86_64 build).  Reference mode: point it at another
#                   kexec (e.g. Debian's /sbin/kexec from kexec-tools) to run
#                   the same cases against it.
#   KEXEC32=/path   i386-guest kexec binary (default: our static i386 build)
#   KEXEC_HOOKS=/path, KEXEC32_HOOKS=/path  the test builds (KEXEC_JUMP_TEST_*,
#                   KEXEC_SYSROOT) the hook cases run as /sbin/kexec-hooks
#                   (default: our static builds' tests/kexec-hooks, unless
#                   KEXEC or KEXEC32 is set; then none unless given)
#   KEXEC_LOAD_ARGS extra options for every load, comma-separated, e.g.
#                   "-c,--mem-max=0x1ffffff" for kexec-tools, which needs them
#   KJ_CACHE        kernel/deb cache (default /var/cache/kexec-jump)
#
# Prints one PASS/FAIL line per case and ends with "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${KJ_WORK:-$top/_build/vm}
mkdir -p "$work/logs"
demo=0
[ "${1:-}" = --demo ] && { demo=1; shift; }
soak=0
[ "${1:-}" = --soak ] && { soak=1; shift; }
# --kernels: build (or find in the cache) every kernel the suite boots,
# one line and its time each; a build failure fails the stage
if [ "${1:-}" = --kernels ]; then
	# One build at a time by default, each with make -j$(nproc).  Two
	# at a time (KJ_KERNEL_JOBS=2) was measured slower on 2 cores: a pair
	# took 1020-1300 s where the same two kernels took 900 s one after
	# the other.  Builds of one source version unpack it once
	# (build-kernel.sh locks it).
	kjobs=${KJ_KERNEL_JOBS:-1}
	build_one() { # SPEC -> writes $work/logs/kernel-SPEC.res
		local spec=$1 t0 out r=$work/logs/kernel-${1// /-}
		t0=$(date +%s)
		if out=$("$here/build-kernel.sh" $spec 2>"$r.err"); then
			echo "kernel $spec: $out ($(( $(date +%s) - t0 )) s)" >"$r.res"
		else
			{ echo "kernel $spec: BUILD FAILED ($(( $(date +%s) - t0 )) s)"; tail -20 "$r.err"; } >"$r.res"
		fi
	}
	# (7.2 on x86_64 is only the distribution-like build: every 7.2
	# x86_64 case runs on it, which saves a kernel build in a cold run)
	specs=("6.12 x86_64" "6.12 i386" "6.1 x86_64" "6.1 i386" "7.2 i386 kdump" "7.2 x86_64 distro")
	for spec in "${specs[@]}"; do
		rm -f "$work/logs/kernel-${spec// /-}.res"
		while [ "$(jobs -rp | wc -l)" -ge "$kjobs" ]; do wait -n; done
		build_one "$spec" &
	done
	wait
	f=0
	for spec in "${specs[@]}"; do
		r=$work/logs/kernel-${spec// /-}.res
		if [ -f "$r" ]; then cat "$r"; else echo "kernel $spec: no result"; f=$((f + 1)); continue; fi
		grep -q 'BUILD FAILED' "$r" && f=$((f + 1))
	done
	t0=$(date +%s)
	if out=$("$here/fetch-debs.sh" debian-kernel); then echo "Debian's stock kernel: $out ($(( $(date +%s) - t0 )) s)"
	else echo "Debian's stock kernel: FETCH FAILED"; f=$((f + 1)); fi
	echo "0 passed, $f failed"
	exit $((f != 0))
fi
only=("$@")
[ $soak = 1 ] && [ ${#only[@]} = 0 ] && only=(soak-roundtrip-7.2-x86_64 soak-roundtrip-6.12-i386-smp2)
passed=0; failed=0

say() { echo "vm: $*"; }
die_setup() { echo "vm: SETUP FAILED: $*"; echo "0 passed, 1 failed"; exit 1; }

# --- tools under test: static builds of this tree for both widths ---
build_static() { # dir configure-args...
	local d=$1; shift
	mkdir -p "$(dirname "$d")"
	KJ_MAKE_TARGETS="all build/tests/kexec-hooks build/tests/t-sha256" bash "$top/tests/build-in.sh" "$d" "$@" LDFLAGS=-static \
		>"$d.log" 2>&1 || { tail -20 "$d.log"; return 1; }
}
if [ -z "${KEXEC:-}" ] || [ -z "${KEXEC32:-}" ]; then
	say "building static kexec (x86_64, i386)"
	build_static "$top/_build/static-x86_64" || die_setup "static x86_64 build failed"
	build_static "$top/_build/static-i386" --host=i686-linux-gnu CC="gcc -m32" || die_setup "static i386 build failed"
fi
# the test builds go with our own tools only (a reference kexec has none)
[ -n "${KEXEC:-}" ] || KEXEC_HOOKS=${KEXEC_HOOKS:-$top/_build/static-x86_64/build/tests/kexec-hooks}
[ -n "${KEXEC32:-}" ] || KEXEC32_HOOKS=${KEXEC32_HOOKS:-$top/_build/static-i386/build/tests/kexec-hooks}
# mkinitramfs.sh puts them in every initramfs as /sbin/kexec-hooks
export KJ_HOOKS_X86_64=${KEXEC_HOOKS:-} KJ_HOOKS_I386=${KEXEC32_HOOKS:-}
KEXEC=${KEXEC:-$top/_build/static-x86_64/build/sbin/kexec}
KEXEC32=${KEXEC32:-$top/_build/static-i386/build/sbin/kexec}
VMCORE_DMESG=$top/_build/static-x86_64/build/sbin/vmcore-dmesg
VMCORE_DMESG32=$top/_build/static-i386/build/sbin/vmcore-dmesg
examples=$top/_build/static-x86_64/build/examples
[ -f "$examples/phy_mode64.elf" ] || build_static "$top/_build/static-x86_64" || die_setup "examples"
# the kexec_test image goes into the guest with the examples
cp "$top/_build/static-x86_64/build/kexec_test/"*.bin "$top/_build/static-x86_64/build/kexec_test/"*.elf "$examples/" || die_setup "kexec_test images"
# the multiboot test kernels (tests/vm/multiboot) go in with them
cp "$top/_build/static-x86_64/build/mbtest/"mb1.elf "$top/_build/static-x86_64/build/mbtest/"mb2.elf \
	"$top/_build/static-x86_64/build/mbtest/"mb1-aout.bin "$examples/" || die_setup "multiboot test kernels"
# the raw-blob case loads the x86_64 example flattened to a binary image
objcopy -O binary "$examples/phy_mode64.elf" "$examples/phy_mode64.bin" || die_setup "objcopy phy_mode64.bin"
say "kexec under test: $KEXEC ; i386: $KEXEC32 ; test builds: ${KEXEC_HOOKS:-none} ; ${KEXEC32_HOOKS:-none}"

# --- initramfs per guest arch ---
initrd_x86_64=$work/initrd-x86_64.cpio.gz
initrd_i386=$work/initrd-i386.cpio.gz
"$here/mkinitramfs.sh" "$initrd_x86_64" x86_64 "$KEXEC" "$examples" "$KEXEC32" || die_setup "initramfs x86_64"
"$here/mkinitramfs.sh" "$initrd_i386" i386 "$KEXEC32" "$examples" || die_setup "initramfs i386"
# the kdump cases' capture initrds: our vmcore-dmesg and Debian's
# makedumpfile (with its libraries) besides the usual contents
capture_x86_64=$work/capture-x86_64.cpio.gz
capture_i386=$work/capture-i386.cpio.gz
KJ_MAKEDUMPFILE=1 KJ_EXTRA_FILES="$VMCORE_DMESG:/sbin/vmcore-dmesg" \
	"$here/mkinitramfs.sh" "$capture_x86_64" x86_64 "$KEXEC" "$examples" || die_setup "capture initramfs x86_64"
KJ_MAKEDUMPFILE=1 KJ_EXTRA_FILES="$VMCORE_DMESG32:/sbin/vmcore-dmesg" \
	"$here/mkinitramfs.sh" "$capture_i386" i386 "$KEXEC32" "$examples" || die_setup "capture initramfs i386"
# the selftest cases' tools: Debian's pesign, getfattr and GNU tail
# with their libraries (fetch-debs.sh), looked up once
selftest_tools=
if [ $demo = 0 ] && { [ ${#only[@]} = 0 ] || printf '%s\n' "${only[@]}" | grep -q '^selftest-.*-x86_64$'; }; then
	selftest_tools=$("$here/fetch-debs.sh" selftest-tools-x86_64) || die_setup "selftest tools (pesign, getfattr, tail)"
fi

# the host model of examples/callc (built once, before cases run in
# parallel)
gcc -O2 -o "$work/callc-model" "$here/callc-model.c" || die_setup "callc-model"
# the serial line stamper (run-qemu.sh KJ_VM_STAMP) of the soak cases
gcc -O2 -o "$work/serial-stamp" "$here/serial-stamp.c" || die_setup "serial-stamp"

kernel() { # spec arch -> path (builds or fetches into the cache)
	case $1 in
	debian) "$here/fetch-debs.sh" debian-kernel ;;
	*-distro) "$here/build-kernel.sh" "${1%-distro}" "$2" distro ;;
	*-kdump) "$here/build-kernel.sh" "${1%-kdump}" "$2" kdump ;;
	*) "$here/build-kernel.sh" "$1" "$2" ;;
	esac
}

# --- verification helpers (read the serial log) ---
# calls_in_order LOG PROG N: "PROG: call i" appears between
# "KJ-EXEC-START i" and "KJ-EXEC-DONE i rc=0" for every i in 1..N
# (up to "KJ-NOSTATE-START": roundtrip.sh's extra call without a state
# file is checked in the guest).
calls_in_order() {
	awk -v prog="$2" -v n="$3" '
		{ sub(/\r$/, "") }
		/KJ-NOSTATE-START/ { stop = 1 }
		stop { next }
		/KJ-EXEC-START / { split($0, a, "KJ-EXEC-START "); cur = a[2] + 0; seen = 0; next }
		index($0, prog ": call ") { split($0, b, prog ": call "); if (b[2] + 0 == cur) seen = 1; else bad = bad " call " b[2] "@" cur; next }
		/KJ-EXEC-DONE / { if (match($0, /KJ-EXEC-DONE [0-9]+ rc=0/) && seen) good++; else bad = bad " exec" cur; cur = -1 }
		END { if (good == n && bad == "") exit 0; print "  calls ok: " good "/" n (bad == "" ? "" : ", problems:" bad); exit 1 }
	' "$1"
}
# callc_matches LOG N [APPEND]: the guest's "KJ-CALL i rc=R out=LINE" lines
# equal what the host model of examples/callc computes for calls 1..N.
callc_matches() {
	local model=$work/callc-model
	[ -x "$model" ] || gcc -O2 -o "$model" "$here/callc-model.c" || return 1
	diff <("$model" "$2" "${3:-}" | awk -F'\t' '{ printf "KJ-CALL %d rc=%s out=%s\n", NR, $2, $1 }') \
	     <(grep -a '^KJ-CALL ' "$1" | tr -d '\r') > "$1.diff" && return 0
	echo "  calls differ from the model (first lines of $1.diff):"; head -6 "$1.diff" | sed 's/^/  /'
	return 1
}
# vm_boot ARCH KERNEL INITRD APPEND LOG TIMEOUT [MARKER]: run-qemu.sh,
# then sets the caller's rc (its status) and secs (the time it took) and
# writes LOG.txt, the serial log without carriage returns
vm_boot() {
	local t0; t0=$(date +%s.%N)
	"$here/run-qemu.sh" "$@"
	rc=$?
	secs=$(echo "$(date +%s.%N) - $t0" | bc | cut -c1-5)
	tr -d '\r' < "$5" > "$5.txt"
}
no_oops() { ! grep -qaE 'Oops|WARNING:|BUG:|Call Trace|general protection|Kernel panic' "$1"; }

# Cases run KJ_VM_JOBS at a time (default 2: one TCG guest per core),
# each into its own file under $work/results; the files are printed and
# counted in suite order at the end.
jobs_max=${KJ_VM_JOBS:-2}
seq_no=0
rm -rf "$work/results" && mkdir -p "$work/results"
# sha_user_case NAME ARCH: the unit test of SHA-256 (t-sha256, our static
# ARCH build) under QEMU 10's user mode with -cpu max, which has SHA-NI:
# the SHA-NI block function against the reference and the NIST vectors
# in that width, whatever the host CPU has (the unit-test stages run on
# the host, or under qemu-i386-static 7.2, which has no SHA-NI).
sha_user_case() {
	local name=$1 arch=$2 t out rc
	t=$top/_build/static-$arch/build/tests/t-sha256
	out=$("$shani_qemu/qemu-$arch" -cpu max "$t" 2>&1); rc=$?
	printf '%s\n' "$out" > "$work/logs/$name.log"
	if [ $rc != 0 ] || grep -q '^not ok' <<<"$out"; then
		result "$name" fail "(exit $rc: $(grep -m2 '^not ok' <<<"$out" | tr '\n' ' '))"
	elif ! grep -q '^# this CPU: sha-ni yes' <<<"$out" ||
	     ! grep -q '^ok [0-9]* - blocks: sha256_blocks_shani == reference' <<<"$out"; then
		result "$name" fail "(the SHA-NI code did not run: $(grep -m1 '^# this CPU' <<<"$out"))"
	else
		result "$name" pass "($(grep -c '^ok' <<<"$out") checks with SHA-NI, log $work/logs/$name.log)"
	fi
}

wanted() { # NAME: selected by the command line (all when none given)
	[ ${#only[@]} = 0 ] || printf '%s\n' "${only[@]}" | grep -qx "$1"
}

par() { # CASEFUNC NAME ARGS...
	local name=$2
	if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx "$name"; then return; fi
	seq_no=$((seq_no + 1))
	while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
	echo "vm: start $name ($(date +%T))"
	( "$@" ) > "$work/results/$(printf %03d "$seq_no")-$name.out" 2>&1 &
}

result() { # name status detail
	if [ "$2" = pass ]; then passed=$((passed + 1)); echo "PASS $1 $3"
	else failed=$((failed + 1)); echo "FAIL $1 $3"; fi
}

run_case() { # name kernelspec arch script prog extra timeout expectation
	local name=$1 spec=$2 arch=$3 script=$4 prog=$5 extra=$6 timeout=$7 expect=$8
	if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx "$name"; then return; fi
	local k log rc t0 secs
	k=$(kernel "$spec" "$arch") || { result "$name" fail "(no kernel $spec/$arch)"; return; }
	log=$work/logs/$name.log
	local initrd=$initrd_x86_64
	[ "$arch" = i386 ] && initrd=$initrd_i386
	t0=$(date +%s.%N)
	local smp mem; smp=$(sed -n 's/.*kjsmp=\([0-9]*\).*/\1/p' <<<"$extra")
	mem=$(sed -n 's/.*kjmem=\([0-9]*\).*/\1/p' <<<"$extra")
	KJ_VM_SMP=${smp:-1} KJ_VM_MEM=${mem:-${KJ_VM_MEM:-512}} "$here/run-qemu.sh" "$arch" "$k" "$initrd" \
		"console=ttyS0,115200 no_console_suspend panic=-1 kjtest=$script kjprog=$prog $extra${KEXEC_LOAD_ARGS:+ kjloadargs=$KEXEC_LOAD_ARGS}" \
		"$log" "$timeout"
	rc=$?
	secs=$(echo "$(date +%s.%N) - $t0" | bc | cut -c1-5)
	local why=""
	case $expect in
	pass)
		[ $rc = 0 ] || why="qemu status $rc (3 = guest reset/exit, 124 = timeout)"
		[ -z "$why" ] && ! grep -qa 'KJ-SUMMARY fails=0' "$log" && why="guest checks failed: $(grep -a 'KJ-CHECK FAIL' "$log" | head -3 | tr -d '\r' | tr '\n' ';')"
		[ -z "$why" ] && ! no_oops "$log" && why="oops/warning on the console"
		[ -z "$why" ] && grep -qa 'Triple fault' "$log.qemu" 2>/dev/null && why="QEMU logged a triple fault"
		if [ -z "$why" ] && [ "$script" = callc ]; then
			local n a; n=$(sed -n 's/.*kjn=\([0-9]*\).*/\1/p' <<<"$extra"); a=$(sed -n 's/.*kjappend=\([^ ]*\).*/\1/p' <<<"$extra")
			callc_matches "$log" "$n" "$a" || why="the program's outputs or exit statuses differ from the model"
		fi
		if [ -z "$why" ] && [ "$script" = kexectest ]; then
			# the image's own verdict, on the serial console and in the
			# output kexec -e printed, for every call
			local n k; n=$(sed -n 's/.*kjn=\([0-9]*\).*/\1/p' <<<"$extra"); n=${n:-3}
			for k in $(seq 1 "$n"); do
				grep -qa "^kexec_test: call $k: 5 checks, 0 failed" "$log" || why="no serial verdict '5 checks, 0 failed' for call $k"
				grep -qa "^KJ-OUT $k: kexec_test: call $k: 5 checks, 0 failed" "$log" || why="kexec -e did not print call $k's verdict"
			done
			grep -qa 'kexec_test: call [0-9]*: FAIL' "$log" && why="a kexec_test check failed: $(grep -a 'kexec_test: call [0-9]*: FAIL' "$log" | head -1 | tr -d '\r')"
			# --console-serial: the purgatory's own debug lines, per call
			for k in $(seq 1 "$n"); do
				grep -qa "^kexec-jump purgatory: call $k: program 0x3000000" "$log" || why="no --console-serial line from the purgatory for call $k"
			done
			grep -qa '^kexec-jump purgatory: program returned 0' "$log" || why="no 'program returned 0' debug line"
		fi
		if [ -z "$why" ] && [ "$script" = bootregs ]; then
			# the values of load.c's KEXEC_JUMP_TEST_BOOT32 hook (low
			# halves only), [ESP] and [ESP+4] its two stack words, and
			# plan.h's PLAN_BOOT_32 state: CS 0x10, data 0x18, paging
			# off, IF 0
			local want="kexec_test bootregs: eax=11111111 ebx=22222222 ecx=33333333 edx=44444444 esi=55555555 edi=66666666 ebp=77777777 sp0=4b4a5342 sp1=0badc0de cs=0010 ds=0018 es=0018 ss=0018 cr0pg=0 if=0 esp="
			grep -qaF "$want" "$log" || why="the image did not report the expected entry state: $(grep -a 'kexec_test bootregs' "$log" | tr -d '\r' | head -1)"
		fi
		if [ -z "$why" ] && [ "$script" = elfnotes ]; then
			# the notes the image found (guest/elfnotes.sh passes the
			# command line): header, checksum, loader name, command
			# line; ELF32 also [ESP] = 0
			local bits=32 want; [ "${prog%.elf}" = elfnotes64 ] && bits=64
			want="KJ-NOTES bits=$bits$([ $bits = 32 ] && echo ' ret=00000000') sig=0e1fb007 size="
			grep -qaF "$want" "$log" || why="no notes report for ELF$bits: $(grep -a 'KJ-NOTES' "$log" | tr -d '\r' | head -1)"
			[ -z "$why" ] && ! grep -qaE "^KJ-NOTES .* records=3 csum=ok name=kexec version=kexec-jump [^ ]+ cmdline=kjnotes=$name elf boot notes.?\$" "$log" &&
				why="the notes differ: $(grep -a 'KJ-NOTES' "$log" | tr -d '\r' | head -1)"
		fi
		if [ -z "$why" ] && [ "$script" = bios ]; then
			local n; n=$(sed -n 's/.*kjn=\([0-9]*\).*/\1/p' <<<"$extra"); n=${n:-3}
			"$here/e820-compare.sh" "$log" "$n" || why="the BIOS demo's results do not match what Linux saw (above)"
		fi
		if [ -z "$why" ] && [ "$script" = corrupt ]; then
			# the purgatory's own serial report and the message kexec -e
			# read back must name the same two digests
			local exp got
			exp=$(tr -d '\r' < "$log" | sed -n 's/^kexec-jump purgatory: *expected \([0-9a-f]\{64\}\)$/\1/p' | head -1)
			got=$(tr -d '\r' < "$log" | sed -n 's/^kexec-jump purgatory: *computed \([0-9a-f]\{64\}\)$/\1/p' | head -1)
			if [ -z "$exp" ] || [ -z "$got" ] || [ "$exp" = "$got" ]; then
				why="no sha256 mismatch report from the purgatory on the serial console"
			elif ! grep -a '^KJ-MSG ' "$log" | grep -q "expected $exp, computed $got"; then
				why="kexec -e's message does not carry the purgatory's digests ($exp / $got)"
			fi
		fi
		if [ -z "$why" ] && { [ "$script" = roundtrip ] || [ "$script" = physblob ]; }; then
			local n; n=$(sed -n 's/.*kjn=\([0-9]*\).*/\1/p' <<<"$extra"); n=${n:-20}
			calls_in_order "$log" "${prog%.*}" "$n" || why="the example did not print call 1..$n in order"
		fi ;;
	reset-after-print)
		# doc/abi.md 3.4: on 6.1 the kernel's return path reloads
		# segments with the callee's GDTR -> #GP -> triple fault.  We
		# expect the example to run and print, then the guest to reset.
		if [ $rc = 0 ] || grep -qa 'KJ-RETURNED' "$log"; then
			why="UNEXPECTED: the return from the jump survived on this kernel; the known-crash expectation is wrong, update it"
		elif [ $rc != 3 ]; then
			why="qemu status $rc (expected 3: guest reset on return)"
		elif ! awk -v p="${prog%.elf}: call 1" '/KJ-EXEC-START 1/{s=1} s && index($0,p){f=1} END{exit !f}' "$log"; then
			why="the example did not print '${prog%.elf}: call 1' after kexec -e"
		elif grep -qa 'KJ-CHECK FAIL' "$log"; then
			why="guest checks failed: $(grep -a 'KJ-CHECK FAIL' "$log" | head -3 | tr -d '\r' | tr '\n' ';')"
		elif ! grep -qa 'KJ-CHECK ok preflight refuses' "$log" || ! grep -qa 'KJ-CHECK ok refusal says the return would crash' "$log"; then
			why="the preflight did not refuse the --args-none jump image"
		elif ! grep -qa 'KJ-CHECK ok load' "$log"; then
			why="load failed"
		elif ! grep -qa 'Triple fault' "$log.qemu"; then
			why="the guest stopped without the documented triple fault (see $log.qemu)"
		else
			echo "  repair off (test hook): the preflight refused the --args-none image; with --risk-crash-on-return: jumped out (example printed), then the return triple-faulted as documented for 6.1 (doc/abi.md 3.4); with the repair: roundtrip-6.1-*"
		fi ;;
	esac
	if [ -z "$why" ]; then result "$name" pass "(${secs}s, log $log)"
	else result "$name" fail "(${secs}s): $why"; tail -25 "$log" | sed 's/^/  | /'; fi
}

# kdump_case NAME SPEC ARCH TIMEOUT [WORDS]
# (WORDS go on the first kernel's command line: kjsys=, kjpath=, see
# guest/kdump.sh)
# The guest boots kernel SPEC with crashkernel= and loads the same
# kernel as its panic kernel with our kexec -p and a capture initrd that
# holds our vmcore-dmesg and Debian's makedumpfile, writes a random
# marker to the kernel log and crashes (SysRq c).  Passes when the first
# stage's checks pass, a second kernel boots after the crash with
# /proc/vmcore, and there our vmcore-dmesg and makedumpfile --dump-dmesg
# both print the marker line, identically (guest/kdump.sh).
kdump_case() {
	local name=$1 spec=$2 arch=$3 timeout=$4 words=${5:-}
	if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx "$name"; then return; fi
	local k log rc t0 secs why="" token cap init1 append kx
	k=$(kernel "$spec" "$arch") || { result "$name" fail "(no kernel $spec/$arch)"; return; }
	token=kj$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
	kx=$KEXEC; cap=$capture_x86_64
	[ "$arch" = i386 ] && { kx=$KEXEC32; cap=$capture_i386; }
	init1=$work/$name-initrd.cpio.gz
	local extra="$k:/boot/bzImage $cap:/boot/initrd"
	case " $words " in *" kjvmlinux=1 "*)   # the ELF vmlinux inside it
		"$here/extract-vmlinux.sh" "$k" "$work/$name-vmlinux" || { result "$name" fail "(extract-vmlinux)"; return; }
		extra="$extra $work/$name-vmlinux:/boot/vmlinux" ;;
	esac
	local k32=; [ "$arch" = x86_64 ] && k32=$KEXEC32   # kjtool=kexec32
	KJ_EXTRA_FILES="$extra" \
		"$here/mkinitramfs.sh" "$init1" "$arch" "$kx" "$examples" $k32 || { result "$name" fail "(initramfs)"; return; }
	append="console=ttyS0,115200 no_console_suspend panic=-1 kjtest=kdump kjmarker=$token crashkernel=${KJ_CRASH_SIZE:-128M}${words:+ $words}${KEXEC_LOAD_ARGS:+ kjloadargs=$KEXEC_LOAD_ARGS}"
	log=$work/logs/$name.log
	t0=$(date +%s.%N)
	"$here/run-qemu.sh" "$arch" "$k" "$init1" "$append" "$log" "$timeout"
	rc=$?
	secs=$(echo "$(date +%s.%N) - $t0" | bc | cut -c1-5)
	local clean=$log.txt first after capture
	tr -d '\r' < "$log" > "$clean"
	first=$(sed -n '1,/^KJ-CRASH$/p' "$clean")
	after=$(sed -n '/^KJ-CRASH$/,$p' "$clean")
	# the capture kernel's part: from its banner on
	capture=$(sed -n '/Linux version/,$p' <<<"$after")
	if [ $rc != 0 ]; then why="qemu status $rc (3 = guest reset/exit, 124 = timeout)"
	elif grep -q 'KJ-CHECK FAIL' <<<"$first"; then why="first kernel: $(grep 'KJ-CHECK FAIL' <<<"$first" | head -3 | tr '\n' ';')"
	elif ! grep -q '^KJ-SUMMARY fails=0$' <<<"$first"; then why="the first kernel did not finish its checks"
	elif [ -z "$after" ]; then why="the first kernel never crashed"
	elif [ -z "$capture" ]; then why="no capture kernel booted after the crash"
	elif ! grep -q '^KJ-CAPTURE-BOOTED ' <<<"$capture"; then why="the capture kernel has no /proc/vmcore (or its /init did not run)"
	elif grep -q 'KJ-CHECK FAIL' <<<"$capture"; then why="capture kernel: $(grep 'KJ-CHECK FAIL' <<<"$capture" | head -3 | tr '\n' ';')"
	elif ! grep -q '^KJ-SUMMARY fails=0$' <<<"$capture"; then why="the capture kernel did not finish its checks"
	elif ! grep -q "^KJ-KDUMP-OURS .*KJ-KDUMP-MARKER $token\$" <<<"$capture"; then why="vmcore-dmesg did not print this run's marker"
	elif [ -n "${KJ_EXPECT2_RE:-}" ] && ! grep -qE "$KJ_EXPECT2_RE" <<<"$capture"; then
		why="no line matching '$KJ_EXPECT2_RE' from the capture kernel: $(grep -E '^KJ-CAPTURE-(EFI|CMDLINE)' <<<"$capture" | tr '\n' ';')"
	elif ! no_oops <(printf '%s\n' "$capture"); then why="oops/warning in the capture kernel"
	fi
	if [ -z "$why" ]; then
		result "$name" pass "(${secs}s, log $log)"
		grep -E '^KJ-(IOMEM|CKR-SIZE|HOTPLUG|KDUMP-OURS|KDUMP-LINES|CAPTURE-BOOTED|CAPTURE-EFI) ' "$clean" | sed 's/^/  /'
	else result "$name" fail "(${secs}s): $why"; tail -25 "$log" | sed 's/^/  | /'; fi
}

# e820_usable_kib K < LOG: KiB the K-th booted kernel's "BIOS-e820" lines
# call usable ("usable" up to 6.x, "System RAM" in 7.x; K counts "Linux
# version" banners).
e820_usable_kib() {
	local k=0 sum=0 line a b
	while IFS= read -r line; do
		case $line in
		*"Linux version "*) k=$((k + 1)) ;;
		*"BIOS-e820: [mem "*"] usable" | *"BIOS-e820: [mem "*"]  System RAM")   # 6.x | 7.x
			[ "$k" = "$1" ] || continue
			a=${line#*\[mem }; b=${a#*-}; a=${a%%-*}; b=${b%%\]*}
			sum=$((sum + (b - a + 1) / 1024)) ;;
		esac
	done
	echo "$sum"
}

# l2l_case NAME SPEC ARCH N TIMEOUT
# Linux-to-Linux jumps (guest/l2l.sh, guest/l2lb.sh): kernel A loads B
# (the same kernel image, from /boot/bzImage) with
# --load-preserve-context and they alternate N times.  Passes when A's
# checks pass (its 32 MiB written before the first jump intact), B booted
# exactly once (every later entry into B was a resume), A came back N
# times and B was resumed N-1 times, all with exit status 0.
l2l_case() {
	local name=$1 spec=$2 arch=$3 n=$4 timeout=$5
	if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx "$name"; then return; fi
	local k kx log rc t0 secs why="" initrd1 clean i
	k=$(kernel "$spec" "$arch") || { result "$name" fail "(no kernel $spec/$arch)"; return; }
	initrd1=$work/$name-initrd.cpio.gz
	kx=$KEXEC; [ "$arch" = i386 ] && kx=$KEXEC32
	KJ_EXTRA_FILES="$k:/boot/bzImage" \
		"$here/mkinitramfs.sh" "$initrd1" "$arch" "$kx" "$examples" || { result "$name" fail "(initramfs)"; return; }
	log=$work/logs/$name.log
	t0=$(date +%s.%N)
	"$here/run-qemu.sh" "$arch" "$k" "$initrd1" \
		"console=ttyS0,115200 no_console_suspend panic=-1 kjtest=l2l kjn=$n${KEXEC_LOAD_ARGS:+ kjloadargs=$KEXEC_LOAD_ARGS}" \
		"$log" "$timeout"
	rc=$?
	secs=$(echo "$(date +%s.%N) - $t0" | bc | cut -c1-5)
	clean=$log.txt
	tr -d '\r' < "$log" > "$clean"
	if [ $rc != 0 ]; then why="qemu status $rc (3 = guest reset/exit, 124 = timeout)"
	elif grep -q 'KJ-CHECK FAIL' "$clean"; then why="guest checks failed: $(grep 'KJ-CHECK FAIL' "$clean" | head -3 | tr '\n' ';')"
	elif ! grep -q '^KJ-SUMMARY fails=0$' "$clean"; then why="A did not finish its checks"
	elif [ "$(grep -c '^KJ-B-BOOTED ' "$clean")" != 1 ]; then why="B booted $(grep -c '^KJ-B-BOOTED ' "$clean") times (want exactly 1: later entries must be resumes)"
	elif grep -q 'Triple fault' "$log.qemu" 2>/dev/null; then why="QEMU logged a triple fault"
	elif ! no_oops "$clean"; then why="oops/warning on the console"
	fi
	if [ -z "$why" ]; then
		# B's own boot log (after the second banner): the RAM its e820
		# calls usable must be the confined window plus low RAM (at
		# most 128 MiB + 1 MiB), while A had the whole guest
		local a_kib b_kib
		a_kib=$(e820_usable_kib 1 < "$clean"); b_kib=$(e820_usable_kib 2 < "$clean")
		if [ -z "$b_kib" ] || [ "$b_kib" -eq 0 ] || [ "$b_kib" -gt $((129 * 1024)) ] || [ "$a_kib" -le $((256 * 1024)) ]; then
			why="B is not confined: its e820 shows ${b_kib:-no} KiB usable (A: ${a_kib} KiB)"
		else
			echo "  B's e820: ${b_kib} KiB usable (A's: ${a_kib} KiB)"
		fi
	fi
	if [ -z "$why" ]; then
		for i in $(seq 1 "$n"); do
			grep -q "^KJ-A-BACK $i rc=0 " "$clean" || { why="A did not come back from jump $i with status 0"; break; }
			[ "$i" -lt "$n" ] || continue
			grep -q "^KJ-B-BACK $i rc=0 " "$clean" || { why="B was not resumed a ${i}th time with status 0"; break; }
		done
	fi
	if [ -z "$why" ]; then
		result "$name" pass "(${secs}s, log $log)"
		grep -E '^KJ-B-BOOTED|^KJ-A-SUM' "$clean" | sed 's/^/  /' | cut -c1-160
	else
		result "$name" fail "(${secs}s): $why"; tail -25 "$clean" | sed 's/^/  | /'
	fi
}

# linuxboot_case NAME SPEC ARCH SPEC2 FORM TIMEOUT [WORDS]
# (WORDS go on the first kernel's command line: kjsys=, kjpath=, see
# guest/linuxboot.sh)
# A normal kexec of Linux: the guest (kernel SPEC) loads SPEC2's bzImage
# (form elf: the ELF vmlinux extracted from it, --args-linux) with a
# second initrd (mkinitrd2.sh) and a command line in the form FORM
# (guest/linuxboot.sh), then runs kexec -e.  Passes when the first stage's
# checks pass and, after the second kernel's banner, its /init prints
# exactly the command line we passed and the random marker of initrd2
# (and the kernel's own "Kernel command line:" console line agrees).
# --real-mode: the kernel's 16-bit setup code copied the header our
# loader filled in into its boot_params (guest/init2 prints bytes
# 0x210-0x227): CAN_USE_HEAP in loadflags, heap_end_ptr 0xde00.  The
# 32/64-bit entries get boot_params from kexec with CAN_USE_HEAP clear.
# --console-vga: the second kernel's screen (guest/init2's KJ2-VGA rows,
# from /dev/vcs1) has the purgatory's two lines, entry and boot_params
# as the loader placed them.  With --reset-vga the screen was cleared
# first: the purgatory's line is the first row and SeaBIOS's banner is
# gone; without it the banner must still be there (so the check of the
# clearing can fail).  Prints why on failure.
vga_screen_check() {
	local rows first
	rows=$(sed -n '/Linux version/,$p' <<<"$1" | sed -n 's/^KJ2-VGA //p' | sed 's/ *$//')
	first=$(head -1 <<<"$rows")
	if ! grep -qE '^kexec-jump purgatory: Linux kernel entry 0x[0-9a-f]+, parameters 0x[0-9a-f]+$' <<<"$rows"; then
		echo "--console-vga: no purgatory entry line on the second kernel's screen (rows: $(tr '\n' '|' <<<"$rows" | cut -c1-300))"
	elif ! grep -qE '^kexec-jump purgatory: booting Linux at 0x[0-9a-f]+, boot_params 0x[0-9a-f]+$' <<<"$rows"; then
		echo "--console-vga: no 'booting Linux' line on the screen"
	elif [[ ",${KEXEC_LOAD_ARGS:-}," == *,--reset-vga,* ]]; then
		if ! grep -q '^kexec-jump purgatory: Linux kernel entry' <<<"$first"; then
			echo "--reset-vga: the screen was not cleared: first row is '$first'"
		elif grep -q 'SeaBIOS' <<<"$rows"; then
			echo "--reset-vga: SeaBIOS's banner is still on the screen"
		else return 0; fi
	elif ! grep -q 'SeaBIOS' <<<"$rows"; then
		echo "--console-vga alone: SeaBIOS's banner should still be on the screen (first row '$first')"
	else return 0; fi
	return 1
}

realmode_hdr_ok() {
	local -a b
	read -r -a b <<<"$(sed -n 's/^KJ2-BOOTHDR //p' <<<"$1" | head -1)"
	[ ${#b[@]} = 24 ] && (( 0x${b[1]} & 0x80 )) && [ "${b[20]}${b[21]}" = 00de ]
}

# kaddr_in LO-HI LOG: kexec -d's bzImage line in LOG (KJ-LOAD-KERNEL,
# guest/linuxboot.sh) puts the kernel at an address in [LO, HI) (hex)
kaddr_in() {
	local lo=${1%-*} hi=${1#*-} a
	a=$(grep -m1 '^KJ-LOAD-KERNEL ' "$2" | sed -E 's/.*kernel at (0x[0-9a-f]+) .*/\1/')
	case $a in 0x*) ;; *) return 1 ;; esac
	[ $((a)) -ge $((lo)) ] && [ $((a)) -lt $((hi)) ]
}

linuxboot_case() {
	local name=$1 spec=$2 arch=$3 spec2=$4 form=$5 timeout=$6 words=${7:-}
	if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx "$name"; then return; fi
	local k k2 kx log rc t0 secs why="" token initrd1 initrd2 append expect
	k=$(kernel "$spec" "$arch") || { result "$name" fail "(no kernel $spec/$arch)"; return; }
	k2=$(kernel "$spec2" "$arch") || { result "$name" fail "(no kernel $spec2/$arch)"; return; }
	token=kj$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
	initrd2=$work/$name-initrd2.cpio.gz
	initrd1=$work/$name-initrd.cpio.gz
	kx=$KEXEC; [ "$arch" = i386 ] && kx=$KEXEC32
	"$here/mkinitrd2.sh" "$initrd2" "$arch" "initrd2-$token" || { result "$name" fail "(mkinitrd2)"; return; }
	# KJ_INITRD2_PAD_MB=N: N MiB of zeros after the second initrd's
	# archive (Linux skips zeros between initramfs archives), so that
	# kexec splits it into pieces hashed on several threads (with
	# KJ_VM_SMP=2) and the purgatory checks every piece
	if [ -n "${KJ_INITRD2_PAD_MB:-}" ]; then
		head -c "${KJ_INITRD2_PAD_MB}M" /dev/zero >> "$initrd2" || { result "$name" fail "(pad initrd2)"; return; }
	fi
	# elf: the second kernel is the ELF vmlinux inside SPEC2's bzImage
	local kfile="$k2:/boot/bzImage"
	if [ "$form" = elf ]; then
		"$here/extract-vmlinux.sh" "$k2" "$work/$name-vmlinux" || { result "$name" fail "(extract-vmlinux)"; return; }
		kfile="$work/$name-vmlinux:/boot/vmlinux"
	fi
	# compressed kernels (kexec decompresses them): gz = the bzImage
	# gzip'd, elfzst = the ELF vmlinux zstd'd
	if [ "$form" = gz ]; then
		gzip -9 -n -c "$k2" > "$work/$name-bzImage.gz" || { result "$name" fail "(gzip)"; return; }
		# and a copy with a broken CRC-32 (the trailer's first 4 bytes)
		cp "$work/$name-bzImage.gz" "$work/$name-bad.gz"
		printf '\000\000\000\000' | dd of="$work/$name-bad.gz" bs=1 conv=notrunc status=none \
			seek=$(( $(stat -c %s "$work/$name-bad.gz") - 8 )) || { result "$name" fail "(bad.gz)"; return; }
		kfile="$work/$name-bzImage.gz:/boot/bzImage.gz $work/$name-bad.gz:/boot/bad.gz"
	elif [ "$form" = elfzst ]; then
		"$here/extract-vmlinux.sh" "$k2" "$work/$name-vmlinux" || { result "$name" fail "(extract-vmlinux)"; return; }
		zstd -q -f -9 "$work/$name-vmlinux" -o "$work/$name-vmlinux.zst" || { result "$name" fail "(zstd)"; return; }
		kfile="$work/$name-vmlinux.zst:/boot/vmlinux.zst"
	fi
	# uki: a unified kernel image of SPEC2's bzImage, initrd2 and the
	# command line, made with systemd's EFI stub (the objcopy recipe)
	if [ "$form" = uki ]; then
		printf '%s' "console=ttyS0,115200 panic=-1 kjstage=2 kjmarker=$token" > "$work/$name-cmdline"
		objcopy --add-section .osrel=/etc/os-release --change-section-vma .osrel=0x20000 \
			--add-section .cmdline="$work/$name-cmdline" --change-section-vma .cmdline=0x30000 \
			--add-section .linux="$k2" --change-section-vma .linux=0x2000000 \
			--add-section .initrd="$initrd2" --change-section-vma .initrd=0x4000000 \
			/usr/lib/systemd/boot/efi/linuxx64.efi.stub "$work/$name-uki.efi" ||
			{ result "$name" fail "(objcopy: no UKI; needs systemd-boot-efi)"; return; }
		kfile="$work/$name-uki.efi:/boot/uki.efi"
	fi
	KJ_EXTRA_FILES="$kfile $initrd2:/boot/initrd2" \
		"$here/mkinitramfs.sh" "$initrd1" "$arch" "$kx" "$examples" || { result "$name" fail "(initramfs)"; return; }
	append="console=ttyS0,115200 no_console_suspend panic=-1 kjtest=linuxboot kjform=$form kjmarker=$token${words:+ $words}${KEXEC_LOAD_ARGS:+ kjloadargs=$KEXEC_LOAD_ARGS}"
	case $form in
	reuse) expect="$append kjstage=2" ;;
	*) expect="console=ttyS0,115200 panic=-1 kjstage=2 kjmarker=$token" ;;
	esac
	log=$work/logs/$name.log
	t0=$(date +%s.%N)
	# corrupt: the purgatory halts; its last line ends the run
	local marker=KJ-EXIT halt_line="kexec-jump purgatory: not booting the kernel; halted"
	[ "$form" = corrupt ] && marker=$halt_line
	"$here/run-qemu.sh" "$arch" "$k" "$initrd1" "$append" "$log" "$timeout" "$marker"
	rc=$?
	secs=$(echo "$(date +%s.%N) - $t0" | bc | cut -c1-5)
	local clean=$log.txt
	tr -d '\r' < "$log" > "$clean"
	# everything after the first stage hands over
	local after; after=$(sed -n '/^KJ-EXEC-LINUX$/,$p' "$clean")
	if [ $rc != 0 ]; then why="qemu status $rc (3 = guest reset/exit, 124 = timeout)"
	elif grep -q 'KJ-CHECK FAIL' "$clean"; then why="guest checks failed: $(grep 'KJ-CHECK FAIL' "$clean" | head -3 | tr '\n' ';')"
	elif ! grep -q '^KJ-SUMMARY fails=0$' "$clean"; then why="the first stage did not finish its checks"
	elif [ -z "$after" ]; then why="the first stage never ran kexec -e"
	elif [ "$form" = corrupt ]; then
		if ! grep -q '^kexec-jump purgatory: sha256 mismatch in region 0 ' <<<"$after"; then why="no sha256 mismatch report for the kernel segment"
		elif ! grep -qxF "$halt_line" <<<"$after"; then why="the purgatory did not say it halts"
		elif grep -qE 'Linux version|^KJ2-|booting Linux' <<<"$after"; then why="the corrupted kernel was booted"
		fi
	elif ! grep -q 'Linux version' <<<"$after"; then why="no kernel banner after kexec -e"
	elif ! sed -n '/Linux version/,$p' <<<"$after" | grep -qxF "KJ2-CMDLINE $expect"; then
		why="the second kernel's /proc/cmdline is not ours: $(grep '^KJ2-CMDLINE' <<<"$after" | head -1) (want: $expect)"
	elif ! sed -n '/Linux version/,$p' <<<"$after" | grep -qxF "KJ2-MARKER initrd2-$token"; then
		why="no marker from the second initrd after the second banner: $(grep '^KJ2-MARKER' <<<"$after" | head -1)"
	elif ! grep -qE "Kernel command line: $(sed 's/[][\.*^$]/\\&/g' <<<"$expect")\$" <<<"$after"; then
		why="the second kernel's console did not print 'Kernel command line: $expect'"
	elif [[ ",${KEXEC_LOAD_ARGS:-}," == *,--entry-32bit,* ]] && ! grep -qE '^kexec-jump purgatory: register boot, 32-bit entry 0x' <<<"$after"; then
		why="--entry-32bit: the purgatory (--console-serial) did not say it starts a 32-bit register boot: $(grep -m1 '^kexec-jump purgatory:' <<<"$after")"
	elif [[ ",${KEXEC_LOAD_ARGS:-}," == *,--real-mode,* ]] && ! realmode_hdr_ok "$after"; then
		why="the second kernel's boot_params do not show the real-mode entry (want loadflags with CAN_USE_HEAP 0x80 and heap_end_ptr 0xde00): $(grep '^KJ2-BOOTHDR' <<<"$after" | head -1)"
	elif [[ ",${KEXEC_LOAD_ARGS:-}," == *,--console-vga,* ]] && ! why=$(vga_screen_check "$after"); then
		:
	elif [ -n "${KJ_INITRD2_PAD_MB:-}" ] && ! grep -qE '^kexec-jump purgatory: sha256 ok, ([4-9]|1[0-6]) regions' <<<"$after"; then
		why="big initrd: the purgatory did not check it as several regions: $(grep -m1 'sha256 ok' <<<"$after")"
	elif [ -n "${KJ_VM_EXPECT_SHA:-}" ] && ! grep -qE "^KJ-LOAD-SHA .*, by ${KJ_VM_EXPECT_SHA}\$" "$clean"; then
		why="kexec did not hash with ${KJ_VM_EXPECT_SHA}: $(grep -m1 '^KJ-LOAD-SHA' "$clean")"
	elif [ -n "${KJ_VM_EXPECT_SHA:-}" ] && ! grep -qE "^kexec-jump purgatory: sha256 ok, [0-9]+ regions \(${KJ_VM_EXPECT_SHA}\)" <<<"$after"; then
		why="the purgatory did not check with ${KJ_VM_EXPECT_SHA}: $(grep -m1 'sha256 ok' <<<"$after")"
	elif [ -n "${KJ_VM_EXPECT_KADDR:-}" ] && ! kaddr_in "$KJ_VM_EXPECT_KADDR" "$clean"; then
		why="the kernel was not placed in ${KJ_VM_EXPECT_KADDR}: $(grep -m1 '^KJ-LOAD-KERNEL' "$clean" || echo 'no kernel line from kexec -d')"
	elif [ -n "${KJ_EXPECT2_RE:-}" ] && ! sed -n '/Linux version/,$p' <<<"$after" | grep -qE "$KJ_EXPECT2_RE"; then
		why="no line matching '$KJ_EXPECT2_RE' from the second kernel: $(grep '^KJ2-EFI' <<<"$after" | head -1)"
	elif ! no_oops "$clean"; then why="oops/warning on the console"
	fi
	if [ -z "$why" ]; then
		result "$name" pass "(${secs}s, log $log)"
		[ "$form" = corrupt ] || echo "  second kernel: $(grep '^KJ2-BOOTED' <<<"$after" | head -1)"
		grep -m1 '^kexec-jump purgatory: sha256 ok' <<<"$after" | sed 's/^/  /'
		[ -z "${KJ_VM_EXPECT_KADDR:-}" ] || grep -m1 '^KJ-LOAD-KERNEL' "$clean" | sed 's/^KJ-LOAD-KERNEL /  /'
		grep -E '^KJ-EFI1 |^KJ2-EFI ' "$clean" | sed 's/^/  /' 
	else result "$name" fail "(${secs}s): $why"; tail -25 "$log" | sed 's/^/  | /'; fi
}

# pkg_linuxboot_case NAME SPEC FORM TIMEOUT [WORDS]: linuxboot (x86_64)
# with the kexec from the Debian package instead of the static build: the
# amd64 .deb that tests/pkg/build-deb.sh left in _build/pkg/amd64/ (the
# pkg stage of tests/run.sh builds it; this case fails when it is not
# there) is unpacked with dpkg-deb -x, and its usr/sbin/kexec goes into
# the initramfs as /sbin/kexec with its shared libraries (libc, zlib,
# liblzma, libzstd, copied from their ldd paths by mkinitramfs.sh).  The
# guest checks the kexec it runs has the unpacked file's sha256.
pkg_linuxboot_case() {
	local name=$1 spec=$2 form=$3 timeout=$4 words=${5:-}
	if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx "$name"; then return; fi
	local deb root sum
	deb=$(ls "$top"/_build/pkg/amd64/kexec-jump_*_amd64.deb 2>/dev/null | head -1)
	[ -n "$deb" ] || { result "$name" fail "(no package in _build/pkg/amd64/: run tests/run.sh pkg first)"; return; }
	root=$work/$name-deb
	rm -rf "$root"
	dpkg-deb -x "$deb" "$root" || { result "$name" fail "(dpkg-deb -x $deb)"; return; }
	sum=$(sha256sum "$root/usr/sbin/kexec" | cut -c1-64)
	echo "  package: $deb; usr/sbin/kexec sha256 $sum"
	KEXEC=$root/usr/sbin/kexec linuxboot_case "$name" "$spec" x86_64 "$spec" "$form" "$timeout" \
		"${words:+$words }kjkexecsum=$sum"
}

# pkg_systemd_case NAME TIMEOUT: the package's systemd units in a real
# systemd boot.  tests/vm/mksysdroot.sh makes a Debian 12 root with
# systemd as init and the amd64 .deb from _build/pkg/amd64/ installed by
# dpkg (the case fails when there is none), /etc/default/kexec with
# LOAD_KEXEC=true, KERNEL_IMAGE/INITRD = Debian's stock kernel and a
# busybox initramfs in /boot, APPEND = the first boot's line with kjboot=2;
# QEMU boots that kernel with the root as a virtio disk.  A test-only
# unit runs `systemctl reboot` on the first boot (kjboot=1) and prints the
# second boot's /proc/cmdline.  Passes when: the first boot printed
# KJ-SYSD-BOOT1 with kexec_loaded=1 after kexec-jump-load.service;
# kexec-load loaded the kernel at start and again at stop, then said
# "rebooting through kexec"; systemd-shutdown said "Rebooting with kexec"
# and the kernel "Starting new kernel"; no firmware reboot (QEMU runs
# with -no-reboot, so a reset ends it before the second boot, status 3;
# its reset log has only the power-on resets, and no "reboot: Restarting
# system"); exactly two kernels booted; and the second one's
# /proc/cmdline is the APPEND written into /etc/default/kexec.
pkg_systemd_case() {
	local name=$1 timeout=$2
	if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx "$name"; then return; fi
	local deb k d log rc secs why= clean want after before nres
	deb=$(ls "$top"/_build/pkg/amd64/kexec-jump_*_amd64.deb 2>/dev/null | head -1)
	[ -n "$deb" ] || { result "$name" fail "(no package in _build/pkg/amd64/: run tests/run.sh pkg first)"; return; }
	k=$(kernel debian x86_64) || { result "$name" fail "(no Debian kernel)"; return; }
	d=$work/$name
	local t0; t0=$(date +%s)
	bash "$here/mksysdroot.sh" "$d" "$deb" "$k" true >"$d.mk.log" 2>&1 ||
		{ result "$name" fail "(mksysdroot.sh: $(tail -1 "$d.mk.log"))"; return; }
	echo "  package: $deb; root image made in $(( $(date +%s) - t0 )) s"
	log=$work/logs/$name.log
	KJ_VM_MEM=1024 KJ_VM_DRIVE=$d/root.img vm_boot x86_64 "$k" "$d/initrd.img" "$(cat "$d/append")" \
		"$log" "$timeout" KJ-SYSD-BOOT2
	rm -f "$d/root.img"
	clean=$log.txt
	want=$(sed 's/ kjboot=1$/ kjboot=2/' "$d/append")
	before=$(awk '/Linux version /{n++} n==1' "$clean")
	after=$(awk '/Linux version /{n++} n>=2' "$clean")
	nres=$(grep -c 'CPU Reset' "$log.qemu" 2>/dev/null)
	if [ $rc != 0 ]; then why="qemu status $rc (3 = guest reset/exit: a firmware reboot ends QEMU here; 124 = timeout)"
	elif ! grep -q '^KJ-SYSD-BOOT1 kexec_loaded=1 load=active$' <<<"$before"; then
		why="first boot: no 'KJ-SYSD-BOOT1 kexec_loaded=1 load=active': $(grep '^KJ-SYSD-BOOT1' <<<"$before")"
	elif [ "$(grep -c 'kexec-load: loading /boot/vmlinuz --initrd=/boot/initrd.img$' <<<"$before")" != 2 ]; then
		why="kexec-load did not load the kernel twice (unit start and stop) in the first boot"
	elif ! grep -q 'kexec-load: a kernel is loaded: rebooting through kexec' <<<"$before"; then
		why="kexec-jump-reboot.service did not turn the reboot into a kexec"
	elif ! grep -q 'Rebooting with kexec' <<<"$before" || ! grep -q 'kexec_core: Starting new kernel' <<<"$before"; then
		why="no 'Rebooting with kexec' / 'Starting new kernel' before the second boot"
	elif grep -q 'reboot: Restarting system' "$clean"; then why="a firmware reboot (reboot: Restarting system)"
	elif [ "$nres" != 2 ]; then why="QEMU logged $nres CPU resets (2 at power-on; more: a reset)"
	elif [ "$(grep -c 'Linux version ' "$clean")" != 2 ]; then why="$(grep -c 'Linux version ' "$clean") kernels booted, not 2"
	elif [ "$(grep '^KJ-SYSD-BOOT2 ' <<<"$after")" != "KJ-SYSD-BOOT2 cmdline=$want" ]; then
		why="second boot: '$(grep '^KJ-SYSD-BOOT2' <<<"$after")', want 'KJ-SYSD-BOOT2 cmdline=$want'"
	elif ! no_oops "$clean"; then why="oops/warning on the console"
	fi
	if [ -z "$why" ]; then
		result "$name" pass "(${secs}s boot+kexec reboot+boot, log $log)"
		grep -E '^KJ-SYSD-|kexec-load: |Rebooting with kexec|Starting new kernel' "$clean" | sed 's/^/  /'
	else result "$name" fail "(${secs}s): $why"; tail -25 "$clean" | sed 's/^/  | /'; fi
}

# efi_linuxboot_case NAME LOADARGS REGEX: linuxboot of Debian's stock
# kernel (EFI stub, runtime map) by itself, the first one started by
# OVMF, so the running kernel was booted by EFI; the second initrd gets
# efivarfs.ko, and the second kernel's "KJ2-EFI runtime=... efivars=N
# read=VAR:BYTES" line (guest/init2) must match REGEX.
efi_linuxboot_case() {
	local name=$1 args=$2 re=$3 ovmf efivarfs
	if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx "$name"; then return; fi
	ovmf=$("$here/fetch-debs.sh" ovmf) && [ -f "$ovmf" ] || { result "$name" fail "(no OVMF)"; return; }
	efivarfs=$("$here/fetch-debs.sh" debian-efivarfs) || { result "$name" fail "(no efivarfs.ko)"; return; }
	KJ_VM_BIOS=$ovmf KJ_INITRD2_FILES="$efivarfs:/lib/efivarfs.ko" KJ_EXPECT2_RE=$re \
		KEXEC_LOAD_ARGS=$args linuxboot_case "$name" debian x86_64 debian l 900 "kjsys=c kjpath=load"
}

# e820_ranges K TYPE < LOG: "START END" (hex, inclusive) of the K-th
# booted Linux's BIOS-e820 lines of TYPE (usable: "usable" in 6.x,
# "System RAM" in 7.x)
e820_ranges() {
	local k=0 line a b
	while IFS= read -r line; do
		case $line in
		*"Linux version "*) k=$((k + 1)) ;;
		*"BIOS-e820: [mem "*)
			[ "$k" = "$1" ] || continue
			case $line in *"] usable"|*"]  System RAM") ;; *) continue ;; esac
			a=${line#*\[mem }; b=${a#*-}; a=${a%%-*}; b=${b%%\]*}
			printf '%x %x\n' "$a" "$b" ;;
		esac
	done
}

# multiboot_case NAME SPEC ARCH KERNEL TYPE TIMEOUT [force]
# A normal kexec of a multiboot kernel with a command line and two
# modules (guest/multiboot.sh).  KERNEL is one of our test kernels
# (tests/vm/multiboot: mb1.elf, mb1-aout.bin, mb2.elf), which print what
# they were given, or "xen" (Debian's Xen hypervisor, gzip-compressed,
# fetch-debs.sh xen-amd64).  TYPE is the loader kexec -d must name;
# with "force" it is also given as -t TYPE.
# Passes when the first stage's checks pass and, after kexec -e:
#   test kernels: the boot magic of TYPE, loader name "kexec", the
#   command line "FILE TEXT" exactly, each module's length and cksum(1)
#   as computed here, its string, page alignment, and the RAM in the
#   memory map (and mem_upper) equal to the first Linux's e820;
#   xen: kexec -d said it decompressed it, Xen's banner, its "Command
#   line:" echo of our words (Xen drops the first word, the file name,
#   for a boot loader that is not GRUB 2), its e820 holding every usable
#   range of the first Linux's, and that it tried to build dom0 from
#   the first module ("Building a PV Dom0", "ELF: not an ELF binary";
#   without a module it says "dom0 kernel not specified"); it then
#   panics, as the module is no kernel.
multiboot_case() {
	local name=$1 spec=$2 arch=$3 kern=$4 type=$5 timeout=$6 force=${7:-}
	if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx "$name"; then return; fi
	local k kx log rc t0 secs why="" token initrd1 append gk extra marker clean after
	k=$(kernel "$spec" "$arch") || { result "$name" fail "(no kernel $spec/$arch)"; return; }
	token=kj$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
	local mod0=$work/$name-mod0 mod1=$work/$name-mod1
	# random bytes ending in four zeros: Xen reads a dom0 kernel's last
	# four bytes as a gzip size to make room for (and panics "Not
	# enough memory to relocate the dom0 kernel image" on random ones)
	{ head -c $((5000 + RANDOM % 3000)) /dev/urandom; head -c 4 /dev/zero; } > "$mod0"
	printf 'module one %s\n' "$token" > "$mod1"
	extra="$mod0:/boot/mod0 $mod1:/boot/mod1"
	if [ "$kern" = xen ]; then
		local xen; xen=$("$here/fetch-debs.sh" xen-amd64) || { result "$name" fail "(fetch xen)"; return; }
		extra="$extra $xen:/boot/xen.gz"; gk=/boot/xen.gz; marker="Panic on CPU"
	else
		gk=/phy/$kern; marker=KJ-MB-END
	fi
	initrd1=$work/$name-initrd.cpio.gz
	kx=$KEXEC; [ "$arch" = i386 ] && kx=$KEXEC32
	KJ_EXTRA_FILES="$extra" \
		"$here/mkinitramfs.sh" "$initrd1" "$arch" "$kx" "$examples" || { result "$name" fail "(initramfs)"; return; }
	append="console=ttyS0,115200 no_console_suspend panic=-1 kjtest=multiboot kjmbk=$gk kjmbtype=$type kjmarker=$token"
	[ "$kern" = xen ] && append="$append kjmbxen=1"
	[ "$force" = force ] && append="$append kjmbforce=1"
	log=$work/logs/$name.log
	t0=$(date +%s.%N)
	"$here/run-qemu.sh" "$arch" "$k" "$initrd1" "$append" "$log" "$timeout" "$marker"
	rc=$?
	secs=$(echo "$(date +%s.%N) - $t0" | bc | cut -c1-5)
	clean=$log.txt
	tr -d '\r' < "$log" > "$clean"
	after=$(sed -n '/^KJ-EXEC-MB$/,$p' "$clean")
	local lin_ram; lin_ram=$(e820_ranges 1 < "$clean")
	if [ $rc != 0 ]; then why="qemu status $rc (3 = guest reset/exit, 124 = timeout)"
	elif grep -q 'KJ-CHECK FAIL' "$clean"; then why="guest checks failed: $(grep 'KJ-CHECK FAIL' "$clean" | head -3 | tr '\n' ';')"
	elif ! grep -q '^KJ-SUMMARY fails=0$' "$clean"; then why="the first stage did not finish its checks"
	elif [ -z "$after" ]; then why="the first stage never ran kexec -e"
	elif [ -z "$lin_ram" ]; then why="no BIOS-e820 usable lines from the first kernel"
	elif [ "$kern" = xen ]; then
		local cmd="console=com1 com1=115200,8n1 loglvl=all noreboot kjmarker=$token" xr r missing=""
		xr=$(grep -E '^\(XEN\) +\[[0-9a-f]{16}, [0-9a-f]{16}\] \(usable\)' <<<"$after" |
			sed -E 's/.*\[0*([0-9a-f]+), 0*([0-9a-f]+)\].*/\1 \2/')
		while read -r r; do grep -qxF "$r" <<<"$xr" || missing="$missing [$r]"; done <<<"$lin_ram"
		if ! grep -qE '^\(XEN\) Xen version 4\.' <<<"$after"; then why="no Xen banner after kexec -e"
		elif ! grep -qE "^\(XEN\) Command line: (.* )?$cmd\$" <<<"$after"; then
			why="Xen's command line is not ours: $(grep '(XEN) Command line' <<<"$after" | head -1) (want: $cmd)"
		elif ! grep -q '^(XEN) Xen-e820 RAM map:' <<<"$after"; then why="no Xen-e820 RAM map"
		elif [ -n "$missing" ]; then why="Xen's e820 lacks the first kernel's usable ranges:$missing"
		elif ! grep -q '^KJ-LOAD-DEBUG .*xen.gz: gzip-compressed, [0-9]* bytes decompressed' "$clean"; then why="kexec did not say it decompressed xen.gz"
		elif grep -qi 'dom0 kernel not specified' <<<"$after"; then why="Xen saw no module"
		elif ! grep -qF '(XEN) *** Building a PV Dom0 ***' <<<"$after" ||
		     ! grep -qF '(XEN) ELF: not an ELF binary' <<<"$after"; then
			why="Xen did not try to build dom0 from the first module (no 'Building a PV Dom0' and 'ELF: not an ELF binary')"
		fi
	else
		local magic=0x2badb002 want l0 l1 c0 c1 mr
		[ "$type" = multiboot2-x86 ] && magic=0x36d76289
		want="KJ-MB magic=$magic loader=kexec cmdline=$gk kjmb=1 kjmarker=$token mods=2 "
		read -r c0 l0 _ < <(cksum "$mod0"); read -r c1 l1 _ < <(cksum "$mod1")
		local t b n ty up=
		mr=$(grep '^KJ-MB-MMAP ' <<<"$after" | while read -r t b n ty; do
			[ "$ty" = 1 ] && printf '%x %x\n' $((b)) $((b + n - 1)); done)
		while read -r b n; do
			(( 0x$b <= 0x100000 && 0x$n >= 0x100000 )) && up=$(( (0x$n + 1 - 0x100000) / 1024 ))
		done <<<"$lin_ram"
		if ! grep -q '^KJ-MB-START$' <<<"$after"; then why="the multiboot kernel did not start"
		elif ! grep -qF "$want" <<<"$after"; then why="summary line differs: $(grep '^KJ-MB ' <<<"$after" | head -1) (want: $want...)"
		elif ! grep -qE "^KJ-MB-MOD 0 len=$l0 cksum=$c0 start=0x[0-9a-f]*000 str=/boot/mod0 m0 $token\$" <<<"$after"; then
			why="module 0: $(grep '^KJ-MB-MOD 0' <<<"$after") (want len=$l0 cksum=$c0, page aligned, str=/boot/mod0 m0 $token)"
		elif ! grep -qE "^KJ-MB-MOD 1 len=$l1 cksum=$c1 start=0x[0-9a-f]*000 str=/boot/mod1\$" <<<"$after"; then
			why="module 1: $(grep '^KJ-MB-MOD 1' <<<"$after") (want len=$l1 cksum=$c1, page aligned, str=/boot/mod1)"
		elif [ "$mr" != "$lin_ram" ]; then why="usable memory map differs from the first kernel's e820: got [$(echo $mr)] want [$(echo $lin_ram)]"
		elif ! grep -qE "^KJ-MB .* mem_lower=639 mem_upper=$up " <<<"$after"; then
			why="mem_lower/mem_upper: $(grep '^KJ-MB ' <<<"$after" | head -1) (want mem_lower=639 mem_upper=$up)"
		fi
	fi
	if [ -z "$why" ]; then
		result "$name" pass "(${secs}s, log $log)"
		if [ "$kern" = xen ]; then
			grep -E '^\(XEN\) (Xen version|Bootloader|Command line|Xen-e820|\*\*\* Building|ELF: not)' <<<"$after" | sed 's/^/  /'
		else
			grep -E '^KJ-MB(-MOD)? ' <<<"$after" | sed 's/^/  /'
		fi
	else result "$name" fail "(${secs}s): $why"; tail -25 "$clean" | sed 's/^/  | /'; fi
}

# selftest_case NAME SPEC ARCH TIMEOUT SCRIPT...
# The kernel's own kexec selftests (tools/testing/selftests/kexec of the
# source SPEC's kernel was built from, found by build-kernel.sh
# --selftests; nothing of them is kept in this repository) in a guest
# running that kernel, with our kexec first in PATH (guest/selftest.sh
# sets up what they look for).  The scripts are copied byte for byte;
# the guest prints their sha256 sums and the host compares them with the
# source's.  Passes when every SCRIPT exits 0 (kselftest's pass; 4, a
# skip, fails the case) and printed its success line: "kexec_load
# succeeded [PASS]" or "kexec_file_load succeeded [PASS]".  (Where no
# signature is required test_kexec_file_load.sh also passes when the
# load fails: "kexec_file_load failed [PASS]", exit 0; so its exit
# status alone cannot tell a working kexec from a broken one.  The test
# kernels have no IMA, no EFI (so no secure boot) and no KEXEC_SIG: the
# load must succeed.)
selftest_case() {
	local name=$1 spec=$2 arch=$3 timeout=$4
	shift 4
	local -a scripts=("$@")
	if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx "$name"; then return; fi
	local k kx src st log rc secs why="" initrd1 clean extra roots="" f t out want
	k=$(kernel "$spec" "$arch") || { result "$name" fail "(no kernel $spec/$arch)"; return; }
	src=$("$here/build-kernel.sh" --selftests "${spec%%-*}") || { result "$name" fail "(no selftests of ${spec%%-*})"; return; }
	st=$work/$name-selftests
	rm -rf "$st" && mkdir -p "$st"
	extra="$k:/boot/selftest-kernel $(dirname "$k")/config:/boot/selftest-config"
	for f in kexec_common_lib.sh "${scripts[@]}"; do
		cp "$src/$f" "$st/$f" || { result "$name" fail "(no $f in $src)"; return; }
		extra="$extra $st/$f:/selftests/kexec/$f"
	done
	if [ "$arch" = x86_64 ]; then
		roots=$selftest_tools
		[ -n "$roots" ] || { result "$name" fail "(no pesign, getfattr, tail)"; return; }
	fi
	initrd1=$work/$name-initrd.cpio.gz
	kx=$KEXEC; [ "$arch" = i386 ] && kx=$KEXEC32
	KJ_EXTRA_FILES="$extra" KJ_EXTRA_ROOTS="$roots" \
		"$here/mkinitramfs.sh" "$initrd1" "$arch" "$kx" "$examples" || { result "$name" fail "(initramfs)"; return; }
	log=$work/logs/$name.log
	vm_boot "$arch" "$k" "$initrd1" \
		"console=ttyS0,115200 no_console_suspend panic=-1 kjtest=selftest kjst=$(IFS=,; echo "${scripts[*]}")" \
		"$log" "$timeout"
	clean=$log.txt
	if [ $rc != 0 ]; then why="qemu status $rc (3 = guest reset/exit, 124 = timeout)"
	elif ! grep -qx 'KJ-ST-KEXEC /sbin/kexec' "$clean"; then why="kexec in the guest's PATH is not /sbin/kexec: $(grep '^KJ-ST-KEXEC' "$clean")"
	elif [ "$arch" = x86_64 ] && ! grep -qx 'KJ-ST-SH dash' "$clean"; then why="the guest's /bin/sh is not Debian's dash: $(grep '^KJ-ST-SH' "$clean")"
	fi
	if [ -z "$why" ]; then
		for f in kexec_common_lib.sh "${scripts[@]}"; do
			want="KJ-ST-SHA256 $(sha256sum < "$src/$f" | cut -d' ' -f1)  $f"
			grep -qxF "$want" "$clean" || { why="the guest's $f is not the source's (want: $want)"; break; }
		done
	fi
	for t in "${scripts[@]}"; do
		[ -z "$why" ] || break
		out=$(sed -n "/^KJ-ST-BEGIN $t\$/,/^KJ-ST-END $t rc=/p" "$clean")
		case $t in
		test_kexec_load.sh) want='kexec_load succeeded [PASS]' ;;
		test_kexec_file_load.sh) want='kexec_file_load succeeded [PASS]' ;;
		esac
		if [ -z "$out" ]; then why="$t did not run"
		elif grep -qx "KJ-ST-END $t rc=4" <<<"$out"; then why="$t SKIPPED (kselftest status 4): $(tail -2 <<<"$out" | head -1)"
		elif ! grep -qx "KJ-ST-END $t rc=0" <<<"$out"; then why="$t: $(grep '^KJ-ST-END' <<<"$out") (want rc=0): $(grep -F '[FAIL]' <<<"$out" | head -1)"
		elif ! grep -qxF "$want" <<<"$out"; then why="$t exited 0 without '$want': $(grep -F '[PASS]' <<<"$out" | head -1)"
		fi
	done
	if [ -z "$why" ]; then
		if grep -q 'KJ-CHECK FAIL' "$clean"; then why="guest checks failed: $(grep 'KJ-CHECK FAIL' "$clean" | head -3 | tr '\n' ';')"
		elif ! grep -q '^KJ-SUMMARY fails=0$' "$clean"; then why="the guest did not finish its checks"
		elif ! no_oops "$clean"; then why="oops/warning on the console"
		fi
	fi
	if [ -z "$why" ]; then
		result "$name" pass "(${secs}s, log $log)"
		grep -E '^KJ-ST-END |\[PASS\]$|^\[INFO\] ' "$clean" | sed 's/^/  /'
	else result "$name" fail "(${secs}s): $why"; tail -25 "$clean" | sed 's/^/  | /'; fi
}

# soak_case NAME SPEC ARCH PROG N TIMEOUT: N jump round trips of PROG
# (guest/roundtrip.sh with kjn=N, two CPUs, kjsoak=1: the strict dmesg
# check, guest/lib.sh check_dmesg_strict), every serial line stamped by
# the host (run-qemu.sh KJ_VM_STAMP).  Passes as run_case's roundtrip
# does (every call in order, exit 0, no oops on the console) and with a
# clean dmesg.  Prints the per-trip times (KJ-EXEC-START i to
# KJ-EXEC-DONE i, host clock): median, maximum, and the total.  Runs only
# when named (run-vm-tests.sh --soak; tests/run.sh soak).
soak_case() {
	local name=$1 spec=$2 arch=$3 prog=$4 n=$5 timeout=$6
	if [ ${#only[@]} = 0 ] || ! printf '%s\n' "${only[@]}" | grep -qx "$name"; then return; fi
	local stamps=$work/logs/$name.stamps
	KJ_VM_STAMP=$stamps KJ_VM_STAMPER=$work/serial-stamp \
		run_case "$name" "$spec" "$arch" roundtrip "$prog" "kjn=$n kjsmp=2 kjsoak=1" "$timeout" pass
	awk '
		$2 == "KJ-EXEC-START" { s[$3] = $1; if (!first) first = $1 }
		$2 == "KJ-EXEC-DONE" && ($3 in s) { d[++k] = ($1 - s[$3]) * 1000; if (d[k] > max) { max = d[k]; at = $3 }; last = $1 }
		END {
			if (!k) { print "  soak: no complete round trip in the stamps"; exit }
			for (i = 1; i <= k; i++) for (j = i; j > 1 && d[j-1] > d[j]; j--) { t = d[j]; d[j] = d[j-1]; d[j-1] = t }
			med = k % 2 ? d[(k + 1) / 2] : (d[k / 2] + d[k / 2 + 1]) / 2
			printf "  soak: %d round trips timed, per trip median %.1f ms, min %.1f ms, max %.1f ms (trip %d); first call to last return %.1f s\n", k, med, d[1], max, at, last - first
		}' "$stamps"
	grep -a '^KJ-DMESG' "$work/logs/$name.log" | tr -d '\r' | sed 's/^/  /'
}

if [ $demo = 1 ]; then
	# the main job: from a running i386 Linux, call the BIOS (SeaBIOS) in
	# real mode through a kexec jump, twice, and come back each time
	run_case demo-bios 6.12 i386 bios bios.elf "kjn=2 kjsmp=2" 300 pass
	grep -aE 'KJ-CHECK|KJ-OUT|KJ-RC|KJ-DMESG|KJ-ALIVE' "$work/logs/demo-bios.log" | tr -d '\r' | sed 's/^/  guest| /'
else
	# name                   kernel arch   script    program        extra  timeout expectation
	par run_case roundtrip-6.12-x86_64 6.12 x86_64 roundtrip phy_mode64.elf kjn=20 240 pass
	par run_case jumpout-6.1-x86_64    6.1  x86_64 jumpout   phy_mode64.elf ""     120 reset-after-print
	par run_case jumpout-6.1-i386      6.1  i386   jumpout   phy_mode32.elf ""     120 reset-after-print
	# the same --args-none examples with the repair (the purgatory's
	# direct mode): round trips on kernels without the GDT fix
	par run_case roundtrip-6.1-x86_64  6.1  x86_64 roundtrip phy_mode64.elf "kjn=20 kjsmp=2" 300 pass
	par run_case roundtrip-6.1-i386    6.1  i386   roundtrip phy_mode32.elf "kjn=20 kjsmp=2" 300 pass
	par run_case roundtrip-6.12-i386   6.12 i386   roundtrip phy_mode32.elf "kjn=20" 300 pass
	par run_case nojump-debian-6.1     debian x86_64 nojump  phy_mode64.elf ""     240 pass
	# the i386 build of the tool on the x86_64 kernel (compat kexec_load,
	# KEXEC_ARCH_X86_64 arch field) loading the ELF64 example
	par run_case roundtrip-6.12-x86_64-tool32 6.12 x86_64 roundtrip phy_mode64.elf "kjn=5 kjtool=kexec32" 240 pass
	# the raw-blob loader (--type=phys --load-addr, --args-none)
	par run_case physblob-6.12-x86_64 6.12 x86_64 physblob phy_mode64.bin kjn=5 240 pass
	# a C function called through the purgatory 50 times, results back
	par run_case callc-6.12-x86_64 6.12 x86_64 callc callc64.bin "kjn=50 kjappend=hello" 300 pass
	# the same program as an ELF file (entry e_entry) through the purgatory
	par run_case callc-elf-6.12-x86_64 6.12 x86_64 callc callc64.elf "kjn=5 kjappend=elf" 240 pass
	# Safe return where the kernel lacks the GDT fix (doc/abi.md 3.4):
	# the purgatory loads the kernel's own GDT (sgdt on CPU 0 at load
	# time) before going back.  SMP kernels, two CPUs, 100 round trips.
	par run_case safe-return-6.1-x86_64-smp2 6.1 x86_64 callc callc64.bin "kjn=100 kjappend=smp kjsmp=2" 600 pass
	par run_case safe-return-6.1-i386-smp2 6.1 i386 callc callc32.bin "kjn=100 kjappend=smp kjsmp=2" 600 pass
	par run_case safe-return-6.12-i386-smp2 6.12 i386 callc callc32.bin "kjn=100 kjappend=smp kjsmp=2" 600 pass
	# the GDT from kallsyms + kcore instead of sgdt (UMIP machines; the
	# test hook hides sgdt), and a 32-bit kexec on a 64-bit kernel, which
	# cannot use sgdt at all
	par run_case safe-return-kallsyms-6.1-x86_64 6.1 x86_64 callc callc64.bin "kjn=20 kjappend=ks kjsmp=2 kjnosgdt=1 kjgdt=kallsyms" 300 pass
	par run_case safe-return-kallsyms-6.1-i386 6.1 i386 callc callc32.bin "kjn=20 kjappend=ks kjsmp=2 kjnosgdt=1 kjgdt=kallsyms" 300 pass
	par run_case safe-return-6.1-x86_64-tool32 6.1 x86_64 callc callc64.bin "kjn=20 kjappend=t32 kjtool=kexec32 kjgdt=kallsyms" 300 pass
	# kexec_test: the environment a called program gets, checked 3 times
	par run_case kexectest-6.12-x86_64 6.12 x86_64 kexectest kexec_test64.bin kjn=3 240 pass
	# the BIOS call demo: real mode from under i386 Linux, INT 12h and the
	# E820 map compared with what Linux logged at boot
	# (384 MiB here, 512 elsewhere: the map must follow the machine)
	par run_case bios-6.1-i386-smp2  6.1  i386 bios bios.elf "kjn=3 kjsmp=2 kjmem=384" 300 pass
	par run_case bios-6.12-i386-smp2 6.12 i386 bios bios.elf "kjn=3 kjsmp=2" 300 pass
	# 32-bit programs from x86_64 kernels: the purgatory leaves long mode
	# for them and comes back (doc/abi.md 10.7): called (callc, kexec_test,
	# the BIOS demo), --args-none (roundtrip), and on 6.1 with the repair
	par run_case callc32-6.12-x86_64 6.12 x86_64 callc callc32.elf "kjn=20 kjappend=c32" 300 pass
	par run_case roundtrip32-6.12-x86_64 6.12 x86_64 roundtrip phy_mode32.elf kjn=10 240 pass
	par run_case kexectest32-6.12-x86_64 6.12 x86_64 kexectest kexec_test32.elf kjn=3 240 pass
	par run_case bios-6.12-x86_64 6.12 x86_64 bios bios.elf "kjn=3" 300 pass
	par run_case callc32-6.1-x86_64-smp2 6.1 x86_64 callc callc32.elf "kjn=20 kjappend=r32 kjsmp=2" 300 pass
	par run_case roundtrip32-6.1-x86_64 6.1 x86_64 roundtrip phy_mode32.elf kjn=10 240 pass
	# register boots (kexec/plan.h PLAN_BOOT_32) made by the test hook
	# KEXEC_JUMP_TEST_BOOT32=1: the entry state the image reports
	par run_case bootregs32-6.12-x86_64 6.12 x86_64 bootregs bootregs32.elf "" 240 pass
	par run_case bootregs32-6.12-i386   6.12 i386   bootregs bootregs32.elf "" 240 pass
	# --args-elf (the default for a non-Linux ELF): ELF boot notes, a
	# register boot (ELF32 stack arguments, ELF64 RDI)
	par run_case elfnotes64-6.12-x86_64 6.12 x86_64 elfnotes elfnotes64.elf "kjcase=elfnotes64-6.12-x86_64" 240 pass
	par run_case elfnotes32-6.12-x86_64 6.12 x86_64 elfnotes elfnotes32.elf "kjcase=elfnotes32-6.12-x86_64" 240 pass
	par run_case elfnotes32-6.12-i386   6.12 i386   elfnotes elfnotes32.elf "kjcase=elfnotes32-6.12-i386" 240 pass
	# a segment corrupted after hashing: the purgatory refuses, Linux lives
	par run_case corrupt-6.12-x86_64 6.12 x86_64 corrupt callc64.bin "" 240 pass
	# Linux booted by a normal kexec (bzImage, initrd, command line):
	# the test kernel boots itself, and Debian's stock kernel
	# our loader (-c); kexec_file_load (-s); the default -a, which takes
	# the file call on x86_64 and falls back to ours on i386 (no such call)
	# (KJ_VM_EXPECT_KADDR: the 64-bit entry's kernel goes highest fit, so in
	# the upper half of the 512 MiB guest; the 32-bit entry's lowest fit,
	# at pref_address 16 MiB; doc/abi.md 5.6)
	KJ_VM_EXPECT_KADDR=0x10000000-0x20000000 par linuxboot_case linuxboot-6.12-x86_64 6.12 x86_64 6.12 l 240 "kjsys=c kjpath=load"
	par linuxboot_case linuxboot-file-6.12-x86_64 6.12 x86_64 6.12 l 240 "kjsys=s kjpath=file"
	par linuxboot_case linuxboot-auto-6.12-x86_64 6.12 x86_64 6.12 l 240 "kjpath=file"
	KJ_VM_EXPECT_KADDR=0x1000000-0x2000000 par linuxboot_case linuxboot-6.12-i386 6.12 i386 6.12 systemd 240 "kjpath=fallback"
	# the same with the kexec from the Debian package (tests/run.sh runs
	# the pkg stage, which builds it, before the VM tests)
	par pkg_linuxboot_case pkg-linuxboot-6.12-x86_64 6.12 l 240 "kjsys=c kjpath=load"
	# the package's systemd units in a systemd boot of a Debian 12 root:
	# with LOAD_KEXEC=true, `systemctl reboot` goes through kexec
	par pkg_systemd_case pkg-systemd-kexec-reboot-x86_64 300
	# --entry-32bit from x86_64: the purgatory leaves long mode and
	# enters the new kernel at startup_32 (a register boot)
	KJ_VM_EXPECT_KADDR=0x1000000-0x2000000 KEXEC_LOAD_ARGS=--entry-32bit,--console-serial par linuxboot_case linuxboot-entry32-6.12-x86_64 6.12 x86_64 6.12 l 240 "kjpath=load"
	# --real-mode: the purgatory enters a trampoline below 1 MiB, which
	# drops to real mode and jumps to the kernel's 16-bit setup code
	# (SeaBIOS answers its BIOS calls); from x86_64 and from i386
	KEXEC_LOAD_ARGS=--real-mode par linuxboot_case linuxboot-realmode-6.12-x86_64 6.12 x86_64 6.12 l 240 "kjpath=load"
	KEXEC_LOAD_ARGS=--real-mode par linuxboot_case linuxboot-realmode-6.12-i386 6.12 i386 6.12 l 240 "kjpath=load"
	KEXEC_LOAD_ARGS=--real-mode par linuxboot_case linuxboot-realmode-6.1-x86_64 6.1 x86_64 6.1 l 300 "kjpath=load"
	KEXEC_LOAD_ARGS=--real-mode par linuxboot_case linuxboot-realmode-7.2-i386 7.2-kdump i386 7.2-kdump l 300 "kjpath=load"
	par linuxboot_case linuxboot-debian-x86_64 6.12 x86_64 debian reuse 400 "kjsys=c kjpath=load"
	# a VGA card: --console-vga puts the purgatory's lines on the text
	# screen (the second kernel reads it back through /dev/vcs1);
	# --reset-vga first sets text mode 3 and clears it
	KJ_VM_VGA=1 KEXEC_LOAD_ARGS=--console-vga par linuxboot_case linuxboot-vga-6.12-x86_64 6.12 x86_64 6.12 l 240 "kjpath=load"
	KJ_VM_VGA=1 KEXEC_LOAD_ARGS=--reset-vga,--console-vga par linuxboot_case linuxboot-resetvga-6.12-i386 6.12 i386 6.12 l 240 "kjpath=load"
	KJ_VM_VGA=1 KEXEC_LOAD_ARGS=--reset-vga,--console-vga par linuxboot_case linuxboot-resetvga-7.2-x86_64 7.2-distro x86_64 7.2-distro l 300 "kjpath=load"
	# EFI: the second kernel has EFI runtime services (efivarfs lists and
	# reads variables); with --noefi it has none (no /sys/firmware/efi)
	par efi_linuxboot_case linuxboot-efi-debian-x86_64 "" \
		'^KJ2-EFI runtime=0x[0-9a-f]+ efivars=[1-9][0-9]* read=Boot[0-9A-F]{4}-[-0-9a-f]+:[1-9][0-9]*$'
	par efi_linuxboot_case linuxboot-noefi-debian-x86_64 --noefi \
		'^KJ2-EFI runtime=none efivars=none read=none$'
	# a kernel segment corrupted after hashing: the purgatory halts
	par linuxboot_case linuxboot-corrupt-6.12-x86_64 6.12 x86_64 6.12 corrupt 240
	# a 40 MiB initrd on 2 CPUs: split into pieces, hashed in parallel,
	# every piece checked by the purgatory (--console-serial shows it)
	KJ_VM_SMP=2 KJ_INITRD2_PAD_MB=40 KEXEC_LOAD_ARGS=--console-serial \
		par linuxboot_case linuxboot-bigrd-6.12-x86_64 6.12 x86_64 6.12 l 300 "kjpath=load"
	KJ_VM_SMP=2 KJ_INITRD2_PAD_MB=40 KEXEC_LOAD_ARGS=--console-serial \
		par linuxboot_case linuxboot-bigrd-6.12-i386 6.12 i386 6.12 l 300 "kjpath=load"
	# the same with SHA-NI: Debian 12's QEMU 7.2 cannot emulate it, so
	# these run on backports' QEMU 10 (tests/bench/fetch-qemu.sh) with
	# -cpu max; kexec (both widths) and the purgatory must both say they
	# hashed with sha-ni, and the kernel boots.  (vendor=GenuineIntel:
	# on an AMD host, max is an AMD family 6 CPU, which an SMP i386
	# kernel warns about as an old Athlon MP.)
	shani_qemu= shani_why=
	if wanted linuxboot-shani-6.12-x86_64 || wanted linuxboot-shani-6.12-i386 ||
	   wanted sha-ni-user-x86_64 || wanted sha-ni-user-i386; then
		shani_qemu=$(bash "$top/tests/bench/fetch-qemu.sh" 2>"$work/fetch-qemu.log") ||
			{ shani_qemu=; shani_why=$(grep -v '^W:' "$work/fetch-qemu.log" | tail -1); }
	fi
	if [ -n "$shani_qemu" ]; then
		KJ_VM_QEMU=$shani_qemu KJ_VM_CPU=max,vendor=GenuineIntel KJ_VM_EXPECT_SHA=sha-ni KJ_VM_SMP=2 KJ_INITRD2_PAD_MB=40 \
		KEXEC_LOAD_ARGS=--console-serial \
			par linuxboot_case linuxboot-shani-6.12-x86_64 6.12 x86_64 6.12 l 300 "kjpath=load"
		KJ_VM_QEMU=$shani_qemu KJ_VM_CPU=max,vendor=GenuineIntel KJ_VM_EXPECT_SHA=sha-ni KJ_VM_SMP=2 KJ_INITRD2_PAD_MB=40 \
		KEXEC_LOAD_ARGS=--console-serial \
			par linuxboot_case linuxboot-shani-6.12-i386 6.12 i386 6.12 l 300 "kjpath=load"
		par sha_user_case sha-ni-user-x86_64 x86_64
		par sha_user_case sha-ni-user-i386 i386
	else
		par result linuxboot-shani-6.12-x86_64 fail "(no QEMU with TCG SHA-NI: $shani_why)"
		par result linuxboot-shani-6.12-i386 fail "(no QEMU with TCG SHA-NI: $shani_why)"
		par result sha-ni-user-x86_64 fail "(no QEMU with TCG SHA-NI: $shani_why)"
		par result sha-ni-user-i386 fail "(no QEMU with TCG SHA-NI: $shani_why)"
	fi
	# the ELF vmlinux inside the test kernel's bzImage (extract-vmlinux.sh),
	# with --args-linux; the default -a must go straight to kexec_load
	par linuxboot_case linuxboot-elf-6.12-x86_64 6.12 x86_64 6.12 elf 240 "kjpath=load"
	par linuxboot_case linuxboot-elf-6.12-i386 6.12 i386 6.12 elf 240 "kjpath=load"
	# compressed kernels: a gzip'd bzImage by kexec_load and by
	# kexec_file_load (a memfd), a zstd'd ELF vmlinux (kexec_load)
	par linuxboot_case linuxboot-gz-6.12-x86_64 6.12 x86_64 6.12 gz 240 "kjsys=c kjpath=load"
	par linuxboot_case linuxboot-file-gz-6.12-x86_64 6.12 x86_64 6.12 gz 240 "kjsys=s kjpath=file"
	par linuxboot_case linuxboot-elfzst-6.12-x86_64 6.12 x86_64 6.12 elfzst 240 "kjpath=load"
	# the i386 tool (static zlib for i386) on an i386 kernel: -a falls back
	par linuxboot_case linuxboot-gz-6.12-i386 6.12 i386 6.12 gz 240 "kjpath=fallback"
	# a unified kernel image (PE: .linux, .initrd, .cmdline) by kexec_load
	par linuxboot_case linuxboot-uki-6.12-x86_64 6.12 x86_64 6.12 uki 240 "kjpath=load"
	par linuxboot_case linuxboot-uki-6.12-i386 6.12 i386 6.12 uki 240 "kjpath=load"
	# Linux-to-Linux: A -> B -> A -> B -> A -> B -> A
	par l2l_case l2l-6.12-x86_64 6.12 x86_64 3 300
	# i386 needs the purgatory's stubs (the GDT repair) on both returns
	par l2l_case l2l-6.12-i386 6.12 i386 3 300
	par l2l_case l2l-6.1-i386 6.1 i386 3 300

	# ---- Linux 7.2 (Debian unstable's linux-source-7.2): every jump
	# feature on both widths.  7.2 pops the next entry on return and
	# finds the callee's entry at 8(%rsp) (x86_64, since 6.14); the
	# preflight must find the GDT fix in its code (kjpreflight=code).
	par run_case roundtrip-7.2-x86_64 7.2-distro x86_64 roundtrip phy_mode64.elf "kjn=20 kjsmp=2 kjpreflight=code" 300 pass
	par run_case roundtrip-7.2-i386   7.2-kdump i386   roundtrip phy_mode32.elf "kjn=20 kjsmp=2" 300 pass
	par run_case callc-7.2-x86_64 7.2-distro x86_64 callc callc64.bin "kjn=50 kjappend=v72 kjsmp=2" 300 pass
	par run_case callc-7.2-i386   7.2-kdump i386   callc callc32.bin "kjn=50 kjappend=v72 kjsmp=2" 300 pass
	par run_case callc-elf-7.2-x86_64 7.2-distro x86_64 callc callc64.elf "kjn=5 kjappend=elf" 240 pass
	# a kernel without data symbols in kallsyms (KALLSYMS_ALL off;
	# simulated by bind-mounting a filtered copy): exit 252, one line
	par run_case noresults-7.2-x86_64 7.2-distro x86_64 noresults callc64.bin "" 240 pass
	par run_case kexectest-7.2-x86_64 7.2-distro x86_64 kexectest kexec_test64.bin kjn=3 240 pass
	par run_case kexectest-7.2-i386   7.2-kdump i386   kexectest kexec_test32.bin kjn=3 240 pass
	par run_case bios-7.2-i386-smp2 7.2-kdump i386 bios bios.elf "kjn=3 kjsmp=2" 300 pass
	par run_case callc32-7.2-x86_64 7.2-distro x86_64 callc callc32.elf "kjn=20 kjappend=c32v72 kjsmp=2" 300 pass
	par run_case roundtrip32-7.2-x86_64 7.2-distro x86_64 roundtrip phy_mode32.elf "kjn=10 kjsmp=2" 300 pass
	par run_case bios-7.2-x86_64 7.2-distro x86_64 bios bios.elf "kjn=3" 300 pass
	par run_case bootregs32-7.2-x86_64 7.2-distro x86_64 bootregs bootregs32.elf "" 240 pass
	par run_case kexectest32-7.2-x86_64 7.2-distro x86_64 kexectest kexec_test32.elf kjn=3 240 pass
	par l2l_case l2l-7.2-x86_64 7.2-distro x86_64 3 300
	par l2l_case l2l-7.2-i386   7.2-kdump i386   3 300
	KJ_VM_EXPECT_KADDR=0x10000000-0x20000000 par linuxboot_case linuxboot-7.2-x86_64 7.2-distro x86_64 7.2-distro l 240 "kjsys=c kjpath=load"
	KJ_VM_EXPECT_KADDR=0x1000000-0x2000000 par linuxboot_case linuxboot-7.2-i386   7.2-kdump i386   7.2-kdump systemd 240 "kjpath=fallback"

	# ---- the memory users have: x86_64 guests with 6 GiB (RAM above
	# 4 GiB, around the 32-bit PCI hole), i386 guests with 2 GiB (more
	# than the kernel's low memory).  Every case that places memory:
	# bzImage boot, Linux-to-Linux, ELF and raw programs with and
	# without the purgatory.
	# (where the kernel goes: x86_64 highest fit, so in the RAM above
	# 4 GiB, which QEMU's pc machine puts at 4-7 GiB for 6 GiB (3 GiB
	# below the hole); i386 lowest fit, at pref_address 16 MiB;
	# doc/abi.md 5.6)
	KJ_VM_MEM=6144 KJ_VM_EXPECT_KADDR=0x100000000-0x1c0000000 par linuxboot_case linuxboot-7.2-x86_64-6g 7.2-distro x86_64 7.2-distro l 300 "kjsys=c kjpath=load"
	KJ_VM_MEM=6144 par linuxboot_case linuxboot-file-7.2-x86_64-6g 7.2-distro x86_64 7.2-distro l 300 "kjsys=s kjpath=file"
	KJ_VM_MEM=6144 par l2l_case l2l-7.2-x86_64-6g 7.2-distro x86_64 3 400
	par run_case roundtrip-7.2-x86_64-6g 7.2-distro x86_64 roundtrip phy_mode64.elf "kjn=5 kjmem=6144" 300 pass
	par run_case physblob-7.2-x86_64-6g 7.2-distro x86_64 physblob phy_mode64.bin "kjn=5 kjmem=6144" 300 pass
	par run_case callc-7.2-x86_64-6g 7.2-distro x86_64 callc callc64.bin "kjn=10 kjappend=6g kjmem=6144" 300 pass
	par run_case callc-elf-7.2-x86_64-6g 7.2-distro x86_64 callc callc64.elf "kjn=5 kjappend=6g kjmem=6144" 300 pass
	par run_case roundtrip-6.1-x86_64-6g 6.1 x86_64 roundtrip phy_mode64.elf "kjn=5 kjmem=6144" 300 pass
	KJ_VM_MEM=2048 KJ_VM_EXPECT_KADDR=0x1000000-0x2000000 par linuxboot_case linuxboot-6.1-i386-2g 6.1 i386 6.1 l 300 "kjsys=c kjpath=load"
	KJ_VM_MEM=2048 par l2l_case l2l-6.1-i386-2g 6.1 i386 3 400
	par run_case roundtrip-6.1-i386-2g 6.1 i386 roundtrip phy_mode32.elf "kjn=5 kjmem=2048" 300 pass
	par run_case callc-6.1-i386-2g 6.1 i386 callc callc32.bin "kjn=10 kjappend=2g kjmem=2048" 300 pass

	# ---- a kernel configured like a distribution's (KASLR, kexec_file,
	# crash dumps, KALLSYMS_ALL, kcore, SysRq, modules): -s, -a and the
	# results read-back where users have them
	par linuxboot_case linuxboot-file-7.2-distro 7.2-distro x86_64 7.2-distro l 300 "kjsys=s kjpath=file"
	par linuxboot_case linuxboot-auto-7.2-distro 7.2-distro x86_64 7.2-distro l 300 "kjpath=file"
	par run_case callc-7.2-distro 7.2-distro x86_64 callc callc64.bin "kjn=20 kjappend=distro kjsmp=2" 300 pass
	par run_case roundtrip-7.2-distro 7.2-distro x86_64 roundtrip phy_mode64.elf "kjn=10 kjsmp=2 kjpreflight=code" 300 pass

	# ---- kdump: kexec -p, a crash, the capture kernel's /proc/vmcore
	# read by our vmcore-dmesg and by makedumpfile (x86_64 and i386,
	# 6.12 and 7.2; i386 crash dumps need HIGHMEM: the 6.12 i386 test
	# kernel has it (kconfig/i386-6.12.config is kdump.config), 7.2's
	# 2 GiB cases need a kernel without, so 7.2 has a "kdump" flavour);
	# and a kexec reboot with --reuse-cmdline keeps crashkernel=
	par kdump_case kdump-6.12-x86_64 6.12 x86_64 300 "kjsys=c kjpath=load"
	par kdump_case kdump-7.2-x86_64 7.2-distro x86_64 300 "kjsys=c kjpath=load kjhotplug=1"
	par kdump_case kdump-file-7.2-x86_64 7.2-distro x86_64 300 "kjsys=s kjpath=file"
	par kdump_case kdump-file-6.12-x86_64 6.12 x86_64 300 "kjsys=s kjpath=file"
	par kdump_case kdump-7.2-distro 7.2-distro x86_64 300 "kjsys=c kjpath=load"
	par kdump_case kdump-vmlinux-6.12-x86_64 6.12 x86_64 300 "kjvmlinux=1 kjpath=load"
	par kdump_case kdump-tool32-6.12-x86_64 6.12 x86_64 300 "kjtool=kexec32 kjsys=c kjpath=load"
	par kdump_case kdump-6.12-i386 6.12 i386 300 "kjsys=c kjpath=load"
	# the capture kernel of an EFI machine has EFI runtime services
	# (Debian's kernel under OVMF); --pass-memmap-cmdline's words reach
	# the capture kernel, which boots with them
	ovmf=$("$here/fetch-debs.sh" ovmf 2>/dev/null) || ovmf=
	KJ_VM_BIOS=$ovmf KJ_CRASH_SIZE=192M KJ_EXPECT2_RE='^KJ-CAPTURE-EFI efi=yes efivars-device=yes$' \
		par kdump_case kdump-efi-debian-x86_64 debian x86_64 900 "kjsys=c kjpath=load"
	KEXEC_LOAD_ARGS=--pass-memmap-cmdline KJ_EXPECT2_RE='^KJ-CAPTURE-CMDLINE .* elfcorehdr=0x[0-9a-f]+ memmap=exactmap memmap=0x9fc00@0x0 .*memmap=0x[0-9a-f]+@0x[0-9a-f]+( |$)' \
		par kdump_case kdump-memmap-6.12-x86_64 6.12 x86_64 300 "kjsys=c kjpath=load"
	par kdump_case kdump-7.2-i386 7.2-kdump i386 300 "kjpath=load"
	par linuxboot_case linuxboot-reuse-crashkernel-7.2-x86_64 7.2-distro x86_64 7.2-distro reuse 240 "kjsys=c kjpath=load crashkernel=64M"

	# ---- multiboot: our test kernels (Multiboot 1 ELF and a.out
	# kludge, Multiboot2) and Debian's Xen (gzip-compressed), each with
	# a command line and two modules
	par multiboot_case multiboot1-6.12-x86_64 6.12 x86_64 mb1.elf multiboot-x86 240
	par multiboot_case multiboot1-aout-6.12-i386 6.12 i386 mb1-aout.bin multiboot-x86 240
	par multiboot_case multiboot2-7.2-x86_64 7.2-distro x86_64 mb2.elf multiboot2-x86 300
	KJ_VM_MEM=1024 par multiboot_case multiboot-xen-6.12-x86_64 6.12 x86_64 xen multiboot2-x86 400
	KJ_VM_MEM=1024 par multiboot_case multiboot1-xen-7.2-x86_64 7.2-distro x86_64 xen multiboot-x86 400 force

	# ---- the kernel's own tests: tools/testing/selftests/kexec of the
	# 6.12 and 7.2 sources with our kexec first in PATH (i386 has no
	# kexec_file_load, so test_kexec_file_load.sh would only skip there)
	par selftest_case selftest-kexec-6.12-x86_64 6.12 x86_64 240 test_kexec_load.sh test_kexec_file_load.sh
	par selftest_case selftest-kexec-7.2-x86_64 7.2-distro x86_64 300 test_kexec_load.sh test_kexec_file_load.sh
	par selftest_case selftest-kexec-load-6.12-i386 6.12 i386 240 test_kexec_load.sh

	# ---- soak (only with --soak, tests/run.sh soak): 1000 jump round
	# trips with two CPUs on x86_64 7.2 and i386 6.12 (KJ_SOAK_N)
	if [ $soak = 1 ]; then
		par soak_case soak-roundtrip-7.2-x86_64 7.2-distro x86_64 phy_mode64.elf "${KJ_SOAK_N:-1000}" "${KJ_SOAK_TIMEOUT:-7200}"
		par soak_case soak-roundtrip-6.12-i386-smp2 6.12 i386 phy_mode32.elf "${KJ_SOAK_N:-1000}" "${KJ_SOAK_TIMEOUT:-7200}"
	fi
	wait
	for out in "$work"/results/*.out; do
		[ -f "$out" ] || continue
		cat "$out"
		passed=$((passed + $(grep -c '^PASS ' "$out")))
		failed=$((failed + $(grep -c '^FAIL ' "$out")))
		grep -qE '^(PASS|FAIL) ' "$out" || { echo "FAIL $(basename "$out" .out): the case printed no result"; failed=$((failed + 1)); }
	done
fi
echo "$passed passed, $failed failed"
[ $failed = 0 ]
