#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/pkg/build-deb.sh [amd64|i386]: build the Debian package from the
# working tree (tracked and untracked, not ignored, files) in a copy under
# _build/pkg/, so dpkg-buildpackage's outputs (written to the parent of the
# source directory) stay there.  amd64 builds natively and runs the unit
# tests (make check); i386 is cross-built (dpkg-buildpackage -a i386) with
# nocheck, since this machine cannot execute 32-bit programs.
# The .deb, .buildinfo and .changes end up in _build/pkg/<arch>/.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
arch=${1:-amd64}
ver=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
upver=${ver%-*}
out=$top/_build/pkg/$arch
src=$out/kexec-jump-$upver
rm -rf "$out"
mkdir -p "$src"
(cd "$top" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | tar -xf - -C "$src"
cd "$src"
case $arch in
amd64) dpkg-buildpackage -us -uc -b ;;
*)     DEB_BUILD_OPTIONS="nocheck${DEB_BUILD_OPTIONS:+ $DEB_BUILD_OPTIONS}" \
	dpkg-buildpackage -a "$arch" -us -uc -b ;;
esac
ls -l "$out"/*.deb
