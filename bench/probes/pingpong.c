// SPDX-License-Identifier: GPL-2.0
/* The ping-pong loop behind the round-trip and context-switch probes. */
#include "pingpong.h"
#include "probe.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define BATCH 64	/* round trips between clock reads */

static void xfer(const char *workload, int fd, char *c, int out)
{
	ssize_t n = out ? write(fd, c, 1) : read(fd, c, 1);

	if (n == 1)
		return;
	if (n == 0) {
		errno = 0;
		probe_die(workload, "peer closed the channel");
	}
	probe_die(workload, out ? "write" : "read");
}

static void child_loop(const char *workload, int cr, int cw)
{
	char c;

	for (;;) {
		xfer(workload, cr, &c, 0);
		if (c == 'q')
			_exit(0);
		xfer(workload, cw, &c, 1);
	}
}

double pingpong_ns(const char *workload, int pr, int pw, int cr, int cw,
		   double min_seconds)
{
	uint64_t min_ns = (uint64_t)(min_seconds * 1e9);
	uint64_t start, elapsed, trips = 0;
	int status;
	pid_t pid;
	char c;

	pid = fork();
	if (pid < 0)
		probe_die(workload, "fork");
	if (pid == 0)
		child_loop(workload, cr, cw);

	start = probe_now_ns();
	do {
		for (int i = 0; i < BATCH; i++) {
			c = 'p';
			xfer(workload, pw, &c, 1);
			xfer(workload, pr, &c, 0);
		}
		trips += BATCH;
		elapsed = probe_now_ns() - start;
	} while (elapsed < min_ns);

	c = 'q';
	xfer(workload, pw, &c, 1);
	if (waitpid(pid, &status, 0) != pid)
		probe_die(workload, "waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		errno = 0;
		probe_die(workload, "ping-pong child failed");
	}
	return (double)elapsed / (double)trips;
}
