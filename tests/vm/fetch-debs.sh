#!/bin/bash
# fetch-debs.sh WHAT  ->  prints a path from a cached, unpacked Debian package
#   busybox-i386      path of the i386 static busybox binary
#   busybox-x86_64    path of the amd64 static busybox binary
#   debian-kernel     path of Debian's stock linux-image-amd64 vmlinuz
#                     (built without CONFIG_KEXEC_JUMP); its config is
#                     beside it as config
# busybox-static:amd64 and :i386 conflict as installed packages, so both
# are fetched with `apt-get download` and unpacked under $KJ_CACHE.
set -euo pipefail
what=${1:?usage: fetch-debs.sh busybox-i386|busybox-x86_64|debian-kernel}
cache=${KJ_CACHE:-/var/cache/kexec-jump}/debs
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9

fetch() { # fetch PKG[:ARCH] -> unpack dir
	local pkg=$1 ver dir
	ver=$(apt-cache policy "$pkg" | awk '/Candidate:/ {print $2}')
	if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
		echo "fetch-debs: $pkg is not available from apt (did .ci/run add the i386 architecture and run apt-get update?)" >&2
		return 1
	fi
	dir=$cache/${pkg//:/_}_${ver//:/_}
	if [ ! -f "$dir/.done" ]; then
		rm -rf "$dir" && mkdir -p "$dir/deb"
		(cd "$dir/deb" && apt-get download -q "$pkg=$ver" >&2)
		dpkg-deb -x "$dir"/deb/*.deb "$dir/root"
		rm -rf "$dir/deb"
		touch "$dir/.done"
	fi
	echo "$dir/root"
}

case $what in
busybox-i386)   r=$(fetch busybox-static:i386) && echo "$r/bin/busybox" ;;
busybox-x86_64) r=$(fetch busybox-static:amd64) && echo "$r/bin/busybox" ;;
debian-kernel)
	img=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
	[ -n "$img" ] || { echo "fetch-debs: cannot resolve linux-image-amd64" >&2; exit 1; }
	r=$(fetch "$img")
	v=$(ls "$r"/boot/vmlinuz-* | head -1)
	c=$(ls "$r"/boot/config-* | head -1)
	[ -f "$r/config" ] || cp "$c" "$r/config"
	echo "$v" ;;
*) echo "fetch-debs: unknown $what" >&2; exit 2 ;;
esac
