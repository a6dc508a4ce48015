#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# build-kernel.sh VERSION ARCH [FLAVOUR]  ->  prints the path of a cached bzImage
# build-kernel.sh --selftests VERSION     ->  prints the directory of that
#                                             source's tools/testing/selftests/kexec
#
# Builds a small test kernel (tinyconfig + kconfig/common.config +
# kconfig/ARCH.config [+ kconfig/FLAVOUR.config]) from Debian's
# linux-source-VERSION package: bookworm's (installed in /usr/src) for 6.1
# and 6.12, Debian unstable's for 7.2 (downloaded by fetch-unstable.sh
# through a private apt configuration, never installed).  Builds are
# cached under $KJ_CACHE (default /var/cache/kexec-jump), keyed by the
# source package version, a hash of the config fragments and the build
# recipe version below, so reruns cost nothing and any change rebuilds.
#   VERSION: 6.1 | 6.12 | 7.2     ARCH: x86_64 | i386
#   FLAVOUR: distro (x86_64: options a distribution kernel has, KASLR on)
set -euo pipefail

# The whole script is one function, read before it runs: editing this file
# while a (long) build runs cannot change what that build executes.
main() {

# Bump when the way a kernel is built changes (not for comments).
recipe=2
here=$(cd "$(dirname "$0")" && pwd)
cache=${KJ_CACHE:-/var/cache/kexec-jump}

# source_tarball: sets tarball (linux-source-$ver.tar.xz) and pkgver
source_tarball() {
	tarball=/usr/src/linux-source-$ver.tar.xz
	if [ -f "$tarball" ]; then
		pkgver=$(dpkg-query -W -f='${Version}' "linux-source-$ver" 2>/dev/null || stat -c %Y "$tarball")
	else
		# not in bookworm: Debian unstable's package, unpacked into the cache
		deb=$(bash "$here/fetch-unstable.sh" "linux-source-$ver") || exit 1
		pkgver=$(dpkg-deb -f "$deb" Version)
		tarball=$cache/src/linux-source-$ver-$pkgver.tar.xz
		# (two builds of this version may run at once: one extracts)
		exec 7>"$cache/src/.lock-$ver-deb"
		flock 7
		if [ ! -f "$tarball" ]; then
			dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/linux-source-$ver.tar.xz" > "$tarball.tmp"
			mv "$tarball.tmp" "$tarball"
		fi
		flock -u 7
	fi
}

# --selftests VERSION: print the directory holding the kernel's kexec
# selftests (tools/testing/selftests/kexec) of that source, unmodified:
# in the tree a kernel build unpacked, else extracted alone from the
# same tarball into the cache
if [ "${1:-}" = --selftests ]; then
	ver=${2:?usage: build-kernel.sh --selftests VERSION}
	mkdir -p "$cache/src"
	source_tarball
	local sub=tools/testing/selftests/kexec st
	exec 8>"$cache/src/.lock-$ver"
	flock 8
	if [ -f "$cache/src/linux-source-$ver-$pkgver/.unpacked" ]; then
		echo "$cache/src/linux-source-$ver-$pkgver/$sub"
		exit 0
	fi
	st=$cache/src/selftests-$ver-$pkgver
	if [ ! -f "$st/.done" ]; then
		rm -rf "$st" && mkdir -p "$st"
		tar -xJf "$tarball" -C "$st" --strip-components=1 --wildcards "*/$sub" || exit 1
		[ -d "$st/$sub" ] || { echo "build-kernel: no $sub in $tarball" >&2; exit 1; }
		touch "$st/.done"
	fi
	echo "$st/$sub"
	exit 0
fi
ver=${1:?usage: build-kernel.sh VERSION ARCH [FLAVOUR]}
arch=${2:?usage: build-kernel.sh VERSION ARCH [FLAVOUR]}
flavour=${3:-}
jobs=${KJ_JOBS:-$(nproc)}

case $arch in x86_64|i386) ;; *) echo "build-kernel: unknown arch $arch" >&2; exit 2;; esac
frags=("$here/kconfig/common.config" "$here/kconfig/$arch.config")
# per-version adjustments (kconfig/ARCH-MAJOR.x.config), e.g. options a
# later kernel renamed; a line "#-CONFIG_FOO" drops FOO from the check
for v in "${ver%%.*}.x" "$ver"; do
	[ -f "$here/kconfig/$arch-$v.config" ] && frags+=("$here/kconfig/$arch-$v.config")
done
if [ -n "$flavour" ]; then
	[ -f "$here/kconfig/$flavour.config" ] || { echo "build-kernel: no kconfig/$flavour.config" >&2; exit 2; }
	frags+=("$here/kconfig/$flavour.config")
