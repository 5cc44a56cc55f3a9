#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libFuzzer on the virtio-fs server with hostile FUSE requests
# (uvmm/tests/fuzz_virtio_fs.c): a few seconds in make check.
. "$(dirname "$0")/../lib/tap.sh"; . "$top/tests/lib/fuzz.sh"
fuzz virtio_fs 5
done_testing
