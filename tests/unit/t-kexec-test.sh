#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-kexec-test.sh KEXEC SRCDIR - static checks of the kexec_test image
# (its run-time checks run in the VM test kexectest-6.12-x86_64).
exec bash "${2:-.}/kexec_test/check.sh"
