#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The virtio-fs server against crafted and random FUSE requests (uvmm/tests/virtio_fs_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit uvmm/virtio_fs_test
