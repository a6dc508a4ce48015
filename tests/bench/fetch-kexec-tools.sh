#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fetch-kexec-tools.sh bookworm|sid  ->  prints a directory holding
# Debian's kexec-tools of that suite ready to run in an x86_64 guest:
#   kexec     the package's kexec (dynamically linked)
#   ld.so     the suite's ELF interpreter (libc6)
#   lib/      every shared library kexec needs, from the same suite
#   VERSION   the packages and versions used
# The guest runs it as `DIR/ld.so --library-path DIR/lib DIR/kexec ...`
# (no shell in between, so the benchmark's peak-memory figure is the
# tool's own).  bookworm is the machine's own suite (apt-get download);
# sid goes through tests/vm/fetch-unstable.sh's private apt configuration
# (the machine's sources are never changed).  The packages are
# kexec-tools and the lib* packages its Depends reach through lib*
# packages (and zlib1g); the script checks that every library kexec
# needs (DT_NEEDED, transitively) is there.
# Cached under $KJ_CACHE/bench/SUITE.
set -euo pipefail
suite=${1:?bookworm or sid}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${KJ_CACHE:-/var/cache/kexec-jump}/bench/$suite
mkdir -p "$cache/debs"
exec 9>"$cache/.lock"
flock 9

acache() {
	case $suite in
	sid) bash "$top/tests/vm/fetch-unstable.sh" --apt-cache "$@" ;;
	bookworm) apt-cache "$@" ;;
	*) echo "fetch-kexec-tools: unknown suite $suite (bookworm or sid)" >&2; exit 2 ;;
	esac
}
download() { # PKG -> the .deb's path
	case $suite in
	sid) bash "$top/tests/vm/fetch-unstable.sh" "$1" ;;
	bookworm)
		local ver deb
		ver=$(apt-cache policy "$1" | awk '/Candidate:/ {print $2}')
		[ -n "$ver" ] && [ "$ver" != "(none)" ] || { echo "fetch-kexec-tools: no $1 in $suite" >&2; return 1; }
		deb=$(ls "$cache/debs/${1}_${ver//:/%3a}_"*.deb 2>/dev/null | head -1 || true)
		if [ -z "$deb" ]; then
			(cd "$cache/debs" && apt-get download -q "$1=$ver" >&2 2>/dev/null) || {
				echo "fetch-kexec-tools: apt-get download $1=$ver failed" >&2; return 1; }
			deb=$(ls "$cache/debs/${1}_${ver//:/%3a}_"*.deb | head -1)
		fi
		echo "$deb" ;;
	esac
}

# the package closure: kexec-tools, then lib* (and zlib1g) Depends of those
todo=(kexec-tools) seen=" " debs=()
while [ ${#todo[@]} -gt 0 ]; do
	p=${todo[0]}; todo=("${todo[@]:1}")
	case $seen in *" $p "*) continue ;; esac
	seen="$seen$p "
	debs+=("$(download "$p")")
	for d in $(acache depends --no-recommends --no-suggests --no-conflicts --no-breaks \
			--no-replaces --no-enhances "$p" | sed -n 's/^ *|\{0,1\}\(Pre\)\{0,1\}Depends: \(\(z\)\{0,1\}lib[^ <>:]*\)$/\2/p'); do
		case $seen in *" $d "*) ;; *) todo+=("$d") ;; esac
	done
done
key=$(for d in "${debs[@]}"; do basename "$d"; done | sort | sha256sum | cut -c1-16)
root=$cache/root-$key
if [ ! -f "$root/VERSION" ]; then
	tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
	for d in "${debs[@]}"; do dpkg-deb -x "$d" "$tmp/x"; done
	rm -rf "$root.new" && mkdir -p "$root.new/lib" "$tmp/all"
	k=$(find "$tmp/x" -path '*sbin/kexec' -type f | head -1)
	ld=$(find "$tmp/x" -name 'ld-linux-x86-64.so.2' -type f | head -1)
	[ -n "$k" ] && [ -n "$ld" ] || { echo "fetch-kexec-tools: no kexec or ld.so in the packages" >&2; exit 1; }
	cp "$k" "$root.new/kexec"; cp "$ld" "$root.new/ld.so"
	# every shared object of the library directories, symlinks followed
	# (an absolute one, which points outside $tmp, is skipped)
	find "$tmp/x" -path '*/lib/x86_64-linux-gnu/*' -name '*.so*' \( -type f -o -type l \) | while read -r f; do
		[ -e "$f" ] && cp -L "$f" "$tmp/all/$(basename "$f")" 2>/dev/null || true
	done
	# what kexec needs, and what that needs, must all be there; only
	# those go into lib/
	missing= need=("$root.new/kexec") done_=" "
	while [ ${#need[@]} -gt 0 ]; do
		f=${need[0]}; need=("${need[@]:1}")
		for n in $(LC_ALL=C readelf -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			case $done_ in *" $n "*) continue ;; esac
			done_="$done_$n "
			if [ -e "$tmp/all/$n" ]; then cp "$tmp/all/$n" "$root.new/lib/"; need+=("$root.new/lib/$n")
			else missing="$missing $n($(basename "$f"))"; fi
		done
	done
	[ -z "$missing" ] || { echo "fetch-kexec-tools: libraries not found in the packages:$missing" >&2; exit 1; }
	for d in "${debs[@]}"; do dpkg-deb -f "$d" Package Version | paste -sd' '; done > "$root.new/VERSION"
	rm -rf "$root" && mv "$root.new" "$root"
fi
echo "$root"
