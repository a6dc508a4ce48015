#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fetch-qemu.sh  ->  prints a directory with a newer QEMU for the
# benchmark's second configuration (run-bench.sh KJ_BENCH_QEMU=fetch):
#   qemu-system-x86_64, qemu-system-i386, share/ (its firmware, for -L),
#   qemu-x86_64, qemu-i386 (user mode: tests/vm's sha-ni-user cases)
# QEMU 7.2 (Debian 12's) cannot emulate SHA-NI under TCG; Debian 12's
# backports carry QEMU 10, whose TCG can ("-cpu max" has sha_ni).  The
# packages come through tests/vm/fetch-unstable.sh's private apt
# configuration with KJ_APT_SUITE=bookworm-backports (the machine's
# sources are never changed, nothing is installed); the programs run from
# the unpacked packages with the machine's own libraries, which the
# script checks (ldd).  Cached under $KJ_CACHE/bench/qemu-VERSION.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${KJ_CACHE:-/var/cache/kexec-jump}/bench
mkdir -p "$cache"
debs=()
for p in qemu-system-x86 qemu-system-data qemu-user; do
	debs+=("$(KJ_APT_SUITE=bookworm-backports bash "$top/tests/vm/fetch-unstable.sh" "$p")")
done
ver=$(dpkg-deb -f "${debs[0]}" Version | tr ':~+' '___')
dir=$cache/qemu-$ver
if [ ! -x "$dir/qemu-system-x86_64" ] || [ ! -x "$dir/qemu-i386" ]; then
	tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
	for d in "${debs[@]}"; do dpkg-deb -x "$d" "$tmp/x"; done
	rm -rf "$dir.new" && mkdir -p "$dir.new"
	cp "$tmp/x/usr/bin/qemu-system-x86_64" "$tmp/x/usr/bin/qemu-system-i386" \
		"$tmp/x/usr/bin/qemu-x86_64" "$tmp/x/usr/bin/qemu-i386" "$dir.new/"
	cp -a "$tmp/x/usr/share/qemu" "$dir.new/share"
	rm -rf "$dir" && mv "$dir.new" "$dir"
fi
# the libraries: Debian 12's own packages (the backport is built against
# them); installed with apt-get when one is missing (as tests/
# install-deps.sh installs the rest)
if ldd "$dir/qemu-system-x86_64" "$dir/qemu-i386" | grep -q 'not found'; then
	libs=$(KJ_APT_SUITE=bookworm-backports bash "$top/tests/vm/fetch-unstable.sh" --apt-cache depends \
		qemu-system-x86 qemu-user | sed -n 's/^ *|\{0,1\}\(Pre\)\{0,1\}Depends: \(lib[^ <>:]*\)$/\2/p' | sort -u)
	sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
	echo "fetch-qemu: installing $(echo $libs)" >&2
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $libs >&2 || true
fi
if ldd "$dir/qemu-system-x86_64" "$dir/qemu-i386" | grep -q 'not found'; then
	echo "fetch-qemu: $dir/qemu-system-x86_64 needs libraries this machine lacks:" >&2
	ldd "$dir/qemu-system-x86_64" | grep 'not found' >&2
	exit 1
fi
echo "$dir"
