#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unit tests of acpi-tables (build), built under ASan/UBSan by acpi-tables/build.mk.
bin="$(dirname "$0")/../build/tests/acpi/acpi_build_test"
if [ ! -x "$bin" ]; then
	echo "1..1"
	echo "not ok 1 - $bin is not built (run 'make check')"
	exit 1
fi
exec "$bin"
