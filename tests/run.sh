#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/run.sh demo|all|unit|vm|fuzz|pkg
#   demo  the main job: a QEMU guest (Linux 6.12, i386, 2 CPUs) loads the
#         BIOS call demo (examples/bios) with `kexec --load-preserve-context`
#         and calls it twice with `kexec -e`: each call drops to real mode,
#         asks SeaBIOS for INT 12h and the E820 map, and comes back; the
#         map is compared with the one Linux logged at boot
#   pkg   the Debian package (tests/pkg/run-pkg-tests.sh): builds it
#         (amd64, and i386 cross), installs it into a clean Debian 12 root
#         and tests it there; the .debs stay in _build/pkg/<arch>/
#   all   every test: unit tests (native, ASan+UBSan, i386 build), fuzz
#         smoke runs, the package, VM tests (the pkg-* VM cases use the
#         package the pkg stage built); ends with "N passed, N failed"
# Installs missing packages with tests/install-deps.sh (via sudo if needed).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
what=${1:-all}
fuzz_secs=${KJ_FUZZ_SECONDS:-20}

need_deps() {
	local c
	for c in gcc make qemu-system-x86_64 qemu-system-i386 qemu-i386-static clang busybox cpio bc \
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
[ -x configure ] || autoconf

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
	local d=$1; shift
	mkdir -p "$d" && cd "$d" && { [ -f Makefile ] || "$top/configure" -q "$@"; } && make -s -j"$(nproc)"
}
unit_in() { # dir configure-args...
	( build_in "$@" >/dev/null && make -s -C "$1" check ) || { echo "build failed in $1"; echo "0 passed, 1 failed"; }
}
fuzz_all() {
	local d=$top/_build/fuzz p=0 f=0 h
	( build_in "$d" >/dev/null && make -s -C "$d" fuzz ) || { echo "fuzz build failed"; echo "0 passed, 1 failed"; return; }
	for h in "$d"/build/fuzz/fuzz-*; do
		local n; n=$(basename "$h"); n=${n#fuzz-}
		local corpus; corpus=$(mktemp -d)
		cp "$top/tests/fuzz/corpus/$n"/* "$corpus"/ 2>/dev/null
		if "$h" -max_total_time="$fuzz_secs" -seed=1 -artifact_prefix="$d/$n-" "$corpus" >"$d/$n.log" 2>&1; then
			echo "ok fuzz-$n ($fuzz_secs s, $(grep -c . <(ls "$corpus")) corpus files)"; p=$((p + 1))
		else
			echo "not ok fuzz-$n: crash (input saved as $d/$n-crash-*); see $d/$n.log"; tail -30 "$d/$n.log"; f=$((f + 1))
		fi
		rm -rf "$corpus"
	done
	echo "$p passed, $f failed"
}

case $what in
demo)
	build_in "$top" >/dev/null || exit 1
	bash tests/vm/run-vm-tests.sh --demo; exit $? ;;
unit)
	stage "unit tests (native)" unit_in "$top" ;;
fuzz)
	stage "fuzz smoke ($fuzz_secs s each)" fuzz_all ;;
vm)
	stage "VM tests" bash tests/vm/run-vm-tests.sh ;;
pkg)
	stage "Debian package (installed in a bookworm root)" bash tests/pkg/run-pkg-tests.sh ;;
all)
	# The test kernels build (or come from the cache) in the background,
	# niced, while the unit and fuzz stages run: the fuzzers use one core
	# each and much of the i386 stage waits on emulation, so the kernel
	# builds fill the rest.  Their stage below waits for them.
	klog=$(mktemp); kt0=$(date +%s)
	nice -n 5 bash tests/vm/run-vm-tests.sh --kernels >"$klog" 2>&1 &
	kpid=$!
	stage "unit tests (native)" unit_in "$top"
	stage "unit tests (ASan+UBSan)" unit_in "$top/_build/asan" \
		CFLAGS="-g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
	stage "unit tests (i386 build)" unit_in "$top/_build/i386" --host=i686-linux-gnu CC="gcc -m32"
	stage "fuzz smoke ($fuzz_secs s each)" fuzz_all
	# before the VM tests: the pkg-* VM cases boot with the packaged kexec
	stage "Debian package (installed in a bookworm root)" bash tests/pkg/run-pkg-tests.sh
	# (wait here, in this shell: a stage runs in a pipeline's subshell)
	echo "== waiting for the test kernels ($(date +%T))"
	wait "$kpid"
	kt1=$(date +%s)
	echo "(the kernels took $((kt1 - kt0)) s from the start of the unit stages, $((kt1 - ${KJ_LAST_STAGE_END:-kt1})) s after the fuzz stage ended)" >>"$klog"
	stage "test kernels (built or cached)" cat "$klog"
	rm -f "$klog"
	stage "VM tests" bash tests/vm/run-vm-tests.sh ;;
*) echo "usage: tests/run.sh demo|all|unit|vm|fuzz|pkg" >&2; exit 2 ;;
esac
if [ ${#timings[@]} -gt 0 ]; then
	echo "== stage times"; printf '   %s\n' "${timings[@]}"
fi
[ -n "${KJ_T0:-}" ] && echo "== $(( $(date +%s) - KJ_T0 )) s since the start of .ci/run"
echo "$total_p passed, $total_f failed"
[ "$total_f" = 0 ]
