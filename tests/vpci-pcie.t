#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs the vpci unit test named after this script (tests/vpci-NAME.t ->
# build/tests/vpci_NAME, from tests/unit/vpci_NAME.c, built with ASan/UBSan).
name=$(basename "$0" .t | tr - _)
bin="$(dirname "$0")/../build/tests/$name"
if [ ! -x "$bin" ]; then
	echo "Bail out! $bin is not built (make check builds it)"
	exit 1
fi
exec "$bin"
