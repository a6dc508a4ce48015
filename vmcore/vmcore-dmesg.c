/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmcore-dmesg.c - main() of vmcore-dmesg: everything else is in
 * vmcore_dmesg_main() (dmesg-main.c), which the unit tests run in-process. */
#include <stdio.h>

#include "vmcore.h"

int main(int argc, char **argv)
{
	return vmcore_dmesg_main(argc, argv, stdout, stderr);
}
