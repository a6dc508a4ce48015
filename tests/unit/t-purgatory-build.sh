#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-purgatory-build.sh KEXEC SRCDIR - static checks of the two built
# purgatories and of their copies embedded in kexec.
#
# The build directory is derived from KEXEC (<build>/sbin/kexec); the
# objects are <build>/purgatory/purgatory-{x86_64,i386}.ro.  For each:
#   - ELF class and machine, ET_REL;
#   - only the relocation types kexec/elf-rel.c applies;
#   - purgatory_start: global function in .text; kj_params_pa: global,
#     8 bytes, in .data, initially 0; kj_stack_top 16-byte aligned;
#   - no undefined symbols, and a full static link at a dummy address works;
#   - sections only .text .rodata .data .bss (+ symtab/strtab/rel*);
#   - no SSE/MMX/x87 instruction (CR4.OSFXSR is clear at entry), except
#     SSE in sha256_blocks_shani and FXSAVE/FXRSTOR in kj_simd_begin/end
#     (purgatory/simd.c enables SSE around the SHA-NI hashing);
#   - the bytes embedded in KEXEC (between kj_purgatory_<w> and
#     kj_purgatory_<w>_end) are exactly the .ro file.
# Every check is a function of a file, and is also run on a broken copy
# (objcopy-edited, or a small object made for the purpose) that it must
# reject, so a check that cannot fail is itself a failure.  The build's own
# gate, purgatory/check-ro.sh, gets the same broken inputs.
# Output is TAP.
set -u
kexec=${1:?kexec binary}; src=${2:?srcdir}
b=$(cd "$(dirname "$kexec")/.." && pwd)
CC=${KJ_FREESTANDING_CC:-gcc}
export LC_ALL=C

n=0; failed=0
t() {	# t STATUS DESCRIPTION [DIAG-FILE]
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
		[ -n "${3:-}" ] && [ -s "$3" ] && sed 's/^/#   /' "$3" | head -20
	fi
}
# neg STATUS DESCRIPTION: a check run on a broken input must fail.
neg() { t "$([ "$1" != 0 ]; echo $?)" "control: $2"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kj-purg-build.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
log=$tmp/log

# ---- the checks (0 = property holds; reasons go to $log) ----

# check_hdr FILE WIDTH
check_hdr() {
	local h cls mach
	h=$(readelf -hW "$1" 2>&1) || { echo "$h" >"$log"; return 1; }
	cls=$(sed -n 's/^ *Class: *//p' <<<"$h")
	mach=$(sed -n 's/^ *Machine: *//p' <<<"$h")
	printf 'class %s, machine %s, %s\n' "$cls" "$mach" \
		"$(sed -n 's/^ *Type: *//p' <<<"$h")" >"$log"
	case $2 in
	x86_64) [ "$cls" = ELF64 ] && [ "$mach" = "Advanced Micro Devices X86-64" ];;
	i386)   [ "$cls" = ELF32 ] && [ "$mach" = "Intel 80386" ];;
	esac || return 1
	grep -q '^ *Type: *REL ' <<<"$h"
}

# check_relocs FILE WIDTH: every type in the allowed list (and some exist).
check_relocs() {
	local allowed ty bad=0
	case $2 in
	x86_64) allowed=" R_X86_64_64 R_X86_64_32 R_X86_64_32S R_X86_64_PC32 R_X86_64_PLT32 ";;
	i386)   allowed=" R_386_32 R_386_PC32 ";;
	esac
	readelf -rW "$1" | awk '$3 ~ /^R_/ { print $3 }' | sort | uniq -c >"$tmp/types"
	[ -s "$tmp/types" ] || { echo "no relocations at all" >"$log"; return 1; }
	: >"$log"
	while read -r _ ty; do
		case $allowed in *" $ty "*) ;; *) echo "not allowed: $ty" >>"$log"; bad=1;; esac
	done <"$tmp/types"
	return $bad
}

# secs FILE: "name type addr off size" per section (readelf -S, index
# column dropped; the null section has no name and is left out).
secs() {
	readelf -SW "$1" | sed -n 's/^ *\[ *[0-9]*\] *//p' |
		awk '$1 != "NULL" && $1 != "Name" { print $1, $2, $3, $4, $5 }'
}

# sym FILE NAME: "value size type bind ndx-name" of a defined symbol.
sym() {
	local line ndx
	line=$(readelf -sW "$1" | awk -v n="$2" '$8 == n && $7 != "UND"')
	[ -n "$line" ] && [ "$(wc -l <<<"$line")" = 1 ] || return 1
	set -- "$1" $line
	ndx=$(readelf -SW "$1" | sed -n "s/^ *\[ *${8}\] \([^ ]*\) .*/\1/p")
	echo "$3 $4 $5 $6 $ndx"
}

