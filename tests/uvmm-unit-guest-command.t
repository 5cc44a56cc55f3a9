#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unit test of what `uvmm run -- CMD` hands the guest: the script and its cpio archive (C, under ASan+UBSan).
bin="$(dirname "$0")/../build/tests/unit/guest_command_test"
if [ ! -x "$bin" ]; then
	echo "Bail out! $bin is not built: run make check"
	exit 1
fi
exec "$bin"
