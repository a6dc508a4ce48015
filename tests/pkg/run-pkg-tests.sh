#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/pkg/run-pkg-tests.sh: the Debian package, tested as installed.
#  - builds the amd64 package (tests/pkg/build-deb.sh; nocheck: the unit
#    tests run in their own stage, KJ_PKG_CHECK=1 runs them here too) and,
#    in the background, the i386 one (cross-built); lintian: no errors
#  - makes a clean Debian 12 (bookworm) root with mmdebstrap (the base
#    tarball is cached as /var/cache/kexec-jump/pkgroot-bookworm-DATE.tar,
#    one per day), installs the .deb with apt and checks, in a chroot:
#    kexec --version, man kexec, vmcore-dmesg --help, dpkg -L, that
#    kdump-tools installs against our package (kexec-tools not installed)
#    and kdump-config show runs, and that apt-get remove works
# The chroot shares this machine's kernel: nothing here loads or starts a
# kernel (no kexec -l/-e/-p/-u/-s; services are not started: policy-rc.d
# refuses, and there is no systemd running in the root).
# Needs root (for the chroot).  Prints ok/not ok lines and
# "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
suite=bookworm
cache=/var/cache/kexec-jump
work=$top/_build/pkg
p=0; f=0
ok() { echo "ok $*"; p=$((p + 1)); }
fail() { echo "not ok $*"; f=$((f + 1)); }
finish() { echo "$p passed, $f failed"; exit $(( f > 0 )); }
t0=$(date +%s)
elapsed() { echo "($(( $(date +%s) - t0 )) s)"; }

[ "$(id -u)" = 0 ] || { fail "run-pkg-tests: needs root (chroot)"; finish; }
for c in dpkg-buildpackage mmdebstrap lintian; do
	command -v $c >/dev/null || { fail "run-pkg-tests: $c missing (tests/install-deps.sh)"; finish; }
done

opts=nocheck; [ "${KJ_PKG_CHECK:-0}" = 1 ] && opts=
# i386 in the background (a cross build; no tests: 32-bit programs do not
# run here)
mkdir -p "$work"
bash "$top/tests/pkg/build-deb.sh" i386 >"$work/build-i386.log" 2>&1 &
i386pid=$!
if DEB_BUILD_OPTIONS=$opts bash "$top/tests/pkg/build-deb.sh" amd64 >"$work/build-amd64.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b (amd64${opts:+, $opts}) $(elapsed)"
else
	tail -20 "$work/build-amd64.log"; fail "dpkg-buildpackage amd64 (log: $work/build-amd64.log)"
	wait $i386pid; finish
fi
deb=$(ls "$work"/amd64/kexec-jump_*_amd64.deb)

# ---- the clean root ----
tar=$cache/pkgroot-$suite-$(date +%Y%m%d).tar
cached=0; [ -s "$tar" ] && cached=1
if ! tar=$(bash "$top/tests/pkg/pkgroot.sh" "$work"); then
	fail "mmdebstrap $suite (log: $work/mmdebstrap.log)"; wait $i386pid; finish
fi
if [ $cached = 0 ]; then ok "mmdebstrap $suite root made and cached as $tar $(elapsed)"
else ok "clean $suite root from the cache ($tar)"; fi
root=$work/root
cleanup() {
	umount "$root/proc" 2>/dev/null
	umount "$root/sys" 2>/dev/null
	rm -rf "$root"
}
umount "$root/proc" "$root/sys" 2>/dev/null
rm -rf "$root"; mkdir -p "$root"
trap cleanup EXIT
tar -xf "$tar" -C "$root" || { fail "unpack $tar"; finish; }
mount -t proc proc "$root/proc"
mount -t sysfs -o ro sysfs "$root/sys"
cp /etc/resolv.conf "$root/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"; chmod 755 "$root/usr/sbin/policy-rc.d"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }

if in_root apt-get install -y -q "/tmp/$(basename "$deb")" >"$work/apt-install.log" 2>&1; then
	ok "apt-get install ./$(basename "$deb") in a clean $suite root $(elapsed)"
