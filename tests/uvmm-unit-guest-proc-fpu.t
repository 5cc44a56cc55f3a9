#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest processes: lazy FPU state per user thread, within and across processes (C, under ASan+UBSan; built by make check).
bin="$(dirname "$0")/../build/tests/unit/guest_proc_fpu_test"
if [ ! -x "$bin" ]; then
	echo "Bail out! $bin is not built: run make check"
	exit 1
fi
exec "$bin"
