# SPDX-License-Identifier: GPL-2.0
"""Write the results as a Markdown table and a CSV.

Every figure is "median (min–max)" over the runs. Ratios are of medians,
target / reference, so for times below 1 is faster and for throughputs
(MiB/s) above 1 is faster; the unit column says which kind a row is.
"""

import csv

from results import OK
from workloads import WORKLOADS

TARGETS = ["host", "uml", "uvmm-ptrace", "uvmm-fast", "uvmm-rewrite"]
TITLES = {"host": "host", "uml": "UML", "uvmm-ptrace": "uvmm ptrace",
          "uvmm-fast": "uvmm fast", "uvmm-rewrite": "uvmm fast+rewrite"}
RATIOS = [("uml", "host"), ("uvmm-ptrace", "host"), ("uvmm-ptrace", "uml"),
          ("uvmm-fast", "host"), ("uvmm-fast", "uml"),
          ("uvmm-rewrite", "host"), ("uvmm-rewrite", "uml")]

# The goals: (workload, uvmm targets it is asked of, at most this
# ratio to UML). Only the null syscall names a path (the fast gate).
GOALS = [("boot", ("uvmm-ptrace", "uvmm-fast", "uvmm-rewrite"), 1 / 3),
         ("null-syscall", ("uvmm-fast", "uvmm-rewrite"), 1 / 10),
         ("page-fault", ("uvmm-ptrace", "uvmm-fast", "uvmm-rewrite"), 1 / 10),
         ("fork-exec", ("uvmm-ptrace", "uvmm-fast", "uvmm-rewrite"), 1 / 3)]


def _num(v):
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    if v >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def _cell_text(c):
    if c is None:
        return "—"
    if c.status == OK:
        return f"{_num(c.median)} ({_num(c.min)}–{_num(c.max)})"
    return c.status


def ratio(table, wname, target, ref):
    a, b = table.get(target, {}).get(wname), table.get(ref, {}).get(wname)
    if a and b and a.status == OK and b.status == OK and b.median:
        return a.median / b.median
    return None


def _ratio_text(r):
    return "—" if r is None else f"{r:.3g}"


def markdown(table, info, runs, seconds):
    lines = [
        f"Run {info['date']} on {info['cpu']}, {info['cores']} cores, "
        f"host kernel {info['kernel']}, KVM: {info['kvm']}; repository at {info['commit']}.",
        f"UML: last build: {info['uml_build']}; last clean build: {info['uml_clean_build']}; "
        f"uml-xstate-shim: {info['uml_shim']}.",
        "",
        f"Each figure: median (min–max) of {runs} runs (make-project: at most 3), "
        f"each run a loop of at least {seconds} s. Times are per operation; "
        "ratios are of medians, target/reference (below 1 = faster for times, "
        "above 1 = faster for MiB/s).",
        "",
    ]
    head = (["workload", "unit"] + [TITLES[t] for t in TARGETS] +
            [f"{TITLES[a]}/{TITLES[b]}" for a, b in RATIOS])
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for w in WORKLOADS:
        if not any(w.name in table.get(t, {}) for t in TARGETS):
            continue
        row = [w.title, w.unit]
        row += [_cell_text(table.get(t, {}).get(w.name)) for t in TARGETS]
        row += [_ratio_text(ratio(table, w.name, a, b)) for a, b in RATIOS]
        lines.append("| " + " | ".join(row) + " |")

    lines += ["", "Goals (uvmm/UML, at most):", ""]
    for wname, targets, limit in GOALS:
        states = []
        for t in targets:
            r = ratio(table, wname, t, "uml")
            states.append(f"{TITLES[t]}: " + ("not measurable yet" if r is None else
                          f"{r:.3g}, {'met' if r <= limit else 'not met'}"))
        lines.append(f"- {wname} ≤ 1/{round(1 / limit)} of UML's — " + "; ".join(states))

    notes = []
    for t in TARGETS:
        for w in WORKLOADS:
            c = table.get(t, {}).get(w.name)
            if c and c.note:
                notes.append(f"- {TITLES[t]}, {w.name}: {c.status}: {c.note}")
    if notes:
        lines += ["", "Notes:", ""] + notes
    return "\n".join(lines) + "\n"


def write_csv(path, table):
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["workload", "unit", "target", "status", "runs", "median",
                      "min", "max", "ratio_to_host", "ratio_to_uml", "note",
                      "values"])
        for w in WORKLOADS:
            for t in TARGETS:
                c = table.get(t, {}).get(w.name)
                if c is None:
                    continue
                fmt = (lambda v: "" if v is None else f"{v:.6g}")
                rh = ratio(table, w.name, t, "host") if t != "host" else None
                ru = ratio(table, w.name, t, "uml") if t.startswith("uvmm") else None
                out.writerow([w.name, c.unit or w.unit, t, c.status, len(c.values),
                              fmt(c.median), fmt(c.min), fmt(c.max), fmt(rh),
                              fmt(ru), c.note, " ".join(fmt(v) for v in c.values)])
