// SPDX-License-Identifier: GPL-2.0
/* fork + exit + wait: the cost of creating and reaping a process. */
#include "probe.h"

#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#define W "fork-exit"

int main(int argc, char **argv)
{
	struct probe_opts o;
	uint64_t start, elapsed, forks = 0;
	int status;
	pid_t pid;

	probe_parse(argc, argv, W, &o);
	start = probe_now_ns();
	do {
		pid = fork();
		if (pid < 0)
			probe_die(W, "fork");
		if (pid == 0)
			_exit(0);
		if (waitpid(pid, &status, 0) != pid)
			probe_die(W, "waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			errno = 0;
			probe_die(W, "child did not exit cleanly");
		}
		forks++;
		elapsed = probe_now_ns() - start;
	} while (elapsed < (uint64_t)(o.min_seconds * 1e9));
	probe_result(W, (double)elapsed / (double)forks / 1e3, "us");
	return 0;
}
