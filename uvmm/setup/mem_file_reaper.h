/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A named memory file (--mem-file) must not outlive uvmm, even when uvmm
 * is killed with SIGKILL and cannot clean up: a small child process waits
 * on a pipe that only uvmm holds open, and removes the file when the pipe
 * closes, that is, when uvmm exits in any way.
 */
#ifndef UVMM_MEM_FILE_REAPER_H
#define UVMM_MEM_FILE_REAPER_H

#include <stddef.h>
#include <sys/types.h>

struct mem_file_reaper {
	int fd;			/* write end of the pipe */
	pid_t pid;		/* the reaper; 0: not running */
};

/* Start watching path; -1 with a one-line message in err. */
int mem_file_reaper_start(struct mem_file_reaper *r, const char *path,
			  char *err, size_t errlen);
/* uvmm removes the file itself first; this ends and reaps the child. */
void mem_file_reaper_stop(struct mem_file_reaper *r);

#endif
