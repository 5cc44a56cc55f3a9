// SPDX-License-Identifier: GPL-2.0
/* The --mem-file reaper (see mem_file_reaper.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "setup/mem_file_reaper.h"

static void __attribute__((noreturn)) reaper_main(int fd, const char *path)
{
	char c;

	/* Ctrl-C or a hangup aimed at uvmm's process group is uvmm's business. */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	prctl(PR_SET_NAME, "uvmm-reaper");
	while (read(fd, &c, 1) < 0 && errno == EINTR)
		;
	unlink(path);
	_exit(0);
}

int mem_file_reaper_start(struct mem_file_reaper *r, const char *path,
			  char *err, size_t errlen)
{
	int p[2];
	pid_t pid;

	r->fd = -1;
	r->pid = 0;
	if (pipe2(p, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "--mem-file %s: cannot watch it: %s", path, strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "--mem-file %s: cannot watch it: %s", path, strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[1]);
		reaper_main(p[0], path);
	}
	close(p[0]);
	r->fd = p[1];
	r->pid = pid;
	return 0;
}

void mem_file_reaper_stop(struct mem_file_reaper *r)
{
	/* pid 0 (a zeroed struct) or -1: no reaper was started. */
	if (r->pid <= 0)
		return;
	close(r->fd);
	while (waitpid(r->pid, NULL, 0) < 0 && errno == EINTR)
		;
	r->fd = -1;
	r->pid = 0;
}
