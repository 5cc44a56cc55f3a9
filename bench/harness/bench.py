#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""uvmm benchmarks: the same probes on the host, in UML and in uvmm guests.

Writes <out>/results.md, <out>/results.csv and <out>/bench.log. Run by
`make bench` (everything) and tests/bench/*.t (host only, short runs).
"""

import argparse
import os
import sys

# No __pycache__ in the source tree: all outputs belong in build/.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import report  # noqa: E402
import sysinfo  # noqa: E402
from initramfs import write_initramfs  # noqa: E402
from results import Cell, FAILED, NOT_YET  # noqa: E402
from run_host import HostRunner  # noqa: E402
from run_uml import UmlRunner  # noqa: E402
from run_uvmm import UvmmRunner  # noqa: E402
from workloads import BY_NAME, PROBE_BINARIES, WORKLOADS  # noqa: E402

ALL_TARGETS = ["host", "uml", "uvmm-ptrace", "uvmm-fast", "uvmm-rewrite"]


class Config:
    def __init__(self, a):
        self.top = os.path.abspath(a.top)
        build = os.path.abspath(a.build)
        self.out = os.path.abspath(a.out or os.path.join(build, "bench"))
        self.probe_dir = os.path.join(build, "bench", "probes")
        self.init = os.path.join(build, "bench", "init")
        self.initramfs = os.path.join(self.out, "initramfs.cpio.gz")
        # Just /init: the boot figure should not time unpacking the probes.
        self.boot_initramfs = os.path.join(self.out, "initramfs-boot.cpio.gz")
        self.scratch_dir = os.path.join(self.out, "scratch")
        self.project_dir = os.path.join(self.top, "bench", "mixed")
        self.uml = os.path.abspath(a.uml or os.path.join(build, "uml", "linux"))
        self.uml_build_record = os.path.join(os.path.dirname(self.uml),
                                             "bench-build-time.txt")
        self.uml_clean_build_record = os.path.join(os.path.dirname(self.uml),
                                                   "bench-clean-build-time.txt")
        self.uml_shim = os.path.join(build, "bench", "uml-xstate-shim")
        self.uvmm = os.path.join(build, "uvmm")
        self.uvmm_kernel = os.path.join(build, "kernel", "vmlinux")
        self.guest_mem = "512M"
        # Every target runs the probes with glibc's AVX code paths off, so
        # that all columns run the same code. UML needs it: started through
        # uml-xstate-shim it keeps only the FXSAVE part of its processes'
        # registers, and anything wider than xmm is lost at each ptrace stop.
        self.glibc_tunables = ("glibc.cpu.hwcaps=-AVX,-AVX2,-AVX512F,-AVX512VL,"
                               "-AVX512BW,-AVX512DQ,-AVX512CD,-AVX_Fast_Unaligned_Load")
        self.runs = a.runs
        self.seconds = a.seconds
        self.host_cpu = a.host_cpu
        self._log = None

    def timeout(self, w, runs):
        """Seconds before a run counts as hung and is killed."""
        if w.name == "make-project":
            return 120 + 600 * runs
        return 60 + runs * (10 * self.seconds + 10)

    def log(self, msg):
        print(msg, file=sys.stderr, flush=True)
        if self._log:
            self._log.write(msg + "\n")
            self._log.flush()


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--targets", default=",".join(ALL_TARGETS),
                   help="comma list of " + ",".join(ALL_TARGETS))
    p.add_argument("--workloads", default="all",
                   help="comma list of workloads, or all: " +
                   ",".join(w.name for w in WORKLOADS))
    p.add_argument("--runs", type=int, default=5, help="runs per figure (1..100)")
    p.add_argument("--seconds", type=float, default=0.5,
                   help="minimum loop time of each probe run (0 < s <= 60)")
    p.add_argument("--top", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    p.add_argument("--build", default=None, help="build directory (default TOP/build)")
    p.add_argument("--out", default=None, help="output directory (default BUILD/bench)")
    p.add_argument("--uml", default=None, help="UML binary (default BUILD/uml/linux)")
    p.add_argument("--host-cpu", type=int, default=None,
                   help="CPU the host runs are pinned to (default: last allowed)")
    a = p.parse_args(argv)
    a.build = a.build or os.path.join(a.top, "build")
    targets = [t for t in a.targets.split(",") if t]
    bad = [t for t in targets if t not in ALL_TARGETS]
    if bad or not targets:
        p.error(f"unknown target {','.join(bad) or '(none)'}; choose from {','.join(ALL_TARGETS)}")
    a.targets = targets
    if a.workloads == "all":
        a.workloads = list(WORKLOADS)
    else:
        names = [n for n in a.workloads.split(",") if n]
        bad = [n for n in names if n not in BY_NAME]
        if bad or not names:
            p.error(f"unknown workload {','.join(bad) or '(none)'}")
        a.workloads = [w for w in WORKLOADS if w.name in names]
    if not 1 <= a.runs <= 100:
        p.error("--runs wants 1..100")
    if not 0 < a.seconds <= 60:
        p.error("--seconds wants a value in (0, 60]")
    if a.host_cpu is not None and a.host_cpu not in os.sched_getaffinity(0):
        p.error(f"--host-cpu {a.host_cpu} is not a CPU this process may use")
    return a


def make_runner(cfg, target):
    if target == "host":
        return HostRunner(cfg)
    if target == "uml":
        return UmlRunner(cfg)
    return UvmmRunner(cfg, target.split("-", 1)[1])


def main(argv):
    a = parse_args(argv)
    cfg = Config(a)
    missing = [n for n in PROBE_BINARIES
               if not os.access(os.path.join(cfg.probe_dir, n), os.X_OK)]
    if missing:
        sys.exit(f"error: probes not built in {cfg.probe_dir}: {' '.join(missing)} "
                 "(run make bench, or make build/bench/probes)")
    os.makedirs(cfg.scratch_dir, exist_ok=True)
    cfg._log = open(os.path.join(cfg.out, "bench.log"), "w")
    if any(t != "host" for t in a.targets):
        if not os.access(cfg.init, os.X_OK):
            sys.exit(f"error: {cfg.init} not built")
        write_initramfs(cfg.initramfs, cfg.init, cfg.probe_dir, PROBE_BINARIES)
        write_initramfs(cfg.boot_initramfs, cfg.init, cfg.probe_dir, [])

    table = {}
    for target in a.targets:
        runner = make_runner(cfg, target)
        why = runner.unavailable() if hasattr(runner, "unavailable") else None
        if why:
            status = FAILED if target == "uml" else NOT_YET
            cfg.log(f"{target}: {status}: {why}")
            table[target] = {w.name: Cell(status, w.unit, note=why if i == 0 else "")
                             for i, w in enumerate(a.workloads)}
            continue
        table[target] = runner.run(a.workloads, a.runs)

    info = sysinfo.collect(cfg)
    md = report.markdown(table, info, a.runs, a.seconds)
    with open(os.path.join(cfg.out, "results.md"), "w") as f:
        f.write(md)
    report.write_csv(os.path.join(cfg.out, "results.csv"), table)
    if not os.listdir(cfg.scratch_dir):
        os.rmdir(cfg.scratch_dir)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
