#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The build refuses a kernel tree that is not Linux 6.12, with a clear
# message, before touching it.
set -u
. "$(dirname "$0")/../lib/tap.sh"
plan 4

mkdir -p "$tmp/linux-6.1/arch"
printf 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\n' > "$tmp/linux-6.1/Makefile"
make -s -C "$top" kernel-tree KSRC="$tmp/linux-6.1" > "$tmp/out" 2>&1
rc=$?
ok "a 6.1 tree is refused" [ "$rc" -ne 0 ]
ok "the message names the version found" \
	grep -q "is not a Linux 6.12 tree (found version '6.1')" "$tmp/out" || show "$tmp/out"
ok "the tree is left untouched" [ ! -e "$tmp/linux-6.1/arch/uvmm" ]

make -s -C "$top" kernel-tree KSRC="$tmp/nothing-here" > "$tmp/out" 2>&1
rc=$?
ok "a directory that is no kernel tree is refused" \
	bash -c "[ $rc -ne 0 ] && grep -q 'is not a Linux 6.12 tree' '$tmp/out'" || show "$tmp/out"
done_testing
