// SPDX-License-Identifier: GPL-2.0
/*
 * Signal delivery round trip: a signal the process sends itself (kill of
 * its own pid), its handler run, and rt_sigreturn back, per signal.
 */
#include "probe.h"

#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#define W "signal-rtt"
#define BATCH 256

static volatile sig_atomic_t caught;

static void on_usr1(int sig)
{
	(void)sig;
	caught++;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	struct probe_opts o;
	uint64_t start, elapsed, sent = 0;
	pid_t self = getpid();

	probe_parse(argc, argv, W, &o);
	if (sigaction(SIGUSR1, &sa, NULL) < 0)
		probe_die(W, "sigaction");
	start = probe_now_ns();
	do {
		/* A signal to oneself is delivered before kill() returns. */
		for (int i = 0; i < BATCH; i++)
			syscall(SYS_kill, self, SIGUSR1);
		sent += BATCH;
		elapsed = probe_now_ns() - start;
	} while (elapsed < (uint64_t)(o.min_seconds * 1e9));
	if ((uint64_t)caught != sent) {
		errno = 0;
		probe_die(W, "a signal was not handled");
	}
	probe_result(W, (double)elapsed / (double)sent / 1e3, "us");
	return 0;
}
