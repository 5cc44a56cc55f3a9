#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# INTx: levels through the _PRT swizzle, status and disable bits, sharing (vpci/tests/intx_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit vpci/intx_test
