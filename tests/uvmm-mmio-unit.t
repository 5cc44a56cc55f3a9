#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unit test of uvmm's device MMIO and interrupt wiring (uvmm/pci_platform.c):
# ECAM and BAR dispatch, MSI/MSI-X/INTx to virtual lines, hostile accesses
# (C, under ASan+UBSan; built by make check).
bin="$(dirname "$0")/../build/tests/unit/pci_platform_test"
if [ ! -x "$bin" ]; then
	echo "Bail out! $bin is not built: run make check"
	exit 1
fi
exec "$bin"
