#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A guest program that denies itself protection key 0 with WRPKRU gets
# SIGSEGV/SEGV_PKUERR as on x86_64 Linux, and its address space lives on
# (tests/guest/tools/pkey_deny.c), on both syscall gates: in the QEMU test
# bed (tests/uvmm/hostvm/pkey.sh), whose CPU has protection keys; this
# machine's may not.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
need "$build/tests/guest/abi.cpio.gz"
exec_tap "$top/tests/hostvm/run.sh" --mem 768 --timeout 300 --add "$uvmm_bin" --add "$kernel" \
	--add "$build/tests/guest/abi.cpio.gz" --add "$top/tests/uvmm/hostvm/pkey.sh" -- sh pkey.sh
