#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest user ABI, checked from inside: each static program of
# tests/guest/abi/ runs in a fresh guest (uvmm run -- /abi/NAME) and
# asserts values, errno, si_code, memory contents; its TAP lines are
# reported here, prefixed with its name. uvmm's exit status must be the
# program's, and no guest process may outlive uvmm.
set -u
. "$(dirname "$0")/../lib/tap.sh"
cpio=$build/tests/guest/abi.cpio.gz
need_guest
need "$cpio"

for src in "$top"/tests/guest/abi/abi_*.c; do
	name=$(basename "$src" .c)
	timeout -s KILL 120 "$uvmm" run --kernel "$kernel" --initrd "$cpio" -- "/abi/$name" \
		< /dev/null > "$tmp/$name.out" 2> "$tmp/$name.err"
	rc=$?
	tr -d '\r' < "$tmp/$name.out" > "$tmp/$name.tap"
	while read -r line; do
		case $line in
		"ok "*|"not ok "*)
			desc=$(echo "$line" | sed -E 's/^(not )?ok [0-9]+ - //')
			case $line in
			ok*) ok "$name: $desc" ;;
			*) not_ok "$name: $desc" ;;
			esac ;;
		esac
	done < "$tmp/$name.tap"
	ok "$name: ran to its plan and exited 0 (uvmm status $rc)" \
		bash -c "[ $rc -eq 0 ] && grep -q '^1\.\.[1-9]' '$tmp/$name.tap'" ||
		{ show "$tmp/$name.out"; show "$tmp/$name.err"; }
done
done_testing
