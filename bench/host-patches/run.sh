#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench-host-patches`: what the host-patches options buy uvmm's
# tracer, measured in the QEMU test bed booted twice in one run, on the
# kernel with the series (tracer with and without the options, fast gate)
# and on Debian's stock kernel (tracer, fast gate). The bed runs under TCG:
# only ratios within this run mean anything (docs/performance.md).
#   run.sh TOP BUILD   -> BUILD/bench/host-patches/results.md
set -euo pipefail
top=$1 build=$2
out=$build/bench/host-patches
runs=${HP_RUNS:-3} secs=${HP_SECONDS:-0.3}
list=null-syscall,page-fault,fault-roundtrip,signal-rtt,fork-exec
mkdir -p "$out"
python3 - "$top" "$build" "$out/bench.cpio.gz" <<'PY'
import sys
sys.path.insert(0, sys.argv[1] + "/bench/harness")
from initramfs import write_initramfs
write_initramfs(sys.argv[3], sys.argv[2] + "/bench/init",
                sys.argv[2] + "/bench/probes",
                ["null-syscall", "page-fault", "fault-roundtrip", "signal-rtt", "fork-exec", "exit-now"])
PY
bed() {	# label [run.sh options]
	local label=$1
	shift
	"$top/tests/hostvm/run.sh" --mem 1536 --timeout 1800 "$@" \
		--add "$build/uvmm" --add "$build/kernel/vmlinux" --add "$out/bench.cpio.gz" \
		--add "$top/bench/host-patches/in-hostvm.sh" -- sh in-hostvm.sh "$runs" "$secs" "$list" |
		sed "s/^result /result $label-/"
}
{
	bed patched --kernel "$build/hostvm-kernel/out/arch/x86/boot/bzImage" --modules none
	bed stock
} | tee "$out/raw.txt"
val() { awk -v c="$1" -v w="$2" '$1 == "result" && $2 == c && $3 == w { print $4 }' "$out/raw.txt"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "-" }'; }
{
	echo "| workload (µs, median of $runs) | patched: tracer + options | patched: tracer | patched: fast gate | stock: tracer | stock: fast gate | options / tracer | options / fast |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
	for w in null-syscall page-fault fault-roundtrip signal-rtt fork-exec; do
		o=$(val patched-ptrace-opts $w) p=$(val patched-ptrace $w) f=$(val patched-fast $w)
		echo "| $w | $o | $p | $f | $(val stock-ptrace $w) | $(val stock-fast $w) | $(ratio "$o" "$p") | $(ratio "$o" "$f") |"
	done
} > "$out/results.md"
cat "$out/results.md"
