#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# NIC passthrough through VFIO's iommufd interface (/dev/iommu and the
# device cdev): the test bed boots the kernel built from our 6.12 tree with
# IOMMUFD and VFIO_DEVICE_CDEV (Debian's has neither; make check builds it,
# target hostvm-kernel), and tests/uvmm/passthrough/in-hostvm.sh runs the
# MSI-X case without the long transfers: IDs, direct BAR0, link, ping, user
# space BAR mappings on both gates, the NIC given back; uvmm must say it
# opened the device through iommufd.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
bzimage=$build/hostvm-kernel/out/arch/x86/boot/bzImage
need "$bzimage"
exec_tap "$top/tests/hostvm/run.sh" --mem 1280 --timeout 400 --kernel "$bzimage" --modules none \
	--add "$uvmm_bin" --add "$kernel" --add "$build/tests/uvmm/passthrough/initramfs.cpio.gz" \
	--add "$top/tests/uvmm/passthrough/in-hostvm.sh" -- \
	sh in-hostvm.sh --vfio "'iommufd cdev'" --no-transfer 2
