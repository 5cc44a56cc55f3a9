#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# options_parse(), the uvmm run command line (uvmm/tests/options_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit uvmm/options_test
