# SPDX-License-Identifier: GPL-2.0
"""What the side benchmarks (bench/net, bench/disk, bench/memcurve) share:
their options and where their table goes (BUILD/bench/<name>/)."""

import argparse
import os


def side_args(doc, targets, seconds_of=None):
    """--build, --runs, --targets and, where a run has a length, --seconds."""
    ap = argparse.ArgumentParser(description=doc,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True)
    if seconds_of:
        ap.add_argument("--seconds", type=int, default=3, help=f"each {seconds_of} (3)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each target (3)")
    ap.add_argument("--targets", default=",".join(targets))
    a = ap.parse_args()
    a.build = os.path.abspath(a.build)
    return a


def write_table(out, md_lines, csv_lines):
    """results.md and results.csv in out; the table on stdout too."""
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write("\n".join(md_lines) + "\n")
    with open(os.path.join(out, "results.csv"), "w") as f:
        f.write("\n".join(csv_lines) + "\n")
    print("\n".join(md_lines))