else
	tail -20 "$work/apt-install.log"; fail "apt-get install our .deb (log: $work/apt-install.log)"; wait $i386pid; finish
fi

# ---- the installed files ----
list=$(in_root dpkg -L kexec-jump)
ma=x86_64-linux-gnu
missing=
for path in /usr/sbin/kexec /usr/sbin/vmcore-dmesg /usr/share/man/man8/kexec.8.gz \
	/usr/share/man/man8/vmcore-dmesg.8.gz /etc/default/kexec \
	/usr/lib/kexec-jump/kexec-load /lib/systemd/system/kexec-jump-load.service \
	/lib/systemd/system/kexec-jump-reboot.service \
	/usr/lib/$ma/kexec-jump/kexec_test64.bin /usr/lib/$ma/kexec-jump/kexec_test32.bin \
	/usr/lib/$ma/kexec-jump/examples/phy_mode64.elf /usr/lib/$ma/kexec-jump/examples/bios.elf \
	/usr/share/doc/kexec-jump/copyright; do
	grep -qx "$path" <<<"$list" && [ -e "$root$path" ] || missing="$missing $path"
done
[ -z "$missing" ] && ok "dpkg -L kexec-jump lists the expected paths (and they exist)" ||
	fail "dpkg -L kexec-jump: missing$missing"
# usr-merged: /sbin/kexec (what kdump-tools and systemd call) is ours
[ "$(readlink -f "$root/sbin/kexec")" = "$root/usr/sbin/kexec" ] &&
	ok "/sbin/kexec resolves to /usr/sbin/kexec (merged /usr)" || fail "/sbin/kexec: $(ls -l "$root/sbin/kexec" 2>&1)"
grep -q '^/etc/default/kexec$' "$root/var/lib/dpkg/info/kexec-jump.conffiles" &&
	ok "/etc/default/kexec is a conffile" || fail "/etc/default/kexec is not a conffile"
[ -L "$root/etc/systemd/system/multi-user.target.wants/kexec-jump-load.service" ] &&
[ -L "$root/etc/systemd/system/reboot.target.wants/kexec-jump-reboot.service" ] &&
	ok "both units are enabled (multi-user.target, reboot.target)" ||
	fail "units not enabled: $(ls "$root"/etc/systemd/system/*.wants 2>&1 | tr '\n' ' ')"

# ---- the programs ----
out=$(in_root kexec --version 2>&1); rc=$?
echo "   kexec --version: $out (exit $rc)"
[ $rc = 0 ] && grep -Eq '^kexec-tools [0-9]+\.[0-9]+\.[0-9]+' <<<"$out" &&
	ok "kexec --version prints a kexec-tools version line" ||
	fail "kexec --version: '$out' (exit $rc) has no 'kexec-tools X.Y.Z'"
out=$(in_root sh -c 'MANWIDTH=80 man kexec 2>&1 | col -b'); rc=$?
if [ $rc = 0 ] && grep -q '^NAME' <<<"$out" && grep -Eq 'kexec .*(load|boot)' <<<"$out" &&
	grep -q -- '--load-preserve-context' <<<"$out"; then
	ok "man kexec renders ($(wc -l <<<"$out") lines)"
else
	head -5 <<<"$out"; fail "man kexec (exit $rc)"
fi
out=$(in_root man -w vmcore-dmesg 2>&1) && ok "man -w vmcore-dmesg: $out" || fail "man -w vmcore-dmesg: $out"
out=$(in_root vmcore-dmesg --help 2>&1); rc=$?
[ $rc = 0 ] && grep -q 'vmcore' <<<"$out" && ok "vmcore-dmesg --help (exit 0, $(wc -l <<<"$out") lines)" ||
	fail "vmcore-dmesg --help: exit $rc: $(head -2 <<<"$out")"
