#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fetch-debs.sh WHAT  ->  prints a path from a cached, unpacked Debian package
#   busybox-i386      path of the i386 static busybox binary
#   busybox-x86_64    path of the amd64 static busybox binary
#   debian-kernel     path of Debian's stock linux-image-amd64 vmlinuz
#                     (built without CONFIG_KEXEC_JUMP); its config is
#                     beside it as config
#   debian-efivarfs   efivarfs.ko of that kernel (for the EFI cases)
#   ovmf              OVMF.fd, the EFI firmware (Debian's ovmf)
#   xen-amd64       path of Debian's Xen hypervisor (xen-4.*-amd64.gz, a
#                     gzip-compressed ELF with Multiboot 1 and 2 headers;
#                     the multiboot VM cases boot it; never installed)
#   makedumpfile-x86_64  a staged root holding Debian's amd64 makedumpfile
#   makedumpfile-i386    (resp. i386) as usr/bin/makedumpfile, the shared
#                     libraries it needs and its ELF interpreter, at the
#                     paths the binary expects; nothing else (no docs)
#   selftest-tools-x86_64  a staged root with Debian's pesign (and the NSS
#   selftest-tools-i386    modules it opens), getfattr (attr), GNU tail
#                     (coreutils) and dash with their libraries: what the
#                     kernel's kexec selftests need beyond busybox
# busybox-static:amd64 and :i386 conflict as installed packages, so both
# are fetched with `apt-get download` and unpacked under $KJ_CACHE.
set -euo pipefail
what=${1:?usage: fetch-debs.sh busybox-i386|busybox-x86_64|debian-kernel|debian-efivarfs|ovmf|xen-amd64|makedumpfile-x86_64|makedumpfile-i386|selftest-tools-x86_64|selftest-tools-i386}
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

# lib_closure ARCH PKG...: PKG and, recursively, the library packages
# (lib*, zlib*) among their Depends/Pre-Depends, all as NAME:ARCH.
# apt-cache depends names packages of the native architecture without a
# suffix and others with one; only those of ARCH are followed (perl, which
# makedumpfile depends on for its makedumpfile-R.pl script, is not a
# library and is not followed).  The ELF check in stage_root
# catches anything this name filter misses.  One apt-cache call per level
# of the tree (each takes a second or two).
lib_closure() {
	local arch=$1 native d
	shift
	native=$(dpkg --print-architecture)
	local -a level=("$@") next
	local -A seen=()
	while [ ${#level[@]} -gt 0 ]; do
		next=()
		for d in "${level[@]}"; do seen[$d]=1; echo "$d"; done
		for d in $(apt-cache depends --no-recommends --no-suggests \
				--no-conflicts --no-breaks --no-replaces --no-enhances "${level[@]}" |
			awk '$1 ~ /^\|?(Pre)?Depends:$/ && $2 !~ /^</ {print $2}' | sort -u); do
			case $d in
			*:"$arch") ;;
			*:*) continue ;;
			*) [ "$arch" = "$native" ] || continue; d=$d:$arch ;;
			esac
			case ${d%%:*} in lib*|zlib*) ;; *) continue ;; esac
			[ -n "${seen[$d]:-}" ] || { seen[$d]=1; next+=("$d"); }
		done
		level=("${next[@]}")
	done
}

