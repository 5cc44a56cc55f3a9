#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest memory: RAM layout, size limits, memfd and --mem-file (uvmm/tests/guest_mem_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit uvmm/guest_mem_test
