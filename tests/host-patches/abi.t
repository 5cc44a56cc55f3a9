#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest ABI suite on the tracer with the host's ptrace options: in the
# QEMU test bed, booted on the kernel built with the host-patches series
# (make check builds it: target hostvm-kernel), uvmm must find and use
# PTRACE_O_NOSIGSTOP and PTRACE_O_ONESHOT, and every program of
# tests/guest/abi/ must pass on that path (tests/host-patches/in-hostvm-abi.sh).
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
cpio=$build/tests/guest/abi.cpio.gz
bzimage=$build/hostvm-kernel/out/arch/x86/boot/bzImage
need "$cpio"
need "$bzimage"
names=$(for src in "$top"/tests/guest/abi/abi_*.c; do basename "$src" .c; done)
exec_tap "$top/tests/hostvm/run.sh" --mem 1024 --timeout 900 --kernel "$bzimage" --modules none \
	--add "$uvmm_bin" --add "$kernel" --add "$cpio" \
	--add "$top/tests/host-patches/in-hostvm-abi.sh" -- sh in-hostvm-abi.sh $names
