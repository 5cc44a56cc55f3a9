#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The jail's roles, each entered in a child: what it must not do is refused,
# what its work needs works (uvmm/tests/jail_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit uvmm/jail_test
