#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The working-set curve (make bench-mem, part of make bench): what a page
costs as a process's working set grows from 64 MiB to 4 GiB, on the host
(pinned to one CPU, as the main table's host column) and in uvmm on each
syscall path, booted on the host's root (--rootfs /, --mem 6G) so that the
guest runs the very memcurve binary the host does:

  anon              fresh anonymous memory, written once and read back
  anon-fragmented   the same after a child left 2 GiB of the kernel's free
                    memory as single frames between pages it holds
  anon-random-fragmented  the same advised MADV_RANDOM: no fault-ahead,
                    each page faulted alone on whatever frame comes (the
                    scattered ones first): the most host mappings
  file              a file in the guest's tmpfs (the host's /dev/shm),
                    mapped shared and read a page at a time (2 GiB)

Writes BUILD/bench/memcurve/results.md and results.csv: the median of
--runs runs per point, microseconds per 4 KiB page.
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from side_bench import side_args, write_table  # noqa: E402
import proc_group  # noqa: E402

SIZES = [64, 128, 256, 512, 1024, 2048, 4096]
FRAGMENT_MIB = 2048
FILE_MIB = 2048
GUEST_MEM = "6G"
TARGETS = ["host", "uvmm-ptrace", "uvmm-fast"]
TIMEOUT = 900


def commands(target, memcurve):
    """The memcurve runs of one target, each (kind, argv)."""
    runs = [("anon", [memcurve, "anon"] + [str(s) for s in SIZES]),
            ("anon-fragmented", [memcurve, "anon", "--fragment", str(FRAGMENT_MIB)] +
             [str(s) for s in SIZES]),
            ("anon-random-fragmented", [memcurve, "anon", "--fragment", str(FRAGMENT_MIB),
                                        "--random"] + [str(s) for s in SIZES]),
            ("file", [memcurve, "file", "/dev/shm" if target == "host" else "/tmp",
                      str(FILE_MIB)])]
    return runs


def wrap(target, argv, build):
    if target == "host":
        return ["taskset", "-c", "1"] + argv
    gate = target.split("-", 1)[1]
    return [os.path.join(build, "uvmm"), "run", "--kernel",
            os.path.join(build, "kernel", "vmlinux"), "--mem", GUEST_MEM,
            f"--syscall-gate={gate}", "--rootfs", "/", "--"] + argv


def run_one(target, argv, build):
    """{(kind, MiB): (first, again)} from one run, or an error text."""
    # A hung guest is killed with everything it started.
    rc, text, _ = proc_group.run(wrap(target, argv, build), TIMEOUT)
    if rc is None:
        return f"timed out after {TIMEOUT} s"
    out = {}
    for line in text.splitlines():
        f = line.split()
        if len(f) == 5 and f[0] == "curve":
            out[(f[1], int(f[2]))] = (float(f[3]), float(f[4]))
        elif line.startswith("error:"):
            return line.strip()
    if rc != 0 or not out:
        tail = text.strip().splitlines()[-1:] or [""]
        return f"exit {rc}: {tail[0][:160]}"
    return out


def median_cell(values):
    if not values:
        return None
    return statistics.median(values)


def fmt(v):
    if v is None:
        return "—"
    return f"{v:.3g}" if v < 100 else f"{v:.0f}"


def main():
    args = side_args(__doc__, TARGETS)
    build = args.build
    memcurve = os.path.join(build, "bench", "memcurve", "memcurve")
    targets = args.targets.split(",")
    points = {}            # (target, kind, MiB) -> [(first, again)]
    errors = []
    for run in range(args.runs):
        for target in targets:
            for kind, argv in commands(target, memcurve):
                got = run_one(target, argv, build)
                if isinstance(got, str):
                    errors.append(f"{target} {kind}, run {run + 1}: {got}")
                    print(errors[-1], file=sys.stderr)
                    continue
                for (k, mib), v in got.items():
                    points.setdefault((target, k, mib), []).append(v)
                print(f"{target} {kind} run {run + 1}: done", file=sys.stderr)

    rows = [(k, s) for k in ("anon", "anon-fragmented", "anon-random-fragmented")
            for s in SIZES] + [("file", FILE_MIB)]
    med = {}
    for key, vals in points.items():
        med[key] = (median_cell([v[0] for v in vals]), median_cell([v[1] for v in vals]))

    def cell(t, k, s, i):
        v = med.get((t, k, s))
        return v[i] if v else None

    runs = "One run" if args.runs == 1 else f"Median of {args.runs} runs"
    guests = [t for t in targets if t != "host"]
    head = ["memory", "MiB"] + [f"{t} {w}" for t in targets for w in ("first", "again")] + \
        [f"{t}/host first" for t in guests]
    lines = [f"{runs}, µs per 4 KiB page; first touch / "
             f"read back. uvmm: --mem {GUEST_MEM}, --rootfs /.", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    csv = ["memory,mib," + ",".join(f"{t}_first,{t}_again" for t in targets)]
    for k, s in rows:
        cells, ratios, cvals = [], [], []
        for t in targets:
            a, b = cell(t, k, s, 0), cell(t, k, s, 1)
            cells += [fmt(a), fmt(b)]
            cvals += ["" if a is None else f"{a:.4f}", "" if b is None else f"{b:.4f}"]
        host = cell("host", k, s, 0)
        for t in guests:
            v = cell(t, k, s, 0)
            ratios.append(fmt(v / host) if v is not None and host else "—")
        lines.append("| " + " | ".join([k, str(s)] + cells + ratios) + " |")
        csv.append(f"{k},{s}," + ",".join(cvals))
    if errors:
        lines += ["", "Errors:", ""] + [f"- {e}" for e in errors]
    write_table(os.path.join(build, "bench", "memcurve"), lines, csv)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
