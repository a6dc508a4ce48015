# SPDX-License-Identifier: GPL-2.0-or-later
# linuxboot: boot /boot/bzImage with /boot/initrd2 by a normal kexec
# (kexec -l, then kexec -e).  kjform= picks the command-line form:
#   l        kexec -l K --initrd=I --append=TEXT
#   systemd  kexec --load K --append TEXT --initrd I   (separate words)
#   reuse    kexec -l K --ramdisk=I --reuse-cmdline --append=kjstage=2
#   corrupt  like l, with a kernel byte flipped after hashing: no boot
#            (--console-serial: our purgatory, so kexec_load)
#   elf      kexec -l /boot/vmlinux --args-linux --initrd=I --append=TEXT
#            (the ELF vmlinux; always kexec_load)
#   gz       kexec -l /boot/bzImage.gz --initrd=I --append=TEXT (the
#            bzImage gzip -9'd on the host: decompressed by kexec; with
#            -s it reaches kexec_file_load through a memfd)
#   elfzst   kexec -l /boot/vmlinux.zst --args-linux --initrd=I
#            --append=TEXT (the ELF vmlinux, zstd-compressed)
#   uki      kexec -l /boot/uki.efi: a unified kernel image carrying the
#            kernel, initrd2 and the command line (sections .linux,
#            .initrd, .cmdline); -s refuses it first
# kjkexecsum=SHA256: the kexec in PATH must have this sha256 (the
# packaged binary; pkg-linuxboot case).
# kjsys= adds the system-call choice (c = -c, s = -s, empty = the default
# -a) and kjpath= says which call must have loaded it, from kexec -d's
# debug lines: file (kexec_file_load), fallback (file call refused, then
# kexec_load) or load (kexec_load only).
# The second kernel's /init (guest/init2) prints its /proc/cmdline and
# the marker file of initrd2; the host checks both.
. /tests/lib.sh
form=$(kcmd kjform)
m=$(kcmd kjmarker)
sys=$(kcmd kjsys); sys=${sys:+-$sys}
path=$(kcmd kjpath)
text="console=ttyS0,115200 panic=-1 kjstage=2 kjmarker=$m"
ls -l /boot
# kjkexecsum=: the kexec to use is the one from the Debian package (host:
# pkg_linuxboot_case); check that is what runs here
sum=$(kcmd kjkexecsum)
if [ -n "$sum" ]; then
	kx=$(command -v kexec)
	got=$(sha256sum "$kx" | cut -d' ' -f1)
	[ "$got" = "$sum" ] && ok "$kx is the packaged kexec (sha256 $sum)" ||
		fail "$kx is not the packaged kexec: sha256 $got, want $sum"
	echo "KJ-PKG-KEXEC $(kexec --version 2>&1)"
fi
# booted by EFI (OVMF): what the first kernel shows
[ -d /sys/firmware/efi ] && echo "KJ-EFI1 runtime=$(cat /sys/firmware/efi/runtime) runtime-map=$(ls /sys/firmware/efi/runtime-map | wc -l) efi_info=$(od -An -tx4 -j $((0x1c0)) -N 32 /sys/kernel/boot_params/data | tr -s ' ')"
case $form in
l)	expect_rc 0 "kexec $sys -d -l bzImage --initrd= --append=" \
		kexec $sys -d -l /boot/bzImage --initrd=/boot/initrd2 --append="$text" $LOADARGS 2>/tmp/load.err ;;
systemd) expect_rc 0 "kexec $sys -d --load bzImage --append TEXT --initrd FILE" \
		kexec $sys -d --load /boot/bzImage --append "$text" --initrd /boot/initrd2 $LOADARGS 2>/tmp/load.err ;;
reuse)	expect_rc 0 "kexec $sys -d -l bzImage --ramdisk= --reuse-cmdline --append=" \
		kexec $sys -d -l /boot/bzImage --ramdisk=/boot/initrd2 --reuse-cmdline --append=kjstage=2 $LOADARGS 2>/tmp/load.err ;;
corrupt) # the kernel segment is corrupted after hashing (test hook, so
	# the test build kexec-hooks): the purgatory must refuse to boot it,
	# say so, and halt
	expect_rc 0 "kexec-hooks -l bzImage with a corrupted kernel segment" env KEXEC_JUMP_TEST_CORRUPT_SEGMENT=1 \
		kexec-hooks -l /boot/bzImage --initrd=/boot/initrd2 --append="$text" --console-serial $LOADARGS ;;
elf)	expect_rc 0 "kexec $sys -d -l vmlinux --args-linux --initrd= --append=" \
		kexec $sys -d -l /boot/vmlinux --args-linux --initrd=/boot/initrd2 --append="$text" $LOADARGS 2>/tmp/load.err ;;
gz)	expect_rc 0 "kexec $sys -d -l bzImage.gz --initrd= --append=" \
		kexec $sys -d -l /boot/bzImage.gz --initrd=/boot/initrd2 --append="$text" $LOADARGS 2>/tmp/load.err ;;
