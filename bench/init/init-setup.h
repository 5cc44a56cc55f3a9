/* SPDX-License-Identifier: GPL-2.0 */
/* What the benchmark /init sets up before running probes. */
#ifndef BENCH_INIT_SETUP_H
#define BENCH_INIT_SETUP_H

#include "init-cmdline.h"

#define HOST_ROOT_MOUNT "/host"

/* /proc, /dev (devtmpfs), /tmp (tmpfs); stdio on /dev/console if unset. */
void setup_console_and_mounts(void);

/* Bring lo up; the kernel then gives it 127.0.0.1 by itself. */
void setup_loopback(void);

/*
 * Mount the host root read-only at /host (bench.hostfs: UML's hostfs by
 * default, or e.g. virtiofs for a uvmm share), with this guest's
 * own tmpfs, proc and devtmpfs over its /tmp, /proc and /dev, so a chroot
 * there can run the host's make and gcc without writing to the host.
 * Returns 0, or -1 with errno set.
 */
int setup_host_root(const struct bench_cmdline *c);

#endif
