#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every way a uvmm with a passed-through NIC ends gives the NIC back, and
# every refusal is one clear line, in the QEMU test bed (tests/hostvm); the
# bed gets two more e1000e behind a PCI bridge, which share an IOMMU group
# (tests/uvmm/passthrough/exits-in-hostvm.sh says what is checked).
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
bridge="-device pci-bridge,id=br1,chassis_nr=1,addr=0x5
	-netdev hubport,id=hn2,hubid=1 -netdev hubport,id=hn3,hubid=1
	-device e1000e,netdev=hn2,bus=br1,addr=1 -device e1000e,netdev=hn3,bus=br1,addr=2"
exec_tap "$top/tests/hostvm/run.sh" --mem 768 --timeout 400 --qemu-opt "$(echo $bridge)" \
	--add "$uvmm_bin" --add "$kernel" --add "$initrd" --add "$(command -v setpriv)" \
	--add "$top/tests/uvmm/passthrough/exits-in-hostvm.sh" -- \
	sh exits-in-hostvm.sh
