# SPDX-License-Identifier: GPL-2.0-or-later
# l2l: Linux-to-Linux kexec jumps, A -> B -> A -> B -> A ...
# A (this kernel) fills 32 MiB of tmpfs with random data and keeps its
# sha256, builds B's initramfs from its own root (same busybox, kexec and
# scripts; B runs tests/l2lb.sh), loads B with --load-preserve-context and
# jumps kjn= times.  B loads the jump-back helper with the
# kexec_jump_back_entry= our purgatory put on its command line and jumps
# back each time.  Markers: KJ-A-JUMP/KJ-A-BACK here, KJ-B-* from B; the
# host checks that B booted exactly once (every later entry is a resume)
# and that A's data survived.
. /tests/lib.sh
n=$(kcmd kjn); [ -n "$n" ] || n=3
dd if=/dev/urandom of=/tmp/amem bs=1M count=32 2>/dev/null
sum0=$(sha256sum /tmp/amem | cut -d' ' -f1)
echo "KJ-A-SUM before $sum0"
# B's initramfs: this root minus /boot, /tmp and the pseudo file systems
mkdir -p /tmp/b && cp -a /bin /sbin /tests /init /tmp/b/ && mkdir -p /tmp/b/dev /tmp/b/proc /tmp/b/sys /tmp/b/tmp /tmp/b/run /tmp/b/phy &&
	mknod /tmp/b/dev/console c 5 1 &&
	( cd /tmp/b && find . | cpio -o -H newc 2>/dev/null | gzip > /tmp/b.cpio.gz ) &&
	rm -rf /tmp/b && ok "B's initramfs built ($(wc -c < /tmp/b.cpio.gz) bytes)" || fail "cannot build B's initramfs"
expect_rc 0 "load B with --load-preserve-context" kexec --load-preserve-context /boot/bzImage \
	--initrd=/tmp/b.cpio.gz --append="console=ttyS0,115200 no_console_suspend panic=-1 kjtest=l2lb" $LOADARGS
: > /tmp/log
i=1
while [ $i -le $n ]; do
	echo "KJ-A-JUMP $i" >> /tmp/log
	kexec -e
	rc=$?
	echo "KJ-A-BACK $i rc=$rc uptime $(cut -d' ' -f1 /proc/uptime)" >> /tmp/log
	i=$((i + 1))
done
cat /tmp/log
sum1=$(sha256sum /tmp/amem | cut -d' ' -f1)
echo "KJ-A-SUM after $sum1"
[ "$sum0" = "$sum1" ] && ok "A's 32 MiB written before the first jump is intact" || fail "A's data changed: $sum0 -> $sum1"
check_dmesg_clean
( echo "KJ-ALIVE $(cat /proc/uptime)" ) && ok "A's userspace alive after $n round trips through B"
finish
