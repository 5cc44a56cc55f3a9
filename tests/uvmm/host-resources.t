#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host resources a guest could multiply (docs/security.md): host mappings
# and host processes. A read-faulted sparse mapping (the guest's zero page
# at every address) costs the host one mapping, not one per page; the
# number of guest processes, each a host process, is bounded by
# --max-procs (past it the guest's fork fails with ENOMEM and the guest
# goes on).
set -u
. "$(dirname "$0")/../lib/tap.sh"
cpio=$build/tests/guest/abi.cpio.gz
need_guest
need "$cpio"

# The most host mappings any guest process of uvmm $1 has.
max_maps() {
	local g m max=0
	for g in $(pgrep -P "$1" -f uvmm-stub); do
		m=$(wc -l < "/proc/$g/maps" 2>/dev/null) || continue
		[ "$m" -gt "$max" ] && max=$m
	done
	echo "$max"
}

"$uvmm" run --kernel "$kernel" --initrd "$cpio" -- /tools/touch_zero 64 \
	< /dev/null > "$tmp/zero" 2>&1 &
pid=$!
ok "a guest program read-faults 2 x 64 MiB of anonymous memory, then writes 64 pages" \
	wait_for "touched 32768 zero pages" "$tmp/zero" || show "$tmp/zero"
maps=$(max_maps "$pid")
diag "host mappings of its process: $maps (pages read: 32768, written: 64)"
ok "its host process has a few mappings (< 150), not one per zero page" \
	test "$maps" -gt 0 -a "$maps" -lt 150
kill -KILL "$pid"
wait "$pid" 2>/dev/null

# The guest's init and sh are two processes; forty sleeps would be 42.
# After the forks the shell waits with builtins only (read on a FIFO
# nobody writes): a "sleep" there would need a process slot, which the
# inner shell frees only once uvmm has reaped it, so the shell (and the
# guest) could end before the count below.
"$uvmm" run --kernel "$kernel" --initrd "$initrd" --max-procs 12 -- sh -c '
	mkfifo /tmp/never
	sh -c "for i in \$(seq 40); do sleep 30 & done" 2> /tmp/fork.err
	while read -r line; do	# builtins: no process to spare for grep
		case $line in *"Cannot allocate memory"*) echo enomem; break ;; esac
	done < /tmp/fork.err
	echo forks-done; read -t 30 x <> /tmp/never' < /dev/null > "$tmp/procs" 2>&1 &
pid=$!
ok "--max-procs 12: the guest goes on after its forks fail" \
	wait_for forks-done "$tmp/procs" || show "$tmp/procs"
ok "and sees them fail with ENOMEM" grep -q '^enomem' "$tmp/procs" || show "$tmp/procs"
live=$(ps -o stat= -p "$(pgrep -d, -P "$pid" -f uvmm-stub)" 2>/dev/null | grep -vc Z)
diag "live guest processes on the host: $live"
# At most 12 address spaces, four ended ones kept for the next (spare.c)
# and the one spare ready.
ok "at most 12 guest processes (and 4 kept, one spare) on the host, more than 2" \
	test "$live" -le 17 -a "$live" -gt 2
kill -KILL "$pid"
wait "$pid" 2>/dev/null

ok "--max-procs 0 is refused in one line, status 125" \
	bash -c '"$1" run --max-procs 0 -- true 2> "$2"; [ $? = 125 ] && [ "$(wc -l < "$2")" = 1 ]' \
	_ "$uvmm_bin" "$tmp/err" || show "$tmp/err"
ok "no guest process left" no_leftovers
done_testing
