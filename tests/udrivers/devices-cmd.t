#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `uvmm devices` on this machine, read-only and bad input (binding for
# real is tested in the QEMU test bed, tests/udrivers/vfio-*.t).
set -u
. "$(dirname "$0")/../lib/tap.sh"
need "$uvmm_bin"

out=$("$uvmm" devices 2>&1); st=$?
ok_rc $([ $st = 0 ] && [[ $out == BDF*ID*CLASS*DRIVER*GROUP*STATE*DEVICE* ]]; echo $?) "uvmm devices lists (status $st)"
want=$(ls /sys/bus/pci/devices 2>/dev/null | wc -l)
got=$(printf '%s\n' "$out" | grep -cE '^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7] ')
ok_rc $([ "$got" = "$want" ]; echo $?) "one line per PCI device of this machine ($got of $want)"
bad=$(printf '%s\n' "$out" | grep -c 'not assignable')
why=$(printf '%s\n' "$out" | grep -c 'why not: ')
ok_rc $([ "$bad" = "$why" ]; echo $?) "every device that cannot be assigned says why ($why of $bad)"
out=$("$uvmm" devices list 2>&1); st=$?
ok_rc $([ $st = 0 ]; echo $?) "uvmm devices list is the same command"

err=$("$uvmm" devices bind zz 2>&1); st=$?
ok_rc $([ $st = 125 ] && [[ $err == *"'zz' is not a PCI address"* ]]; echo $?) "bind of a malformed BDF: $st, $err"
err=$("$uvmm" devices bind 0000:7f:1f.7 2>&1); st=$?
ok_rc $([ $st = 125 ] && [[ $err == *"no PCI device 0000:7f:1f.7"* ]]; echo $?) "bind of a missing device: $st, $err"
err=$("$uvmm" devices unbind 7f:1f.7 2>&1); st=$?
ok_rc $([ $st = 125 ] && [[ $err == *"no PCI device 0000:7f:1f.7"* ]]; echo $?) "unbind of a missing device: $st"
err=$("$uvmm" devices bind 2>&1); st=$?
ok_rc $([ $st = 125 ] && [[ $err == *"usage: uvmm devices"* ]]; echo $?) "bind without a BDF: $st, usage shown"
err=$("$uvmm" devices frobnicate 00:00.0 2>&1); st=$?
ok_rc $([ $st = 125 ] && [[ $err == *"usage: uvmm devices"* ]]; echo $?) "an unknown subcommand: $st"
out=$("$uvmm" devices --help 2>&1); st=$?
ok_rc $([ $st = 0 ] && [[ $out == *"bind BDF"* ]]; echo $?) "--help"
done_testing
