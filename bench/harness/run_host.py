# SPDX-License-Identifier: GPL-2.0
"""The host runner: each probe run directly, pinned to one CPU.

Pinned because the guests it is compared with have one CPU: unpinned, the
host would place the two ends of a ping-pong on different cores, which on a
nested VM costs tens of microseconds per wake-up and measures the scheduler's
placement, not the kernel path.
"""

import os

import proc_group
from results import Cell, NOT_APPLICABLE, cell_from_runs, parse_results


class HostRunner:
    name = "host"

    def __init__(self, cfg):
        self.cfg = cfg
        allowed = sorted(os.sched_getaffinity(0))
        self.cpu = allowed[-1] if cfg.host_cpu is None else cfg.host_cpu
        self.env = dict(os.environ, GLIBC_TUNABLES=cfg.glibc_tunables)

    def _pin(self):
        os.sched_setaffinity(0, {self.cpu})

    def _argv(self, w):
        probe = os.path.join(self.cfg.probe_dir, w.name)
        if w.name == "make-project":
            out = os.path.join(self.cfg.scratch_dir, "make-project-host")
            return [probe, "-t", str(self.cfg.seconds), "-C",
                    self.cfg.project_dir, "-o", out, "-j", "2"]
        return [probe, "-t", str(self.cfg.seconds), "-d", self.cfg.scratch_dir]

    def run(self, workloads, runs):
        cells = {}
        for w in workloads:
            if w.name == "boot":
                cells[w.name] = Cell(NOT_APPLICABLE, w.unit,
                                     note="the host does not boot")
                continue
            n = min(runs, w.max_runs) if w.max_runs else runs
            values, unit, output = [], w.unit, ""
            for _ in range(n):
                rc, out, _ = proc_group.run(self._argv(w), self.cfg.timeout(w, 1),
                                            env=self.env, preexec_fn=self._pin)
                output += out
                v, unit_seen = parse_results(out, w.name)
                if rc == 0 and v:
                    values += v
                    unit = unit_seen
            cells[w.name] = cell_from_runs(values, unit, n, output)
            self.cfg.log(f"host {w.name}: {cells[w.name].values}")
        return cells
