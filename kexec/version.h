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

#endif
