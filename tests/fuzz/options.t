#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libFuzzer on the uvmm run command line (uvmm/tests/fuzz_options.c): a few seconds in make check.
. "$(dirname "$0")/../lib/tap.sh"; . "$top/tests/lib/fuzz.sh"
fuzz options 5
done_testing
