#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/run.sh demo|all|unit|build|vm|fuzz|pkg|bench|soak
#   demo  the main job: a QEMU guest (Linux 6.12, i386, 2 CPUs) loads the
#         BIOS call demo (examples/bios) with `kexec --load-preserve-context`
#         and calls it twice with `kexec -e`: each call drops to real mode,
#         asks SeaBIOS for INT 12h and the E820 map, and comes back; the
#         map is compared with the one Linux logged at boot
#   build the build systems: make distcheck, a CC=clang build and its
#         make check, --host=i686-linux-gnu alone, static builds of both
#         widths (those the VM tests use), make install + uninstall
#   pkg   the Debian package (tests/pkg/run-pkg-tests.sh): builds it
#         (amd64, and i386 cross), installs it into a clean Debian 12 root
#         and tests it there; the .debs stay in _build/pkg/<arch>/
#   all   every test: unit tests (native, ASan+UBSan, i386 build), build
#         systems, fuzz smoke runs, the package, VM tests (the pkg-* VM
#         cases use the package the pkg stage built); ends with
#         "N passed, N failed"
#   bench the benchmark (tests/bench/run-bench.sh): ours against
#         kexec-tools 2.0.25 (Debian 12) and 2.0.32 (Debian unstable) in
#         one x86_64 6.12 guest; keeps its table in tests/bench/results/
#   soak  1000 jump round trips with two CPUs on x86_64 7.2 and i386
#         6.12, one guest at a time, niced (run-vm-tests.sh --soak;
#         KJ_SOAK_N sets the number)
#   (bench and soak are not part of all)
# Every build is out of tree, under _build/ (_build/native for the native
# unit tests); the source tree must not be configured in-tree.
# Installs missing packages with tests/install-deps.sh (via sudo if needed).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
what=${1:-all}
fuzz_secs=${KJ_FUZZ_SECONDS:-10}

need_deps() {
	local c
	for c in gcc make autoreconf automake qemu-system-x86_64 qemu-system-i386 qemu-i386-static clang busybox cpio bc \
		dpkg-buildpackage lintian mmdebstrap i686-linux-gnu-gcc; do
		command -v "$c" >/dev/null || return 0
	done
	[ -f /usr/src/linux-source-6.12.tar.xz ] && [ -f /usr/src/linux-source-6.1.tar.xz ] || return 0
	[ -f /usr/include/x86_64-linux-gnu/gnu/stubs-32.h ] || [ -f /usr/include/i386-linux-gnu/gnu/stubs-32.h ] || return 0
	return 1
}
if need_deps; then
	echo "== installing dependencies (tests/install-deps.sh)"
	if [ "$(id -u)" = 0 ]; then bash tests/install-deps.sh; else sudo bash tests/install-deps.sh; fi || {
		echo "dependency installation failed"; echo "0 passed, 1 failed"; exit 1; }
fi
[ -x configure ] || autoreconf -fi || { echo "autoreconf -fi failed"; echo "0 passed, 1 failed"; exit 1; }

