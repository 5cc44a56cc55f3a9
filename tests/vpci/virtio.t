#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# virtio-pci transport and split virtqueues, hostile rings (vpci/tests/virtio_test.c).
. "$(dirname "$0")/../lib/tap.sh"; run_unit vpci/virtio_test
