#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The benchmark /init's command-line parser (bench/tests/init-cmdline-test.c,
# ASan/UBSan). Its refusals go to stderr; shown here as TAP comments.
. "$(dirname "$0")/../lib/tap.sh"; run_unit bench/init-cmdline-test 2> >(sed 's/^/# /' >&2)
