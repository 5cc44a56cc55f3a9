#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# host-resources.t again, on the ptrace tracer: uvmm's default is the fast
# gate where the host allows it, and both paths must pass the same tests.
UVMM_TEST_GATE=ptrace exec "$(dirname "$0")/host-resources.t"