# the load script with the shipped /etc/default/kexec (LOAD_KEXEC=false)
# does nothing; run it only with a kexec stand-in, never the real one
cat >"$root/tmp/fake-kexec" <<'SH'
#!/bin/sh
echo "$@" >>/tmp/fake-kexec.log
SH
chmod 755 "$root/tmp/fake-kexec"
in_root env KEXEC=/tmp/fake-kexec /usr/lib/kexec-jump/kexec-load start >/dev/null 2>&1; rc=$?
[ $rc = 0 ] && [ ! -e "$root/tmp/fake-kexec.log" ] && ok "kexec-load start with LOAD_KEXEC=false loads nothing" ||
	fail "kexec-load start, LOAD_KEXEC=false: exit $rc, calls: $(cat "$root/tmp/fake-kexec.log" 2>/dev/null)"
# LOAD_KEXEC=true from /etc/default/kexec.d: the command it would run
mkdir -p "$root/boot"; echo kernel >"$root/boot/vmlinuz-x"; echo initrd >"$root/boot/initrd.img-x"
printf 'LOAD_KEXEC=true\nKERNEL_IMAGE=/boot/vmlinuz-x\nINITRD=/boot/initrd.img-x\n' >"$root/etc/default/kexec.d/test"
in_root env KEXEC=/tmp/fake-kexec /usr/lib/kexec-jump/kexec-load load >/dev/null 2>&1; rc=$?
want="-l /boot/vmlinuz-x --initrd=/boot/initrd.img-x --append=$(tr ' ' '\n' </proc/cmdline | grep -v '^BOOT_IMAGE=' | grep . | tr '\n' ' ' | sed 's/ $//')"
got=$(cat "$root/tmp/fake-kexec.log" 2>/dev/null)
[ $rc = 0 ] && [ "$got" = "$want" ] && ok "kexec-load load, LOAD_KEXEC=true in kexec.d: runs kexec $want" ||
	fail "kexec-load load: exit $rc, ran '$got', want '$want'"
# the shutdown paths, with a systemctl stand-in (first in PATH) that
# reports the queued jobs / system state given in /tmp/fake-jobs and
# /tmp/fake-state and records what it is asked to do
mkdir -p "$root/tmp/fakebin"
cat >"$root/tmp/fakebin/systemctl" <<'SH'
#!/bin/sh
case $1 in
list-jobs) cat /tmp/fake-jobs ;;
is-system-running) cat /tmp/fake-state ;;
*) echo "$@" >>/tmp/fake-systemctl.log ;;
esac
SH
chmod 755 "$root/tmp/fakebin/systemctl"
echo 1 >"$root/tmp/fake-loaded"
fake_run() { # ACTION JOBS STATE: prints the kexec and systemctl calls
	rm -f "$root"/tmp/fake-kexec.log "$root"/tmp/fake-systemctl.log
	printf '%s\n' "$2" >"$root/tmp/fake-jobs"; printf '%s\n' "$3" >"$root/tmp/fake-state"
	in_root env PATH=/tmp/fakebin:/usr/sbin:/usr/bin:/sbin:/bin KEXEC=/tmp/fake-kexec \
		KEXEC_LOADED_FILE=/tmp/fake-loaded /usr/lib/kexec-jump/kexec-load "$1" >/dev/null 2>&1
	echo "rc=$? kexec=[$(cat "$root/tmp/fake-kexec.log" 2>/dev/null)] systemctl=[$(cat "$root/tmp/fake-systemctl.log" 2>/dev/null)]"
}
# expect_run DESCRIPTION ACTION JOBS STATE WANT: fake_run's line is WANT
expect_run() {
	local r; r=$(fake_run "$2" "$3" "$4")
	[ "$r" = "$5" ] && ok "$1" || fail "$1: $r"
}
expect_run "kexec-load stop, reboot.target queued: loads the kernel again" \
	stop "123 reboot.target start waiting" stopping "rc=0 kexec=[$want] systemctl=[]"
expect_run "kexec-load stop, kexec.target queued: loads the kernel again" \
	stop "77 kexec.target start waiting" stopping "rc=0 kexec=[$want] systemctl=[]"
expect_run "kexec-load stop, poweroff: loads nothing" \
	stop "9 poweroff.target start waiting" stopping "rc=0 kexec=[] systemctl=[]"
expect_run "kexec-load reboot, a kernel loaded: systemctl --force kexec" \
	reboot "" stopping "rc=0 kexec=[] systemctl=[--force kexec]"
