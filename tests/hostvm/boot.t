#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The QEMU test bed itself (tests/hostvm/run.sh): it boots, the emulated
# IOMMU and both e1000e NICs are there and wired to each other (ARP
# probes sent on one arrive on the other), the command's output and exit status
# come back, and bad options and timeouts fail cleanly with nothing left:
# no work directory (its runs make theirs in this test's $tmp/work) and no
# process of their sessions.
set -u
. "$(dirname "$0")/../lib/tap.sh"
run=$top/tests/hostvm/run.sh
export HOSTVM_WORKDIR=$tmp/work
work_dirs() { ls -d "$HOSTVM_WORKDIR"/run.* 2>/dev/null | wc -l; }

before=$(work_dirs)
# One boot: facts about the VM, printed as key=value lines, and status 7.
out=$("$in_session" "$run" -- '
	echo marker=hello
	echo nics=$(grep -l 0x10d3 /sys/bus/pci/devices/*/device | wc -l)
	echo groups=$(ls /sys/kernel/iommu_groups | wc -l)
	echo cmdline_iommu=$(grep -c intel_iommu=on /proc/cmdline)
	echo vfio=$(grep -c "^vfio_pci " /proc/modules)
	ip link set eth0 up; ip link set eth1 up
	for i in $(seq 40); do
		[ "$(cat /sys/class/net/eth0/operstate /sys/class/net/eth1/operstate | tr -d "\n")" = upup ] && break
		sleep 0.25
	done
	rx0=$(cat /sys/class/net/eth0/statistics/rx_packets)
	rx1=$(cat /sys/class/net/eth1/statistics/rx_packets)
	arping -c 2 -w 2 -I eth0 10.99.0.2 >/dev/null
	echo eth1_rx=$(( $(cat /sys/class/net/eth1/statistics/rx_packets) - rx1 ))
	arping -c 2 -w 2 -I eth1 10.99.0.1 >/dev/null
	echo eth0_rx=$(( $(cat /sys/class/net/eth0/statistics/rx_packets) - rx0 ))
	exit 7' 2>"$tmp/boot.err")
st=$?
boot=$(grep -o 'init started [0-9.]* s' "$tmp/boot.err" | head -n1)
val() { printf '%s\n' "$out" | sed -n "s/^$1=//p" | head -n1; }
ok_rc $([ $st = 7 ]; echo $?) "the command's exit status comes back (7, got $st)"
ok_rc $([ "$(val marker)" = hello ]; echo $?) "its output comes back"
ok_rc $([ "$(val nics)" = 2 ]; echo $?) "two e1000e NICs (82574L, 8086:10d3) in the VM (found $(val nics))"
ok_rc $([ "${out:+x}" ] && [ "$(val groups)" -ge 2 ] 2>/dev/null; echo $?) "the emulated IOMMU gives IOMMU groups ($(val groups)) with intel_iommu=on ($(val cmdline_iommu))"
ok_rc $([ "$(val vfio)" = 1 ]; echo $?) "vfio-pci is loaded"
ok_rc $([ "$(val eth1_rx)" -ge 2 ] 2>/dev/null; echo $?) "frames sent on eth0 arrive on eth1 ($(val eth1_rx))"
ok_rc $([ "$(val eth0_rx)" -ge 2 ] 2>/dev/null; echo $?) "frames sent on eth1 arrive on eth0 ($(val eth0_rx)): the NICs are wired to each other"
diag "boot: ${boot:-unknown} ($(grep -o 'hostvm: [a-z]*' "$tmp/boot.err" | head -n1))"

# Bad option: refused before any boot.
err=$("$in_session" "$run" --frobnicate -- true 2>&1); st=$?
ok_rc $([ $st = 125 ] && [[ $err == *"unknown option --frobnicate"* ]]; echo $?) "a bad option: status $st, '$err'"
err=$("$in_session" "$run" --kernel /nonexistent -- true 2>&1); st=$?
ok_rc $([ $st = 125 ] && [[ $err == *"/nonexistent not found"* ]]; echo $?) "a missing kernel: status $st"

# A command that outlives --timeout: the VM is killed, a clear error.
err=$("$in_session" "$run" --timeout 4 -- 'sleep 60' 2>&1); st=$?
ok_rc $([ $st = 125 ] && [[ $err == *"did not finish within 4 s"* ]]; echo $?) "a hung command is stopped by --timeout (status $st)"
ok_rc $([ "$(work_dirs)" = "$before" ]; echo $?) "no work directory is left behind"
ok "no QEMU of the test bed is left running" no_leftovers
done_testing
