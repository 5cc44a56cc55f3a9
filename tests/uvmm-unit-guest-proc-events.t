#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest processes: syscall and fault events, mapping changes, fs/gs bases, stray signals (C, under ASan+UBSan; built by make check).
bin="$(dirname "$0")/../build/tests/unit/guest_proc_events_test"
if [ ! -x "$bin" ]; then
	echo "Bail out! $bin is not built: run make check"
	exit 1
fi
exec "$bin"
