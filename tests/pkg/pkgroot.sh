#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/pkg/pkgroot.sh LOGDIR: prints the path of a clean Debian 12
# (bookworm) root tarball made by mmdebstrap from Debian's packages, cached
# as /var/cache/kexec-jump/pkgroot-bookworm-YYYYMMDD.tar (one per day; an
# older one is removed when a new one is made).  Used by the package test
# (tests/pkg/run-pkg-tests.sh) and the systemd VM case (tests/vm/mksysdroot.sh).
# Needs root.  mmdebstrap's log goes to LOGDIR/mmdebstrap.log.
set -u
suite=bookworm
mirror=${KJ_DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${KJ_CACHE:-/var/cache/kexec-jump}
logdir=${1:?usage: pkgroot.sh LOGDIR}
mkdir -p "$cache" "$logdir"
exec 9>"$cache/.lock-pkgroot"
flock 9
tar=$cache/pkgroot-$suite-$(date +%Y%m%d).tar
if [ ! -s "$tar" ]; then
	rm -f "$cache"/pkgroot-$suite-*.tar
	# man-db for `man kexec`; the dependencies of kdump-tools other than
	# kexec-tools, so its installation in the package test fetches little
	if mmdebstrap --variant=apt --format=tar --skip=cleanup/apt/lists \
		--include=man-db,file,busybox,linux-base,ucf,bsdextrautils,debconf \
		"$suite" "$tar.tmp" "$mirror" >"$logdir/mmdebstrap.log" 2>&1; then
		mv "$tar.tmp" "$tar"
	else
		tail -20 "$logdir/mmdebstrap.log" >&2; rm -f "$tar.tmp"
		echo "pkgroot: mmdebstrap $suite failed (log: $logdir/mmdebstrap.log)" >&2
		exit 1
	fi
fi
echo "$tar"
