# SPDX-License-Identifier: GPL-2.0
"""One table cell: the runs of one workload on one target, and its summary."""

from dataclasses import dataclass, field
import re
import statistics

OK, NOT_YET, NOT_APPLICABLE, FAILED = "ok", "not yet", "n/a", "failed"

RESULT_LINE = re.compile(r"result (\S+) ([0-9][0-9.eE+-]*) (\S+)\s*$")


@dataclass
class Cell:
    status: str
    unit: str = ""
    values: list = field(default_factory=list)
    note: str = ""

    @property
    def median(self):
        return statistics.median(self.values) if self.values else None

    @property
    def min(self):
        return min(self.values) if self.values else None

    @property
    def max(self):
        return max(self.values) if self.values else None


def parse_results(text, workload):
    """(values, unit) of the "result <workload> <value> <unit>" lines in text.

    Console output of a guest may carry \\r and kernel messages around the
    lines, so each line is searched, not matched whole.
    """
    values, unit = [], ""
    for line in text.replace("\r", "").splitlines():
        m = RESULT_LINE.search(line)
        if m and m.group(1) == workload:
            values.append(float(m.group(2)))
            unit = m.group(3)
    return values, unit


def first_error(text):
    """The first "error: ..." line in text, shortened, or ""."""
    for line in text.replace("\r", "").splitlines():
        i = line.find("error: ")
        if i >= 0:
            return line[i:i + 160].strip()
    return ""


def cell_from_runs(values, unit, runs_wanted, output):
    if len(values) >= runs_wanted and all(v > 0 for v in values):
        return Cell(OK, unit, values)
    note = first_error(output) or f"{len(values)} of {runs_wanted} runs gave a result"
    return Cell(FAILED, unit, values, note)
