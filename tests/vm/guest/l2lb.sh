# SPDX-License-Identifier: GPL-2.0-or-later
# l2lb: kernel B's side of the l2l case (run by B's /init).  Load the way
# back to A from kexec_jump_back_entry= on our command line, then jump
# back forever; every return here is A resuming us.
. /tests/lib.sh
e=$(kcmd kexec_jump_back_entry)
echo "KJ-B-BOOTED $(uname -r) entry=$e cmdline: $(cat /proc/cmdline)"
if [ -z "$e" ]; then
	fail "B: no kexec_jump_back_entry= on the command line"
	finish
	poweroff -f
fi
expect_rc 0 "B: load the jump-back helper" kexec --load-jump-back-helper --entry="$e"
i=1
while :; do
	echo "KJ-B-JUMP $i"
	sleep 0.2   # let the console drain
	kexec -e
	echo "KJ-B-BACK $i rc=$? uptime $(cut -d' ' -f1 /proc/uptime) free $(free | awk '/Mem:/ { print $2 }')"
	i=$((i + 1))
done
