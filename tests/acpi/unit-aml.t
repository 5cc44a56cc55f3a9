#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The AML encoder (acpi-tables/tests/aml_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit acpi/aml_test
