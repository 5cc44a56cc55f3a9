#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest processes: a fresh process, early flush, interrupts, destroy, kills from outside, no leaks (C, under ASan+UBSan; built by make check).
bin="$(dirname "$0")/../build/tests/unit/guest_proc_life_test"
if [ ! -x "$bin" ]; then
	echo "Bail out! $bin is not built: run make check"
	exit 1
fi
exec "$bin"