# check_syms FILE: purgatory_start, kj_params_pa (value 0), kj_stack_top.
check_syms() {
	local s v sz ty bd sec bad=0 off data
	: >"$log"
	s=$(sym "$1" purgatory_start) || { echo "no single purgatory_start" >>"$log"; return 1; }
	read -r v sz ty bd sec <<<"$s"
	[ "$ty $bd $sec" = "FUNC GLOBAL .text" ] || { echo "purgatory_start: $s" >>"$log"; bad=1; }
	s=$(sym "$1" kj_params_pa) || { echo "no single kj_params_pa" >>"$log"; return 1; }
	read -r v sz ty bd sec <<<"$s"
	[ "$sz $bd $sec" = "8 GLOBAL .data" ] || { echo "kj_params_pa: $s" >>"$log"; bad=1; }
	# Its initial value: 8 bytes at .data's file offset + st_value.
	off=$(secs "$1" | awk '$1 == ".data" && $2 == "PROGBITS" { print $4 }')
	if [ -n "$off" ] && [ "$sec" = .data ]; then
		data=$(od -An -tx1 -j $((0x$off + 0x$v)) -N 8 "$1" | tr -d ' \n')
		[ "$data" = 0000000000000000 ] || { echo "kj_params_pa initial bytes $data" >>"$log"; bad=1; }
	else
		echo "kj_params_pa: no .data contents to read" >>"$log"; bad=1
	fi
	s=$(sym "$1" kj_stack_top) || { echo "no single kj_stack_top" >>"$log"; return 1; }
	read -r v sz ty bd sec <<<"$s"
	[ "$bd $sec" = "GLOBAL .bss" ] && [ $((0x$v % 16)) = 0 ] ||
		{ echo "kj_stack_top: $s" >>"$log"; bad=1; }
	return $bad
}

# check_undef FILE WIDTH: nm -u empty, and a full static link works.
check_undef() {
	local emu
	case $2 in x86_64) emu=elf_x86_64;; i386) emu=elf_i386;; esac
	nm -u "$1" >"$log" 2>&1
	[ ! -s "$log" ] || return 1
	ld -m $emu -nostdlib -static -no-pie -z noexecstack -e purgatory_start \
		-Ttext=0x100000 -o "$tmp/chk" "$1" >"$log" 2>&1
}

# check_sections FILE
check_sections() {
	local s bad=0
	: >"$log"
	for s in $(readelf -SW "$1" | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p'); do
		case $s in
		.text|.rodata|.data|.bss|.symtab|.strtab|.shstrtab) ;;
		.rel.text|.rel.rodata|.rel.data|.rela.text|.rela.rodata|.rela.data) ;;
		*) echo "unexpected section $s" >>"$log"; bad=1;;
		esac
	done
	for s in .text .data .bss; do
		readelf -SW "$1" | grep -q "\] $s " || { echo "no $s" >>"$log"; bad=1; }
	done
	return $bad
}

# check_insns FILE: integer code only, except SSE (XMM registers) in
# sha256_blocks_shani, which runs only between kj_simd_begin (SSE enabled,
# state saved) and kj_simd_end, and FXSAVE/FXRSTOR in those two.
check_insns() {
	objdump -d "$1" |
	awk '/^[0-9a-f]+ <[^>]*>:$/ { fn = $2; next } { print fn " " $0 }' |
	grep -E '%xmm|%ymm|%zmm|%mm[0-7]|%st\b|\<f(ld|st|add|mul|div|sub|ild|ist|ninit|xsave|xrstor)' |
	grep -vE '^<sha256_blocks_shani>: .*%xmm' |
	grep -vE '^<(kj_simd_(begin|end)|kj_fx(save|rstor)_cpu)>: .*\<fx(save|rstor)(64)?\>' >"$log"
	[ ! -s "$log" ]
}

