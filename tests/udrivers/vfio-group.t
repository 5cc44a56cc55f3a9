#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# udrivers on real (emulated) PCI hardware through VFIO's container/group
# API: Debian's 6.12 kernel in the QEMU test bed (tests/hostvm), two e1000e
# NICs wired to each other, plus a PCI bridge with two more e1000e NICs
# that share one IOMMU group (the non-viable-group case). Runs discovery,
# `uvmm devices`, bad input, regions, DMA, INTx/MSI/MSI-X, reset, and the
# example user-level e1000e driver (frames checked byte for byte).
set -u
. "$(dirname "$0")/../lib/tap.sh"
vmtest=$build/tests/udrivers/udrivers-vmtest
example=$build/udrivers/e1000e-loop
need "$vmtest" "$uvmm_bin" "$example"
bridge="-device pci-bridge,id=br1,chassis_nr=1,addr=0x5
	-netdev hubport,id=hn2,hubid=1 -netdev hubport,id=hn3,hubid=1
	-device e1000e,netdev=hn2,bus=br1,addr=1 -device e1000e,netdev=hn3,bus=br1,addr=2"
exec_tap "$top/tests/hostvm/run.sh" --timeout 240 --add "$vmtest" --add "$uvmm_bin" --add "$example" \
	--qemu-opt "$(echo $bridge)" -- \
	./udrivers-vmtest --mode group --uvmm ./uvmm --example ./e1000e-loop --nonviable 01:01.0 00:01.0 00:02.0
