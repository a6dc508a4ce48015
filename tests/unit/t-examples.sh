#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-examples.sh KEXEC SRCDIR - static checks of the example programs
# (their run-time behaviour is tested in the VM tests).
exec bash "${2:-.}/examples/phy_mode/check.sh"
