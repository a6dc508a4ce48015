#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# t-manpage.sh KEXEC [SRCDIR | MANPAGE] - every long option printed by `KEXEC --help`
# appears in the man page, and every long option the man page mentions is
# printed by --help.  TAP output; exit 0 only if all checks pass.
set -u

kexec=${1:?usage: t-manpage.sh path/to/kexec [SRCDIR | path/to/kexec.8]}
here=$(cd "$(dirname "$0")" && pwd)
man=${2:-$here/../..}
[ -d "$man" ] && man=$man/doc/kexec.8
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
check() { # check COND-STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

${KJ_RUN:-} "$kexec" --help >"$tmp/help" 2>"$tmp/help.err"
check $? "kexec --help exits 0"
[ -s "$tmp/help" ]
check $? "kexec --help prints to stdout"
[ -f "$man" ]
check $? "man page $man exists"

# Long option names: "--" followed by a lower-case word.  In the man page
# a '-' is written '\-', so undo that first; drop the "\(em"-style escapes
# and the font switches that can glue to a name ("\fB--x\fR").
grep -o -e '--[a-z][a-z0-9-]*' "$tmp/help" | sed 's/-*$//' | sort -u >"$tmp/help.opts"
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\c//g' "$man" |
	grep -v '^\.\\"' |
	grep -o -e '--[a-z][a-z0-9-]*' | sed 's/-*$//' | sort -u >"$tmp/man.opts"

[ "$(wc -l <"$tmp/help.opts")" -ge 10 ]
check $? "--help lists at least 10 long options (parser sanity)"
[ "$(wc -l <"$tmp/man.opts")" -ge 10 ]
check $? "the man page mentions at least 10 long options (parser sanity)"

while read -r opt; do
	grep -qx -e "$opt" "$tmp/man.opts"
	check $? "$opt (from --help) is in the man page"
done <"$tmp/help.opts"
while read -r opt; do
	grep -qx -e "$opt" "$tmp/help.opts"
	check $? "$opt (from the man page) is in --help"
done <"$tmp/man.opts"

# --help fits an 80-column terminal
long=$(awk 'length($0) > 80' "$tmp/help")
[ -z "$long" ]
check $? "kexec --help: no line longer than 80 columns"
[ -n "$long" ] && printf '%s\n' "$long" | sed 's/^/#   /' | head -5
${KJ_RUN:-} "$(dirname "$kexec")/vmcore-dmesg" --help >"$tmp/dhelp" 2>&1
long=$(awk 'length($0) > 80' "$tmp/dhelp")
[ -s "$tmp/dhelp" ] && [ -z "$long" ]
check $? "vmcore-dmesg --help: printed, no line longer than 80 columns"

if command -v groff >/dev/null 2>&1; then
	groff -man -Tutf8 -ww -z "$man" 2>"$tmp/groff.err"
	[ $? -eq 0 ] && [ ! -s "$tmp/groff.err" ]
	check $? "groff -man formats the page without warnings"
	[ -s "$tmp/groff.err" ] && sed 's/^/# /' "$tmp/groff.err"
	# Option names never break across lines: rendered at 80 and at 60
	# columns, no line ends in a hyphen (a hyphenated word or a break
	# inside an option name), and every option --help prints is there
	# whole.
	for ll in 80 60; do
		groff -man -Tascii -P-c -P-b -P-u -rLL=${ll}n "$man" 2>/dev/null >"$tmp/r$ll"
		[ -s "$tmp/r$ll" ]
		check $? "groff renders the page at $ll columns"
		! grep -n -e '-$' "$tmp/r$ll" >"$tmp/r$ll.bad"
		check $? "$ll columns: no line ends in a hyphen"
		sed 's/^/#   /' "$tmp/r$ll.bad" | head -5
		miss=$(while read -r opt; do grep -qF -e "$opt" "$tmp/r$ll" || echo "$opt"; done <"$tmp/help.opts")
		[ -z "$miss" ]
		check $? "$ll columns: every option from --help appears unbroken"
		[ -n "$miss" ] && echo "$miss" | sed 's/^/#   missing: /' | head -5
	done
fi

echo "1..$n"
[ "$failed" -eq 0 ]
