#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs everything as an unprivileged user; results in results-*.txt
# Run from the directory that holds the two binaries (make fastgate-proto).
cd "${1:-.}" || exit 1
U="setpriv --reuid=65534 --regid=65534 --clear-groups"
$U ./baseline 200000            > results-baseline.txt 2>&1
$U ./fastgate all 200000        > results-fastgate.txt 2>&1
NO_CLONE_THREAD=1 $U ./fastgate syscall 100000 > results-nothread-syscall.txt 2>&1
NO_CLONE_THREAD=1 $U ./fastgate probes        > results-nothread-probes.txt 2>&1
