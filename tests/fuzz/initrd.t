#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libFuzzer on the guest command's script and cpio archive and on loading
# the initrd (uvmm/tests/fuzz_initrd.c): a few seconds in make check.
. "$(dirname "$0")/../lib/tap.sh"; . "$top/tests/lib/fuzz.sh"
fuzz initrd 5
done_testing