expect_run "kexec-load reboot while the system runs: does nothing" \
	reboot "" running "rc=0 kexec=[] systemctl=[]"
echo 0 >"$root/tmp/fake-loaded"
expect_run "kexec-load reboot, nothing loaded: plain reboot" \
	reboot "" stopping "rc=0 kexec=[] systemctl=[]"
rm -f "$root/etc/default/kexec.d/test"
echo 1 >"$root/tmp/fake-loaded"
expect_run "kexec-load reboot, LOAD_KEXEC=false: plain reboot" \
	reboot "" stopping "rc=0 kexec=[] systemctl=[]"
rm -rf "$root"/tmp/fake* 

# ---- kdump-tools against our package ----
if in_root apt-get install -y -q --no-install-recommends kdump-tools >"$work/kdump-install.log" 2>&1; then
	ok "apt-get install kdump-tools resolves against kexec-jump $(elapsed)"
else
	tail -20 "$work/kdump-install.log"; fail "apt-get install kdump-tools (log: $work/kdump-install.log)"
fi
st=$(in_root dpkg-query -W -f='${Status}' kexec-tools 2>/dev/null)
case $st in *installed*) [ "$st" != "deinstall ok config-files" ] && [ "${st##* }" = installed ] && fail "kexec-tools got installed ($st)" || ok "kexec-tools not installed ($st)" ;;
*) ok "kexec-tools not installed (dpkg: ${st:-unknown package})" ;; esac
st=$(in_root dpkg-query -W -f='${Status}' kexec-jump 2>/dev/null)
[ "$st" = "install ok installed" ] && ok "kexec-jump still installed" || fail "kexec-jump: $st"
out=$(in_root kdump-config show 2>&1); rc=$?
sed 's/^/   kdump-config show| /' <<<"$out"
echo "   kdump-config show: exit $rc"
if grep -q '^USE_KDUMP:' <<<"$out" && grep -q '^current state:' <<<"$out" && grep -q '^kexec command:' <<<"$out"; then
	ok "kdump-config show runs (exit $rc; USE_KDUMP, current state, kexec command lines)"
else
	fail "kdump-config show: exit $rc, expected fields missing"
fi

# ---- removal ----
if in_root apt-get remove -y -q kexec-jump >"$work/apt-remove.log" 2>&1; then
	ok "apt-get remove kexec-jump"
else
	tail -10 "$work/apt-remove.log"; fail "apt-get remove kexec-jump"
fi
[ ! -e "$root/usr/sbin/kexec" ] && [ -e "$root/etc/default/kexec" ] &&
	ok "removed: /usr/sbin/kexec gone, /etc/default/kexec kept (conffile)" ||
	fail "after remove: $(ls -l "$root/usr/sbin/kexec" "$root/etc/default/kexec" 2>&1 | tr '\n' ' ')"
in_root dpkg-query -W -f='${Status}\n' kdump-tools 2>/dev/null | grep -q 'not-installed\|deinstall' &&
	ok "kdump-tools went with it (it depends on kexec-tools)" ||
	fail "kdump-tools still installed after removing its kexec-tools provider"

# ---- i386 (cross-built) and lintian ----
if wait $i386pid; then
	ok "dpkg-buildpackage -a i386 -us -uc -b (cross, nocheck) $(elapsed)"
else
	tail -20 "$work/build-i386.log"; fail "i386 cross build (log: $work/build-i386.log)"
fi
for a in amd64 i386; do
	ch=$(ls "$work/$a"/*.changes 2>/dev/null) || { fail "lintian $a: no .changes"; continue; }
	lintian "$ch" >"$work/lintian-$a.log" 2>&1
	e=$(grep -c '^E:' "$work/lintian-$a.log"); w=$(grep -c '^W:' "$work/lintian-$a.log")
	[ "$e" = 0 ] && ok "lintian $a: 0 errors, $w warnings" ||
		{ grep '^E:' "$work/lintian-$a.log"; fail "lintian $a: $e errors"; }
done
echo "   pkg stage: $(elapsed)"
finish
