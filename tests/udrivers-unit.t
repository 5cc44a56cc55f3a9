#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# udrivers host-side unit tests (ASan/UBSan): BDF parsing, discovery,
# binding with rollback, and VFIO/UIO refusals on a fake sysfs tree.
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/build/tests/udrivers/udrivers-unit
[ -x "$bin" ] || { echo "Bail out! $bin is missing: run 'make check' from $top"; exit 1; }
exec "$bin"
