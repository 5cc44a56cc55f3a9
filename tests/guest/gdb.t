#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# docs/debugging.md's recipe works: gdb on uvmm with vmlinux's symbols
# stops at a guest kernel breakpoint and shows a guest backtrace.
set -u
. "$(dirname "$0")/../lib/tap.sh"
command -v gdb >/dev/null || skip_all "gdb is not installed"
need "$uvmm_bin" "$kernel"
out=$(timeout -s KILL 120 gdb -q -batch \
	-ex 'handle SIGUSR1 nostop noprint pass' \
	-ex 'handle SIG36 nostop noprint pass' \
	-ex "add-symbol-file $kernel" \
	-ex 'break uvmm_enter_guest' -ex run \
	-ex 'break start_kernel' -ex continue \
	-ex bt \
	-ex 'print init_task.comm' \
	-ex kill \
	--args "$uvmm_bin" run 2>&1)
echo "$out" > "$tmp/out"
plan 3
ok "breakpoint at start_kernel hit" grep -qE "Breakpoint [0-9]+, start_kernel" "$tmp/out" ||
	show "$tmp/out" 20
ok "backtrace shows uvmm_start_kernel" grep -q "uvmm_start_kernel" "$tmp/out"
ok "guest data readable (init_task.comm)" grep -q '"swapper' "$tmp/out"
done_testing
