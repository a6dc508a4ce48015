#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-bench.sh - the load/exec benchmark (tests/run.sh bench; tests/bench/README.md).
# In QEMU/TCG guests on the x86_64 6.12 test kernel, side by side:
#   ours   our static x86_64 kexec (_build/static-x86_64)
#   2.0.32 Debian unstable's kexec-tools (upstream 2.0.32)
#   2.0.25 Debian 12's kexec-tools
# (the Debian ones with their own suite's libraries, fetch-kexec-tools.sh).
# One guest (guest-bench.sh kjbench=load) measures, for each initrd size
# and for -c and the default load, the wall time of `kexec -l` (bzImage +
# a random initrd) and of the -u after it, and each tool's peak RSS
# (kjrun.c: wait4's ru_maxrss); our kexec -d breakdown; and the wall time
# of `kexec -e` jump round trips of phy_mode64.elf (ours).  Then one guest
# per sample (KJ_BENCH_EXEC per tool, 64 MiB initrd, each tool's default
# load) times kexec -e to the second kernel from the host: the serial
# lines are stamped as they arrive (run-qemu.sh KJ_VM_STAMP), from the
# guest's "KJ-BENCH-EXEC" line, printed right before kexec -e, to the
# second kernel's first line (its decompressor's earlyprintk line) and
# to its "Linux version" banner.  Figures are medians.  Prints a
# markdown table and keeps it in tests/bench/results/DATE-COMMIT.md.
#   KJ_BENCH_RUNS  load runs per tool, size and mode (default 5)
#   KJ_BENCH_SIZES initrd sizes in MiB (default 16,64,256)
#   KJ_BENCH_EXEC  kexec -e samples per tool (default 3; one boot each)
#   KJ_BENCH_TRIPS jump round trips (default 20)
#   KJ_BENCH_MEM   guest RAM in MiB (default 2048)
#   KJ_SHA_BENCH   a static x86_64 program printing SHA-256 MB/s per
#                  implementation, run in the load guest (default: the
#                  static build's build/tests/sha256-bench)
#   KJ_VM_SMP      guest CPUs (default 2: the tool hashes a big initrd on
#                  several threads)
#   KJ_BENCH_NOSAVE=1  do not write tests/bench/results/
#   KJ_BENCH_QEMU  "fetch": run the guests on the newer QEMU of
#                  fetch-qemu.sh (Debian 12 backports' QEMU 10, whose TCG
#                  emulates SHA-NI) with KJ_VM_CPU (default there: max,
#                  which has sha_ni); default: the machine's QEMU with
#                  -cpu qemu64 (no SHA-NI)
#   KJ_BENCH_EXECS the kexec -e variants, TOOL:LETTERS (guest-bench.sh)
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
vm=$top/tests/vm
work=${KJ_WORK:-$top/_build}/bench
runs=${KJ_BENCH_RUNS:-5} sizes=${KJ_BENCH_SIZES:-16,64,256} nexec=${KJ_BENCH_EXEC:-3}
trips=${KJ_BENCH_TRIPS:-20} mem=${KJ_BENCH_MEM:-2048}
die() { echo "bench: $*"; echo "0 passed, 1 failed"; exit 1; }
mkdir -p "$work"

echo "bench: building the static x86_64 kexec"
KJ_MAKE_TARGETS=all bash "$top/tests/build-in.sh" "$top/_build/static-x86_64" LDFLAGS=-static \
	>"$work/build.log" 2>&1 || { tail -20 "$work/build.log"; die "static build failed"; }
ours=$top/_build/static-x86_64/build/sbin/kexec
make -s -C "$top/_build/static-x86_64" build/tests/sha256-bench >>"$work/build.log" 2>&1 || die "sha256-bench build failed"
: "${KJ_SHA_BENCH:=$top/_build/static-x86_64/build/tests/sha256-bench}"
export KJ_VM_SMP=${KJ_VM_SMP:-2}
if [ "${KJ_BENCH_QEMU:-}" = fetch ]; then
	KJ_VM_QEMU=$(bash "$here/fetch-qemu.sh" 2>"$work/fetchqemu.log") || { cat "$work/fetchqemu.log"; die "no QEMU from fetch-qemu.sh"; }
	export KJ_VM_QEMU KJ_VM_CPU=${KJ_VM_CPU:-max}
