#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# parse_size(), the --mem size grammar (uvmm/tests/parse_size_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit uvmm/parse_size_test
