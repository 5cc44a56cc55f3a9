#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# uvmm at the host's vm.max_map_count (a host resource a guest can use up):
# the guest's fork fails with ENOMEM and everything else goes on
# (tests/uvmm/hostvm/map-count.sh, in the QEMU test bed, where the limit
# can be lowered without touching this machine).
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
exec_tap "$top/tests/hostvm/run.sh" --mem 768 --timeout 200 --add "$uvmm_bin" --add "$kernel" \
	--add "$initrd" --add "$top/tests/uvmm/hostvm/map-count.sh" -- sh map-count.sh
