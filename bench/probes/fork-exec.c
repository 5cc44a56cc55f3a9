// SPDX-License-Identifier: GPL-2.0
/* fork + execve of a static binary (exit-now, next to this probe) + wait. */
#include "probe.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define W "fork-exec"

int main(int argc, char **argv)
{
	struct probe_opts o;
	uint64_t start, elapsed, runs = 0;
	char path[PATH_MAX];
	char *child_argv[] = { "exit-now", NULL };
	char *child_envp[] = { NULL };
	int status;
	pid_t pid;

	probe_parse(argc, argv, W, &o);
	snprintf(path, sizeof(path), "%s/exit-now", probe_self_dir(W));
	if (access(path, X_OK))
		probe_die(W, "exit-now is not next to fork-exec");
	start = probe_now_ns();
	do {
		pid = fork();
		if (pid < 0)
			probe_die(W, "fork");
		if (pid == 0) {
			execve(path, child_argv, child_envp);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) != pid)
			probe_die(W, "waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			errno = 0;
			probe_die(W, "execve of exit-now failed");
		}
		runs++;
		elapsed = probe_now_ns() - start;
	} while (elapsed < (uint64_t)(o.min_seconds * 1e9));
	probe_result(W, (double)elapsed / (double)runs / 1e3, "us");
	return 0;
}
