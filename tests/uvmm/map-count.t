#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# uvmm at the host's vm.max_map_count (a host resource a guest can use up):
# the guest's fork fails with ENOMEM and everything else goes on; a
# vmalloc it cannot mirror panics the guest (tests/uvmm/hostvm/map-count.sh, in the QEMU test bed, where the limit
# can be lowered without touching this machine).
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
need "$build/tests/guest/abi.cpio.gz"
exec_tap "$top/tests/hostvm/run.sh" --mem 768 --timeout 300 --add "$uvmm_bin" --add "$kernel" \
	--add "$initrd" --add "$build/tests/guest/abi.cpio.gz" --add "$top/tests/uvmm/hostvm/map-count.sh" -- sh map-count.sh