# check_embedded KEXEC RO WIDTH: the bytes between the blob symbols in the
# tool are the .ro file.
check_embedded() {
	local a e sec addr off start len
	a=$(nm "$1" | awk -v s="kj_purgatory_$3" '$3 == s { print $1 }')
	e=$(nm "$1" | awk -v s="kj_purgatory_$3_end" '$3 == s { print $1 }')
	if [ -z "$a" ] || [ -z "$e" ]; then
		echo "no kj_purgatory_$3 / _end symbols in $1" >"$log"; return 1
	fi
	len=$((0x$e - 0x$a))
	# The section holding the start: addr <= a < addr + size.
	sec=
	while read -r name ty sa so ss; do
		if [ "$ty" = PROGBITS ] && [ $((0x$sa)) -le $((0x$a)) ] &&
		   [ $((0x$a)) -lt $((0x$sa + 0x$ss)) ]; then
			sec=$name addr=$sa off=$so
			break
		fi
	done < <(secs "$1")
	if [ -z "$sec" ]; then
		echo "no section holds 0x$a" >"$log"; return 1
	fi
	start=$((0x$a - 0x$addr + 0x$off))
	tail -c +$((start + 1)) "$1" | head -c $len >"$tmp/emb"
	echo "embedded: $len bytes in $sec at file offset $start; $2: $(wc -c <"$2") bytes" >"$log"
	cmp "$tmp/emb" "$2" >>"$log" 2>&1
}

# ---- the real objects ----
for w in x86_64 i386; do
	ro=$b/purgatory/purgatory-$w.ro
	if [ ! -f "$ro" ]; then
		t 1 "$w: $ro exists"
		continue
	fi
	t 0 "$w: $ro exists"
	check_hdr "$ro" $w;      t $? "$w: ELF class/machine, ET_REL" "$log"
	check_relocs "$ro" $w;   t $? "$w: only supported relocation types" "$log"
	echo "# $w relocation types:" $(awk '{print $2 "(" $1 ")"}' "$tmp/types")
	check_syms "$ro";        t $? "$w: purgatory_start, kj_params_pa (8 bytes .data, 0), kj_stack_top" "$log"
	check_undef "$ro" $w;    t $? "$w: no undefined symbols; full static link works" "$log"
	check_sections "$ro";    t $? "$w: sections only .text .rodata .data .bss" "$log"
	check_insns "$ro";       t $? "$w: no SSE/MMX/x87 instructions" "$log"
	check_embedded "$kexec" "$ro" $w; t $? "$w: bytes embedded in kexec = the .ro" "$log"
	sh "$src/purgatory/check-ro.sh" "$ro" $w >"$log" 2>&1
	t $? "$w: purgatory/check-ro.sh accepts it" "$log"
	echo "# $w: $(wc -c <"$ro") bytes; $(secs "$ro" |
		awk '$1 ~ /^\.(text|rodata|data|bss)$/ { printf "%s 0x%s ", $1, $5 }')"
done

