#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest processes: lazy FPU state per user thread, within and across processes (uvmm/tests/guest_proc_fpu_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit uvmm/guest_proc_fpu_test
