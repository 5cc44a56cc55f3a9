#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The passthrough model against a fake e1000e: what the guest sees, what reaches the device (vpci/tests/passthrough_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit vpci/passthrough_test
