# SPDX-License-Identifier: GPL-2.0
"""Write the benchmark initramfs: a gzipped cpio (newc) archive.

Written here rather than with cpio(1) so that /dev/console can be a device
node without root, and so that the archive is the same on every machine.
Layout: /init, /bench/<probes>, /dev/console, empty /proc /tmp /host.
"""

import gzip
import os


def _entry(out, ino, name, mode, data=b"", rdev=(0, 0)):
    name_b = name.encode() + b"\0"
    hdr = "070701" + "".join(f"{v:08X}" for v in (
        ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1],
        len(name_b), 0))
    out.write(hdr.encode() + name_b)
    out.write(b"\0" * (-(110 + len(name_b)) % 4))
    out.write(data)
    out.write(b"\0" * (-len(data) % 4))


def write_initramfs(path, init_binary, probe_dir, probes):
    tmp = path + ".tmp"
    with gzip.open(tmp, "wb", compresslevel=6) as out:
        ino = 1
        for d in ("bench", "dev", "proc", "tmp", "host"):
            _entry(out, ino, d, 0o040755)
            ino += 1
        _entry(out, ino, "dev/console", 0o020600, rdev=(5, 1))
        ino += 1
        with open(init_binary, "rb") as f:
            _entry(out, ino, "init", 0o100755, f.read())
        ino += 1
        for name in probes:
            with open(os.path.join(probe_dir, name), "rb") as f:
                _entry(out, ino, "bench/" + name, 0o100755, f.read())
            ino += 1
        _entry(out, 0, "TRAILER!!!", 0)
    os.replace(tmp, path)
