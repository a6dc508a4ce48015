#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# e820-compare.sh LOG N
# For the bios VM case: every call 1..N of examples/bios must have exited 0
# and printed an E820 map equal to the one Linux logged at boot
# ("BIOS-e820: [mem A-B] NAME"), and its INT 12h answer must equal the end
# of the first usable range (both come from the BIOS's own data).  Both
# maps are normalised the same way before comparing: sorted by start,
# adjacent ranges of one type merged (Linux sanitises its copy like that
# before printing it).  Prints what differs; exit 0 when all match.
set -u
log=$1 n=$2
norm() { # "start end type" lines (hex, inclusive end) -> normalised
	local s e t ps=0 pe=0 pt="" have=0
	while read -r s e t; do
		s=$((s)); e=$((e))
		if [ $have = 1 ] && [ "$t" = "$pt" ] && [ $s = $((pe + 1)) ]; then pe=$e; continue; fi
		[ $have = 1 ] && printf '0x%016x 0x%016x %s\n' "$ps" "$pe" "$pt"
		ps=$s; pe=$e; pt=$t; have=1
	done < <(sort)
	[ $have = 1 ] && printf '0x%016x 0x%016x %s\n' "$ps" "$pe" "$pt"
	return 0
}
# Linux's names for the types it prints (arch/x86/kernel/e820.c): up to
# 6.x "usable", "reserved", "persistent (type N)"; 7.x "System RAM",
# "device reserved", "persistent RAM (type N)", two spaces before the
# name, and "[gap ...]" lines between ranges (not [mem, so not matched)
linux=$(tr -d '\r' < "$log" | sed -n 's/^KJ-DMESG BIOS-e820: \[mem \(0x[0-9a-f]*\)-\(0x[0-9a-f]*\)\]  *\(.*\)$/\1 \2 \3/p' |
	sed -e 's/ usable$/ 1/' -e 's/ System RAM$/ 1/' -e 's/ device reserved$/ 2/' -e 's/ reserved$/ 2/' \
	    -e 's/ ACPI data$/ 3/' -e 's/ ACPI NVS$/ 4/' -e 's/ unusable$/ 5/' \
	    -e 's/ persistent (type \([0-9]*\))$/ \1/' -e 's/ persistent RAM (type \([0-9]*\))$/ \1/' \
	    -e 's/ type \([0-9]*\)$/ \1/' -e 's/ soft reserved$/ 0xefffffff/' | norm)
[ -n "$linux" ] || { echo "  no BIOS-e820 lines from the guest's dmesg"; exit 1; }
bad=0
for i in $(seq 1 "$n"); do
	rc=$(tr -d '\r' < "$log" | sed -n "s/^KJ-RC $i \([0-9]*\)$/\1/p")
	[ "$rc" = 0 ] || { echo "  call $i: kexec -e exit status '${rc}', want 0"; bad=1; }
	mine=$(tr -d '\r' < "$log" | sed -n "s/^KJ-OUT $i: bios: e820 \(0x[0-9a-f]*\)-\(0x[0-9a-f]*\) type \([0-9]*\)$/\1 \2 \3/p" | norm)
	if [ "$mine" != "$linux" ]; then
		echo "  call $i: the BIOS's E820 map differs from Linux's:"
		diff <(echo "$linux") <(echo "$mine") | sed 's/^/    /'
		bad=1
	fi
	kib=$(tr -d '\r' < "$log" | sed -n "s/^KJ-OUT $i: bios: call $i: int 0x12: \([0-9]*\) KiB conventional memory$/\1/p")
	end0=$(echo "$linux" | awk '$1 == "0x0000000000000000" && $3 == 1 { print $2 }')
	if [ -z "$kib" ] || [ -z "$end0" ] || [ $((kib * 1024)) != $((end0 + 1)) ]; then
		echo "  call $i: INT 12h says '${kib}' KiB, the first usable range ends at '${end0}'"
		bad=1
	fi
done
[ $bad = 0 ] && echo "  E820 from the BIOS, $(echo "$linux" | wc -l) ranges, equals Linux's boot map on all $n calls; INT 12h $kib KiB matches it"
exit $bad
