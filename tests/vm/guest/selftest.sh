# SPDX-License-Identifier: GPL-2.0-or-later
# selftest: the kernel's own kexec selftests (tools/testing/selftests/kexec
# of the running kernel's source; the host copies the scripts unmodified
# to /selftests/kexec) run as kselftest runs them: from their directory,
# each by its own #! line, as root, with our kexec (/sbin/kexec) first in
# PATH.  The rest is the environment a distribution gives them: the
# running kernel's image at /boot/vmlinuz-$(uname -r), its configuration
# at /lib/modules/$(uname -r)/config (the first place their get_kconfig
# looks; the test kernels have no CONFIG_IKCONFIG), and on x86_64 guests
# Debian's pesign, getfattr and GNU tail in /usr/bin and Debian's /bin/sh,
# dash (busybox's sh would run its own tail applet, which lacks --bytes,
# whatever PATH says; i386 guests run test_kexec_load.sh only, under
# busybox's sh).
# kjst= names the scripts, comma-separated.  Per script: its own output
# between "KJ-ST-BEGIN NAME" and "KJ-ST-END NAME rc=STATUS" (kselftest:
# 0 pass, 1 fail, 4 skip); the host judges those.
. /tests/lib.sh
r=$(uname -r)
mkdir -p "/lib/modules/$r"
mv /boot/selftest-kernel "/boot/vmlinuz-$r"
mv /boot/selftest-config "/lib/modules/$r/config"
export PATH=/sbin:/usr/bin:/bin
[ -x /bin/dash ] && ln -sf dash /bin/sh
echo "KJ-ST-SH $(readlink /bin/sh)"
echo "KJ-ST-KEXEC $(command -v kexec)"
cd /selftests/kexec || { fail "no /selftests/kexec"; finish; exit; }
sha256sum *.sh | sed 's/^/KJ-ST-SHA256 /'
for t in $(kcmd kjst | tr , ' '); do
	echo "KJ-ST-BEGIN $t"
	"./$t"
	rc=$?
	echo "KJ-ST-END $t rc=$rc"
	if [ "$(loaded)" = 0 ]; then ok "$t left no kernel loaded"; else fail "$t left a kernel loaded"; fi
done
ln -sf /bin/busybox /bin/sh
check_dmesg_clean
finish
