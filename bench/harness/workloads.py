# SPDX-License-Identifier: GPL-2.0
"""The workloads of the benchmark, in table order.

Each is a probe binary in build/bench/probes (same name), except "boot",
which the guest runners time from the outside: process start of the VMM to
its exit after /init powered the machine off.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Workload:
    name: str
    title: str
    unit: str
    higher_is_better: bool = False
    max_runs: int = 0          # 0: as many runs as asked; else at most this


WORKLOADS = [
    Workload("boot", "boot to /init and back (trivial init, power-off)", "ms"),
    Workload("null-syscall", "null syscall (getppid)", "us"),
    Workload("clock-gettime", "clock_gettime(CLOCK_MONOTONIC) (the vDSO, if any)", "ns"),
    Workload("pipe-rtt", "pipe round trip, 2 processes", "us"),
    Workload("unix-rtt", "AF_UNIX stream round trip, 2 processes", "us"),
    Workload("tcp-rtt", "TCP loopback round trip, 2 processes", "us"),
    Workload("ctxsw", "context switch, 2 processes on 1 CPU", "us"),
    Workload("fork-exit", "fork + exit + wait", "us"),
    Workload("fork-exec", "fork + execve (static binary) + wait", "us"),
    Workload("page-fault", "page fault, fresh anonymous memory (per 4K page)", "us"),
    Workload("signal-rtt", "signal to oneself: delivery, handler, sigreturn", "us"),
    Workload("sleep-1ms", "timer: how late a 1 ms sleep wakes (median)", "us"),
    Workload("sleep-100us", "timer: how late a 100 us sleep wakes (median)", "us"),
    Workload("file-reread", "read() of a cached 64 MiB file", "MiB/s", True),
    Workload("mmap-reread", "mmap re-read of a cached 64 MiB file", "MiB/s", True),
    # A full clean build per run: slow in a guest, so fewer runs.
    Workload("make-project", "mixed load: make -j2 of a small C project (gcc)", "s",
             max_runs=3),
]

BY_NAME = {w.name: w for w in WORKLOADS}

# Probe binaries the initramfs carries (fork-exec needs exit-now beside it).
PROBE_BINARIES = [w.name for w in WORKLOADS if w.name != "boot"] + ["exit-now"]
