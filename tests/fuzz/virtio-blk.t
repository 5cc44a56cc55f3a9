#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libFuzzer on virtio-blk's request handling with hostile requests
# (uvmm/tests/fuzz_virtio_blk.c): a few seconds in make check.
. "$(dirname "$0")/../lib/tap.sh"; . "$top/tests/lib/fuzz.sh"
fuzz virtio_blk 5
done_testing
