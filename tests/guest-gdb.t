#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# docs/debugging.md's recipe works: gdb on uvmm with vmlinux's symbols
# stops at a guest kernel breakpoint and shows a guest backtrace.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
uvmm=$top/build/uvmm
kernel=$top/build/kernel/vmlinux
if ! command -v gdb >/dev/null; then
	echo "1..0 # SKIP gdb is not installed"
	exit 0
fi
for f in "$uvmm" "$kernel"; do
	[ -e "$f" ] || { echo "Bail out! $f is not built: run make"; exit 1; }
done
out=$(timeout -s KILL 120 gdb -q -batch \
	-ex 'handle SIGUSR1 nostop noprint pass' \
	-ex 'handle SIG36 nostop noprint pass' \
	-ex "add-symbol-file $kernel" \
	-ex 'break uvmm_enter_guest' -ex run \
	-ex 'break start_kernel' -ex continue \
	-ex bt \
	-ex 'print init_task.comm' \
	-ex kill \
	--args "$uvmm" run 2>&1)
echo "1..3"
if echo "$out" | grep -qE "Breakpoint [0-9]+, start_kernel"; then echo "ok 1 - breakpoint at start_kernel hit"; else
	echo "not ok 1 - breakpoint at start_kernel hit"; echo "$out" | tail -20 | sed 's/^/#   /'; fi
if echo "$out" | grep -q "uvmm_start_kernel"; then echo "ok 2 - backtrace shows uvmm_start_kernel"; else
	echo "not ok 2 - backtrace shows uvmm_start_kernel"; fi
if echo "$out" | grep -q '"swapper'; then echo "ok 3 - guest data readable (init_task.comm)"; else
	echo "not ok 3 - guest data readable (init_task.comm)"; fi
