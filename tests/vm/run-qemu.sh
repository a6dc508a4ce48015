#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-qemu.sh ARCH KERNEL INITRD APPEND LOG TIMEOUT [MARKER]
# Boots KERNEL under QEMU (software emulation, -accel tcg) with the serial
# console written to LOG.  Returns when MARKER (default "KJ-EXIT") appears
# in LOG (status 0), when QEMU exits by itself without it (status 3: guest
# reset, triple fault or poweroff before the end; -no-reboot turns a reset
# into an exit), or when TIMEOUT seconds pass (status 124).  QEMU is always
# killed before returning.  QEMU's reset log is written to LOG.qemu.
# KJ_VM_BIOS=FILE boots with that firmware (-bios; e.g. OVMF.fd, which
# starts -kernel through its EFI stub) instead of SeaBIOS.
# KJ_VM_VGA=1 adds a standard VGA card (text mode; nothing displays it).
# KJ_VM_DRIVE=FILE adds FILE as a raw virtio disk (/dev/vda in the guest).
# KJ_VM_STAMP=FILE (with KJ_VM_STAMPER, the built tests/vm/serial-stamp.c)
# also writes every serial line to FILE with the host time its first byte
# arrived (serial-stamp.c); the serial port is then QEMU's stdio.
# KJ_VM_QEMU=DIR runs DIR/qemu-system-ARCH (with -L DIR/share) instead of
# the installed one (tests/bench/fetch-qemu.sh: a QEMU whose TCG has
# SHA-NI); KJ_VM_CPU=MODEL replaces the CPU model (qemu64, pentium3).
set -u
arch=$1 kernel=$2 initrd=$3 append=$4 log=$5 timeout=$6 marker=${7:-KJ-EXIT}
case $arch in
x86_64) qemu=qemu-system-x86_64; cpu=(-cpu "${KJ_VM_CPU:-qemu64}") ;;
i386)   qemu=qemu-system-i386;   cpu=(-cpu "${KJ_VM_CPU:-pentium3}") ;;
*) echo "run-qemu: bad arch $arch" >&2; exit 2 ;;
esac
if [ -n "${KJ_VM_QEMU:-}" ]; then
	qemu=$KJ_VM_QEMU/$qemu; cpu+=(-L "$KJ_VM_QEMU/share")
fi
command -v "$qemu" >/dev/null || { echo "run-qemu: $qemu not installed" >&2; exit 2; }
: > "$log"
# QEMU's own reset log (a triple fault is logged as "Triple fault") goes
# beside the serial log, so tests can tell a crash from a power-off.
rm -f "$log.qemu"
args=(-accel tcg "${cpu[@]}" -m "${KJ_VM_MEM:-512}" -smp "${KJ_VM_SMP:-1}" \
	-nodefaults -display none -no-reboot \
	-monitor none -d cpu_reset -D "$log.qemu" \
	${KJ_VM_BIOS:+-bios "$KJ_VM_BIOS"} ${KJ_VM_VGA:+-device VGA} \
	${KJ_VM_DRIVE:+-drive "file=$KJ_VM_DRIVE,format=raw,if=virtio"} \
	-kernel "$kernel" -initrd "$initrd" -append "$append")
if [ -n "${KJ_VM_STAMP:-}" ]; then
	"$qemu" "${args[@]}" -serial stdio </dev/null \
		> >(exec "${KJ_VM_STAMPER:?KJ_VM_STAMP needs KJ_VM_STAMPER}" "$log" "$KJ_VM_STAMP") &
else
	"$qemu" "${args[@]}" -serial "file:$log" &
fi
pid=$!
deadline=$(( $(date +%s) + timeout ))
rc=124
while :; do
	if grep -qa -- "$marker" "$log" 2>/dev/null; then rc=0; break; fi
	if ! kill -0 "$pid" 2>/dev/null; then
		# exited by itself: read the log once more (race with the marker)
		if grep -qa -- "$marker" "$log"; then rc=0; else rc=3; fi
		break
	fi
	[ "$(date +%s)" -ge "$deadline" ] && break
	sleep 0.2
done
if kill -0 "$pid" 2>/dev/null; then
	sleep 0.5   # let the guest flush its last lines
	kill "$pid" 2>/dev/null; sleep 0.3; kill -9 "$pid" 2>/dev/null
fi
wait "$pid" 2>/dev/null
[ -z "${KJ_VM_STAMP:-}" ] || sleep 0.3   # the stamper's last lines
exit $rc
