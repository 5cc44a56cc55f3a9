#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# uvmm's device MMIO and interrupt wiring (uvmm/pci/pci_platform.c): ECAM and BAR
# dispatch, MSI/MSI-X/INTx to virtual lines, hostile accesses (uvmm/tests/pci_platform_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit uvmm/pci_platform_test
