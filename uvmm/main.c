// SPDX-License-Identifier: GPL-2.0
/* uvmm entry point: dispatch to the subcommands. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "cli/devices_cmd.h"
#include "exit_status.h"
#include "cli/options.h"
#include "cli/usage.h"
#include "vm.h"

#include "asm/uvmm_gate.h"

/* After printing to stdout: a full disk or closed pipe is still an error. */
static int flushed(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	fprintf(stderr, "uvmm: cannot write to stdout: %s\n", strerror(errno));
	return UVMM_EXIT_ERROR;
}

/*
 * Each file a guest holds on a --share costs a descriptor: take what the
 * host allows (the soft limit is often 1024, the hard one far more).
 */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

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
		return flushed();	/* --help */
	raise_fd_limit();
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
		return flushed();
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("uvmm (gate ABI version %d)\n", UVMM_GATE_ABI_VERSION);
		return flushed();
	}
	if (cmd[0] == '-')
		fprintf(stderr, "uvmm: unknown option '%s' (see uvmm --help)\n", cmd);
	else
		fprintf(stderr, "uvmm: unknown command '%s' (see uvmm --help)\n", cmd);
	return UVMM_EXIT_ERROR;
}
