#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest processes: a fresh process, early flush, interrupts, destroy, kills from outside, no leaks (uvmm/tests/guest_proc_life_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit uvmm/guest_proc_life_test
