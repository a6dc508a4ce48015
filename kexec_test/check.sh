#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# check.sh - host-side static check of the kexec_test image (both widths).
#
# Builds kexec_test64.bin and kexec_test32.bin in a temporary directory with
# the project's freestanding commands and checks, without running anything
# (the image only works after a kexec jump inside a guest):
#   - it compiles and links without warnings;
#   - no undefined symbols (nm -u empty: no libc, no libgcc helpers such as
#     __udivdi3 on i386);
#   - no SSE/MMX/x87-state instructions (CR4.OSFXSR is clear at entry);
#   - the ELF entry is kj_program == 0x3000000, and the flat binary's first
#     bytes are the entry's code (file offset 0 == entry);
#   - .bss is inside the file: kt_mem and kt_canary lie below the end of
#     the binary, whose size is a whole number of pages.
# Output is TAP.  Exit status is 0 only if every test passes.
#
# Usage: kexec_test/check.sh   (from anywhere; needs gcc with -m32 support,
# ld, nm, objdump, objcopy, od)

set -u

SRC=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$SRC/.." && pwd)
LINK_ADDR=$((0x3000000))
PAGE=4096
FS="-ffreestanding -fno-builtin -nostdlib -fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables -mno-sse -mno-mmx -mno-red-zone -fcf-protection=none -mgeneral-regs-only -O2 -std=c11 -Wall -Wextra -Werror -I$TOP/include"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kexec_test_check.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

. "$SRC/../tests/tap.sh"	# ok(), $n, $failed

TESTS_PER=7		# keep in step with check_one
echo "1..$((2 * TESTS_PER))"

check_one() {	# check_one 64|32
	local w=$1 mflag emul
	if [ "$w" = 64 ]; then mflag=-m64 emul=elf_x86_64
	else mflag=-m32 emul=elf_i386; fi
	local obj=$TMP/kt$w.o elf=$TMP/kt$w.elf bin=$TMP/kexec_test$w.bin
	local log=$TMP/build$w.log

	# 1. build, no warnings
	local rc=0
	{ gcc $mflag $FS -c -o "$obj" "$SRC/kexec_test.c" &&
	  ld -m $emul -nostdlib -static -no-pie --no-warn-rwx-segments \
	     -T "$SRC/kexec_test.lds" -o "$elf" "$obj" &&
	  objcopy -O binary "$elf" "$bin"; } >"$log" 2>&1 || rc=1
	[ -s "$log" ] && rc=1
	ok $rc "$w: builds without warnings" "$(head -5 "$log")"
	if [ $rc != 0 ]; then
		local i
		for i in $(seq 2 $TESTS_PER); do
			ok 1 "$w: (skipped, build failed)"
		done
		return
	fi

	# 2. no undefined symbols (libc/libgcc helpers)
	local undef
	undef=$(nm -u "$elf"; nm -u "$obj")
	[ -z "$undef" ]; ok $? "$w: no undefined symbols" "$undef"

	# 3. no SSE/MMX instructions
	local sse
	sse=$(objdump -d "$elf" | grep -E '%[xy]mm[0-9]|%mm[0-7]|fxsave|fxrstor|xsave|ldmxcsr|stmxcsr|emms')
	[ -z "$sse" ]; ok $? "$w: no SSE/MMX instructions" "$(echo "$sse" | head -3)"

	# 4. ELF entry == kj_program == link address
	local entry sym
	entry=$(objdump -f "$elf" | sed -n 's/^start address 0x\([0-9a-f]*\)$/\1/p')
	sym=$(nm "$elf" | awk '$3 == "kj_program" { print $1 }')
	[ -n "$entry" ] && [ -n "$sym" ] &&
	  [ $((16#$entry)) = $LINK_ADDR ] && [ $((16#$sym)) = $LINK_ADDR ]
	ok $? "$w: entry kj_program at 0x3000000" "entry=$entry kj_program=$sym"

	# 5. the flat binary starts with the entry's code
	local want got
	want=$(objdump -d --start-address=$LINK_ADDR \
		--stop-address=$((LINK_ADDR + 6)) "$elf" |
	       awk -F'\t' '/^ *[0-9a-f]+:\t/ { printf "%s", $2 }' | tr -d ' ')
	got=$(od -An -tx1 -N6 "$bin" | tr -d ' \n')
	[ -n "$want" ] && [ "$want" = "$got" ]
	ok $? "$w: file offset 0 is the entry" "objdump=$want bin=$got"

	# 6. size: whole pages
	local size
	size=$(stat -c %s "$bin")
	[ "$size" -gt 0 ] && [ $((size % PAGE)) = 0 ]
	ok $? "$w: binary is a whole number of pages ($size bytes)"

	# 7. persistent state (.bss) inside the file
	local end_ok=0 s addr sz
	for s in kt_mem kt_canary kt_calls kt_data_word kt_entry_sp; do
		read -r addr sz < <(nm -S "$elf" | awk -v s=$s '$4 == s { print $1, $2 }')
		if [ -z "${addr:-}" ] ||
		   [ $((16#$addr + 16#$sz)) -gt $((LINK_ADDR + size)) ]; then
			end_ok=1
			echo "# $s at ${addr:-?} size ${sz:-?} beyond the file"
		fi
	done
	ok $end_ok "$w: .data/.bss state lies inside the file"
}

check_one 64
check_one 32

[ $failed = 0 ]
