#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The build refuses a kernel tree that is not Linux 6.12, with a clear
# message, before touching it.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/uvmm-ksrc.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
echo "1..4"

mkdir -p "$tmp/linux-6.1/arch"
printf 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\n' > "$tmp/linux-6.1/Makefile"
make -s -C "$top" kernel-tree KSRC="$tmp/linux-6.1" > "$tmp/out" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then echo "ok 1 - a 6.1 tree is refused"; else echo "not ok 1 - a 6.1 tree is refused"; fi
if grep -q "is not a Linux 6.12 tree (found version '6.1')" "$tmp/out"; then
	echo "ok 2 - the message names the version found"
else
	echo "not ok 2 - the message names the version found"; sed 's/^/#   /' "$tmp/out"
fi
if [ ! -e "$tmp/linux-6.1/arch/uvmm" ]; then echo "ok 3 - the tree is left untouched"; else
	echo "not ok 3 - the tree is left untouched"; fi

make -s -C "$top" kernel-tree KSRC="$tmp/nothing-here" > "$tmp/out" 2>&1
if [ $? -ne 0 ] && grep -q "is not a Linux 6.12 tree" "$tmp/out"; then
	echo "ok 4 - a directory that is no kernel tree is refused"
else
	echo "not ok 4 - a directory that is no kernel tree is refused"; sed 's/^/#   /' "$tmp/out"
fi
