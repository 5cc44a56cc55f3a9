# SPDX-License-Identifier: GPL-2.0
"""The uvmm runners, one per syscall path: uvmm-ptrace and uvmm-fast.

They boot the very initramfs UML boots (initramfs-boot.cpio.gz, just /init,
for the boot figure), with
    build/uvmm run --kernel build/kernel/vmlinux --initrd <cpio.gz> --mem 512M
               --syscall-gate=<ptrace|fast> --cmdline "console=hvc0 ..."
and read the same console lines. Until uvmm runs /init, a first short boot
shows it does not reach "bench-init: start", and every workload says
"not yet" with the reason, instead of failing. Once it does, nothing here
needs to change. The mixed load needs a compiler in the guest: it waits for
uvmm's host directory share (then bench.hostfs=<its fs type> and
bench.hostroot=<its tag> in extra_cmdline(), as run_uml.py does for hostfs).
"""

import os

from results import Cell, NOT_YET, first_error
from run_guest import GuestRunner

REACH_INIT_TIMEOUT = 20  # seconds; a guest that gets there does it in < 1 s
EXIT_USER_MODE_NOT_YET = 122  # uvmm/exit_status.h: reached user mode, cannot run it
EXIT_UVMM_ERROR = 125         # uvmm/exit_status.h: bad option, bad file, host failure


class UvmmRunner(GuestRunner):
    def __init__(self, cfg, gate):
        super().__init__(cfg)
        self.gate = gate
        self.gate_option = True
        self.name = f"uvmm-{gate}"

    def unavailable(self):
        for path in (self.cfg.uvmm, self.cfg.uvmm_kernel):
            if not os.access(path, os.R_OK):
                return f"{os.path.relpath(path, self.cfg.top)} not built"
        rc, out, secs = self.boot("bench.list=", REACH_INIT_TIMEOUT,
                                  self.cfg.boot_initramfs)
        if "bench-init: start" in out:
            return None
        prefix = ""
        if rc == EXIT_UVMM_ERROR and "--syscall-gate" in out:
            # An older uvmm: still worth saying how far its guest gets.
            self.gate_option = False
            rc, out, secs = self.boot("bench.list=", REACH_INIT_TIMEOUT,
                                      self.cfg.boot_initramfs)
            if "bench-init: start" in out:
                return "uvmm runs /init but has no --syscall-gate to pick this path"
            prefix = "uvmm has no --syscall-gate yet; without it, "
        if rc == EXIT_USER_MODE_NOT_YET:
            # How far it got is worth a figure: boot to the exec of /init.
            return (prefix + "the guest reaches user mode but cannot run /init "
                    f"yet (exit 122 after {secs * 1e3:.0f} ms)")
        tail = first_error(out) or (out.strip().splitlines() or [""])[-1][:120]
        why = "timed out" if rc is None else f"exit {rc}"
        return prefix + f"guest does not reach /init yet ({why}: {tail})"

    def command(self, cmdline, workdir, initrd):
        gate = [f"--syscall-gate={self.gate}"] if self.gate_option else []
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
