# SPDX-License-Identifier: GPL-2.0
"""The UML runner: build/uml/linux (ARCH=um, same tree), ptrace mode.

UML's console goes to its stdout; its per-instance directory (pid file,
mconsole socket) is put in a scratch directory the runner removes, so no
run leaves anything in $HOME/.uml. The mixed load chroots into the host's
root, mounted read-only through hostfs, to use the host's make and gcc.
UML is started through uml-xstate-shim (bench/uml-shim), without which
UML 6.12 cannot run user processes on hosts with a large XSAVE area (AMX).
"""

import os

from run_guest import GuestRunner


class UmlRunner(GuestRunner):
    name = "uml"

    def unavailable(self):
        if not os.access(self.cfg.uml, os.X_OK):
            return f"{self.cfg.uml} not built (make bench builds it)"
        if not os.access(self.cfg.uml_shim, os.X_OK):
            return f"{self.cfg.uml_shim} not built (make bench-probes)"
        return None

    def command(self, cmdline, workdir, initrd):
        return [self.cfg.uml_shim, self.cfg.uml, f"mem={self.cfg.guest_mem}",
                f"initrd={initrd}", "con=null", "ssl=null",
                "con0=null,fd:1", f"uml_dir={workdir}", "umid=bench",
                "quiet"] + cmdline.split()

    def extra_cmdline(self, w):
        if w.name != "make-project":
            return ""
        return (f"bench.hostroot=/ bench.probes={self.cfg.probe_dir} "
                f"bench.src={self.cfg.project_dir}")