# stage_root NAME ARCH(amd64|i386) "PKG..." FILE...: a staged root holding
# FILE... (paths inside the packages: programs, and libraries a program
# opens with dlopen, which NEEDED does not name) from the packages PKG
# (for ARCH) and the library packages they depend on, with the shared libraries they need and
# the first program's ELF interpreter, at the paths the binaries expect;
# nothing else (no docs).  Cached under a key made of the .deb file names
# (so of the package versions) and FILE...
stage_root() {
	local name=$1 arch=$2 triplet pkgs debs dir full bin interp f p
	local -a want=()
	for p in $3; do want+=("$p:$arch"); done
	shift 3
	local -a files=("$@")
	case $arch in
	amd64) triplet=x86_64-linux-gnu ;;
	i386)  triplet=i386-linux-gnu ;;
	esac
	pkgs=$(lib_closure "$arch" "${want[@]}" | tr '\n' ' ')
	# shellcheck disable=SC2086
	if ! debs=$(apt-get download --print-uris $pkgs | awk '{print $2}' | sort | tr '\n' ' '); then
		echo "fetch-debs: cannot resolve $pkgs(for :i386, tests/install-deps.sh adds the i386 architecture; run apt-get update)" >&2
		return 1
	fi
	dir=$cache/$name-$arch-$(echo "$debs ${files[*]}" | sha256sum | cut -c1-16)
	if [ ! -f "$dir/.done" ]; then
		echo "fetch-debs: $name:$arch: $debs" >&2
		rm -rf "$dir" && mkdir -p "$dir/deb" "$dir/root"
		# shellcheck disable=SC2086
		(cd "$dir/deb" && apt-get download -q $pkgs >&2)
		# unpack every package into one tree, then copy out only the
		# files and their ELF closure, as regular files
		full=$dir/full
		for f in "$dir"/deb/*.deb; do dpkg-deb -x "$f" "$full"; done
		for bin in "${files[@]}"; do
			[ -f "$full/$bin" ] || { echo "fetch-debs: ${want[*]} have no /$bin" >&2; return 1; }
			install -D -m 755 "$full/$bin" "$dir/root/$bin"
		done
		bin=${files[0]}
		interp=$(readelf -lW "$full/$bin" | sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')
		[ -n "$interp" ] || { echo "fetch-debs: no ELF interpreter in $bin" >&2; return 1; }
		[ -e "$full$interp" ] || { echo "fetch-debs: ELF interpreter $interp is in none of: $debs" >&2; return 1; }
		mkdir -p "$dir/root$(dirname "$interp")"
		cp -L "$full$interp" "$dir/root$interp"
		# resolve NEEDED like ld.so does without an ld.so.cache (the
		# guest has none): glibc's built-in directories, multiarch
		# first; the interpreter's own name (libc.so.6 needs it) is
		# satisfied by the interpreter
		local -a objs=() search=("lib/$triplet" "usr/lib/$triplet" lib usr/lib)
		for bin in "${files[@]}"; do objs+=("$dir/root/$bin"); done
		local -A have=(["$(basename "$interp")"]=1)
		local o n s found missing=
		while [ ${#objs[@]} -gt 0 ]; do
			o=${objs[0]}; objs=("${objs[@]:1}")
			if readelf -dW "$o" | grep -qE '\((RPATH|RUNPATH)\)'; then
				echo "fetch-debs: $o has an RPATH/RUNPATH, not handled" >&2; return 1
			fi
			for n in $(readelf -dW "$o" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
				[ -z "${have[$n]:-}" ] || continue
				have[$n]=1
				found=
				for s in "${search[@]}"; do
					if [ -e "$full/$s/$n" ]; then found=$s/$n; break; fi
				done
				if [ -z "$found" ]; then missing+=" $n"; continue; fi
				mkdir -p "$dir/root/$(dirname "$found")"
				cp -L "$full/$found" "$dir/root/$found"
				objs+=("$dir/root/$found")
			done
		done
		if [ -n "$missing" ]; then
			echo "fetch-debs: $name:$arch needs$missing, in none of the fetched packages: $debs" >&2
			echo "fetch-debs: (a library package that lib_closure did not follow?)" >&2
			return 1
		fi
		rm -rf "$full" "$dir/deb"
		echo "$debs" > "$dir/packages"
		touch "$dir/.done"
	fi
	echo "$dir/root"
}

# selftest_tools ARCH -> a staged root with what the kernel's kexec
# selftests (tools/testing/selftests/kexec) run besides busybox: pesign
# (with the NSS modules it opens with dlopen), getfattr, GNU tail (the
# scripts use `tail --bytes`, which busybox's tail lacks) and dash,
# Debian's /bin/sh (busybox's sh runs its own applets, tail among them,
# whatever PATH says)
selftest_tools() {
	local triplet
	case $1 in amd64) triplet=x86_64-linux-gnu ;; i386) triplet=i386-linux-gnu ;; esac
	stage_root selftest-tools "$1" "pesign attr coreutils dash" usr/bin/pesign \
		"usr/lib/$triplet/libsoftokn3.so" "usr/lib/$triplet/libfreeblpriv3.so" \
		usr/bin/getfattr usr/bin/tail bin/dash
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
ovmf)	# the EFI firmware for the EFI cases: the installed one, else the
	# package unpacked into the cache
	if [ -f /usr/share/ovmf/OVMF.fd ]; then echo /usr/share/ovmf/OVMF.fd
	else r=$(fetch ovmf) && echo "$r/usr/share/ovmf/OVMF.fd"; fi ;;
debian-efivarfs) # efivarfs.ko of Debian's stock kernel
	img=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
	r=$(fetch "$img") && ls "$r"/lib/modules/*/kernel/fs/efivarfs/efivarfs.ko | head -1 ;;
makedumpfile-x86_64) stage_root makedumpfile amd64 makedumpfile usr/bin/makedumpfile ;;
makedumpfile-i386)   stage_root makedumpfile i386 makedumpfile usr/bin/makedumpfile ;;
selftest-tools-x86_64) selftest_tools amd64 ;;
selftest-tools-i386)   selftest_tools i386 ;;
xen-amd64)
	r=$(fetch xen-hypervisor-4.17-amd64)
	ls "$r"/boot/xen-*-amd64.gz | head -1 ;;
*) echo "fetch-debs: unknown $what" >&2; exit 2 ;;
esac
