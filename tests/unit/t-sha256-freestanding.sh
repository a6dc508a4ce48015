#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-sha256-freestanding.sh KEXEC SRCDIR - kexec/sha256.c, kexec/sha256-ni.c
# and include/purgatory-abi.h build as freestanding code for both purgatory
# widths (sha256-ni.c also with the purgatory's -mgeneral-regs-only).
#
# For -m32 and -m64, at -O0/-O2/-Os/-O3, with FREESTANDING_FLAGS taken from
# Makefile.am (so the check follows the project's real flag set; the flags
# the purgatory must have are also asserted to be in it):
#   - both compile with -std=c11 -Wall -Wextra -Werror;
#   - after `ld -r`, `nm -u` lists nothing: no memcpy/memset the compiler
#     invented, no libgcc helper (__udivdi3, __umoddi3, __ashldi3, ...);
#   - all data is read-only (the K table; nothing in .data/.bss that would
#     need relocating or zeroing);
#   - no SSE/x87 instruction outside sha256_blocks_shani, and that one
#     really is the SHA-NI code.
# Then a freestanding C file that includes purgatory-abi.h (whose
# _Static_asserts pin every offset) compiles for both widths, also as
# assembly-only (__ASSEMBLER__) for the purgatory's entry code.
# Output is TAP.
set -u
src=${2:?srcdir}
CC=${KJ_FREESTANDING_CC:-gcc}

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

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kj-sha256-fs.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# FREESTANDING_FLAGS from Makefile.am, continuation lines joined.
flags=$(sed -n '/^FREESTANDING_FLAGS[[:space:]]*=/,/[^\\]$/p' "$src/Makefile.am" |
	sed -e 's/^FREESTANDING_FLAGS[[:space:]]*=//' -e 's/\\$//' | tr '\n\t' '  ')
flags=${flags//\$(srcdir)/$src}
missing=
for f in -ffreestanding -fno-builtin -nostdlib -fno-pic -fno-pie \
	 -fno-stack-protector -mno-sse -mno-mmx -mno-red-zone -fcf-protection=none; do
	case " $flags " in *" $f "*) ;; *) missing+=" $f";; esac
done
echo "${missing:-}" >"$tmp/missing"
t "$([ -n "$flags" ] && [ -z "$missing" ]; echo $?)" \
	"Makefile.am FREESTANDING_FLAGS has the purgatory flag set" "$tmp/missing"
echo "# FREESTANDING_FLAGS:$flags"

for m in 32 64; do
	case $m in 32) emu=elf_i386;; 64) emu=elf_x86_64;; esac
	for o in -O0 -O2 -Os -O3; do
		ro=$tmp/sha256-m$m${o// /}.ro; log=$tmp/log
		# shellcheck disable=SC2086
		if $CC -m$m -std=c11 -Wall -Wextra -Werror $flags -I"$src/include" \
			$o -c -o "$tmp/p.o" "$src/kexec/sha256.c" >"$log" 2>&1 &&
		   $CC -m$m -std=c11 -Wall -Wextra -Werror $flags -mgeneral-regs-only \
			-I"$src/include" $o -c -o "$tmp/ni.o" "$src/kexec/sha256-ni.c" >>"$log" 2>&1 &&
		   ld -m $emu -r -o "$ro" "$tmp/p.o" "$tmp/ni.o" >>"$log" 2>&1; then
			t 0 "sha256.c + sha256-ni.c build freestanding, -m$m $o, ld -r"
		else
			t 1 "sha256.c + sha256-ni.c build freestanding, -m$m $o, ld -r" "$log"
			continue
		fi
		nm -u "$ro" >"$log" 2>&1
		t "$([ $? = 0 ] && [ ! -s "$log" ]; echo $?)" \
			"-m$m $o: no undefined symbols (nm -u empty)" "$log"
		# Defined non-code symbols: read-only only (the K table, and
		# whatever constant tables the compiler makes), nothing in
		# .data/.bss that would need relocating or zeroing.
		nm --defined-only "$ro" | awk '$2 !~ /^[Tt]$/' >"$log"
		t "$(grep -q '^[0-9a-f]* R sha256_k$' "$log" &&
		     ! awk '{print $2}' "$log" | grep -qv '^[rR]$'; echo $?)" \
			"-m$m $o: data is read-only (R sha256_k, nothing writable)" "$log"
		# SSE only in sha256_blocks_shani (which runs only with SSE
		# enabled); no MMX/x87 anywhere.
		objdump -d "$ro" |
		awk '/^[0-9a-f]+ <[^>]*>:$/ { fn = $2; next } { print fn " " $0 }' |
		grep -E '%xmm|%ymm|%mm[0-7]|%st|\<f(ld|st|add|mul|div|sub|ild|ist)' |
		grep -vE '^<sha256_blocks_shani>: .*%xmm' >"$log"
		t "$([ ! -s "$log" ]; echo $?)" "-m$m $o: no SSE/MMX/x87 instructions outside sha256_blocks_shani" "$log"
		objdump -d "$ro" | awk '/^[0-9a-f]+ <sha256_blocks_shani>:$/ { on = 1; next }
			/^[0-9a-f]+ <[^>]*>:$/ { on = 0 } on' |
			grep -oE 'sha256(rnds2|msg1|msg2)' | sort -u | tr '\n' ' ' >"$log"
		t "$([ "$(cat "$log")" = "sha256msg1 sha256msg2 sha256rnds2 " ]; echo $?)" \
			"-m$m $o: sha256_blocks_shani uses sha256rnds2, sha256msg1, sha256msg2" "$log"
	done
