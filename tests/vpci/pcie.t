#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The PCI Express capability (RCiEP) and Function Level Reset (vpci/tests/pcie_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit vpci/pcie_test