# ---- controls: every check rejects a broken object ----
ro64=$b/purgatory/purgatory-x86_64.ro; ro32=$b/purgatory/purgatory-i386.ro
if [ -f "$ro64" ] && [ -f "$ro32" ]; then
	gate() { sh "$src/purgatory/check-ro.sh" "$@" >/dev/null 2>&1; }

	check_hdr "$ro64" i386; neg $? "header check rejects x86_64 object as i386"
	check_hdr "$ro32" x86_64; neg $? "header check rejects i386 object as x86_64"
	check_relocs "$ro64" i386; neg $? "relocation check rejects x86_64 types for i386"
	gate "$ro64" i386; neg $? "check-ro.sh rejects x86_64 object as i386"

	# GOT-relative relocations (what -fpic code would need).
	printf 'extern int v;\nint f(void);\nint f(void) { return v; }\n' >"$tmp/pic.c"
	$CC -m64 -fpic -O2 -c -o "$tmp/pic64.o" "$tmp/pic.c" 2>"$log"
	$CC -m32 -fpic -O2 -c -o "$tmp/pic32.o" "$tmp/pic.c" 2>>"$log"
	check_relocs "$tmp/pic64.o" x86_64; neg $? "relocation check rejects R_X86_64_GOTPCREL*"
	check_relocs "$tmp/pic32.o" i386; neg $? "relocation check rejects R_386_GOT32*/GOTPC"
	ld -m elf_x86_64 -r -o "$tmp/mix64.ro" "$ro64" "$tmp/pic64.o" 2>>"$log"
	gate "$tmp/mix64.ro" x86_64; neg $? "check-ro.sh rejects a GOTPCREL relocation"
	ld -m elf_i386 -r -o "$tmp/mix32.ro" "$ro32" "$tmp/pic32.o" 2>>"$log"
	gate "$tmp/mix32.ro" i386; neg $? "check-ro.sh rejects R_386_GOT* relocations"
	check_undef "$tmp/mix64.ro" x86_64; neg $? "undefined-symbol check rejects extern v"
	check_undef "$tmp/mix32.ro" i386; neg $? "undefined-symbol check rejects extern v (i386)"

	objcopy --localize-symbol=kj_params_pa "$ro64" "$tmp/local.ro"
	check_syms "$tmp/local.ro"; neg $? "symbol check rejects a local kj_params_pa"
	gate "$tmp/local.ro" x86_64; neg $? "check-ro.sh rejects a local kj_params_pa"
	objcopy --redefine-sym purgatory_start=purgatory_begin "$ro32" "$tmp/noent.ro"
	check_syms "$tmp/noent.ro"; neg $? "symbol check rejects a missing purgatory_start"
	gate "$tmp/noent.ro" i386; neg $? "check-ro.sh rejects a missing purgatory_start"
	# kj_params_pa made 4 bytes / moved to .bss: rebuild a tiny object.
	printf '\t.text\n\t.globl purgatory_start\n\t.type purgatory_start,@function\npurgatory_start: ret\n\t.data\n\t.globl kj_params_pa\n\t.type kj_params_pa,@object\n\t.size kj_params_pa,4\nkj_params_pa: .long 0\n\t.bss\n\t.globl kj_stack_top\nkj_stack_top:\n' >"$tmp/small4.s"
	sed -e 's/\.size kj_params_pa,4/.size kj_params_pa,8/' -e 's/kj_params_pa: \.long 0/kj_params_pa: .quad 0/' "$tmp/small4.s" >"$tmp/small8.s"
	sed -e 's/\.quad 0/.quad 1/' "$tmp/small8.s" >"$tmp/small1.s"
	sed -e 's/^\t\.data$/\t.bss/' -e 's/\.quad 0/.zero 8/' "$tmp/small8.s" >"$tmp/smallbss.s"
	for v in 4 8 1 bss; do
		as --64 -o "$tmp/small$v.o" "$tmp/small$v.s" 2>>"$log"
	done
	check_syms "$tmp/small8.o"; t $? "control: symbol check accepts a minimal correct object" "$log"
	check_syms "$tmp/small4.o"; neg $? "symbol check rejects a 4-byte kj_params_pa"
	gate "$tmp/small4.o" x86_64; neg $? "check-ro.sh rejects a 4-byte kj_params_pa"
	check_syms "$tmp/small1.o"; neg $? "symbol check rejects kj_params_pa initially non-zero"
	check_syms "$tmp/smallbss.o"; neg $? "symbol check rejects kj_params_pa in .bss"
	gate "$tmp/smallbss.o" x86_64; neg $? "check-ro.sh rejects kj_params_pa in .bss"

	printf 'x' >"$tmp/one"
	objcopy --add-section .extra="$tmp/one" "$ro64" "$tmp/extra.ro"
	check_sections "$tmp/extra.ro"; neg $? "section check rejects an extra section"
	gate "$tmp/extra.ro" x86_64; neg $? "check-ro.sh rejects an extra section"

	printf '\t.text\n\tmovaps %%xmm0, %%xmm1\n\tfldz\n' >"$tmp/sse.s"
	as --64 -o "$tmp/sse.o" "$tmp/sse.s" 2>>"$log"
	check_insns "$tmp/sse.o"; neg $? "instruction check rejects SSE/x87"
	# SSE is allowed in sha256_blocks_shani only, FXSAVE in kj_simd_* only
	printf '\t.text\nsha256_blocks_shani:\n\tmovaps %%xmm0, %%xmm1\n' >"$tmp/ni.s"
	as --64 -o "$tmp/ni.o" "$tmp/ni.s" 2>>"$log"
	check_insns "$tmp/ni.o"; t $? "instruction check allows SSE in sha256_blocks_shani"
	printf '\t.text\nsha256_blocks_shani:\n\tfxsave (%%rax)\nkj_simd_begin:\n\tmovaps %%xmm0, %%xmm1\n' >"$tmp/ni2.s"
	as --64 -o "$tmp/ni2.o" "$tmp/ni2.s" 2>>"$log"
	check_insns "$tmp/ni2.o"; neg $? "instruction check rejects FXSAVE outside kj_simd_*, SSE outside sha256_blocks_shani"

	# Embedded-bytes check against the other width's object, and against
	# a one-byte-different copy.
	check_embedded "$kexec" "$ro32" x86_64; neg $? "embedded check: x86_64 blob != i386 .ro"
	cp "$ro64" "$tmp/flip.ro"
	printf '\xff' | dd of="$tmp/flip.ro" bs=1 seek=100 conv=notrunc 2>/dev/null
	check_embedded "$kexec" "$tmp/flip.ro" x86_64; neg $? "embedded check notices one changed byte"
fi

echo "1..$n"
[ "$failed" = 0 ]
