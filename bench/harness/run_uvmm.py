# SPDX-License-Identifier: GPL-2.0
"""The uvmm runners, one per syscall path: uvmm-ptrace, uvmm-fast (the fast
gate without syscall-site rewriting: UVMM_NO_REWRITE=1) and uvmm-rewrite
(the fast gate with it, uvmm's default where the CPU has protection keys).

They boot the very initramfs UML boots (initramfs-boot.cpio.gz, just /init,
for the boot figure), with
    build/uvmm run --kernel build/kernel/vmlinux --initrd <cpio.gz> --mem 512M
               --syscall-gate=<ptrace|fast> --cmdline "console=hvc0 ..."
and read the same console lines. A path that this uvmm does not have (it
refuses the --syscall-gate value with status 125) makes every workload of
that column say "not yet" with uvmm's reason, instead of failing. The
mixed load uses the host's make and gcc: the host's root is shared
read-only (--share /:hostroot,ro, virtiofs served by uvmm), as run_uml.py
does with hostfs.
"""

import os

from results import first_error
from run_guest import GuestRunner

HOST_ROOT_TAG = "hostroot"

REACH_INIT_TIMEOUT = 20  # seconds; a guest that gets there does it in < 1 s
EXIT_UVMM_ERROR = 125         # uvmm/exit_status.h: bad option, bad file, host failure


class UvmmRunner(GuestRunner):
    def __init__(self, cfg, path):
        super().__init__(cfg)
        self.gate = "fast" if path == "rewrite" else path
        self.env = ["env", "UVMM_NO_REWRITE=1"] if path == "fast" else []
        self.name = f"uvmm-{path}"

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
        share = ["--share", f"/:{HOST_ROOT_TAG},ro"] if "bench.hostroot=" in cmdline else []
        return (self.env + [self.cfg.uvmm, "run", "--kernel", self.cfg.uvmm_kernel,
                 "--initrd", initrd, "--mem", self.cfg.guest_mem] + gate + share +
                ["--cmdline", "console=hvc0 " + cmdline])

    def extra_cmdline(self, w):
        if w.name != "make-project":
            return ""
        return (f"bench.hostfs=virtiofs bench.hostroot={HOST_ROOT_TAG} "
                f"bench.probes={self.cfg.probe_dir} bench.src={self.cfg.project_dir}")