done

# Negative control: the same flags and check do catch a libgcc helper.
printf '#include <stdint.h>\nuint64_t f(uint64_t a, uint64_t b);\nuint64_t f(uint64_t a, uint64_t b) { return a / b; }\n' >"$tmp/div.c"
# shellcheck disable=SC2086
$CC -m32 -std=c11 $flags -O2 -c -o "$tmp/div.o" "$tmp/div.c" >/dev/null 2>&1 &&
	ld -m elf_i386 -r -o "$tmp/div.ro" "$tmp/div.o" >/dev/null 2>&1
nm -u "$tmp/div.ro" 2>/dev/null | grep -q __udivdi3
t $? "control: nm -u does report __udivdi3 for a 64-bit division on -m32"

# The parameter block header, freestanding, both widths.
cat >"$tmp/abi.c" <<'EOF'
#include "purgatory-abi.h"
#include "sha256.h"
/* Uses the inline helpers so they are compiled (and warned about) too. */
int probe(struct purgatory_params *p);
int probe(struct purgatory_params *p)
{
	char *out = purgatory_params_output(p);
	const char *text = purgatory_params_append(p);
	if (purgatory_params_check(p, 8192) != KJ_PP_CHK_OK || !out)
		return -1;
	out[0] = text ? text[0] : 0;
	return (int)sizeof(struct purgatory_params);
}
EOF
printf '#include "purgatory-abi.h"\n\t.long KJ_PP_OFF_JUMP_BACK, KJ_PP_SIZE\n' >"$tmp/abi.S"
for m in 32 64; do
	# shellcheck disable=SC2086
	$CC -m$m -std=c11 -Wall -Wextra -Werror $flags -I"$src/include" -O2 \
		-c -o "$tmp/abi$m.o" "$tmp/abi.c" >"$tmp/log" 2>&1
	t $? "purgatory-abi.h compiles freestanding -m$m (static asserts hold)" "$tmp/log"
	nm -u "$tmp/abi$m.o" >"$tmp/log" 2>&1
	t "$([ ! -s "$tmp/log" ]; echo $?)" "purgatory-abi.h helpers -m$m: no undefined symbols" "$tmp/log"
	# shellcheck disable=SC2086
	$CC -m$m $flags -I"$src/include" -c -o "$tmp/abiS$m.o" "$tmp/abi.S" >"$tmp/log" 2>&1
	t $? "purgatory-abi.h is usable from assembly, -m$m" "$tmp/log"
done

# A header that is wrong for one width must fail this test: compile a copy
# with a field widened only on -m32 and expect the static asserts to fire.
sed 's/^\tuint32_t flags; /\tuintptr_t flags; /' "$src/include/purgatory-abi.h" >"$tmp/bad.h"
printf '#include "bad.h"\n' >"$tmp/bad.c"
grep -q 'uintptr_t flags;' "$tmp/bad.h"; sed_ok=$?
# shellcheck disable=SC2086
$CC -m64 -std=c11 $flags -I"$tmp" -fsyntax-only "$tmp/bad.c" >/dev/null 2>&1; r64=$?
t "$([ $sed_ok = 0 ] && [ $r64 != 0 ]; echo $?)" \
	"a width-dependent field breaks the -m64 build (static asserts are live)"

echo "1..$n"
[ "$failed" = 0 ]
