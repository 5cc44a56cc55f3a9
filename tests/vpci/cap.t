#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Capability lists: walking them, their RO fields, running out of room (vpci/tests/cap_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit vpci/cap_test
