# SPDX-License-Identifier: GPL-2.0
"""The uvmm runners, one per syscall path: uvmm-ptrace and uvmm-fast.

They boot the very initramfs UML boots (initramfs-boot.cpio.gz, just /init,
for the boot figure), with
    build/uvmm run --kernel build/kernel/vmlinux --initrd <cpio.gz> --mem 512M
               --syscall-gate=<ptrace|fast> --cmdline "console=hvc0 ..."
and read the same console lines. A path that this uvmm does not have (it
refuses the --syscall-gate value with status 125) makes every workload of
that column say "not yet" with uvmm's reason, instead of failing. The
mixed load needs a compiler in the guest: it waits for uvmm's host
directory share (then bench.hostfs=<its fs type> and bench.hostroot=<its
tag> in extra_cmdline(), as run_uml.py does for hostfs).
"""

import os

from results import Cell, NOT_YET, first_error
from run_guest import GuestRunner

REACH_INIT_TIMEOUT = 20  # seconds; a guest that gets there does it in < 1 s
EXIT_UVMM_ERROR = 125         # uvmm/exit_status.h: bad option, bad file, host failure


class UvmmRunner(GuestRunner):
    def __init__(self, cfg, gate):
        super().__init__(cfg)
        self.gate = gate
        self.name = f"uvmm-{gate}"

    def unavailable(self):
        for path in (self.cfg.uvmm, self.cfg.uvmm_kernel):
            if not os.access(path, os.R_OK):
                return f"{os.path.relpath(path, self.cfg.top)} not built"
        rc, out, secs = self.boot("bench.list=", REACH_INIT_TIMEOUT,
                                  self.cfg.boot_initramfs)
        if "bench-init: start" in out:
            return None
        tail = first_error(out) or (out.strip().splitlines() or [""])[-1][:160]
        if rc == EXIT_UVMM_ERROR and "--syscall-gate" in tail:
            return f"this uvmm has no {self.gate} path: {tail}"
        why = "timed out" if rc is None else f"exit {rc}"
        return f"guest does not reach /init ({why}: {tail})"

    def command(self, cmdline, workdir, initrd):
        gate = [f"--syscall-gate={self.gate}"]
        return ([self.cfg.uvmm, "run", "--kernel", self.cfg.uvmm_kernel,
                 "--initrd", initrd, "--mem", self.cfg.guest_mem] + gate +
                ["--cmdline", "console=hvc0 " + cmdline])

    def run(self, workloads, runs):
        cells = {}
        pending = []
        for w in workloads:
            if w.name == "make-project":
                cells[w.name] = Cell(NOT_YET, w.unit,
                                     note="needs a compiler in the guest (host directory share)")
            else:
                pending.append(w)
        cells.update(super().run(pending, runs))
        return cells
