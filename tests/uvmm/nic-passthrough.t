#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# NIC passthrough end to end, in the QEMU test bed (tests/hostvm): the bed's
# e1000e 00:01.0 is given to a uvmm guest with --vfio-pci, whose own e1000e
# driver runs it against the bed's other NIC, in each interrupt mode
# (tests/uvmm/passthrough/in-hostvm.sh says what is checked). The guest's
# initramfs adds bar-mmap, which maps the NIC's BARs from user space.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
exec_tap "$top/tests/hostvm/run.sh" --mem 1280 --timeout 600 \
	--add "$uvmm_bin" --add "$kernel" --add "$build/tests/uvmm/passthrough/initramfs.cpio.gz" \
	--add "$top/tests/uvmm/passthrough/in-hostvm.sh" -- \
	sh in-hostvm.sh 2 1 0
