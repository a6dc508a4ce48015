#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# install-deps.sh - install everything the build and all tests need on
# Debian 12 (bookworm), with apt-get.  Run as root.  Idempotent.
# `install-deps.sh kernel` installs only what the test kernels' builds
# need (.ci/run starts those builds, the longest part of a cold run, and
# installs the rest while they run).
#  - adds bookworm-backports beside the existing Debian source entry (for
#    linux-source-6.12) and the i386 architecture (i386 busybox for guests)
#  - tolerates a partially failing `apt-get update` (mirror syncs), then
#    checks the packages it needs are really available
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "install-deps: run as root (sudo $0)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		cat > /etc/apt/sources.list.d/bookworm-backports.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	else
		echo 'deb http://deb.debian.org/debian bookworm-backports main' \
			> /etc/apt/sources.list.d/bookworm-backports.list
	fi
fi
dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386

for try in 1 2 3; do
	if apt-get update -q >/tmp/kj-apt-update.log 2>&1; then break; fi
	echo "install-deps: apt-get update had errors (try $try):" >&2
	grep -E '^(E|W):' /tmp/kj-apt-update.log | head -3 >&2
	sleep 5
done

if [ "${1:-}" = kernel ]; then
	apt-get install -y -q --no-install-recommends gcc make bc flex bison libelf-dev libssl-dev \
		xz-utils zstd cpio kmod file dpkg-dev ca-certificates linux-source-6.12 linux-source-6.1
	mkdir -p /var/cache/kexec-jump
	echo "install-deps: kernel build dependencies done"
	exit 0
fi

pkgs=(
	# build
	# gcc -m32 support: gcc-12-multilib, not the gcc-multilib metapackage,
	# which conflicts with the i386 cross compiler (gcc-12-i686-linux-gnu,
	# from crossbuild-essential-i386 below)
	gcc make autoconf automake binutils libc6-dev gcc-12-multilib bc file
	# compressed kernel files (configure --with-zlib/lzma/zstd), both widths
	zlib1g-dev liblzma-dev libzstd-dev zlib1g-dev:i386 liblzma-dev:i386 libzstd-dev:i386
	# fuzzing (libFuzzer runtime)
	clang libclang-rt-14-dev
	# VM tests: emulator, guest userland, test-kernel sources and build deps
	qemu-system-x86 busybox-static cpio gzip xz-utils zstd ovmf
	# a unified kernel image for the UKI VM case (the systemd EFI stub)
	systemd-boot-efi
	# i386 unit tests on hosts that cannot execute 32-bit programs
	qemu-user-static
	linux-source-6.12 linux-source-6.1
	flex bison libelf-dev libssl-dev kmod dpkg-dev
	ca-certificates
	# the Debian package (tests/pkg): build (native and i386 cross),
	# lintian, and a clean bookworm root to install it into
	debhelper fakeroot lintian mmdebstrap crossbuild-essential-i386
	# the systemd VM case's root image (mkfs.ext4 -d)
	e2fsprogs
)
apt-get install -y -q --no-install-recommends "${pkgs[@]}"
# the i386 busybox (conflicts with busybox-static:amd64 as an installed
# package), Debian's stock kernel, and the kernel selftests' pesign,
# getfattr (attr), GNU tail (coreutils) and dash for the guests are
# fetched by tests/vm/fetch-debs.sh (never installed); check now that apt
# can see them
for p in busybox-static:i386 linux-image-amd64 pesign attr coreutils dash; do
	c=$(apt-cache policy "$p" | awk '/Candidate:/ {print $2}')
	[ -n "$c" ] && [ "$c" != "(none)" ] || { echo "install-deps: apt cannot find $p" >&2; exit 1; }
done
mkdir -p /var/cache/kexec-jump
echo "install-deps: done"
