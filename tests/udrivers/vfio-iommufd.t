#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# udrivers through the iommufd VFIO cdev (/dev/vfio/devices/vfioN +
# /dev/iommu): the same tests as vfio-group.t, on a kernel built
# from our 6.12 tree with IOMMUFD and VFIO_DEVICE_CDEV (Debian's has
# neither), booted in the same test bed. `make check` builds that kernel
# (target hostvm-kernel, build/hostvm-kernel).
set -u
. "$(dirname "$0")/../lib/tap.sh"
vmtest=$build/tests/udrivers/udrivers-vmtest
example=$build/udrivers/e1000e-loop
bzimage=$build/hostvm-kernel/out/arch/x86/boot/bzImage	# make check builds it too
need "$vmtest" "$uvmm_bin" "$example" "$bzimage"
bridge="-device pci-bridge,id=br1,chassis_nr=1,addr=0x5
	-netdev hubport,id=hn2,hubid=1 -netdev hubport,id=hn3,hubid=1
	-device e1000e,netdev=hn2,bus=br1,addr=1 -device e1000e,netdev=hn3,bus=br1,addr=2"
exec_tap "$top/tests/hostvm/run.sh" --timeout 240 --kernel "$bzimage" --modules none \
	--add "$vmtest" --add "$uvmm_bin" --add "$example" --qemu-opt "$(echo $bridge)" -- \
	./udrivers-vmtest --mode cdev --uvmm ./uvmm --example ./e1000e-loop --nonviable 01:01.0 00:01.0 00:02.0
