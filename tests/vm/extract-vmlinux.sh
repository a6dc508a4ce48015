#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# extract-vmlinux.sh BZIMAGE OUT - the uncompressed ELF vmlinux inside a
# bzImage, for the --args-linux cases.
# The payload (doc/abi.md 5.2): payload_offset (u32 at 0x248) bytes
# after the protected-mode start ((setup_sects + 1) * 512, setup_sects 0
# meaning 4), payload_length (u32 at 0x24c) bytes.  Our test kernels use
# CONFIG_KERNEL_XZ.  Kbuild appends the uncompressed size (4 bytes) after
# the compressed stream, so xz reads one stream and ignores the rest.
# Fails unless the result is an x86 ELF executable (readelf -h).
set -eu
in=${1:?bzImage}; out=${2:?output file}
u8() { od -An -tu1 -j "$1" -N 1 "$in" | tr -d ' '; }
u16() { od -An -tu2 --endian=little -j "$1" -N 2 "$in" | tr -d ' '; }
u32() { od -An -tu4 --endian=little -j "$1" -N 4 "$in" | tr -d ' '; }
[ "$(u16 $((0x1fe)))" = $((0xaa55)) ] || { echo "$in: no boot_flag 0xAA55" >&2; exit 1; }
[ "$(u32 $((0x202)))" = $((0x53726448)) ] || { echo "$in: no HdrS" >&2; exit 1; }
ver=$(u16 $((0x206)))
[ "$ver" -ge $((0x208)) ] || { echo "$in: boot protocol $ver has no payload fields (2.08+)" >&2; exit 1; }
ss=$(u8 $((0x1f1))); [ "$ss" -ne 0 ] || ss=4
off=$(( (ss + 1) * 512 + $(u32 $((0x248))) ))
len=$(u32 $((0x24c)))
size=$(stat -c %s "$in")
[ "$len" -gt 0 ] && [ $((off + len)) -le "$size" ] ||
	{ echo "$in: payload 0x$(printf %x $off)+0x$(printf %x $len) is outside the file (0x$(printf %x $size) bytes)" >&2; exit 1; }
magic=$(od -An -tx1 -j "$off" -N 6 "$in" | tr -d ' ')
[ "$magic" = fd377a585a00 ] || { echo "$in: the payload is not XZ (starts $magic; only CONFIG_KERNEL_XZ is handled)" >&2; exit 1; }
tail -c +$((off + 1)) "$in" | head -c "$len" | xz -dc --single-stream > "$out.tmp"
readelf -h "$out.tmp" | grep -qE 'Type: +EXEC' || { echo "$in: the payload is not an ELF executable" >&2; rm -f "$out.tmp"; exit 1; }
mv "$out.tmp" "$out"
