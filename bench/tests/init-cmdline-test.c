// SPDX-License-Identifier: GPL-2.0
/*
 * TAP unit test of the benchmark /init's command-line parser
 * (bench/init/init-cmdline.c), built with ASan/UBSan: good lines give the
 * workloads and settings, hostile ones are refused with one error line.
 */
#include "init-cmdline.h"

#include <stdio.h>
#include <string.h>

#include "tap.h"

int main(void)
{
	static struct bench_cmdline c;
	char big[8192];
	int rc;

	plan(14);
	rc = parse_bench_cmdline(&c, "mem=512M quiet bench.list=null-syscall,fork-exec "
				 "bench.runs=7 bench.time=0.25 GLIBC_TUNABLES=x\n");
	ok(rc == 0 && c.nworkloads == 2, "two workloads");
	ok(c.nworkloads == 2 && strcmp(c.workloads[0], "null-syscall") == 0 &&
	   strcmp(c.workloads[1], "fork-exec") == 0, "in command-line order");
	ok(c.runs == 7 && strcmp(c.time, "0.25") == 0, "runs and time");
	ok(!c.needs_host_root, "no host root without make-project");

	rc = parse_bench_cmdline(&c, "bench.list= console=tty0");
	ok(rc == 0 && c.nworkloads == 0 && c.runs == 5 && strcmp(c.time, "0.5") == 0,
	   "empty list (the boot measurement) and defaults");

	rc = parse_bench_cmdline(&c, "bench.list=make-project bench.hostroot=/ "
				 "bench.probes=/w/build/bench/probes bench.src=/w/bench/mixed");
	ok(rc == 0 && c.needs_host_root && strcmp(c.probes, "/w/build/bench/probes") == 0 &&
	   strcmp(c.src, "/w/bench/mixed") == 0 && strcmp(c.hostfs, "hostfs") == 0,
	   "make-project wants the host root, hostfs by default");

	ok(parse_bench_cmdline(&c, "bench.list=../../bin/sh") == -1, "a path as workload is refused");
	ok(parse_bench_cmdline(&c, "bench.list=.hidden") == -1, "a dot name is refused");
	ok(parse_bench_cmdline(&c, "bench.runs=0") == -1, "zero runs refused");
	ok(parse_bench_cmdline(&c, "bench.runs=12x") == -1, "junk runs refused");
	ok(parse_bench_cmdline(&c, "bench.time=-1") == -1, "negative time refused");
	ok(parse_bench_cmdline(&c, "bench.time=nan") == -1, "NaN time refused");

	/* 40 workloads: more than MAX_WORKLOADS, refused, no overflow. */
	strcpy(big, "bench.list=a");
	for (int i = 0; i < 39; i++)
		strcat(big, ",a");
	ok(parse_bench_cmdline(&c, big) == -1, "too many workloads refused");

	/* Longer than the buffer: cut, parsed, no overflow. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "bench.runs=3 ", 13);
	ok(parse_bench_cmdline(&c, big) == 0 && c.runs == 3, "an over-long line is cut safely");
	return done_testing();
}