fi
qemu_ver=$("${KJ_VM_QEMU:+$KJ_VM_QEMU/}qemu-system-x86_64" --version | head -1)
examples=$top/_build/static-x86_64/build/examples
k=$("$vm/build-kernel.sh" 6.12 x86_64) || die "no 6.12 x86_64 kernel"
kt25=$(bash "$here/fetch-kexec-tools.sh" bookworm 2>"$work/fetch25.log") || { cat "$work/fetch25.log"; die "kexec-tools 2.0.25"; }
kt32=$(bash "$here/fetch-kexec-tools.sh" sid 2>"$work/fetch32.log") || { cat "$work/fetch32.log"; die "kexec-tools 2.0.32"; }
gcc -static -O2 -o "$work/kjrun" "$here/kjrun.c" || die "kjrun"
gcc -O2 -o "$work/serial-stamp" "$vm/serial-stamp.c" || die "serial-stamp"

root=$work/root
rm -rf "$root" && mkdir -p "$root/bin" "$root/boot" "$root/tests"
cp "$work/kjrun" "$root/bin/kjrun"
cp -a "$kt25" "$root/kt25" && cp -a "$kt32" "$root/kt32"
cp "$k" "$root/boot/bzImage"
cp "$here/guest-bench.sh" "$root/tests/bench.sh"
if [ -n "${KJ_SHA_BENCH:-}" ]; then cp "$KJ_SHA_BENCH" "$root/bin/sha-bench" || die "KJ_SHA_BENCH"; fi
KJ_EXTRA_ROOTS=$root "$vm/mkinitramfs.sh" "$work/initrd.cpio.gz" x86_64 "$ours" "$examples" || die "initramfs"

base="console=ttyS0,115200 no_console_suspend panic=-1 kjtest=bench"
echo "bench: load guest ($runs runs x sizes $sizes x 2 modes x 3 tools) $(date +%T)"
t0=$(date +%s)
KJ_VM_MEM=$mem "$vm/run-qemu.sh" x86_64 "$k" "$work/initrd.cpio.gz" \
	"$base kjbench=load kjruns=$runs kjsizes=$sizes kjtrips=$trips" "$work/load.log" 14400
lrc=$?
tr -d '\r' < "$work/load.log" > "$work/load.txt"
echo "bench: load guest done in $(( $(date +%s) - t0 )) s (qemu status $lrc)"

