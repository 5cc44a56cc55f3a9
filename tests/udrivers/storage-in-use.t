#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A storage controller whose disk the host uses (swap, a mounted file
# system) is not taken from its driver (udrivers/disk_use.c), tried on a
# real driver: NVMe controllers emulated in the QEMU test bed, one on its
# own and one of a multipath subsystem (tests/udrivers/hostvm/storage-in-use.sh).
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
truncate -s 64M "$tmp/plain.img" "$tmp/mp.img"
# Not exec_tap: the disk image in $tmp must outlive the start of the bed.
"$top/tests/hostvm/run.sh" --mem 768 --timeout 300 --module nvme --module ext4 --module crc32c_generic \
	--qemu-opt "-drive file=$tmp/plain.img,if=none,format=raw,id=nv0 -device nvme,drive=nv0,serial=plain" \
	--qemu-opt "-device nvme-subsys,id=nvs,nqn=uvmm-mp -device nvme,serial=mp,subsys=nvs,id=nvc" \
	--qemu-opt "-drive file=$tmp/mp.img,if=none,format=raw,id=nv1 -device nvme-ns,drive=nv1,bus=nvc,nsid=1" \
	--add "$uvmm_bin" --add "$kernel" --add "$initrd" \
	--add "$top/tests/udrivers/hostvm/storage-in-use.sh" -- sh storage-in-use.sh
exit $?
