#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# virtio-net: --net values, transmit checks, receive buffers, the helper's stream, and the
# device on a bus under a hostile driver and helper (uvmm/tests/virtio_net_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit uvmm/virtio_net_test
