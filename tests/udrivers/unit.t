#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# udrivers on the host: BDF parsing, discovery, binding with rollback, and
# VFIO/UIO refusals on a fake sysfs tree (udrivers/tests/unit.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit udrivers/udrivers-unit
