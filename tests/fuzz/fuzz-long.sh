# SPDX-License-Identifier: GPL-2.0-or-later
# fuzz-long.sh - long libFuzzer runs of every harness, and corpus
# minimisation (`make fuzz-long`, `make fuzz-minimize`; tests/fuzz/README.md).
#
#   bash tests/fuzz/fuzz-long.sh run BINDIR SRCDIR WORKDIR [NAME...]
#   bash tests/fuzz/fuzz-long.sh minimize BINDIR SRCDIR WORKDIR [NAME...]
#
# run: for each harness BINDIR/fuzz-NAME (all, or the NAMEs given), start
#   from SRCDIR/tests/fuzz/corpus/NAME plus what an earlier run left in
#   WORKDIR/corpus/NAME, fuzz for FUZZ_SECONDS (default 3600) or, when
#   FUZZ_RUNS is set, that many executions (both set: whichever comes
#   first); new inputs go to
#   WORKDIR/corpus/NAME, crashes/leaks/timeouts to WORKDIR/artifacts/NAME-*,
#   the log to WORKDIR/NAME.log.  FUZZ_JOBS harnesses run at once
#   (default 1), each niced.  A table line per harness: executions, exec/s,
#   cov, ft, corpus files, crashes; exit 1 if any harness found one.
# minimize: merge SRCDIR/tests/fuzz/corpus/NAME and WORKDIR/corpus/NAME
#   with -merge=1 into a fresh directory that replaces the committed one
#   (seeds with names of their own stay whole; of the SHA-1-named finds,
#   only inputs adding coverage stay; with FUZZ_MAX_LEN set, inputs are
#   cut to that many bytes, which keeps the committed corpus small).
set -u
mode=${1:?run or minimize}; bindir=${2:?}; src=${3:?}; work=${4:?}
shift 4
secs=${FUZZ_SECONDS:-}
runs=${FUZZ_RUNS:-}
[ -n "$secs" ] || [ -n "$runs" ] || secs=3600
jobs=${FUZZ_JOBS:-1}
timeout=${FUZZ_TIMEOUT:-25}

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for h in "$bindir"/fuzz-*; do
		[ -x "$h" ] && names+=("$(basename "$h" | sed 's/^fuzz-//')")
	done
fi
[ ${#names[@]} -gt 0 ] || { echo "no harnesses in $bindir (make fuzz first)" >&2; exit 2; }
mkdir -p "$work/corpus" "$work/artifacts" || exit 2

# the last libFuzzer status line's "KEY: value"
stat() { # log key
	grep -E '^#[0-9]+' "$1" | tail -1 | sed -n "s/.* $2: \([0-9]*\).*/\1/p"
}

bytes() { find "$1" -type f -exec cat {} + | wc -c; }

one_run() { # name
	local n=$1 h="$bindir/fuzz-$1" c="$work/corpus/$1" log="$work/$1.log"
	local lim t0 t1 rc execs cov ft crashes files
	mkdir -p "$c"
	lim=()
	[ -z "$runs" ] || lim+=(-runs="$runs")
	[ -z "$secs" ] || lim+=(-max_total_time="$secs")
	t0=$(date +%s)
	nice -n 10 "$h" "${lim[@]}" -timeout="$timeout" -print_final_stats=1 \
		-artifact_prefix="$work/artifacts/$n-" "$c" "$src/tests/fuzz/corpus/$n" \
		>"$log" 2>&1
	rc=$?
	t1=$(date +%s)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	[ -n "$execs" ] || execs=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed 's/^#\([0-9]*\).*/\1/')
	cov=$(stat "$log" cov); ft=$(stat "$log" ft)
	files=$(find "$c" -type f | wc -l)
	crashes=$(find "$work/artifacts" -name "$n-*" -newer "$log.start" 2>/dev/null | wc -l)
	printf '%-11s %6s s %12s execs %8s exec/s  cov %5s  ft %6s  corpus %5s  crashes %s%s\n' \
		"$n" "$((t1 - t0))" "${execs:-?}" "$(( ${execs:-0} / (t1 - t0 > 0 ? t1 - t0 : 1) ))" \
		"${cov:-?}" "${ft:-?}" "$files" "$crashes" \
		"$([ "$rc" = 0 ] || echo " (exit $rc; see $log)")"
	[ "$rc" = 0 ] && [ "$crashes" = 0 ]
}

case $mode in
run)
	echo "harness       time      executions     exec/s  coverage      features  corpus(new dir) crashes"
	fail=0; running=0
	for n in "${names[@]}"; do
		touch "$work/$n.log.start"
		one_run "$n" &
		running=$((running + 1))
		if [ "$running" -ge "$jobs" ]; then
			wait -n || fail=1
			running=$((running - 1))
		fi
	done
	while [ "$running" -gt 0 ]; do
		wait -n || fail=1
		running=$((running - 1))
	done
	exit $fail ;;
minimize)
	for n in "${names[@]}"; do
		dst="$src/tests/fuzz/corpus/$n" new="$work/min-$n"
		rm -rf "$new" "$new.finds"; mkdir -p "$new" "$new.finds" "$work/corpus/$n" "$dst"
		# named seeds (from the generators; a unit test may use them)
		# stay whole; libFuzzer's finds (SHA-1 names) are merged
		for f in "$dst"/*; do
			[ -f "$f" ] || continue
			case ${f##*/} in
			????????????????????????????????????????) cp "$f" "$new.finds/" ;;
			*) cp "$f" "$new/" ;;
			esac
		done
		if ! nice -n 10 "$bindir/fuzz-$n" -merge=1 -timeout="$timeout" \
			${FUZZ_MAX_LEN:+-max_len="$FUZZ_MAX_LEN"} "$new" "$new.finds" \
			"$work/corpus/$n" >"$work/$n.merge.log" 2>&1; then
			echo "$n: merge failed, corpus unchanged; see $work/$n.merge.log"; continue
		fi
		b0=$(bytes "$dst"); f0=$(find "$dst" -type f | wc -l)
		rm -rf "$dst" "$new.finds" && mv "$new" "$dst"
		echo "$n: $f0 files, $b0 bytes -> $(find "$dst" -type f | wc -l) files, $(bytes "$dst") bytes"
	done ;;
*) echo "usage: fuzz-long.sh run|minimize BINDIR SRCDIR WORKDIR [NAME...]" >&2; exit 2 ;;
esac
