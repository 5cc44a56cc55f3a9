#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The test device's registers, BARs, ROM and doorbell modes (vpci/tests/testdev_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit vpci/testdev_test