elfzst)	expect_rc 0 "kexec $sys -d -l vmlinux.zst --args-linux --initrd= --append=" \
		kexec $sys -d -l /boot/vmlinux.zst --args-linux --initrd=/boot/initrd2 --append="$text" $LOADARGS 2>/tmp/load.err ;;
uki)	expect_rc 1 "kexec -s -l uki.efi is refused (the kernel's file loader takes bzImages only)" \
		kexec -s -l /boot/uki.efi
	expect_rc 0 "kexec $sys -d -l uki.efi" \
		kexec $sys -d -l /boot/uki.efi $LOADARGS 2>/tmp/load.err
	grep -q 'loading as uki' /tmp/load.err && ok "loaded as a UKI" || fail "not loaded by the uki loader" ;;
*)	fail "unknown kjform '$form'" ;;
esac
# a compressed kernel: kexec -d says it decompressed it
case $form in
gz|elfzst)
	z=gzip; [ $form = elfzst ] && z=zstd
	grep "compressed, " /tmp/load.err | sed 's/^/KJ-LOAD-DEBUG /'
	grep -q ": $z-compressed, [0-9]* bytes decompressed to [0-9]*" /tmp/load.err &&
		ok "kexec -d: the kernel was $z-decompressed" ||
		fail "no $z decompression line in kexec -d's output"
	;;
esac
# which SHA-256 code hashed the segments (kexec -d; the host checks it
# against KJ_VM_EXPECT_SHA)
grep -E 'sha256: [0-9]+ bytes in [0-9]+ regions, by ' /tmp/load.err 2>/dev/null | sed 's/^/KJ-LOAD-SHA /'
# where the kernel went (kexec -d's bzImage line; the host checks it
# against KJ_VM_EXPECT_KADDR)
grep -E ': bzImage protocol [0-9.]+, kernel at 0x[0-9a-f]+ ' /tmp/load.err 2>/dev/null | sed 's/^/KJ-LOAD-KERNEL /'
if [ -n "$path" ]; then
	sed 's/^/KJ-LOAD-DEBUG /' /tmp/load.err | grep -E 'kexec_file_load|trying kexec_load| loaded'
	f=0; b=0
	grep -q 'loaded with kexec_file_load' /tmp/load.err && f=1
	grep -q 'trying kexec_load' /tmp/load.err && b=1
	case $path:$f:$b in
	file:1:0) ok "loaded by kexec_file_load" ;;
	fallback:0:1) ok "kexec_file_load refused, loaded by kexec_load" ;;
	load:0:0) ok "loaded by kexec_load only" ;;
	*) fail "load path: want $path, file=$f fallback=$b" ;;
	esac
fi
[ "$(loaded)" = 1 ] && ok "image loaded" || fail "kexec_loaded is $(loaded)"
expect_rc 1 "kexec -l -S says loaded" kexec -l -S
# a failed load keeps the loaded kernel
kfile=/boot/bzImage; kargs=
[ "$form" = elf ] && { kfile=/boot/vmlinux; kargs=--args-linux; }
[ "$form" = gz ] && kfile=/boot/bzImage.gz
[ "$form" = elfzst ] && { kfile=/boot/vmlinux.zst; kargs=--args-linux; }
if [ "$form" = gz ]; then
	# a corrupt copy: one line naming the file, the loaded kernel stays
	# (the host broke its CRC-32: /boot/bad.gz)
	out=$(kexec $sys -l /boot/bad.gz --initrd=/boot/initrd2 2>&1); rc=$?
	echo "KJ-MSG $out"
	[ $rc = 1 ] && ok "a corrupt bzImage.gz is refused (exit 1)" || fail "corrupt bzImage.gz: exit $rc"
	case $out in "kexec: /boot/bad.gz: corrupt gzip data (zlib: incorrect data check)") ok "one line naming the file and the reason";;
	*) fail "message: $out";; esac
	[ "$(loaded)" = 1 ] && ok "the kernel is still loaded after the corrupt one" || fail "image lost: kexec_loaded is $(loaded)"
fi
[ "$form" = uki ] && kfile=/boot/uki.efi
out=$(kexec $sys -l $kfile $kargs --initrd=/boot/initrd2 --append="$(head -c 3000 /dev/zero | tr '\0' x)" 2>&1); rc=$?
echo "KJ-MSG $out"
[ $rc != 0 ] && ok "a too long command line is refused (exit $rc)" || fail "a 3000-byte command line was accepted"
case $out in *cmdline_size*) ok "the message names cmdline_size";; *) fail "message: $out";; esac
[ "$(loaded)" = 1 ] && ok "the kernel is still loaded after the failed load" || fail "image lost: kexec_loaded is $(loaded)"
finish
echo "KJ-EXEC-LINUX"
sleep 1      # let the console drain before the kernel goes away
kexec -e
echo "KJ-CHECK FAIL kexec -e returned with status $?"