fi
mkdir -p "$cache/kernels" "$cache/src"
source_tarball
# The key hashes the fragments as they are, except that common.config,
# i386.config and x86_64.config are hashed without their first line, the
# SPDX line they got after kernels were cached under keys without it (a
# comment does not change a build; CI's warm cache stays valid).
frag_text() {
	local f
	for f in "$@"; do
		case ${f##*/} in
		common.config|i386.config|x86_64.config) sed '1{/^# SPDX-License-Identifier: /d}' "$f" ;;
		*) cat "$f" ;;
		esac
	done
}
key=$( (echo "$ver $arch $pkgver recipe $recipe"; frag_text "${frags[@]}") | sha256sum | cut -c1-16)
out=$cache/kernels/linux-$ver-$arch${flavour:+-$flavour}-$key

exec 9>"$cache/kernels/.lock-$ver-$arch${flavour:+-$flavour}"
flock 9
if [ -f "$out/bzImage" ]; then
	echo "$out/bzImage"
	exit 0
fi

# Unpack the source once per package version (shared by both arches).
src=$cache/src/linux-source-$ver-$pkgver
exec 8>"$cache/src/.lock-$ver"
flock 8
if [ ! -f "$src/.unpacked" ]; then
	echo "build-kernel: unpacking $tarball" >&2
	rm -rf "$src" && mkdir -p "$src"
	tar -xJf "$tarball" -C "$src" --strip-components=1
	touch "$src/.unpacked"
fi
flock -u 8

rm -rf "$out.tmp" && mkdir -p "$out.tmp"
log=$out.tmp/build.log
echo "build-kernel: building linux $ver ($pkgver) for $arch${flavour:+ ($flavour)} in $out (log: $log)" >&2
t0=$(date +%s)
{
	make -C "$src" O="$out.tmp" ARCH="$arch" tinyconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out.tmp" "$out.tmp/.config" \
		"${frags[@]}"
	make -C "$src" O="$out.tmp" ARCH="$arch" olddefconfig
} >"$log" 2>&1 || { tail -30 "$log" >&2; exit 1; }

# Every fragment line must have landed (Kconfig silently drops options
# whose dependencies are missing).
# (a later fragment overrides an earlier one's line for the same option)
effective() {
	awk '/^#-CONFIG_[A-Za-z0-9_]+$/ { o = substr($0, 3); drop[o] = 1; o = ""; next }
	     /^CONFIG_[A-Za-z0-9_]+=/ { o = $0; sub(/=.*/, "", o) }
	     /^# CONFIG_[A-Za-z0-9_]+ is not set/ { o = $2 }
	     o != "" { if (!(o in line)) order[n++] = o; line[o] = $0; o = "" }
	     END { for (i = 0; i < n; i++) if (!(order[i] in drop)) print line[order[i]] }' "$@"
}
missing=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*) grep -qxF "$line" "$out.tmp/.config" || { echo "build-kernel: $line did not land in .config" >&2; missing=1; } ;;
	"# CONFIG_"*" is not set") grep -q "^${line#\# }" "$out.tmp/.config" 2>/dev/null && { echo "build-kernel: ${line#\# } but it is set" >&2; missing=1; }
		opt=${line#\# }; opt=${opt%% *}; grep -q "^$opt=" "$out.tmp/.config" && { echo "build-kernel: $opt should be unset" >&2; missing=1; } ;;
	esac
done < <(effective "${frags[@]}")
[ $missing = 0 ] || exit 1

make -C "$src" O="$out.tmp" ARCH="$arch" -j"$jobs" bzImage >>"$log" 2>&1 || { tail -40 "$log" >&2; exit 1; }
cp "$out.tmp/arch/x86/boot/bzImage" "$out.tmp/bzImage.final"
cp "$out.tmp/.config" "$out.tmp/config.final"
cp "$out.tmp/System.map" "$out.tmp/System.map.final" 2>/dev/null || true
# Keep only what the tests need; the object tree is large.
mkdir -p "$out"
mv "$out.tmp/bzImage.final" "$out/bzImage.tmp"
mv "$out.tmp/config.final" "$out/config"
[ -f "$out.tmp/System.map.final" ] && mv "$out.tmp/System.map.final" "$out/System.map"
mv "$out.tmp/build.log" "$out/build.log"
rm -rf "$out.tmp"
mv "$out/bzImage.tmp" "$out/bzImage"
echo "build-kernel: linux $ver $arch${flavour:+ $flavour} built in $(( $(date +%s) - t0 )) s" >&2
echo "$out/bzImage"
}
main "$@"
exit
