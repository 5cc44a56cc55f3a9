#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Put the latest results table into docs/performance.md.

    update_doc.py RESULTS_MD DOC_MD

replaces what lies between the "<!-- bench:begin -->" and
"<!-- bench:end -->" lines of DOC_MD with RESULTS_MD, leaving the prose
around it alone. `make bench-doc` runs it after `make bench`.
"""

import sys

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: update_doc.py RESULTS_MD DOC_MD")
    try:
        with open(argv[0]) as f:
            table = f.read()
        with open(argv[1]) as f:
            doc = f.read()
    except OSError as e:
        sys.exit(f"error: {e.filename}: {e.strerror}")
    b, e = doc.find(BEGIN), doc.find(END)
    if b < 0 or e < b:
        sys.exit(f"error: {argv[1]} has no {BEGIN} ... {END} section")
    doc = doc[:b + len(BEGIN)] + "\n" + table.rstrip("\n") + "\n" + doc[e:]
    with open(argv[1], "w") as f:
        f.write(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