: > "$work/exec.txt"
# the loads before -e: every tool with -c (kexec_load, its own
# purgatory), and ours by default (kexec_file_load where it can)
# the breakdown of -e: with s (--console-serial) the purgatory's own
# lines are stamped too; with i (--no-checks) nothing is checked, which
# leaves what the kernels take (the floor)
execs=${KJ_BENCH_EXECS:-ours:c ours:default kt32:c kt25:c ours:cs kt32:cs ours:ci kt32:ci}
for i in $(seq 1 "$nexec"); do
	for tc in $execs; do
		t=${tc%:*}; fl=${tc#*:}; t=$t-$fl
		echo "bench: kexec -e sample $i of $t $(date +%T)"
		s=$work/exec-$t-$i.stamps
		KJ_VM_MEM=$mem KJ_VM_STAMP=$s KJ_VM_STAMPER=$work/serial-stamp "$vm/run-qemu.sh" x86_64 "$k" \
			"$work/initrd.cpio.gz" "$base kjbench=exec kjtool=${tc%:*} kjflag=$fl" "$work/exec-$t-$i.log" 900 \
			'Command line: .*kjbench2=1'
		erc=$?
		# the marker line, the second kernel's first line and its banner;
		# on the way (ms from the marker, "-" when not printed): the old
		# kernel's "Starting new kernel" (after its shutdown), the
		# purgatory's first line (after the kernel's relocation copy),
		# ours' "sha256 ok" (after the check) and "booting Linux"
		awk -v t="$t" -v i="$i" -v rc="$erc" '
			function ms(x) { return x ? sprintf("%.1f", (x - m) * 1000) : "-" }
			/ KJ-BENCH-EXEC / { m = $1; next }
			/ KJ-B-EXECLOAD / { sub(/.*KJ-B-EXECLOAD /, ""); load = $0 }
			m && !k && /kexec_core: Starting new kernel/ { k = $1 }
			m && !p && /kexec-jump purgatory: |I.m in purgatory/ { p = $1 }
			m && !c && /kexec-jump purgatory: sha256 ok/ { c = $1 }
			m && !g && /kexec-jump purgatory: booting Linux/ { g = $1 }
			m && !f && /early console in|Decompressing Linux|Linux version/ { f = $1; fl = $0; sub(/^[0-9.]+ /, "", fl) }
			m && !b && /Linux version/ { b = $1 }
			END {
				if (m && f && b) printf "KJ-X tool=%s sample=%d first_ms=%.1f banner_ms=%.1f kern_ms=%s purg_ms=%s chk_ms=%s boot_ms=%s first=[%s] load=[%s]\n", t, i, (f - m) * 1000, (b - m) * 1000, ms(k), ms(p), ms(c), ms(g), substr(fl, 1, 40), load
				else printf "KJ-X tool=%s sample=%d FAILED qemu=%s marker=%s first=%s banner=%s\n", t, i, rc, m ? "yes" : "no", f ? "yes" : "no", b ? "yes" : "no"
			}' "$s" | tee -a "$work/exec.txt"
	done
done

# ---- the report
commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$top" status --porcelain -- kexec purgatory include 2>/dev/null)" ] || commit="$commit-dirty"
report=$work/report.md
{
	echo "<!-- SPDX-License-Identifier: GPL-2.0-or-later -->"
	echo "# kexec benchmark $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit"
	echo
	echo "QEMU/TCG x86_64 guest ($qemu_ver, -cpu ${KJ_VM_CPU:-qemu64}, ${mem} MiB, ${KJ_VM_SMP} CPUs) on Linux 6.12 (tests/vm/build-kernel.sh 6.12 x86_64, bzImage $(stat -c %s "$k") bytes); host $(uname -m), $(nproc) CPUs."
	grep -h '^KJ-B-GUEST\|^KJ-B-TOOLS\|^KJ-B-INITRDS' "$work/load.txt" | sed 's/^KJ-B-/- /'
	echo "- ours: $ours (static); 2.0.32: $(head -1 "$kt32/VERSION"), 2.0.25: $(head -1 "$kt25/VERSION") (with their suites' libc and libraries)"
	echo "- medians of $runs runs (loads, -u, peak RSS); TCG: absolute times are far above real hardware, ratios are the point"
	echo
	awk -v sizes="$sizes" '
		function med(key,   n, i, j, a, t) {
			n = split(v[key], a, " ")
			if (!n) return ""
			for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		function ratio(x, y) { return (x == "" || y == "" || y == 0) ? "-" : sprintf("%.2f", x / y) }
		function field(name,   i) { for (i = 1; i <= NF; i++) if (index($i, name "=") == 1) return substr($i, length(name) + 2); return "" }
		/^KJ-B-(LOAD|UNLOAD) / {
			what = $1 == "KJ-B-LOAD" ? "load" : "unload"
			key = field("tool") SUBSEP field("size") SUBSEP field("mode")
			if (field("rc") != "0") { bad[what SUBSEP key]++; next }
			v[what SUBSEP key] = v[what SUBSEP key] " " field("wall_us") / 1000
			if (what == "load") v["rss" SUBSEP key] = v["rss" SUBSEP key] " " field("maxrss_kib")
		}
		/^KJ-B-TRIP / { v["trip"] = v["trip"] " " field("wall_us") / 1000; ntrip++ }
		END {
			ns = split(sizes, S, ",")
			for (w = 1; w <= 3; w++) {
				what = w == 1 ? "load" : w == 2 ? "unload" : "rss"
				if (w == 1) print "## kexec -l: bzImage + random initrd (ms, median)"
				if (w == 2) print "## kexec -u after it (ms, median)"
				if (w == 3) print "## peak memory of the tool during kexec -l (ru_maxrss, KiB, median)"
				print ""
				print "| initrd | mode | ours | 2.0.32 | 2.0.25 | ours/2.0.32 | ours/2.0.25 |"
				print "|---|---|---:|---:|---:|---:|---:|"
				for (i = 1; i <= ns; i++) for (m = 1; m <= 2; m++) {
					mode = m == 1 ? "c" : "default"
					o = med(what SUBSEP "ours" SUBSEP S[i] SUBSEP mode)
					x32 = med(what SUBSEP "kt32" SUBSEP S[i] SUBSEP mode)
					x25 = med(what SUBSEP "kt25" SUBSEP S[i] SUBSEP mode)
					fl = ""
					for (t in bad) { split(t, q, SUBSEP); if (q[2] != "" && q[3] == S[i] && q[4] == mode && (q[1] == what || (what == "rss" && q[1] == "load"))) fl = fl " " q[2] " failed " bad[t] "x" }
					printf "| %s MiB | %s | %s | %s | %s | %s | %s |%s\n", S[i], mode == "c" ? "-c" : "default", o, x32, x25, ratio(o, x32), ratio(o, x25), fl
				}
				print ""
			}
			if (ntrip) {
				n = split(v["trip"], tr, " "); lo = tr[1]; hi = tr[1]
				for (i = 1; i <= n; i++) { if (tr[i] + 0 < lo + 0) lo = tr[i]; if (tr[i] + 0 > hi + 0) hi = tr[i] }
				printf "## jump round trip (ours, phy_mode64.elf --load-preserve-context --args-none; wall time of kexec -e)\n\n%d calls: median %.1f ms, min %.1f ms, max %.1f ms\n\n", ntrip, med("trip"), lo, hi
			}
		}' "$work/load.txt"
	echo "## kexec -e to the second kernel (bzImage + 64 MiB initrd loaded with -c, or ours by default; ms from the KJ-BENCH-EXEC line to the second kernel's first serial line and to its "Linux version" banner (equal when the decompressor prints nothing: earlyprintk=serial is on its command line, but a 64-bit entry skips the setup code that would print first), host clock, median of $nexec boots)"
	echo
	echo "| tool | to its first line | to \"Linux version\" | samples |"
	echo "|---|---:|---:|---|"
	for t in ours-c ours-default kt32-c kt25-c; do
		awk -v t="$t" '
			function med(s,   n, i, j, a, x) { n = split(s, a, " "); for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { x = a[j]; a[j] = a[j-1]; a[j-1] = x }; return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
			$2 == "tool=" t && $4 ~ /^first_ms=/ { f = f " " substr($4, 10); b = b " " substr($5, 11); all = all " " substr($4, 10) "/" substr($5, 11); n++ }
			$2 == "tool=" t && $4 == "FAILED" { failed++ }
			END { name = t; sub(/^kt32/, "2.0.32", name); sub(/^kt25/, "2.0.25", name); sub(/-c$/, " -c", name); sub(/-default$/, " default", name)
			      if (n) printf "| %s | %.1f | %.1f | %s%s |\n", name, med(f), med(b), all, failed ? " (" failed " failed)" : ""
			      else printf "| %s | - | - | all %d failed |\n", name, failed }' "$work/exec.txt"
	done
	echo
	awk '
		function med(s,   n, i, j, a, x) { n = split(s, a, " "); for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { x = a[j]; a[j] = a[j-1]; a[j-1] = x }; return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
		$4 ~ /^first_ms=/ { f[$2] = f[$2] " " substr($4, 10); b[$2] = b[$2] " " substr($5, 11) }
		END { no = split("tool=ours-c tool=ours-default tool=ours-ci tool=kt32-ci", O, " ")
		      for (i = 1; i <= no; i++) { o = O[i]
			for (j = 1; j <= 2; j++) { x = j == 1 ? "tool=kt32-c" : "tool=kt25-c"
			      if (f[o] != "" && f[x] != "") printf "ratio %s / %s: first line %.2f, banner %.2f\n", substr(o, 6), substr(x, 6), med(f[o]) / med(f[x]), med(b[o]) / med(b[x]) } } }' "$work/exec.txt"
	echo
	echo "### where the time of kexec -e goes"
	echo
	echo "Medians, ms from KJ-BENCH-EXEC: the old kernel's \"Starting new kernel\" (its shutdown), the purgatory's first line (then the kernel's relocation copy is done), ours' \"sha256 ok\" (the check done), the second kernel's first line. -cs: --console-serial (the purgatory prints; 2.0.32's prints only \"I'm in purgatory\", before its check); -ci: --no-checks (-i), no check: what is left is the kernels' own work, the floor for any tool."
	echo
	echo "| load | shutdown done | purgatory entered | check done | first line | check (ms) | after the purgatory's entry (ms) |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	awk '
		function med(s,   n, i, j, a, x) { n = split(s, a, " "); if (!n) return "-"; for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { x = a[j]; a[j] = a[j-1]; a[j-1] = x }; return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
		function field(name,   i) { for (i = 1; i <= NF; i++) if (index($i, name "=") == 1) return substr($i, length(name) + 2); return "" }
		$4 ~ /^first_ms=/ { t = field("tool"); if (!(t in seen)) { seen[t] = 1; order[++nt] = t }
			f[t] = f[t] " " field("first_ms")
			x = field("kern_ms"); if (x != "-") k[t] = k[t] " " x
			x = field("purg_ms"); if (x != "-") { p[t] = p[t] " " x; e[t] = e[t] " " (field("first_ms") - x) }
			x = field("chk_ms"); if (x != "-") { c[t] = c[t] " " x; d[t] = d[t] " " (x - field("purg_ms")) } }
		END { for (i = 1; i <= nt; i++) { t = order[i]; name = t; sub(/^kt32/, "2.0.32", name); sub(/^kt25/, "2.0.25", name); sub(/-/, " -", name); sub(/ -default$/, " default", name)
			printf "| %s | %s | %s | %s | %s | %s | %s |\n", name, med(k[t]), med(p[t]), med(c[t]), med(f[t]), med(d[t]), med(e[t]) } }' "$work/exec.txt"
	echo
	echo "The samples (and the kjrun line of each exec guest's load):"
	echo
	grep -h '^KJ-X' "$work/exec.txt" | awk '{ print "    " $0 }' 
	echo
	echo "## our breakdown (kexec -d, one run each)"
	echo
	sed -n 's/^KJ-B-TIMING /    /p' "$work/load.txt"
	echo
	echo "## SHA-256 throughput in the guest"
	echo
	if grep -q '^KJ-B-SHA none' "$work/load.txt"; then
		echo "not run: no SHA-256 throughput program on this branch (set KJ_SHA_BENCH to a static x86_64 program that prints MB/s per implementation)"
	else
		sed -n 's/^KJ-B-SHA /    /p' "$work/load.txt"
	fi
	echo
	echo "## guest checks"
	echo
	echo "(KJ-B-REFFAIL: a reference tool's load failed, KJ-B-DIAG: the last lines of the same load with -d; these do not fail the run)"
	echo
	grep -E '^KJ-CHECK FAIL|^KJ-SUMMARY|^KJ-B-DIAG|^KJ-B-REFFAIL' "$work/load.txt" | sort | uniq -c | sed 's/^ */    /'
} > "$report"
cat "$report"
if [ "${KJ_BENCH_NOSAVE:-}" != 1 ]; then
	mkdir -p "$here/results"
	name=$(date -u +%Y%m%d-%H%M)-$commit
	[ -z "${KJ_VM_QEMU:-}" ] || name="$name-qemu$(echo "$qemu_ver" | sed -n 's/.*version \([0-9.]*\).*/\1/p')-${KJ_VM_CPU:-qemu64}"
	cp "$report" "$here/results/$name.md"
	echo "bench: kept as tests/bench/results/$name.md"
fi
f=0
[ $lrc = 0 ] && grep -q '^KJ-SUMMARY fails=0$' "$work/load.txt" || { echo "bench: the load guest failed (qemu status $lrc; see $work/load.txt)"; f=1; }
grep -q FAILED "$work/exec.txt" && { echo "bench: a kexec -e sample failed (see $work/exec-*.log)"; f=1; }
echo "$((1 - f)) passed, $f failed"
exit $f
