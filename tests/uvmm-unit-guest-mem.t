#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unit test of guest memory: RAM layout, size limits, memfd and --mem-file (C, under ASan+UBSan; built by make check).
bin="$(dirname "$0")/../build/tests/unit/guest_mem_test"
if [ ! -x "$bin" ]; then
	echo "Bail out! $bin is not built: run make check"
	exit 1
fi
exec "$bin"
