#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libFuzzer on the kernel ELF loader (uvmm/tests/fuzz_elf_load.c): a few seconds in make check.
. "$(dirname "$0")/../lib/tap.sh"; . "$top/tests/lib/fuzz.sh"
fuzz elf_load 5
done_testing
