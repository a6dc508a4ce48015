# linuxboot: boot /boot/bzImage with /boot/initrd2 by a normal kexec
# (kexec -l, then kexec -e).  kjform= picks the command-line form:
#   l        kexec -l K --initrd=I --append=TEXT
#   systemd  kexec --load K --append TEXT --initrd I   (separate words)
#   reuse    kexec -l K --ramdisk=I --reuse-cmdline --append=kjstage=2
#   corrupt  like l, with a kernel byte flipped after hashing: no boot
# The second kernel's /init (guest/init2) prints its /proc/cmdline and
# the marker file of initrd2; the host checks both.
. /tests/lib.sh
form=$(kcmd kjform)
m=$(kcmd kjmarker)
text="console=ttyS0,115200 panic=-1 kjstage=2 kjmarker=$m"
ls -l /boot
case $form in
l)	expect_rc 0 "kexec -l bzImage --initrd= --append=" \
		kexec -l /boot/bzImage --initrd=/boot/initrd2 --append="$text" $LOADARGS ;;
systemd) expect_rc 0 "kexec --load bzImage --append TEXT --initrd FILE" \
		kexec --load /boot/bzImage --append "$text" --initrd /boot/initrd2 $LOADARGS ;;
reuse)	expect_rc 0 "kexec -l bzImage --ramdisk= --reuse-cmdline --append=" \
		kexec -l /boot/bzImage --ramdisk=/boot/initrd2 --reuse-cmdline --append=kjstage=2 $LOADARGS ;;
corrupt) # the kernel segment is corrupted after hashing (test hook):
	# the purgatory must refuse to boot it, say so, and halt
	expect_rc 0 "kexec -l bzImage with a corrupted kernel segment" env KEXEC_JUMP_TEST_CORRUPT_SEGMENT=1 \
		kexec -l /boot/bzImage --initrd=/boot/initrd2 --append="$text" --console-serial $LOADARGS ;;
*)	fail "unknown kjform '$form'" ;;
esac
[ "$(loaded)" = 1 ] && ok "image loaded" || fail "kexec_loaded is $(loaded)"
expect_rc 1 "kexec -l -S says loaded" kexec -l -S
# a failed load keeps the loaded kernel
out=$(kexec -l /boot/bzImage --initrd=/boot/initrd2 --append="$(head -c 3000 /dev/zero | tr '\0' x)" 2>&1); rc=$?
echo "KJ-MSG $out"
[ $rc != 0 ] && ok "a too long command line is refused (exit $rc)" || fail "a 3000-byte command line was accepted"
case $out in *cmdline_size*) ok "the message names cmdline_size";; *) fail "message: $out";; esac
[ "$(loaded)" = 1 ] && ok "the kernel is still loaded after the failed load" || fail "image lost: kexec_loaded is $(loaded)"
finish
echo "KJ-EXEC-LINUX"
sleep 1      # let the console drain before the kernel goes away
kexec -e
echo "KJ-CHECK FAIL kexec -e returned with status $?"
