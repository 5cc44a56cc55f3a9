#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unit test of parse_size(), the --mem size grammar (C, under ASan+UBSan; built by make check).
bin="$(dirname "$0")/../build/tests/unit/parse_size_test"
if [ ! -x "$bin" ]; then
	echo "Bail out! $bin is not built: run make check"
	exit 1
fi
exec "$bin"
