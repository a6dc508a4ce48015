/* SPDX-License-Identifier: GPL-2.0-or-later */
/* version.h - the version printed by `kexec -v`.  The build system's
 * config.h (PACKAGE_VERSION from configure.ac) wins; the fallback keeps
 * ad-hoc builds working. */
#ifndef KJ_VERSION_H
#define KJ_VERSION_H

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#ifdef PACKAGE_VERSION
#define KJ_VERSION PACKAGE_VERSION
#else
#define KJ_VERSION "0.1.0"
#endif

/* The kexec-tools release whose options, exit codes and argv forms this
 * kexec matches (doc/compat.md).  `kexec -v` prints
 * "kexec-tools 2.0.32 (kexec-jump 0.1.0)", so a script that reads the
 * second word of "kexec-tools X.Y.Z" keeps working. */
#define KJ_KEXEC_TOOLS_VERSION "2.0.32"

#endif
