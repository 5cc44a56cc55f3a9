#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The disk benchmark (make bench-disk, part of make bench): fio on one raw
image file, side by side in one run:

  host        fio on the image file itself (O_DIRECT: the host's disk)
  host-cached the same without O_DIRECT (the host's page cache, which is
              where both guests' disks end up: uvmm and UML open the image
              without O_DIRECT)
  uvmm        the image as --disk (virtio-blk), fio on /dev/vda in a guest
              booted on the host's root (--rootfs /)
  uml         the image as UML's ubd0 (its block driver), fio on it in UML
              booted on the host's root through hostfs

Jobs (bench/disk/guest.sh): 1 MiB sequential read and write (MiB/s), 4 KiB
random read and write (IOPS), one request in flight, O_DIRECT in the guests.
Writes BUILD/bench/disk/results.md and results.csv, the median of --runs
runs.
"""
import os
import statistics
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
from side_bench import side_args, write_table  # noqa: E402
import proc_group  # noqa: E402
TARGETS = ["host", "host-cached", "uvmm", "uml"]
# (fio job, title, which figure: 0 MiB/s, 1 IOPS)
JOBS = [("read", "1 MiB sequential read", 0), ("write", "1 MiB sequential write", 0),
        ("randread", "4 KiB random read", 1), ("randwrite", "4 KiB random write", 1)]
UNITS = ["MiB/s", "IOPS"]
IMAGE_MIB = 512


def parse(text):
    """{job: (MiB/s, IOPS)} from the "disk JOB <terse>" lines."""
    got = {}
    for line in text.splitlines():
        f = line.strip().split(" ", 2)
        if len(f) != 3 or f[0] != "disk":
            continue
        t = f[2].split(";")
        if len(t) < 49 or t[0] != "3":
            continue
        # fio's terse format 3: read KiB/s and IOPS are fields 7 and 8,
        # write's 48 and 49 (1-based).
        bw, iops = (t[6], t[7]) if f[1].endswith("read") else (t[47], t[48])
        got[f[1]] = (float(bw) / 1024, float(iops))
    return got


def command(t, a, image, fio):
    guest = os.path.join(HERE, "guest.sh")
    secs = str(a.seconds)
    if t.startswith("host"):
        # The host column on one CPU, as the main table's.
        return ["env", "DISK_DIRECT=%d" % (t == "host"), "taskset", "-c", "1", "sh", guest,
                fio, image, secs]
    if t == "uvmm":
        return [os.path.join(a.build, "uvmm"), "run", "--kernel",
                os.path.join(a.build, "kernel", "vmlinux"), "--mem", "1G", "--rootfs", "/",
                "--disk", image, "--", "sh", guest, fio, "/dev/vda", secs]
    # As bench/harness/run_uml.py: the xstate shim, a scratch uml_dir.
    return [os.path.join(a.build, "bench", "uml-xstate-shim"),
            os.path.join(a.build, "uml", "linux"), "mem=1G", "root=/dev/root",
            "rootfstype=hostfs", "rootflags=/", "ro", "quiet", "con=null", "ssl=null",
            "con0=null,fd:1", "uml_dir=%s" % tempfile.mkdtemp(prefix="uvmm-bench-uml."),
            "umid=disk", "ubd0=%s" % image, "init=%s" % guest, "--", fio, "-", secs, "init"]


def unavailable(t, a):
    if t == "uml":
        for p in (os.path.join(a.build, "uml", "linux"),
                  os.path.join(a.build, "bench", "uml-xstate-shim")):
            if not os.access(p, os.X_OK):
                return "UML is not built (make bench-uml bench-probes)"
    if t == "uvmm" and not os.access(os.path.join(a.build, "uvmm"), os.X_OK):
        return "uvmm is not built"
    return None


def fmt(vals):
    if not vals:
        return "—"
    m = statistics.median(vals)
    return f"{m:.0f} ({min(vals):.0f}–{max(vals):.0f})"


def main():
    a = side_args(__doc__, TARGETS, "fio job")
    fio = shutil.which("fio")
    if not fio:
        sys.exit("bench-disk: no fio (make deps installs it)")
    out = os.path.join(a.build, "bench", "disk")
    os.makedirs(out, exist_ok=True)
    image = os.path.join(out, "disk.img")
    # Written through once, so that every target reads allocated blocks.
    with open(image, "wb") as f:
        chunk = os.urandom(1 << 20)
        for _ in range(IMAGE_MIB):
            f.write(chunk)
    targets = a.targets.split(",")
    res = {t: {j: [] for j, _, _ in JOBS} for t in targets}
    notes = {}
    try:
        for r in range(a.runs):
            for t in targets:
                why = unavailable(t, a)
                if why:
                    notes[t] = why
                    continue
                # A hung guest is killed with everything it started.
                rc, text, _ = proc_group.run(command(t, a, image, fio),
                                             a.seconds * len(JOBS) * 4 + 120)
                got = parse(text)
                if len(got) != len(JOBS):
                    notes[t] = "no figures (status %s): %s" % (rc, text[-300:].strip())
                    print(f"{t} run {r + 1}: {notes[t]}", file=sys.stderr)
                    continue
                for j, v in got.items():
                    res[t][j].append(v)
                print(f"{t} run {r + 1}: " + " ".join(f"{j} {v[0]:.0f} MiB/s {v[1]:.0f} IOPS"
                                                      for j, v in got.items()), file=sys.stderr)
    finally:
        os.unlink(image)

    runs = "one run" if a.runs == 1 else f"median (min–max) of {a.runs} runs"
    lines = [f"fio on a {IMAGE_MIB} MiB raw image, psync, one request in flight, "
             f"O_DIRECT in the guests and in `host`, {a.seconds} s a job; {runs}.", "",
             "| job | unit | " + " | ".join(targets) + " | uvmm/host-cached | uvmm/uml |",
             "|---|---|" + "---|" * len(targets) + "---|---|"]
    csv = ["job,unit," + ",".join(targets)]
    for j, title, k in JOBS:
        vals = {t: [v[k] for v in res[t][j]] for t in targets}
        med = {t: statistics.median(v) if v else None for t, v in vals.items()}

        def ratio(x, y):
            return f"{med[x] / med[y]:.2f}" if med.get(x) and med.get(y) else "—"
        lines.append(f"| {title} | {UNITS[k]} | " + " | ".join(fmt(vals[t]) for t in targets) +
                     f" | {ratio('uvmm', 'host-cached')} | {ratio('uvmm', 'uml')} |")
        csv.append(f"{j},{UNITS[k]}," + ",".join("" if med[t] is None else f"{med[t]:.1f}"
                                                 for t in targets))
    for t, why in notes.items():
        lines += ["", f"- {t}: {why}"]
    write_table(out, lines, csv)
    return 1 if notes else 0


if __name__ == "__main__":
    sys.exit(main())
