#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MSI: delivery, multiple vectors, masking and pending bits, Bus Master (vpci/tests/msi_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit vpci/msi_test
