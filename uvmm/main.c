// SPDX-License-Identifier: GPL-2.0
/* uvmm entry point: dispatch to the subcommands. */
#include <stdio.h>
#include <string.h>

#include "devices_cmd.h"
#include "exit_status.h"
#include "options.h"
#include "usage.h"
#include "vm.h"

#include <asm/uvmm_gate.h>

static int run_main(int argc, char **argv)
{
	struct uvmm_options o;
	char err[512];
	int r = options_parse(argc, argv, &o, err, sizeof(err));

	if (r < 0) {
		fprintf(stderr, "uvmm run: %s\n", err);
		return UVMM_EXIT_ERROR;
	}
	if (r > 0)
		return fflush(stdout) == 0 ? 0 : UVMM_EXIT_ERROR;	/* --help */
	return vm_run(&o);
}

int main(int argc, char **argv)
{
	const char *cmd = argc >= 2 ? argv[1] : NULL;

	if (!cmd) {
		fprintf(stderr, "uvmm: no command given (see uvmm --help)\n");
		return UVMM_EXIT_ERROR;
	}
	if (strcmp(cmd, "run") == 0)
		return run_main(argc - 1, argv + 1);
	if (strcmp(cmd, "devices") == 0)
		return uvmm_devices_main(argc - 1, argv + 1);
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		usage_top(stdout);
		return fflush(stdout) == 0 ? 0 : UVMM_EXIT_ERROR;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("uvmm (gate ABI version %d)\n", UVMM_GATE_ABI_VERSION);
		return fflush(stdout) == 0 ? 0 : UVMM_EXIT_ERROR;
	}
	if (cmd[0] == '-')
		fprintf(stderr, "uvmm: unknown option '%s' (see uvmm --help)\n", cmd);
	else
		fprintf(stderr, "uvmm: unknown command '%s' (see uvmm --help)\n", cmd);
	return UVMM_EXIT_ERROR;
}
