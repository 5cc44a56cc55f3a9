#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Without an IOMMU: VFIO refuses with errors that name the fix, nothing is
# left bound, and the UIO fallback (uio_pci_generic) gives INTx and BAR
# access. The test bed boots Debian's kernel with no emulated IOMMU.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
vmtest=$top/build/tests/udrivers/udrivers-vmtest
[ -x "$vmtest" ] || { echo "Bail out! $vmtest is missing: run 'make check' from $top"; exit 1; }
exec "$top/tests/hostvm/run.sh" --timeout 120 --no-iommu --add "$vmtest" -- ./udrivers-vmtest --no-iommu 00:01.0
