# SPDX-License-Identifier: GPL-2.0
"""What the UML and uvmm runners share: boot the benchmark initramfs with a
bench.* command line, collect the probes' result lines from the console.

A subclass only says how to start its VMM: `command(cmdline, workdir, initrd)`.
"""

import os
import shutil
import tempfile

import proc_group
from results import Cell, FAILED, OK, cell_from_runs, first_error, parse_results


class GuestRunner:
    name = "guest"

    def __init__(self, cfg):
        self.cfg = cfg

    def command(self, cmdline, workdir, initrd):
        raise NotImplementedError

    def unavailable(self):
        """None, or why this target cannot run at all (then every cell says so)."""
        return None

    def boot(self, cmdline, timeout, initrd=None):
        """(returncode or None, console text, seconds) of one guest boot,
        by default with the initramfs that holds the probes."""
        # A parameter without a dot in its name reaches /init's environment.
        cmdline = f"{cmdline} GLIBC_TUNABLES={self.cfg.glibc_tunables}"
        workdir = tempfile.mkdtemp(prefix=f"{self.name}-", dir=self.cfg.scratch_dir)
        try:
            return proc_group.run(
                self.command(cmdline, workdir, initrd or self.cfg.initramfs),
                timeout, cwd=workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def _boot_cell(self, w, runs):
        values, output = [], ""
        for _ in range(runs):
            rc, out, secs = self.boot("bench.list=", self.cfg.timeout(w, 1),
                                      self.cfg.boot_initramfs)
            output += out
            if rc == 0 and "bench-init: done" in out:
                values.append(secs * 1e3)
            else:
                why = "timed out" if rc is None else f"exit status {rc}"
                return Cell(FAILED, w.unit, values,
                            first_error(out) or f"boot {why} without bench-init: done")
        return cell_from_runs(values, w.unit, runs, output)

    def _probe_cell(self, w, runs):
        line = (f"bench.list={w.name} bench.runs={runs} "
                f"bench.time={self.cfg.seconds} " + self.extra_cmdline(w))
        rc, out, _ = self.boot(line.strip(), self.cfg.timeout(w, runs))
        values, unit = parse_results(out, w.name)
        cell = cell_from_runs(values, unit or w.unit, runs, out)
        if cell.status == OK and rc is None:
            cell.note = "results complete, but the guest did not power off"
        elif cell.status != OK and rc is None and not cell.values:
            cell.note = (cell.note + "; " if first_error(out) else "") + "timed out"
        return cell

    def extra_cmdline(self, w):
        return ""

    def run(self, workloads, runs):
        cells = {}
        for w in workloads:
            n = min(runs, w.max_runs) if w.max_runs else runs
            cells[w.name] = (self._boot_cell(w, n) if w.name == "boot"
                             else self._probe_cell(w, n))
            self.cfg.log(f"{self.name} {w.name}: {cells[w.name].status} "
                         f"{cells[w.name].values} {cells[w.name].note}")
        return cells
