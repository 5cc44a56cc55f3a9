// SPDX-License-Identifier: GPL-2.0
/* `uvmm devices`: placeholder until udrivers/ lands. */
#include <stdio.h>

#include "devices_cmd.h"
#include "exit_status.h"

int uvmm_devices_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "uvmm devices: not available in this build\n");
	return UVMM_EXIT_ERROR;
}
