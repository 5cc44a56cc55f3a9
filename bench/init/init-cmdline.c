// SPDX-License-Identifier: GPL-2.0
/* Parse the bench.* words of /proc/cmdline for the benchmark /init. */
#include "init-cmdline.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int bad(const char *what, const char *val)
{
	fprintf(stderr, "error: bench-init: bad %s '%s'\n", what, val);
	return -1;
}

static int split_list(struct bench_cmdline *c, char *val)
{
	char *save;

	for (char *w = strtok_r(val, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		/* Names index /bench; nothing may climb out of it. */
		if (strchr(w, '/') || w[0] == '.')
			return bad("workload", w);
		if (c->nworkloads == MAX_WORKLOADS)
			return bad("workload (more than " MAX_WORKLOADS_STR " named)", w);
		c->workloads[c->nworkloads++] = w;
		if (strcmp(w, "make-project") == 0)
			c->needs_host_root = 1;
	}
	return 0;
}

int parse_bench_cmdline(struct bench_cmdline *c, const char *text)
{
	char *end;

	memset(c, 0, sizeof(*c));
	c->runs = 5;
	c->time = "0.5";
	c->hostroot = "/";
	c->hostfs = "hostfs";
	c->probes = "/";
	c->src = "/";
	snprintf(c->buf, sizeof(c->buf), "%s", text);

	for (char *save, *word = strtok_r(c->buf, " \n", &save); word;
	     word = strtok_r(NULL, " \n", &save)) {
		char *val = strchr(word, '=');

		if (strncmp(word, "bench.", 6) || !val)
			continue;
		*val++ = '\0';
		if (strcmp(word, "bench.list") == 0) {
			if (split_list(c, val))
				return -1;
		} else if (strcmp(word, "bench.runs") == 0) {
			long r = strtol(val, &end, 10);

			if (*end || end == val || r < 1 || r > 1000)
				return bad("bench.runs", val);
			c->runs = (int)r;
		} else if (strcmp(word, "bench.time") == 0) {
			double t = strtod(val, &end);

			if (*end || end == val || !(t > 0 && t <= 600))
				return bad("bench.time", val);
			c->time = val;
		} else if (strcmp(word, "bench.hostroot") == 0) {
			c->hostroot = val;
		} else if (strcmp(word, "bench.hostfs") == 0) {
			c->hostfs = val;
		} else if (strcmp(word, "bench.probes") == 0) {
			c->probes = val;
		} else if (strcmp(word, "bench.src") == 0) {
			c->src = val;
		}
	}
	return 0;
}

int read_bench_cmdline(struct bench_cmdline *c)
{
	char text[sizeof(c->buf)];
	ssize_t n;
	int fd;

	fd = open("/proc/cmdline", O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "error: bench-init: /proc/cmdline: %s\n", strerror(errno));
		return -1;
	}
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0)
		return bad("/proc/cmdline", "unreadable");
	text[n] = '\0';
	return parse_bench_cmdline(c, text);
}
