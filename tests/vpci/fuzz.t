#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A hostile guest: every width at every offset, then a seeded random loop (vpci/tests/fuzz_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit vpci/fuzz_test
