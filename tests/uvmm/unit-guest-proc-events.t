#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest processes: syscall and fault events, mapping changes, fs/gs bases, stray signals (uvmm/tests/guest_proc_events_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit uvmm/guest_proc_events_test
