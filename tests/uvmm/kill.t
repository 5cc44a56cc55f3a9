#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Nothing outlives uvmm, even SIGKILL: a named --mem-file disappears and
# no helper process is left once uvmm is killed while the guest runs.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest

"$uvmm" run --kernel "$kernel" --initrd "$initrd" --mem-file "$tmp/ram" \
	--cmdline "console=hvc0 rdinit=/nonexistent root=/dev/nonexistent rootdelay=60" \
	< /dev/null > "$tmp/out" 2> "$tmp/err" &
pid=$!
ok "the guest is running (waiting for its root)" wait_for "Waiting 60 sec" "$tmp/out" ||
	show "$tmp/out"
ok "the memory file exists while it runs" [ -f "$tmp/ram" ]
# Else "nothing left" below would pass for a guest that never started.
ok "before SIGKILL: uvmm and its reaper are alive in the test's session" \
	[ "$(session_procs | wc -l)" -ge 2 ]
kill -KILL "$pid"
wait "$pid" 2>/dev/null
for _ in $(seq 50); do
	[ -e "$tmp/ram" ] || break
	sleep 0.1
done
ok "after SIGKILL the memory file is gone" [ ! -e "$tmp/ram" ]
# The memory-file reaper is a fork of uvmm, in its session.
ok "after SIGKILL no uvmm process is left" no_leftovers

# Guest processes (host processes of uvmm's) die with it, even on SIGKILL.
"$uvmm" run --kernel "$kernel" --initrd "$initrd" \
	-- sh -c 'sleep 100 & sleep 100 & echo ready; wait' \
	< /dev/null > "$tmp/out3" 2> "$tmp/err3" &
pid=$!
wait_for ready "$tmp/out3"
children=$(pgrep -P "$pid" | tr '\n' ' ')
ok "guest processes run as host children of uvmm ($(echo $children | wc -w))" \
	[ "$(echo $children | wc -w)" -ge 4 ] || show "$tmp/out3"
kill -KILL "$pid"
wait "$pid" 2>/dev/null
ok "after SIGKILL of uvmm no guest process is left" no_leftovers
# init's host process killed from outside: the guest cannot go on without
# init, so it panics (it used to retry forever, a hang) when init next
# runs, here once the command it waits for has ended.
"$uvmm" run --kernel "$kernel" --initrd "$initrd" --cmdline console=hvc0 \
	-- sh -c 'echo ready; sleep 2' < /dev/null > "$tmp/out4" 2>&1 &
pid=$!
wait_for ready "$tmp/out4"
init_proc=$(pgrep -P "$pid" -f uvmm-stub | sort -n | head -1)
kill -KILL "$init_proc"
timeout 30 tail --pid="$pid" -f /dev/null
wait "$pid"
rc=$?
ok "init's host process killed: the guest panics (status $rc)" test "$rc" -eq 124 ||
	show "$tmp/out4"
ok "init's host process killed: the kernel says why" \
	grep -q "init's host process is gone" "$tmp/out4"
ok "and nothing is left" no_leftovers
# A normal end leaves nothing either (the reaper is waited for).
"$uvmm" run --kernel "$kernel" --initrd none --mem-file "$tmp/ram2" \
	--cmdline "console=hvc0 rdinit=/nonexistent init=/nonexistent" > /dev/null 2>&1
ok "after a panic the memory file is gone" [ ! -e "$tmp/ram2" ]
ok "after a panic no uvmm process is left" no_leftovers
done_testing
