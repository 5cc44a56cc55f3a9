// SPDX-License-Identifier: GPL-2.0
/*
 * The realistic mixed load: build a small C project (bench/mixed/Makefile,
 * which compiles the probes' own sources with gcc) with make -j, from clean.
 * Lots of fork/exec, page faults, file reads and writes, pipes. Needs make
 * and gcc in PATH; the result is seconds per clean build.
 */
#include "probe.h"

#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define W "make-project"

static void run_make(const struct probe_opts *o, const char *target)
{
	char out[4200], jobs[16];
	int status;
	pid_t pid;

	snprintf(out, sizeof(out), "OUT=%s", o->out);
	snprintf(jobs, sizeof(jobs), "-j%d", o->jobs);
	pid = fork();
	if (pid < 0)
		probe_die(W, "fork");
	if (pid == 0) {
		execlp("make", "make", "-s", "--no-print-directory", jobs, "-C",
		       o->src, out, target, (char *)NULL);
		fprintf(stderr, "error: %s: exec make: %m\n", W);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		probe_die(W, "waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		errno = 0;
		probe_die(W, target[0] == 'c' ? "make clean failed" : "make failed");
	}
}

int main(int argc, char **argv)
{
	struct probe_opts o;
	uint64_t start, elapsed, builds = 0;

	probe_parse(argc, argv, W, &o);
	if (!o.src || !o.out || o.out[0] != '/') {
		fprintf(stderr, "error: %s: needs -C SOURCE_DIR and -o /ABSOLUTE/OUTPUT_DIR\n", W);
		return 2;
	}
	/* At least one build; more only if -t asks for a longer run. */
	elapsed = 0;
	do {
		run_make(&o, "clean");
		start = probe_now_ns();
		run_make(&o, "all");
		elapsed += probe_now_ns() - start;
		builds++;
	} while (elapsed < (uint64_t)(o.min_seconds * 1e9));
	run_make(&o, "clean");
	probe_result(W, (double)elapsed / (double)builds / 1e9, "s");
	return 0;
}
