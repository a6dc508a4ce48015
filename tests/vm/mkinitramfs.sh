#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# mkinitramfs.sh OUT.cpio.gz ARCH KEXEC_BIN EXAMPLES_DIR [KEXEC32_BIN]
# Builds the guest initramfs: static busybox for ARCH (x86_64|i386), our
# /init, the kexec binary under test as /sbin/kexec (a dynamically linked
# reference binary gets its shared libraries copied too), the example
# programs under /phy, and the guest test scripts under /tests.  On an
# x86_64 guest KEXEC32_BIN (the i386 build of the tool) goes in as
# /sbin/kexec32, to test the compat syscall path.  The test build of the
# tool for ARCH (build/tests/kexec-hooks, the only one that reads
# KEXEC_JUMP_TEST_* and KEXEC_SYSROOT) goes in as /sbin/kexec-hooks when
# KJ_HOOKS_X86_64 / KJ_HOOKS_I386 names it; the guest scripts that set a
# test hook run it, all others the production /sbin/kexec.  KJ_EXTRA_FILES adds
# files (see below).  KJ_MAKEDUMPFILE=1 adds Debian's makedumpfile for ARCH
# (with its shared libraries and ELF interpreter, from fetch-debs.sh) as
# /usr/bin/makedumpfile, linked from /bin.  KJ_EXTRA_ROOTS adds staged
# roots (see below).
set -euo pipefail
out=${1:?out}; arch=${2:?arch}; kexec_bin=${3:?kexec binary}; examples=${4:?examples dir}
here=$(cd "$(dirname "$0")" && pwd)
busybox=$("$here/fetch-debs.sh" "busybox-$arch")
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,dev,proc,sys,tmp,run,phy,tests,etc}
cp "$busybox" "$stage/bin/busybox"
cp "$here/guest/init" "$stage/init"
chmod 755 "$stage/init"
cp "$here"/guest/*.sh "$stage/tests/"
cp "$kexec_bin" "$stage/sbin/kexec"
chmod 755 "$stage/sbin/kexec"
case $arch in x86_64) hooks=${KJ_HOOKS_X86_64:-} ;; *) hooks=${KJ_HOOKS_I386:-} ;; esac
if [ -n "$hooks" ]; then
	cp "$hooks" "$stage/sbin/kexec-hooks"
	chmod 755 "$stage/sbin/kexec-hooks"
fi
if [ -n "${5:-}" ]; then
	cp "$5" "$stage/sbin/kexec32"
	chmod 755 "$stage/sbin/kexec32"
fi
if [ "${KJ_MAKEDUMPFILE:-}" = 1 ]; then
	# before the reference kexec's libraries: on a shared path (libc) the
	# host's copy, which that kexec was built against, wins
	mdf=$("$here/fetch-debs.sh" "makedumpfile-$arch")
	cp -a "$mdf/." "$stage/"
	ln -s /usr/bin/makedumpfile "$stage/bin/makedumpfile"
fi
# KJ_EXTRA_ROOTS="DIR ...": staged roots (fetch-debs.sh) copied over the
# tree, e.g. the selftest cases' pesign, getfattr and GNU tail
for r in ${KJ_EXTRA_ROOTS:-}; do
	cp -a "$r/." "$stage/"
done
if ldd "$kexec_bin" >/dev/null 2>&1; then
	# reference mode: a distro kexec is dynamically linked; its shared
	# libraries come from the host, so they must be installed there
	if ldd "$kexec_bin" | grep -q 'not found'; then
		echo "mkinitramfs: $kexec_bin needs libraries this host lacks:" >&2
		ldd "$kexec_bin" | grep 'not found' >&2
		echo "mkinitramfs: install them (e.g. apt-get install the binary's package) or use a static binary" >&2
		exit 1
	fi
	ldd "$kexec_bin" | grep -oE '/[^ ]+' | while read -r lib; do
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
fi
cp "$examples"/*.elf "$examples"/*.bin "$stage/phy/" 2>/dev/null || true
# KJ_EXTRA_FILES="SRC:DEST ...": more files, e.g. the linuxboot cases'
# /boot/bzImage and /boot/initrd2
for pair in ${KJ_EXTRA_FILES:-}; do
	mkdir -p "$stage$(dirname "${pair#*:}")"
	cp "${pair%%:*}" "$stage${pair#*:}"
done
mknod -m 600 "$stage/dev/console" c 5 1
mknod -m 666 "$stage/dev/null" c 1 3
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -1 > "$out"
