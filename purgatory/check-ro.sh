#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# check-ro.sh FILE WIDTH - build-time check of a purgatory object
# (purgatory-x86_64.ro or purgatory-i386.ro) before it is embedded in kexec.
#
# WIDTH is x86_64 or i386.  Fails (exit 1, one line per problem on stderr)
# unless FILE is:
#   - an ELF relocatable (ET_REL) of the right class and machine;
#   - using only the relocation types kexec/elf-rel.c applies:
#       x86_64: R_X86_64_64 R_X86_64_32 R_X86_64_32S R_X86_64_PC32
#               R_X86_64_PLT32
#       i386:   R_386_32 R_386_PC32
#   - made of the sections .text .rodata .data .bss (plus the symbol and
#     string tables and the relocation sections of those four), nothing
#     else;
#   - defining the global symbols kexec uses: purgatory_start (code, in
#     .text) and kj_params_pa (8 bytes, in .data);
#   - free of undefined symbols.
# READELF and NM may name other tools (default: readelf, nm).
set -u
f=${1:?file}; w=${2:?width}
READELF=${READELF:-readelf}; NM=${NM:-nm}
case $w in
x86_64) class=ELF64; machine='Advanced Micro Devices X86-64'
	allowed='R_X86_64_64 R_X86_64_32 R_X86_64_32S R_X86_64_PC32 R_X86_64_PLT32'
	relsec=.rela;;
i386)	class=ELF32; machine='Intel 80386'
	allowed='R_386_32 R_386_PC32'
	relsec=.rel;;
*)	echo "check-ro.sh: unknown width '$w'" >&2; exit 2;;
esac
bad=0
err() { echo "$f: $*" >&2; bad=1; }

hdr=$(LC_ALL=C $READELF -hW "$f" 2>&1) || { err "not an ELF file: $hdr"; exit 1; }
field() { printf '%s\n' "$hdr" | sed -n "s/^ *$1: *//p"; }
[ "$(field Class)" = "$class" ] || err "class is '$(field Class)', want $class"
[ "$(field Machine)" = "$machine" ] || err "machine is '$(field Machine)', want $machine"
case $(field Type) in REL*) ;; *) err "type is '$(field Type)', want REL (ld -r)";; esac

# Relocation types: the third column of every relocation line.
types=$(LC_ALL=C $READELF -rW "$f" | awk '$3 ~ /^R_/ { print $3 }' | sort -u)
for t in $types; do
	case " $allowed " in
	*" $t "*) ;;
	*) err "relocation type $t is not supported by kexec (allowed: $allowed)";;
	esac
done

# Sections.
for s in $(LC_ALL=C $READELF -SW "$f" | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p'); do
	case $s in
	.text|.rodata|.data|.bss|.symtab|.strtab|.shstrtab) ;;
	$relsec.text|$relsec.rodata|$relsec.data) ;;
	NULL) ;;        # section 0 has an empty name: readelf shows the type
	*) err "unexpected section $s (only .text .rodata .data .bss)";;
	esac
done

# Symbols: Num Value Size Type Bind Vis Ndx Name; Ndx resolved to a name
# through the section table.
syms=$(LC_ALL=C $READELF -sW "$f")
secname() { LC_ALL=C $READELF -SW "$f" | sed -n "s/^ *\[ *$1\] \([^ ]*\) .*/\1/p"; }
need() { # need NAME TYPE SECTION [SIZE]
	line=$(printf '%s\n' "$syms" | awk -v n="$1" '$8 == n')
	if [ -z "$line" ]; then
		err "no symbol $1"; return
	fi
	if [ "$(printf '%s\n' "$line" | wc -l)" -ne 1 ]; then
		err "symbol $1 is defined more than once"; return
	fi
	# readelf -s columns: Num: Value Size Type Bind Vis Ndx Name
	set -- "$1" "$2" "$3" "${4:-}" $line
	[ "$9" = GLOBAL ] || err "$1 is $9, want GLOBAL"
	[ "$8" = "$2" ] || err "$1 is $8, want $2"
	case ${11} in
	*[!0-9]*) err "$1 is in section index ${11}, want $3";;
	*) [ "$(secname "${11}")" = "$3" ] ||
		err "$1 is in $(secname "${11}"), want $3";;
	esac
	if [ -n "$4" ] && [ "$7" != "$4" ]; then
		err "$1 has size $7, want $4"
	fi
}
need purgatory_start FUNC .text
need kj_params_pa OBJECT .data 8

und=$($NM -u "$f" 2>&1)
[ -z "$und" ] || err "undefined symbols: $(echo $und)"

exit $bad
