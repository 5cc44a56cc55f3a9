#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Config space through ECAM: header fields, RO/RW/RW1C rules, widths (vpci/tests/config_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit vpci/config_test
