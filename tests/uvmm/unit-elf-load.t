#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel ELF loader with crafted good, broken and fuzzed images (uvmm/tests/elf_load_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit uvmm/elf_load_test
