#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libFuzzer on vpci under a hostile guest: config space, BARs, MSI-X and
# virtqueues (vpci/tests/fuzz_vpci.c): a few seconds in make check.
. "$(dirname "$0")/../lib/tap.sh"; . "$top/tests/lib/fuzz.sh"
fuzz vpci 5
done_testing
