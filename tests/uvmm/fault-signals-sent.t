#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGTRAP that someone sends (kill,
# tgkill: si_code <= 0) are not CPU faults: uvmm ignores them, with one line
# each, on every thread, and the guest runs on. Before, one sent to the vCPU
# thread became a guest oops, and one to another thread took uvmm down.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest

# tgkill PID: each fault signal to every thread of PID.
tgkill_all() {
	python3 - "$1" <<'PY'
import ctypes, os, signal, sys
libc = ctypes.CDLL(None, use_errno=True)
pid = int(sys.argv[1])
for tid in os.listdir(f"/proc/{pid}/task"):
    for sig in (signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGFPE, signal.SIGTRAP):
        libc.syscall(234, pid, int(tid), int(sig))   # tgkill
PY
}

"$uvmm" run --kernel "$kernel" --initrd "$initrd" \
	-- sh -c 'echo ready; sleep 2; echo still here; exit 7' \
	< /dev/null > "$tmp/out" 2> "$tmp/err" &
pid=$!
ok "the guest command is running" wait_for ready "$tmp/out" || show "$tmp/out"
threads=$(ls /proc/$pid/task 2>/dev/null | wc -l)
ok "uvmm has several threads to send to ($threads)" [ "$threads" -ge 2 ]
tgkill_all "$pid"
kill -SEGV "$pid"; kill -BUS "$pid"; kill -TRAP "$pid"
wait "$pid"
rc=$?
ok "uvmm ends with the command's own status (7)" [ "$rc" -eq 7 ] ||
	{ diag "exit status $rc"; show "$tmp/err"; show "$tmp/out"; }
ok "the command ran to its end" grep -q "still here" "$tmp/out" || show "$tmp/out"
ok "no guest oops or panic" bash -c "! grep -qiE 'oops|panic|BUG' '$tmp/out' '$tmp/err'" ||
	show "$tmp/out"
ok "each sent signal is named in one line on stderr" \
	grep -qE "^uvmm: ignoring signal 11 sent by (pid|process) " "$tmp/err" || show "$tmp/err"
ok "no guest process left" no_leftovers
done_testing
