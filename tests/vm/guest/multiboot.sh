# SPDX-License-Identifier: GPL-2.0-or-later
# multiboot: load a multiboot kernel (kjmbk=PATH in this guest) with a
# command line and two modules (/boot/mod0 with words after it,
# /boot/mod1 alone), check what kexec says it loaded it as
# (kjmbtype=multiboot-x86|multiboot2-x86) and that a failed load keeps
# it, then kexec -e.  kjmbxen=1: the kernel is Xen, whose console needs
# its own words; kjmbforce=1: load it with -t TYPE (Xen has both
# headers, and multiboot-x86 is only chosen by name).  The host checks what the kernel printed
# (run-vm-tests.sh multiboot_case).
. /tests/lib.sh
k=$(kcmd kjmbk)
type=$(kcmd kjmbtype)
m=$(kcmd kjmarker)
if [ "$(kcmd kjmbxen)" = 1 ]; then
	text="console=com1 com1=115200,8n1 loglvl=all noreboot kjmarker=$m"
else
	text="kjmb=1 kjmarker=$m"
fi
ls -l "$k" /boot/mod0 /boot/mod1
[ "$(kcmd kjmbforce)" = 1 ] && LOADARGS="-t $type $LOADARGS"
expect_rc 0 "kexec -d -l $k --command-line=TEXT --module=mod0 ARGS --module=mod1" \
	kexec -d -l "$k" --command-line="$text" --module="/boot/mod0 m0 $m" --module=/boot/mod1 $LOADARGS 2>/tmp/load.err
grep -E 'loading as|decompressed|multiboot' /tmp/load.err | sed 's/^/KJ-LOAD-DEBUG /'
grep -q "loading as $type\$" /tmp/load.err && ok "loaded as $type" || fail "not loaded as $type"
[ "$(loaded)" = 1 ] && ok "image loaded" || fail "kexec_loaded is $(loaded)"
# a failed load (a module file that does not exist) keeps the loaded one
out=$(kexec -l "$k" --module=/boot/nonexistent 2>&1); rc=$?
echo "KJ-MSG $out"
[ $rc = 1 ] && ok "a missing module file is refused (exit 1)" || fail "missing module: exit $rc"
case $out in *"/boot/nonexistent"*) ok "the message names the module file";; *) fail "message: $out";; esac
[ "$(loaded)" = 1 ] && ok "the kernel is still loaded after the failed load" || fail "image lost"
out=$(kexec -l "$k" --load-preserve-context 2>&1); rc=$?
echo "KJ-MSG $out"
[ $rc = 1 ] && ok "--load-preserve-context refused (exit 1)" || fail "--load-preserve-context: exit $rc"
finish
echo "KJ-MB-CMDLINE $k $text"
echo "KJ-EXEC-MB"
sleep 1
kexec -e
echo "KJ-CHECK FAIL kexec -e returned with status $?"
