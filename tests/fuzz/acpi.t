#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libFuzzer on the ACPI builder with any platform, base address and buffer
# size (acpi-tables/tests/fuzz_acpi.c): a few seconds in make check.
. "$(dirname "$0")/../lib/tap.sh"; . "$top/tests/lib/fuzz.sh"
fuzz acpi 5
done_testing
