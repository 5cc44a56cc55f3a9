#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The same as unit-guest-proc-life.t, on the fast gate (uvmm/tests/guest_proc_life_test.c).
. "$(dirname "$0")/../lib/tap.sh"; UVMM_TEST_GATE=fast run_unit uvmm/guest_proc_life_test
