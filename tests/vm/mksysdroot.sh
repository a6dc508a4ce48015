#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# mksysdroot.sh DIR DEB KERNEL LOAD_KEXEC: the guest of the case
# pkg-systemd-kexec-reboot-x86_64 (run-vm-tests.sh), in DIR:
#   DIR/root.img    an ext4 image (mkfs.ext4 -d, no mounts) of a Debian 12
#                   root booting systemd, with our package DEB installed
#                   by dpkg and /etc/default/kexec saying LOAD_KEXEC=ARG,
#                   KERNEL_IMAGE=/boot/vmlinuz, INITRD=/boot/initrd.img,
#                   APPEND=<the first boot's line with kjboot=2>
#   DIR/initrd.img  a busybox initramfs that loads KERNEL's modules for
#                   virtio-blk and ext4 (Debian's stock kernel is modular)
#                   and switch_roots into /dev/vda; also /boot/initrd.img
#                   in the root, beside KERNEL as /boot/vmlinuz
#   DIR/append      the first boot's command line
# The root: the package test's mmdebstrap tarball (tests/pkg/pkgroot.sh)
# plus systemd and systemd-sysv, installed with apt in a chroot and cached
# as /var/cache/kexec-jump/sysdroot-<the base tarball's name> (so it
# follows the base's day).  The chroot shares this machine's kernel: it
# runs only apt and dpkg, with a policy-rc.d that refuses service starts;
# nothing in it runs kexec (the package's postinst only enables units).
# A test-only unit, kj-sysd-test.service, after kexec-jump-load.service:
# first boot (kjboot=1): prints KJ-SYSD-BOOT1 and kexec_loaded, then
# `systemctl reboot`; second boot (kjboot=2): prints "KJ-SYSD-BOOT2
# cmdline=..." and powers off.  journald forwards to the serial console,
# so the load script's "kexec-load: ..." lines are in the log.
set -u
dir=$1 deb=$2 kernel=$3 loadkexec=$4
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${KJ_CACHE:-/var/cache/kexec-jump}
die() { echo "mksysdroot: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (chroot)"
command -v mkfs.ext4 >/dev/null || die "mkfs.ext4 missing (e2fsprogs; tests/install-deps.sh)"
mkdir -p "$dir"
base=$(bash "$top/tests/pkg/pkgroot.sh" "$dir") || die "no base root (tests/pkg/pkgroot.sh)"
sysd=$cache/sysdroot-$(basename "$base")
root=$dir/root
cleanup() {
	umount "$root/proc" 2>/dev/null
	rm -rf "$root"
}
trap cleanup EXIT
cleanup
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }
policy() { printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"; chmod 755 "$root/usr/sbin/policy-rc.d"; }
(
	flock 9
	if [ ! -s "$sysd" ]; then
		rm -f "$cache"/sysdroot-*.tar
		mkdir -p "$root" && tar -xf "$base" -C "$root" || exit 1
		mount -t proc proc "$root/proc"
		cp /etc/resolv.conf "$root/etc/resolv.conf"
		policy
		in_root apt-get install -y -q --no-install-recommends systemd systemd-sysv \
			>"$dir/apt-systemd.log" 2>&1 || { tail -20 "$dir/apt-systemd.log" >&2; exit 1; }
		in_root apt-get clean
		umount "$root/proc"
		rm -f "$root/usr/sbin/policy-rc.d"
		tar -C "$root" -cf "$sysd.tmp" . && mv "$sysd.tmp" "$sysd" || exit 1
		rm -rf "$root"
	fi
) 9>"$cache/.lock-sysdroot" || die "could not make $sysd (log: $dir/apt-systemd.log)"
mkdir -p "$root" && tar -xf "$sysd" -C "$root" || die "unpack $sysd"
[ -x "$root/lib/systemd/systemd" ] && [ -L "$root/sbin/init" ] || die "no systemd as /sbin/init in $sysd"

# our package, by dpkg in the chroot (no service starts: policy-rc.d,
# and no systemd runs there)
mount -t proc proc "$root/proc"
policy
cp "$deb" "$root/tmp/"
in_root dpkg -i "/tmp/$(basename "$deb")" >"$dir/dpkg.log" 2>&1 || { cat "$dir/dpkg.log" >&2; die "dpkg -i $deb"; }
rm -f "$root/tmp/$(basename "$deb")" "$root/usr/sbin/policy-rc.d"
umount "$root/proc"
[ -L "$root/etc/systemd/system/multi-user.target.wants/kexec-jump-load.service" ] &&
[ -L "$root/etc/systemd/system/reboot.target.wants/kexec-jump-reboot.service" ] ||
	die "the package's units are not enabled"

# the kernel (modular): an initramfs with busybox and the modules for
# the root disk, in the order of their dependencies (modinfo depends=)
mods=$(ls -d "$(dirname "$kernel")"/../lib/modules/* | head -1)
[ -d "$mods" ] || die "no modules beside $kernel"
bb=$("$here/fetch-debs.sh" busybox-x86_64) || die "no busybox"
ird=$dir/initrd
rm -rf "$ird"; mkdir -p "$ird/bin" "$ird/lib/modules" "$ird/dev" "$ird/proc" "$ird/sys" "$ird/newroot"
cp "$bb" "$ird/bin/busybox"
order="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk crc16 mbcache jbd2 crc32c_generic ext4"
for m in $order; do
	f=$(find "$mods" -name "$m.ko" | head -1)
	[ -n "$f" ] || die "no $m.ko in $mods"
	cp "$f" "$ird/lib/modules/"
done
cat >"$ird/init" <<SH
#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-or-later
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $order; do insmod /lib/modules/\$m.ko || echo "kj-initrd: insmod \$m failed"; done
i=0
while [ ! -b /dev/vda ] && [ \$i -lt 100 ]; do sleep 0.1; i=\$((i + 1)); done
mount -t ext4 -o rw /dev/vda /newroot || { echo "kj-initrd: cannot mount /dev/vda"; poweroff -f; }
echo "kj-initrd: root mounted, starting /sbin/init"
umount /proc /sys
mount --move /dev /newroot/dev 2>/dev/null || umount /dev
exec switch_root /newroot /sbin/init
SH
chmod 755 "$ird/init"
(cd "$ird" && find . | cpio -o -H newc --quiet | gzip -1) >"$dir/initrd.img" || die "cpio"
rm -rf "$ird"
mkdir -p "$root/boot"
cp "$kernel" "$root/boot/vmlinuz"
cp "$dir/initrd.img" "$root/boot/initrd.img"

# the configuration under test, and the test unit
append="console=ttyS0 panic=-1 systemd.show_status=1 kjboot=1"
echo "$append" >"$dir/append"
cat >"$root/etc/default/kexec" <<CONF
# SPDX-License-Identifier: GPL-2.0-or-later
# written by tests/vm/mksysdroot.sh
LOAD_KEXEC=$loadkexec
KERNEL_IMAGE="/boot/vmlinuz"
INITRD="/boot/initrd.img"
APPEND="${append% kjboot=1} kjboot=2"
USE_GRUB_CONFIG=false
CONF
cat >"$root/usr/local/sbin/kj-sysd-test" <<'SH'
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test-only (tests/vm/mksysdroot.sh): the two boots of the systemd case
c=/dev/console
case " $(cat /proc/cmdline) " in
*" kjboot=1 "*)
	echo "KJ-SYSD-BOOT1 kexec_loaded=$(cat /sys/kernel/kexec_loaded) load=$(systemctl is-active kexec-jump-load.service)" >$c
	echo "KJ-SYSD-REBOOTING" >$c
	systemctl --no-block reboot ;;
*" kjboot=2 "*)
	echo "KJ-SYSD-BOOT2 cmdline=$(cat /proc/cmdline)" >$c
	systemctl --no-block poweroff ;;
*)	echo "KJ-SYSD-UNKNOWN cmdline=$(cat /proc/cmdline)" >$c
	systemctl --no-block poweroff ;;
esac
SH
chmod 755 "$root/usr/local/sbin/kj-sysd-test"
cat >"$root/etc/systemd/system/kj-sysd-test.service" <<'UNIT'
# SPDX-License-Identifier: GPL-2.0-or-later
# test-only (tests/vm/mksysdroot.sh)
[Unit]
Description=kexec-jump VM test: reboot, then report the second boot
After=kexec-jump-load.service

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/kj-sysd-test

[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/kj-sysd-test.service "$root/etc/systemd/system/multi-user.target.wants/kj-sysd-test.service"
# the load script's lines on the serial console; no login prompt;
# units that only cost time here
mkdir -p "$root/etc/systemd/journald.conf.d"
printf '[Journal]\nForwardToConsole=yes\nTTYPath=/dev/console\nMaxLevelConsole=info\nStorage=volatile\n' \
	>"$root/etc/systemd/journald.conf.d/kj-console.conf"
for u in serial-getty@ttyS0.service getty@tty1.service apt-daily.timer apt-daily-upgrade.timer \
	man-db.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer systemd-timesyncd.service; do
	ln -sf /dev/null "$root/etc/systemd/system/$u"
done
echo kj-guest >"$root/etc/hostname"
: >"$root/etc/machine-id"
rm -f "$root/etc/resolv.conf"
rm -f "$dir/root.img"
mkfs.ext4 -q -F -L kjroot -d "$root" "$dir/root.img" 1200M >"$dir/mkfs.log" 2>&1 ||
	{ cat "$dir/mkfs.log" >&2; die "mkfs.ext4 -d"; }
echo "$dir/root.img"
