#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The same as unit-guest-proc-fpu.t, on the fast gate (uvmm/tests/guest_proc_fpu_test.c).
. "$(dirname "$0")/../lib/tap.sh"; UVMM_TEST_GATE=fast run_unit uvmm/guest_proc_fpu_test
