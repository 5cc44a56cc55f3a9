#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench-passthrough`: NIC passthrough against the test bed's own
# kernel on the same NIC, in one run of the QEMU test bed (tests/hostvm):
# ping round trip, TCP (HTTP) throughput, one register read. The bed runs
# under TCG, so only the ratios mean anything (docs/performance.md).
#   run.sh TOP BUILD   -> BUILD/bench/passthrough/results.md
set -euo pipefail
top=$1 build=$2
out=$build/bench/passthrough
mkdir -p "$out"
"$top/tests/hostvm/run.sh" --mem 1024 --timeout 600 \
	--add "$build/uvmm" --add "$build/kernel/vmlinux" \
	--add "$build/tests/uvmm/passthrough/initramfs.cpio.gz" \
	--add "$build/bench/passthrough/bar-read" --add "$build/bench/passthrough/tcp-get" --add "$top/bench/passthrough/in-hostvm.sh" -- \
	sh in-hostvm.sh | tee "$out/raw.txt"
val() { awk -v k="$1" '$1 == k { print $2 }' "$out/raw.txt"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "-" }'; }
{
	echo "| figure | bed kernel | uvmm guest | guest / bed |"
	echo "| --- | --- | --- | --- |"
	echo "| ping round trip (ms) | $(val bed_rtt_ms) | $(val guest_rtt_ms) | $(ratio "$(val guest_rtt_ms)" "$(val bed_rtt_ms)") |"
	echo "| TCP throughput, 64 MiB by HTTP in 1 MiB reads (MiB/s) | $(val bed_mib_s | cut -c1-6) | $(val guest_mib_s | cut -c1-6) | $(ratio "$(val guest_mib_s)" "$(val bed_mib_s)") |"
	echo "| the same with busybox wget, 4 KiB reads (MiB/s) | $(val bed_wget_mib_s | cut -c1-6) | $(val guest_wget_mib_s | cut -c1-6) | $(ratio "$(val guest_wget_mib_s)" "$(val bed_wget_mib_s)") |"
	echo "| STATUS register read (ns): bed user space vs guest kernel | $(val bed_readl_ns) | $(val guest_readl_ns) | $(ratio "$(val guest_readl_ns)" "$(val bed_readl_ns)") |"
	echo "| STATUS register read (ns): user space, sysfs mmap | $(val bed_readl_ns) | $(val guest_user_readl_ns) | $(ratio "$(val guest_user_readl_ns)" "$(val bed_readl_ns)") |"
} > "$out/results.md"
cat "$out/results.md"
