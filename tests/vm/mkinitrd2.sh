#!/bin/bash
# mkinitrd2.sh OUT.cpio.gz ARCH MARKER
# The second initrd of the linuxboot cases: a static busybox for ARCH
# (x86_64|i386), tests/vm/guest/init2 as /init and a file /marker holding
# MARKER, which the host generates and later looks for on the console.
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
mknod -m 600 "$stage/dev/console" c 5 1
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -9 > "$out"
