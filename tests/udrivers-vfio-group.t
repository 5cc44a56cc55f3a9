#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# udrivers on real (emulated) PCI hardware through VFIO's container/group
# API: Debian's 6.12 kernel in the QEMU test bed (tests/hostvm), two e1000e
# NICs wired to each other, plus a PCI bridge with two more e1000e NICs
# that share one IOMMU group (the non-viable-group case). Runs discovery,
# `uvmm devices`, bad input, regions, DMA, INTx/MSI/MSI-X, reset, and the
# example user-level e1000e driver (frames checked byte for byte).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
vmtest=$top/build/tests/udrivers/udrivers-vmtest
uvmm=$top/build/uvmm
example=$top/build/udrivers/e1000e-loop
for f in "$vmtest" "$uvmm" "$example"; do
	[ -x "$f" ] || { echo "Bail out! $f is missing: run 'make' and 'make check' from $top"; exit 1; }
done
bridge="-device pci-bridge,id=br1,chassis_nr=1,addr=0x5
	-netdev hubport,id=hn2,hubid=1 -netdev hubport,id=hn3,hubid=1
	-device e1000e,netdev=hn2,bus=br1,addr=1 -device e1000e,netdev=hn3,bus=br1,addr=2"
exec "$top/tests/hostvm/run.sh" --timeout 240 --add "$vmtest" --add "$uvmm" --add "$example" \
	--qemu-opt "$(echo $bridge)" -- \
	./udrivers-vmtest --mode group --uvmm ./uvmm --example ./e1000e-loop --nonviable 01:01.0 00:01.0 00:02.0
