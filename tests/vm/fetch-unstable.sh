#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fetch-unstable.sh PKG [PKG...]  ->  prints, per package, the path of its
# downloaded .deb from Debian unstable (sid)
# fetch-unstable.sh --apt-cache ARGS...  runs apt-cache ARGS with the same
# private configuration (e.g. `depends PKG`; tests/bench uses it)
#
# The machine's own apt sources stay as they are (bookworm): this script
# keeps a private apt configuration under $KJ_CACHE/sid with its own
# sources file, Dir::Etc::sourceparts, Dir::State::Lists and Dir::Cache,
# and only ever runs `apt-get update` and `apt-get download` with it, so
# nothing is installed or upgraded from unstable (doc/abi.md 9).
#   KJ_SID_MIRROR  mirror URL (default http://deb.debian.org/debian)
#   KJ_SID_MAX_AGE refresh the package lists when older than this many
#                  seconds (default 86400)
#   KJ_APT_SUITE   another suite, the same way (default sid; e.g.
#                  bookworm-backports for tests/bench/fetch-qemu.sh),
#                  under $KJ_CACHE/SUITE
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: fetch-unstable.sh PKG..." >&2; exit 2; }
suite=${KJ_APT_SUITE:-sid}
cache=${KJ_CACHE:-/var/cache/kexec-jump}/$suite
mirror=${KJ_SID_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$cache/sources.list.d" "$cache/lists/partial" "$cache/archives/partial" \
	"$cache/debs" "$cache/preferences.d"
exec 9>"$cache/.lock"
flock 9

arch=$(dpkg --print-architecture)
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
cat > "$cache/sources.list.d/$suite.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $suite
Components: main
Architectures: $arch
Signed-By: $keyring
EOF
: > "$cache/sources.list"
opts=(
	-o "Dir::Etc::SourceList=$cache/sources.list"
	-o "Dir::Etc::SourceParts=$cache/sources.list.d"
	-o "Dir::Etc::Preferences=$cache/preferences"
	-o "Dir::Etc::PreferencesParts=$cache/preferences.d"
	-o "Dir::State::Lists=$cache/lists"
	-o "Dir::State::Status=$cache/status"
	-o "Dir::Cache=$cache"
	-o "Dir::Cache::Archives=$cache/archives"
	-o "APT::Architectures::=$arch"
	-o "Acquire::Languages=none"
	-o "Debug::NoLocking=1"
)
# an empty dpkg status: apt resolves nothing against the machine's packages
: > "$cache/status.new"; [ -s "$cache/status" ] || mv "$cache/status.new" "$cache/status"; rm -f "$cache/status.new"

stamp=$cache/lists/.updated
max_age=${KJ_SID_MAX_AGE:-86400}
if [ ! -f "$stamp" ] || [ $(( $(date +%s) - $(stat -c %Y "$stamp") )) -gt "$max_age" ]; then
	ok=0
	for try in 1 2 3; do
		if apt-get "${opts[@]}" update -q >"$cache/update.log" 2>&1 && ! grep -q '^E:' "$cache/update.log"; then
			ok=1; break
		fi
		echo "fetch-unstable: apt-get update ($suite) failed, try $try: $(grep -E '^(E|W):' "$cache/update.log" | head -2 | tr '\n' ' ')" >&2
		sleep 5
	done
	[ $ok = 1 ] || [ -n "$(ls "$cache/lists" | grep -v partial | head -1)" ] || {
		echo "fetch-unstable: cannot read the package lists of Debian $suite (see $cache/update.log)" >&2; exit 1; }
	touch "$stamp"
fi

if [ "$1" = --apt-cache ]; then
	shift
	exec apt-cache "${opts[@]}" "$@"
fi
for pkg in "$@"; do
	ver=$(apt-cache "${opts[@]}" policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')
	if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
		echo "fetch-unstable: $pkg is not in Debian $suite" >&2; exit 1
	fi
	deb=$(ls "$cache/debs/${pkg}_${ver//:/%3a}_"*.deb 2>/dev/null | head -1 || true)
	if [ -z "$deb" ]; then
		(cd "$cache/debs" && apt-get "${opts[@]}" download -q "$pkg=$ver" >&2) || {
			echo "fetch-unstable: download of $pkg $ver failed" >&2; exit 1; }
		deb=$(ls "$cache/debs/${pkg}_${ver//:/%3a}_"*.deb | head -1)
	fi
	echo "$deb"
done
