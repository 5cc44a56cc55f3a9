// SPDX-License-Identifier: GPL-2.0
/* The passthrough device reaper (see device_reaper.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "pci/device_reaper.h"
#include "udrivers.h"

#define DONE 'd'

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static void __attribute__((noreturn)) reaper_main(int fd, const char *bdf)
{
	struct udrv_err e;
	char c = 0, now[64];
	ssize_t n;

	/* Ctrl-C or a hangup aimed at uvmm's process group is uvmm's business. */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	prctl(PR_SET_NAME, "uvmm-devreaper");
	/* Nothing of uvmm's but the pipe (stderr stays, for the one line). */
	syscall(SYS_close_range, 3, fd - 1, 0);
	syscall(SYS_close_range, fd + 1, ~0U, 0);
	while ((n = read(fd, &c, 1)) < 0 && errno == EINTR)
		;
	if (n == 1 && c == DONE)
		_exit(0);
	/* uvmm is dead; the kernel closes its VFIO files a moment later. */
	for (int tries = 0; tries < 100; tries++) {
		if (!udrv_unbind(bdf, now, sizeof(now), &e))
			_exit(0);
		pause_ms(50);
	}
	fprintf(stderr, "uvmm (device reaper): cannot give %s back to the host: %s\n", bdf, e.msg);
	_exit(1);
}

int device_reaper_start(struct device_reaper *r, const char *bdf, char *err, size_t errlen)
{
	int p[2];
	pid_t pid;

	r->fd = -1;
	r->pid = 0;
	if (pipe2(p, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "%s: cannot start its reaper: %s", bdf, strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "%s: cannot start its reaper: %s", bdf, strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[1]);
		reaper_main(p[0], bdf);
	}
	close(p[0]);
	r->fd = p[1];
	r->pid = pid;
	return 0;
}

static void end(struct device_reaper *r, bool give_back)
{
	char c = DONE;

	if (r->pid <= 0)
		return;
	if (!give_back && write(r->fd, &c, 1) != 1)
		perror("uvmm: ending the device reaper");
	close(r->fd);
	while (waitpid(r->pid, NULL, 0) < 0 && errno == EINTR)
		;
	r->fd = -1;
	r->pid = 0;
}

void device_reaper_stop(struct device_reaper *r)
{
	end(r, false);
}

void device_reaper_give_back(struct device_reaper *r)
{
	end(r, true);
}
