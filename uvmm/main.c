// SPDX-License-Identifier: GPL-2.0
/* uvmm entry point: dispatch to the subcommands. */
#include <stdio.h>
#include <string.h>

#include "devices_cmd.h"
#include "exit_status.h"
#include "options.h"
#include "vm.h"

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "devices") == 0)
		return uvmm_devices_main(argc - 1, argv + 1);
	fprintf(stderr, "uvmm: usage: uvmm run|devices ...\n");
	return UVMM_EXIT_ERROR;
}
