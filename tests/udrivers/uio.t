#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Without an IOMMU: VFIO refuses with errors that name the fix, nothing is
# left bound, and the UIO fallback (uio_pci_generic) gives INTx and BAR
# access. The test bed boots Debian's kernel with no emulated IOMMU.
set -u
. "$(dirname "$0")/../lib/tap.sh"
vmtest=$build/tests/udrivers/udrivers-vmtest
need "$vmtest"
exec_tap "$top/tests/hostvm/run.sh" --timeout 120 --no-iommu --add "$vmtest" -- ./udrivers-vmtest --no-iommu 00:01.0
