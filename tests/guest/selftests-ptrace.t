#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The same as selftests.t, with guest syscalls through the ptrace tracer.
UVMM_TEST_GATE=ptrace exec "$(dirname "$0")/selftests.t"
