#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The vmalloc mirror: checked maps, unmaps never refused (uvmm/tests/kernel_map_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit uvmm/kernel_map_test
