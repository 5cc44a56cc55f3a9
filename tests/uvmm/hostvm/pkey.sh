#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the QEMU test bed (tests/uvmm/pkey.t), whose CPU has
# protection keys, and prints TAP: /tools/pkey_deny on both syscall gates,
# each of its lines prefixed with the gate, then uvmm's status.
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
for gate in ptrace fast; do
	timeout -s KILL 120 ./uvmm run --syscall-gate=$gate --kernel vmlinux \
		--initrd abi.cpio.gz -- /tools/pkey_deny > /tmp/out 2>&1
	rc=$?
	tr -d '\r' < /tmp/out > /tmp/tap
	while read -r line; do
		case $line in
		"ok "*) ok 0 "$gate: ${line#ok * - }" ;;
		"not ok "*) ok 1 "$gate: ${line#not ok * - }" ;;
		esac
	done < /tmp/tap
	ok $([ $rc = 0 ] && grep -q '^1\.\.[1-9]' /tmp/tap; echo $?) \
		"$gate: pkey_deny ran to its plan and exited 0 (uvmm status $rc)"
	[ $rc = 0 ] || tail -n 20 /tmp/out | sed 's/^/#   /'
done
echo "1..$n"
