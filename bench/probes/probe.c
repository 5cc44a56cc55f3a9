// SPDX-License-Identifier: GPL-2.0
/* Option parsing, clock and output shared by the benchmark probes. */
#include "probe.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void usage(const char *workload)
{
	fprintf(stderr,
		"usage: %s [-t MIN_SECONDS] [-d SCRATCH_DIR] [-C SRC -o OUT -j JOBS]\n",
		workload);
	exit(2);
}

void probe_parse(int argc, char **argv, const char *workload,
		 struct probe_opts *o)
{
	const char *tmp = getenv("TMPDIR");
	char *end;
	int c;

	o->min_seconds = 0.5;
	o->dir = tmp && *tmp ? tmp : "/tmp";
	o->src = NULL;
	o->out = NULL;
	o->jobs = 2;
	while ((c = getopt(argc, argv, "t:d:C:o:j:")) != -1) {
		switch (c) {
		case 't':
			errno = 0;
			o->min_seconds = strtod(optarg, &end);
			/* Bounded so a typo cannot make a probe run for hours. */
			if (errno || *end || end == optarg ||
			    !(o->min_seconds > 0 && o->min_seconds <= 600)) {
				fprintf(stderr, "error: %s: -t wants seconds in (0, 600], got '%s'\n",
					workload, optarg);
				exit(2);
			}
			break;
		case 'd':
			o->dir = optarg;
			break;
		case 'C':
			o->src = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'j':
			errno = 0;
			long j = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || j < 1 || j > 64) {
				fprintf(stderr, "error: %s: -j wants 1..64, got '%s'\n",
					workload, optarg);
				exit(2);
			}
			o->jobs = (int)j;
			break;
		default:
			usage(workload);
		}
	}
	if (optind != argc)
		usage(workload);
}

uint64_t probe_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void probe_result(const char *workload, double value, const char *unit)
{
	printf("result %s %.6g %s\n", workload, value, unit);
	fflush(stdout);
}

void probe_die(const char *workload, const char *what)
{
	if (errno)
		fprintf(stderr, "error: %s: %s: %s\n", workload, what, strerror(errno));
	else
		fprintf(stderr, "error: %s: %s\n", workload, what);
	exit(1);
}

const char *probe_self_dir(const char *workload)
{
	static char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (n < 0)
		probe_die(workload, "readlink /proc/self/exe");
	path[n] = '\0';
	return dirname(path);
}
