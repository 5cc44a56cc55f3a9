#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MSI-X: table and PBA in a BAR, masking, pending bits (vpci/tests/msix_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit vpci/msix_test