total_p=0; total_f=0; timings=()
stage() { # name command... ; adds the command's closing "N passed, N failed"
	local name=$1; shift
	echo "== $name ($(date +%T))"
	local log t0; log=$(mktemp); t0=$(date +%s)
	"$@" 2>&1 | tee "$log"
	local last; last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	if [ -z "$last" ]; then
		echo "== $name: no result line (stage broke)"; total_f=$((total_f + 1))
	else
		total_p=$((total_p + $(echo "$last" | cut -d' ' -f1)))
		total_f=$((total_f + $(echo "$last" | cut -d' ' -f3)))
	fi
	echo "== $name: ${last:-broken} in $(( $(date +%s) - t0 )) s"
	timings+=("$(printf '%-32s %5d s' "$name" $(( $(date +%s) - t0 )))")
	KJ_LAST_STAGE_END=$(date +%s)
	rm -f "$log"
}
build_in() { # dir configure-args...
	bash "$top/tests/build-in.sh" "$@"
}
unit_in() { # dir configure-args...
	( build_in "$@" >/dev/null && make -s -C "$1" check ) || { echo "build failed in $1"; echo "0 passed, 1 failed"; }
}
build_systems() {
	# two lanes in parallel (much of each waits on the other's I/O and on
	# serial scripts); each check writes its ok/not ok line and log to
	# $res/NN, printed in order at the end
	local res; res=$(mktemp -d)
	bs_check() { # NN description command...
		local nn=$1 what=$2 t0; shift 2
		t0=$(date +%s)
		if "$@" >"$res/$nn.log" 2>&1; then
			echo "ok $what ($(( $(date +%s) - t0 )) s)" >"$res/$nn"
		else
			{ echo "not ok $what ($(( $(date +%s) - t0 )) s)"; tail -25 "$res/$nn.log" | sed 's/^/#   /'; } >"$res/$nn"
		fi
	}
	local inst; inst=$(mktemp -d)
	(
		# distcheck: tarball, VPATH build from it with a read-only
		# srcdir, make check, install/uninstall, distclean leaves nothing
		bs_check 1 "make distcheck" eval 'build_in "$top/_build/native" &&
			make -s -C "$top/_build/native" distcheck'
		bs_check 6 "make install DESTDIR, then make uninstall leaves no files" eval \
			'make -s -C "$top/_build/native" install DESTDIR="$inst" &&
			test -x "$inst/usr/local/sbin/kexec" && test -f "$inst/usr/local/lib/kexec-jump/kexec_test64.bin" &&
			test -f "$inst/usr/local/share/man/man8/kexec.8" &&
			make -s -C "$top/_build/native" uninstall DESTDIR="$inst" &&
			test -z "$(find "$inst" -type f -o -type l)"'
	) &
	local lane1=$!
	bs_check 2 "CC=clang build and make check" eval 'build_in "$top/_build/clang" CC=clang &&
		make -s -C "$top/_build/clang" check | tail -1 | grep -E "^[0-9]+ passed, 0 failed$"'
	# --host alone: i686-linux-gnu-gcc, or the native gcc with -m32; the
	# tool must be an i386 ELF, never a silent x86_64 one
	local d=$top/_build/i386-host
	bs_check 3 "./configure --host=i686-linux-gnu alone builds an i386 kexec" eval \
		'mkdir -p "$d" && { [ -f "$d/Makefile" ] || (cd "$d" && "$top/configure" -q --host=i686-linux-gnu); } &&
		make -s -C "$d" -j"$(nproc)" build/sbin/kexec &&
		LC_ALL=C readelf -h "$d/build/sbin/kexec" | grep -q "Machine: *Intel 80386"'
	# the static builds the VM tests use (same directories and arguments
	# as tests/vm/run-vm-tests.sh, which then reuses them)
	bs_check 4 "static x86_64 build (LDFLAGS=-static)" eval 'build_in "$top/_build/static-x86_64" LDFLAGS=-static &&
		file "$top/_build/static-x86_64/build/sbin/kexec" | grep "x86-64" | grep -q "statically linked"'
	bs_check 5 "static i386 build (LDFLAGS=-static)" eval 'build_in "$top/_build/static-i386" --host=i686-linux-gnu CC="gcc -m32" LDFLAGS=-static &&
		file "$top/_build/static-i386/build/sbin/kexec" | grep "Intel 80386" | grep -q "statically linked"'
	wait "$lane1"
	local n p=0 f=0
	for n in 1 2 3 4 5 6; do
		if [ -f "$res/$n" ]; then cat "$res/$n"; else echo "not ok check $n did not report"; fi
		case $(head -1 "$res/$n" 2>/dev/null) in ok*) p=$((p + 1));; *) f=$((f + 1));; esac
	done
	rm -rf "$res" "$inst"
	echo "$p passed, $f failed"
}
fuzz_all() {
	# every harness for $fuzz_secs s on a copy of its committed corpus,
	# two at a time (the machine's two cores); the build uses both too
	local d=$top/_build/fuzz p=0 f=0 h n running=0
	# only what the harnesses need (the library once, the purgatory blobs)
	KJ_MAKE_TARGETS=fuzz build_in "$d" >/dev/null || { echo "fuzz build failed"; echo "0 passed, 1 failed"; return; }
	fuzz_one() { # harness -> $d/$n.result
		local h=$1 n corpus
		n=$(basename "$h"); n=${n#fuzz-}
		corpus=$(mktemp -d)
		cp "$top/tests/fuzz/corpus/$n"/* "$corpus"/ 2>/dev/null
		if "$h" -max_total_time="$fuzz_secs" -timeout=25 -seed=1 -artifact_prefix="$d/$n-" "$corpus" >"$d/$n.log" 2>&1; then
			echo "ok fuzz-$n ($fuzz_secs s, $(grep -c . <(ls "$corpus")) corpus files)" >"$d/$n.result"
		else
			{ echo "not ok fuzz-$n: crash (input saved as $d/$n-crash-*); see $d/$n.log"; tail -30 "$d/$n.log"; } >"$d/$n.result"
		fi
		rm -rf "$corpus"
	}
	rm -f "$d"/*.result
	for h in "$d"/build/fuzz/fuzz-*; do
		[ -f "$h" ] && [ -x "$h" ] || continue
		fuzz_one "$h" &
		running=$((running + 1))
		[ "$running" -lt 2 ] || { wait -n; running=$((running - 1)); }
	done
	wait
	for h in "$d"/build/fuzz/fuzz-*; do
		[ -f "$h" ] && [ -x "$h" ] || continue
		n=$(basename "$h"); n=${n#fuzz-}
		cat "$d/$n.result"
		case $(head -1 "$d/$n.result") in ok*) p=$((p + 1));; *) f=$((f + 1));; esac
	done
	echo "$p passed, $f failed"
}

case $what in
demo)
	bash tests/vm/run-vm-tests.sh --demo; exit $? ;;
unit)
	stage "unit tests (native)" unit_in "$top/_build/native" ;;
build)
	stage "build systems" build_systems ;;
fuzz)
	stage "fuzz smoke ($fuzz_secs s each)" fuzz_all ;;
vm)
	stage "VM tests" bash tests/vm/run-vm-tests.sh ;;
bench)
	stage "benchmark (ours, kexec-tools 2.0.25, 2.0.32)" nice bash tests/bench/run-bench.sh ;;
soak)
	stage "soak (${KJ_SOAK_N:-1000} jump round trips each)" env KJ_VM_JOBS=1 nice bash tests/vm/run-vm-tests.sh --soak ;;
pkg)
	stage "Debian package (installed in a bookworm root)" bash tests/pkg/run-pkg-tests.sh ;;
all)
	# The test kernels build (or come from the cache) in the background,
	# niced, while the unit and fuzz stages run: the fuzzers use one core
	# each and much of the i386 stage waits on emulation, so the kernel
	# builds fill the rest.  Their stage below waits for them.
	# (.ci/run starts them before installing the other dependencies and
	# names their log in KJ_KERNEL_LOG; their exit status lands in
	# $KJ_KERNEL_LOG.rc)
	if [ -n "${KJ_KERNEL_LOG:-}" ]; then
		klog=$KJ_KERNEL_LOG; kt0=${KJ_KERNEL_T0:-$(date +%s)}; kpid=
	else
		klog=$(mktemp); kt0=$(date +%s)
		nice -n 5 bash tests/vm/run-vm-tests.sh --kernels >"$klog" 2>&1 &
		kpid=$!
	fi
	stage "unit tests (native)" unit_in "$top/_build/native"
	stage "unit tests (ASan+UBSan)" unit_in "$top/_build/asan" \
		CFLAGS="-g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
	stage "unit tests (i386 build)" unit_in "$top/_build/i386" --host=i686-linux-gnu CC="gcc -m32"
	stage "build systems" build_systems
	stage "fuzz smoke ($fuzz_secs s each)" fuzz_all
	# before the VM tests: the pkg-* VM cases boot with the packaged kexec
	stage "Debian package (installed in a bookworm root)" bash tests/pkg/run-pkg-tests.sh
	# (wait here, in this shell: a stage runs in a pipeline's subshell)
	echo "== waiting for the test kernels ($(date +%T))"
	if [ -n "$kpid" ]; then wait "$kpid"; kt1=$(date +%s); else
		while [ ! -f "$klog.rc" ]; do sleep 5; done
		kt1=$(stat -c %Y "$klog.rc")    # when they finished
	fi
	kend=${KJ_LAST_STAGE_END:-$kt1}
	echo "(the kernels took $((kt1 - kt0)) s from their start, and were ready $(( kt1 > kend ? kt1 - kend : 0 )) s after the package stage ended)" >>"$klog"
	stage "test kernels (built or cached)" cat "$klog"
	rm -f "$klog" "$klog.rc"
	stage "VM tests" bash tests/vm/run-vm-tests.sh ;;
*) echo "usage: tests/run.sh demo|all|unit|build|vm|fuzz|pkg|bench|soak" >&2; exit 2 ;;
esac
if [ ${#timings[@]} -gt 0 ]; then
	echo "== stage times"; printf '   %s\n' "${timings[@]}"
fi
[ -n "${KJ_T0:-}" ] && echo "== $(( $(date +%s) - KJ_T0 )) s since the start of .ci/run"
echo "$total_p passed, $total_f failed"
[ "$total_f" = 0 ]
