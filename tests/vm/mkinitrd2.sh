#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# mkinitrd2.sh OUT.cpio.gz ARCH MARKER
# The second initrd of the linuxboot cases: a static busybox for ARCH
# (x86_64|i386), tests/vm/guest/init2 as /init and a file /marker holding
# MARKER, which the host generates and later looks for on the console;
# KJ_INITRD2_FILES adds files.
set -euo pipefail
out=${1:?out}; arch=${2:?arch}; marker=${3:?marker}
here=$(cd "$(dirname "$0")" && pwd)
busybox=$("$here/fetch-debs.sh" "busybox-$arch")
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc}
cp "$busybox" "$stage/bin/busybox"
cp "$here/guest/init2" "$stage/init"
chmod 755 "$stage/init"
printf '%s\n' "$marker" > "$stage/marker"
mkdir -p "$stage/sys"
# KJ_INITRD2_FILES="SRC:DEST ...": more files (e.g. /lib/efivarfs.ko)
for f in ${KJ_INITRD2_FILES:-}; do
	mkdir -p "$stage$(dirname "${f#*:}")"
	cp "${f%%:*}" "$stage${f#*:}"
done
mknod -m 600 "$stage/dev/console" c 5 1
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -9 > "$out"
