#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The ACPI table builder (acpi-tables/tests/build_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit acpi/build_test
