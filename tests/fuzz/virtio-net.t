#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libFuzzer on virtio-net's transmit checks, receive buffers and the slirp helper's
# stream (uvmm/tests/fuzz_virtio_net.c): a few seconds in make check.
. "$(dirname "$0")/../lib/tap.sh"; . "$top/tests/lib/fuzz.sh"
fuzz virtio_net 5
done_testing
