#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# t-spdx.sh KEXEC [SRCDIR] (KEXEC unused) - every source, script, document and build file of
# the tree carries "SPDX-License-Identifier: GPL-2.0-or-later" in its
# first five lines, and COPYING holds the GPL version 2.  Test data
# (tests/fixtures, fuzz corpora), generated files and the licence text
# itself are exempt.  Works on a git checkout and on a `make dist`
# tarball alike (it walks the directory, not git).  TAP output.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=${2:-$here/../..}
cd "$top" || exit 1
. "$here/../tap.sh"

grep -q 'GNU GENERAL PUBLIC LICENSE' COPYING 2>/dev/null && grep -q 'Version 2, June 1991' COPYING
ok $? "COPYING is the GNU GPL version 2"

# what counts: the file kinds the project writes
list=$(find . \( -path ./.git -o -path ./build -o -path ./_build -o -path ./autom4te.cache \
		-o -path ./tests/fixtures -o -path ./tests/fuzz/corpus -o -path ./debian/.debhelper \
		-o -path '*/_build' -o -path ./build-aux \) -prune -o -type f \( \
		-name '*.c' -o -name '*.h' -o -name '*.S' -o -name '*.lds' -o -name '*.sh' \
		-o -name '*.md' -o -name '*.8' -o -name '*.am' -o -name '*.ac' -o -name '*.config' \
		-o -name '*.service' -o -path './tests/vm/guest/*' -o -path './debian/*' \
		-o -name '.gitignore' \) -print |
	grep -v -e '^./debian/changelog$' -e '^./debian/files$' -e '^./debian/.*\.substvars$' \
		-e '^./debian/.*\.log$' -e '^./debian/kexec-jump/' -e '^./debian/tmp/' \
		-e '^./debian/source/format$' -e '^./debian/compat$' -e '/config\.h$' \
		-e '^./debian/copyright$' -e '^./debian/autoreconf\.before$' \
		-e '^./debian/autoreconf\.after$' | sort)
# (debian/autoreconf.before/.after: dh_autoreconf's own lists, made during
# a package build; debian/changelog and source/format have no comment syntax;
# debian/copyright states the licence itself, in DEP-5 fields)
count=$(printf '%s\n' "$list" | grep -c .)
[ "$count" -ge 100 ]
ok $? "at least 100 project files found ($count)"
missing=
for f in $list; do
	head -5 "$f" | grep -q 'SPDX-License-Identifier: GPL-2.0-or-later' || missing="$missing $f"
done
[ -z "$missing" ]
ok $? "every one has an SPDX line"
for f in $missing; do echo "#   no SPDX line: $f"; done
echo "1..$n"
[ "$failed" -eq 0 ]
