// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the benchmark initramfs, for UML and uvmm guests alike. It mounts
 * what the probes need, runs the workloads named on the kernel command line
 * and powers the machine off. With no workload named it powers off at once:
 * that is the "boot to /init and back" measurement.
 *
 * Kernel command line (read from /proc/cmdline, since the kernel does not
 * hand dotted parameters to init):
 *   bench.list=W1,W2,..   workloads, each a probe binary in /bench
 *   bench.runs=N          runs of each workload (default 5)
 *   bench.time=SECONDS    -t passed to each probe (default 0.5)
 *   bench.hostroot=SRC    make-project only: a host root with make and gcc,
 *                         mounted read-only; the probe runs chrooted there
 *   bench.hostfs=TYPE     its filesystem: hostfs (UML, SRC is the host path,
 *                         the default) or a share such as virtiofs (SRC is
 *                         the tag)
 *   bench.probes=PATH     where the probes are inside that root
 *   bench.src=PATH        the project to build, inside that root
 *
 * Output on the console, one line each: "bench-init: start", the probes'
 * "result ..." lines, "error: ..." for a failed run, "bench-init: done".
 */
#include "init-cmdline.h"
#include "init-setup.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

static void run_once(const struct bench_cmdline *c, const char *workload)
{
	char path[PATH_MAX];
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("error: %s: fork: %s\n", workload, strerror(errno));
		return;
	}
	if (pid == 0) {
		if (strcmp(workload, "make-project") == 0) {
			/* A chroot of the host's root: its make and gcc. */
			if (chroot(HOST_ROOT_MOUNT) || chdir("/")) {
				printf("error: %s: chroot %s: %s\n", workload,
				       HOST_ROOT_MOUNT, strerror(errno));
				_exit(1);
			}
			/* The kernel gives init no PATH; make needs one. */
			setenv("PATH", "/usr/local/bin:/usr/bin:/bin", 1);
			snprintf(path, sizeof(path), "%s/%s", c->probes, workload);
			execl(path, workload, "-t", c->time, "-C", c->src, "-o",
			      "/tmp/make-project", "-j", "2", (char *)NULL);
		} else {
			snprintf(path, sizeof(path), "/bench/%s", workload);
			execl(path, workload, "-t", c->time, "-d", "/tmp",
			      (char *)NULL);
		}
		printf("error: %s: exec %s: %s\n", workload, path, strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		printf("error: %s: waitpid: %s\n", workload, strerror(errno));
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		printf("error: %s: probe failed (status 0x%x)\n", workload, status);
}

int main(void)
{
	struct bench_cmdline c;

	setup_console_and_mounts();
	printf("bench-init: start\n");
	if (read_bench_cmdline(&c) == 0) {
		setup_loopback();
		if (c.needs_host_root && setup_host_root(&c) != 0)
			printf("error: make-project: no host root: %s\n",
			       strerror(errno));
		for (int w = 0; w < c.nworkloads; w++)
			for (int r = 0; r < c.runs; r++)
				run_once(&c, c.workloads[w]);
	}
	printf("bench-init: done\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	/* Returning would panic the kernel; say why and wait to be killed. */
	printf("error: bench-init: reboot(RB_POWER_OFF): %s\n", strerror(errno));
	fflush(stdout);
	for (;;)
		pause();
}
