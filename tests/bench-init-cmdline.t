#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The benchmark /init's command-line parser (bench/tests/init-cmdline-test.c,
# ASan/UBSan). Its refusals go to stderr; shown here as TAP comments.
top=$(cd "$(dirname "$0")/.." && pwd)
t=$top/build/tests/bench/init-cmdline-test
if ! make -s -C "$top" "$t" >/dev/null 2>&1; then
	echo "1..1"
	echo "not ok 1 - build $t"
	exit 1
fi
exec "$t" 2> >(sed 's/^/# /' >&2)
