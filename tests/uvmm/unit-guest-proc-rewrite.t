#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Syscall-site rewriting on the fast gate (uvmm/tests/guest_proc_rewrite_test.c).
# It needs protection keys: on this machine where the CPU has them, else
# in the QEMU test bed (tests/hostvm/), whose CPU has them.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need "$build/tests/uvmm/guest_proc_rewrite_test"
grep -qw ospke /proc/cpuinfo && run_unit uvmm/guest_proc_rewrite_test
exec_tap "$top/tests/hostvm/run.sh" --mem 512 --timeout 300 \
	--add "$build/tests/uvmm/guest_proc_rewrite_test" -- ./guest_proc_rewrite_test
