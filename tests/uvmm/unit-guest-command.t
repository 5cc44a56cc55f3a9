#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What `uvmm run -- CMD` hands the guest: the script and its cpio archive (uvmm/tests/guest_command_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit uvmm/guest_command_test
