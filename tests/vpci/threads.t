#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The locking rule: MMIO and interrupts from two threads at once (vpci/tests/threads_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit vpci/threads_test
