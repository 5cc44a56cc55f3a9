#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A guest process's memory holds what it wrote however large its working
# set and however scattered its frames (issue 17), on both syscall paths:
# bench/memcurve's program, booted on the host's root with --mem 6G,
# writes and reads back 4 GiB of anonymous memory after a child left 1 GiB
# of the guest's free memory as single frames between pages it holds,
# written in order (faulted ahead a window at a time, each window's pages
# one block of frames: the process stays under the host's vm.max_map_count,
# which --verbose would report) and advised MADV_RANDOM (each page faulted
# alone, on the scattered frames first, 1 GiB: more host mappings than
# vm.max_map_count allows one process, so uvmm drops them and the guest
# refaults, which --verbose counts), and maps and reads back a 2 GiB file.
# No figure is judged: make bench-mem reports them (docs/performance.md).
set -u
. "$(dirname "$0")/../lib/tap.sh"
need "$uvmm_bin" "$kernel"
memcurve=$build/bench/memcurve/memcurve
need "$memcurve"
max_maps=$(cat /proc/sys/vm/max_map_count)

# Times the guest processes of the last run dropped their host mappings.
drops() { sed -n 's/.*ran out of host mappings (vm.max_map_count) \([0-9]*\) times.*/\1/p' "$tmp/err"; }

# run CMD WHAT: CMD in a guest on $gate; its console in $tmp/log.
run() {
	"$uvmm" run --verbose --kernel "$kernel" --mem 6G --syscall-gate "$gate" \
		--rootfs / -- sh -c "$1" < /dev/null > "$tmp/out" 2> "$tmp/err"
	rc=$?
	tr -d '\r' < "$tmp/out" > "$tmp/log"
	ok "$gate: $2: the guest ran to its end (status $rc)" test $rc = 0 ||
		{ show "$tmp/log"; show "$tmp/err"; }
}

for gate in fast ptrace; do
	run "$memcurve anon --fragment 1024 4096" "in order"
	ok "$gate: 4 GiB of anonymous memory written in order on fragmented memory read back as written" \
		grep -q '^curve anon-fragmented 4096 ' "$tmp/log" || show "$tmp/log"
	ok "$gate: written in order, a window a block, it never reached vm.max_map_count ($max_maps)" \
		test -z "$(drops)" || show "$tmp/err"

	run "$memcurve file /tmp 2048" "file"
	ok "$gate: a 2 GiB file mapped and read back as written" \
		grep -q '^curve file 2048 ' "$tmp/log" || show "$tmp/log"

	run "$memcurve anon --fragment 1024 --random 1024" "MADV_RANDOM"
	ok "$gate: 1 GiB faulted a page at a time, on scattered frames first, read back as written" \
		grep -q '^curve anon-random-fragmented 1024 ' "$tmp/log" || show "$tmp/log"
	drops=$(drops)
	if [ "$max_maps" -le 131072 ]; then
		ok "$gate: the process reached the host's vm.max_map_count ($max_maps) and went on (${drops:-0} times)" \
			test "${drops:-0}" -ge 1 || show "$tmp/err"
	else
		skip "vm.max_map_count is $max_maps here: 1 GiB of single frames fits under it"
	fi
	ok "$gate: no guest process left" no_leftovers
done
done_testing
