#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# check.sh - host-side static check of the phy_mode example programs.
#
# Builds phy_mode64.elf and phy_mode32.elf in a temporary directory with the
# project's freestanding commands, then uses readelf (and objdump) to check
# that they are what "kexec --load-preserve-context --args-none" needs:
# ET_EXEC of the right class and machine; entry at the link address inside
# an executable PT_LOAD; page-aligned PT_LOAD segments with p_paddr ==
# p_vaddr; every allocated section, .bss included, inside a PT_LOAD; at most
# 3 pages in all; the message string in the text segment; and no SSE or
# segment/descriptor-table loads in the code (doc/abi.md 3.3, 8.2).
#
# Nothing is run.  The programs only work after a kexec jump inside a guest.
# Output is TAP.  Exit status is 0 only if every test passes.
#
# Usage: examples/phy_mode/check.sh   (from anywhere; needs gcc with -m32
# support, ld, readelf, objdump)

set -u

SRC=$(cd "$(dirname "$0")" && pwd)
LINK_ADDR=$((0x1000000))
PAGE=4096
MAX_PAGES=3

TMP=$(mktemp -d "${TMPDIR:-/tmp}/phy_mode_check.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

. "$SRC/../../tests/tap.sh"	# ok(), $n, $failed

# Tests per width; keep in step with check_one.
TESTS_PER=12
echo "1..$((2 * TESTS_PER))"

check_one() {	# check_one 64|32
	local w=$1 mflag emul class machine
	if [ "$w" = 64 ]; then
		mflag=-m64 emul=elf_x86_64 class=ELF64
		machine='Advanced Micro Devices X86-64'
	else
		mflag=-m32 emul=elf_i386 class=ELF32
		machine='Intel 80386'
	fi
	local name=phy_mode$w
	local obj=$TMP/$name.o elf=$TMP/$name.elf log=$TMP/$name.log

	# 1. Build with exactly the project's commands; no user CFLAGS.
	local rc=0
	{
		gcc $mflag -c -nostdlib -ffreestanding -fno-pic -fno-pie \
			-o "$obj" "$SRC/$name.S" &&
		ld -m $emul -nostdlib -static -no-pie -T "$SRC/phy_mode.lds" \
			-o "$elf" "$obj"
	} >"$log" 2>&1 || rc=1
	# A warning (RWX segment, executable stack, ...) counts as a failure.
	[ $rc = 0 ] && [ -s "$log" ] && rc=1
	ok $rc "$name: builds without warnings" "$(cat "$log")"
	if [ ! -f "$elf" ]; then
		local i
		for ((i = 2; i <= TESTS_PER; i++)); do
			ok 1 "$name: (not built)"
		done
		return
	fi

	local hdr
	hdr=$(readelf -hW "$elf")
	field() { sed -n "s/^ *$1: *//p" <<<"$hdr"; }

	# 2-4. ELF identity.
	[ "$(field Class)" = "$class" ]
	ok $? "$name: class $class" "got '$(field Class)'"
	[ "$(field Machine)" = "$machine" ]
	ok $? "$name: machine $machine" "got '$(field Machine)'"
	[[ "$(field Type)" == EXEC* ]]
	ok $? "$name: type ET_EXEC" "got '$(field Type)'"

	# 5. Entry at the link address.
	local entry
	entry=$(field 'Entry point address')
	[ $((entry)) = $LINK_ADDR ]
	ok $? "$name: entry == $(printf '%#x' $LINK_ADDR)" "got '$entry'"

	# Program headers as "type offset vaddr paddr filesz memsz flags".
	local phdrs
	phdrs=$(readelf -lW "$elf" | awk '
		/^  [A-Z_]+ +0x/ {
			f = ""
			for (i = 7; i < NF; i++) f = f $i
			print $1, $2, $3, $4, $5, $6, f
		}')
	local loads
	loads=$(awk '$1 == "LOAD"' <<<"$phdrs")

	# 6. Entry inside the file bytes of an executable PT_LOAD.
	local t off va pa fsz msz fl rc6=1
	while read -r t off va pa fsz msz fl; do
		[ -n "$t" ] || continue
		if [[ $fl == *E* ]] && ((entry >= va && entry < va + fsz)); then
			rc6=0
		fi
	done <<<"$loads"
	ok $rc6 "$name: entry inside an executable PT_LOAD" "$loads"

	# 7. Every PT_LOAD: p_paddr page aligned and == p_vaddr (VA == PA),
	#    filesz <= memsz; at least one PT_LOAD.
	local rc7=0 diag7=()
	[ -n "$loads" ] || { rc7=1; diag7+=("no PT_LOAD"); }
	while read -r t off va pa fsz msz fl; do
		[ -n "$t" ] || continue
		if ((pa % PAGE != 0 || pa != va || fsz > msz)); then
			rc7=1
			diag7+=("bad PT_LOAD: paddr $pa vaddr $va filesz $fsz memsz $msz")
		fi
	done <<<"$loads"
	ok $rc7 "$name: PT_LOADs page aligned, p_paddr == p_vaddr" "${diag7[@]}"

	# 8. No PT_INTERP / PT_DYNAMIC: kexec rejects PT_INTERP (doc/abi.md 7.1).
	! grep -qE '^(INTERP|DYNAMIC) ' <<<"$phdrs"
	ok $? "$name: no PT_INTERP or PT_DYNAMIC" "$phdrs"

	# 9. Every SHF_ALLOC section (.bss too) lies inside a PT_LOAD's memsz,
	#    so the kernel loads or zero-fills it.
	local secs rc9=0 diag9=()
	secs=$(readelf -SW "$elf" | sed -n 's/^ *\[ *[0-9]*\] //p' |
		awk 'NF == 10 && $7 ~ /A/ { print $1, $3, $5 }')
	local sname saddr ssize covered
	while read -r sname saddr ssize; do
		[ -n "$sname" ] || continue
		covered=1
		while read -r t off va pa fsz msz fl; do
			[ -n "$t" ] || continue
			if ((0x$saddr >= va && 0x$saddr + 0x$ssize <= va + msz)); then
				covered=0
			fi
		done <<<"$loads"
		if [ $covered != 0 ]; then
			rc9=1
			diag9+=("$sname at 0x$saddr size 0x$ssize not in a PT_LOAD")
		fi
	done <<<"$secs"
	[ -n "$secs" ] || { rc9=1; diag9+=("no allocated sections"); }
	ok $rc9 "$name: all allocated sections inside PT_LOAD memsz" "${diag9[@]}"

	# 10. Small: the whole image spans at most MAX_PAGES pages.
	local lo=-1 hi=0 end
	while read -r t off va pa fsz msz fl; do
		[ -n "$t" ] || continue
		((lo < 0 || pa < lo)) && lo=$((pa))
		end=$(((pa + msz + PAGE - 1) / PAGE * PAGE))
		((end > hi)) && hi=$end
	done <<<"$loads"
	(((hi - lo) / PAGE <= MAX_PAGES && lo >= 0))
	ok $? "$name: at most $MAX_PAGES pages" "span $(((hi - lo) / PAGE)) pages"

	# 11. The message is in the loaded bytes of the executable segment.
	local msg="$name: call " rc11=1 seg=$TMP/$name.seg
	while read -r t off va pa fsz msz fl; do
		[ -n "$t" ] || continue
		[[ $fl == *E* ]] || continue
		tail -c +$((off + 1)) "$elf" | head -c $((fsz)) >"$seg"
		grep -qaF "$msg" "$seg" && rc11=0
	done <<<"$loads"
	ok $rc11 "$name: text contains \"$msg\""

	# 12. Code safe for the entry state: no SSE/AVX (CR4.OSFXSR is off on
	#     x86_64, 3.3) and no segment register, GDT/IDT, CR or MSR loads
	#     (GDTR/IDTR may have limit 0, 3.2/3.3, 8.2).
	local bad
	bad=$(objdump -d --no-show-raw-insn "$elf" |
		grep -E '%[xyz]mm|%mm[0-7]|mov[a-z]* +[^,]+,%[cdefgs]s$|\b(lgdt|lidt|lldt|ltr|ljmp|lcall|lret|iret[dq]?|mov[a-z]* +[^,]+,%cr[0-9]|wrmsr|pop[a-z]* +%[cdefgs]s)\b')
	[ -z "$bad" ]
	ok $? "$name: no SSE, segment, descriptor-table or CR/MSR writes" "$bad"
}

check_one 64
check_one 32

if [ $failed != 0 ]; then
	echo "# $failed of $n tests failed"
	exit 1
fi
exit 0
