# SPDX-License-Identifier: GPL-2.0-or-later
# elfnotes: a normal kexec of kexec_test's elfnotes32.elf / elfnotes64.elf
# with ELF boot notes (--args-elf, the default for a non-Linux ELF;
# doc/abi.md 20).  kexec -e does not come back: the image prints the
# notes it received (KJ-NOTES ...) and KJ-EXIT; the host checks the
# loader name and that the command line is the one passed here.
. /tests/lib.sh
prog=/phy/$(kcmd kjprog)
text="kjnotes=$(kcmd kjcase) elf boot notes"
expect_rc 0 "load $prog with ELF boot notes (no --args-* option)" \
	kexec -d -l $LOADARGS "$prog" --append="$text" 2>/tmp/load.err
grep -q 'ELF boot notes (' /tmp/load.err && ok "the notes were built" ||
	fail "no notes: $(tail -1 /tmp/load.err)"
expect_rc 0 "the same with --args-elf" kexec -l --args-elf $LOADARGS "$prog" --append="$text"
[ "$(loaded)" = 1 ] && ok "kexec_loaded is 1" || fail "kexec_loaded is $(loaded)"
echo "KJ-SUMMARY fails=$KJ_FAILS"
sync
kexec -e
fail "kexec -e returned (exit $?)"
finish
