#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# BARs: sizing, placement inside the windows, decode, moves (vpci/tests/bar_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit vpci/bar_test
