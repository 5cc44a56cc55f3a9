#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the QEMU test bed on the kernel with the host-patches series
# (tests/host-patches/abi.t) and prints TAP: uvmm's tracer must say it uses
# PTRACE_O_NOSIGSTOP and PTRACE_O_ONESHOT, then every guest ABI program
# given as an argument runs on that path (and once with the options off),
# each of its lines prefixed with its name, then uvmm's status.
#   in-hostvm-abi.sh NAME...
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
run() {	# NAME PREFIX [env...]
	name=$1 prefix=$2
	shift 2
	env "$@" timeout -s KILL 300 ./uvmm run --syscall-gate=ptrace --kernel vmlinux \
		--initrd abi.cpio.gz -- "/abi/$name" > /tmp/out 2>&1
	rc=$?
	tr -d '\r' < /tmp/out > /tmp/tap
	while read -r line; do
		case $line in
		"ok "*) ok 0 "$prefix$name: ${line#ok * - }" ;;
		"not ok "*) ok 1 "$prefix$name: ${line#not ok * - }" ;;
		esac
	done < /tmp/tap
	ok $([ $rc = 0 ] && grep -q '^1\.\.[1-9]' /tmp/tap; echo $?) \
		"$prefix$name: ran to its plan and exited 0 (uvmm status $rc)"
	[ $rc = 0 ] || tail -n 20 /tmp/out | sed 's/^/#   /'
}

timeout -s KILL 120 ./uvmm run --verbose --syscall-gate=ptrace --kernel vmlinux \
	--initrd abi.cpio.gz -- true > /tmp/note 2>&1
grep 'guest syscalls' /tmp/note | sed 's/^/# /'
ok $(grep -q "with the host's PTRACE_O_NOSIGSTOP and PTRACE_O_ONESHOT" /tmp/note; echo $?) \
	"the tracer uses the host's options"
UVMM_NO_PTRACE_OPTIONS=1 timeout -s KILL 120 ./uvmm run --verbose --syscall-gate=ptrace \
	--kernel vmlinux --initrd abi.cpio.gz -- true > /tmp/note 2>&1
ok $(grep -q "host ptrace options: not used" /tmp/note; echo $?) \
	"UVMM_NO_PTRACE_OPTIONS=1: the tracer says it does not use them"
for name in "$@"; do
	run "$name" ""
done
# The plain tracer on the same kernel: the options change nothing else.
run abi_memory "options off: " UVMM_NO_PTRACE_OPTIONS=1
echo "1..$n"
