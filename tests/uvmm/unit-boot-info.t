#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# initrd placement and loading, and the boot info builder (uvmm/tests/boot_info_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit uvmm/boot_info_test
