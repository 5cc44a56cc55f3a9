#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Anonymous memory written in order is faulted ahead, a fault-around
# window (16 pages) per round trip (guest-arch/mm/user_mirror.c), on both
# syscall paths, each window's pages one block of frames that follow each
# other (one host mapping, also when the allocator's lists hold single
# frames in descending or scattered order); not after MADV_RANDOM, and
# not in a memory cgroup with a limit. A file mapping read in order is mapped a window of 1 MiB ahead
# where its pages' frames follow each other (the core's fault-around alone
# maps 16 pages); not after MADV_RANDOM, nor with uvmm.file_ahead=0. A
# file written where another was freed gets frames that follow each other
# too (short per-CPU page lists, the port's default). Every
# page holds what was written to it either way. And a new address space's
# first run finds its code and stack pages mapped, and its read-only data
# beside its code; a small private mapping (a program's data and bss, and
# its small private neighbours in the window) is
# written as a whole at its first write, also after a fork in parent and
# child; after a fork the parent reads on without a fault; and a page the
# kernel wrote (copied on write) is mapped again at once.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
cpio=$build/tests/guest/abi.cpio.gz
need "$cpio"

for gate in fast ptrace; do
	"$uvmm" run --kernel "$kernel" --initrd "$cpio" --syscall-gate "$gate" -- sh -c '
		/tools/start_faults | sed "s/^/start-/"
		/tools/fork_faults; echo "fork-status $?"
		echo "order $(/tools/touch_anon 16)"
		for i in 1 2 3; do echo "again$i $(/tools/touch_anon 16)"; done
		echo "random $(/tools/touch_anon 16 random)"
		echo "first-run $(/tools/first_run_faults)"
		echo "pcp-fraction $(cat /proc/sys/vm/percpu_pagelist_high_fraction)"
		echo "file-order $(/tools/read_file_map 64)"
		echo "file-again $(/tools/read_file_map 64)"
		echo "file-random $(/tools/read_file_map 64 random)"
		echo 0 > /sys/module/uvmm/parameters/file_ahead
		echo "file-off $(/tools/read_file_map 64)"
		mkdir -p /sys/fs/cgroup && mount -t cgroup2 none /sys/fs/cgroup &&
		echo +memory > /sys/fs/cgroup/cgroup.subtree_control &&
		mkdir /sys/fs/cgroup/t && echo 96M > /sys/fs/cgroup/t/memory.max &&
		echo $$ > /sys/fs/cgroup/t/cgroup.procs &&
		echo "limited $(/tools/touch_anon 16)"' < /dev/null > "$tmp/out" 2>&1
	rc=$?
	tr -d '\r' < "$tmp/out" > "$tmp/log"
	ok "$gate: the guest ran to its end (status $rc)" test $rc = 0 || show "$tmp/log"
	# "WHAT pages N faults F": F for the case named WHAT, or -1.
	faults() { awk -v w="$1" -v n="${2:-4096}" '$1 == w && $2 == "pages" && $3 == n { f = $5 } END { print f == "" ? -1 : f }' "$tmp/log"; }
	order=$(faults order) random=$(faults random) limited=$(faults limited)
	forder=$(faults file-order 16384) frandom=$(faults file-random 16384) foff=$(faults file-off 16384)
	ok "$gate: 4096 pages written in order: $order faults, at most one in 8" \
		test "$order" -ge 0 -a "$order" -le 512 || show "$tmp/log"
	# Each reuses the frames the last one freed, which the allocator's
	# lists give back in descending or scattered order; a window's pages
	# come from one block, so each 16-page window is one run of frames
	# (one host mapping) at most.
	for i in 1 2 3; do
		runs=$(awk -v w="again$i" '$1 == w && $6 == "runs" { r = $7 } END { print r == "" ? -1 : r }' "$tmp/log")
		ok "$gate: written in order again ($i), its frames follow each other: $runs runs for 4096 pages, at most one a window" \
			test "$runs" -ge 1 -a "$runs" -le 256 || show "$tmp/log"
	done
	ok "$gate: after MADV_RANDOM each page is its own fault ($random)" test "$random" -ge 4096 ||
		show "$tmp/log"
	ok "$gate: in a memory cgroup with a limit, too ($limited)" test "$limited" -ge 4096 ||
		show "$tmp/log"
	ok "$gate: a 64 MiB file read in order through a mapping: $forder faults, at most one in 32" \
		test "$forder" -ge 0 -a "$forder" -le 512 || show "$tmp/log"
	# The second file is written into the frames the first one freed:
	# the per-CPU page lists, kept short by the port's default
	# (guest-arch/kernel/setup.c), no longer hand them back last in first
	# out, descending (thousands of runs, a host mapping each).
	for f in file-order file-again; do
		runs=$(awk -v w="$f" '$1 == w && $6 == "runs" { r = $7 } END { print r == "" ? -1 : r }' "$tmp/log")
		ok "$gate: $f: the 64 MiB file's frames follow each other: $runs runs for 16384 pages, at most one in 32" \
			test "$runs" -ge 1 -a "$runs" -le 512 || show "$tmp/log"
	done
	ok "$gate: the per-CPU page lists are short by default (percpu_pagelist_high_fraction 1000)" \
		grep -qx "pcp-fraction 1000" "$tmp/log" || show "$tmp/log"
	ok "$gate: after MADV_RANDOM one in 16, the core's fault-around ($frandom)" \
		test "$frandom" -ge 1024 || show "$tmp/log"
	ok "$gate: with uvmm.file_ahead=0 the same ($foff)" test "$foff" -ge 1024 || show "$tmp/log"
	ok "$gate: a program that only pushes a word and exits takes no page fault" \
		grep -qx "first-run faults 0" "$tmp/log" || show "$tmp/log"
	# "WHAT faults N": N, or -1. (First in the guest: fresh memory, so
	# that what fork write-protected is few runs of frames.)
	faults_of() { awk -v w="$1" '$1 == w && $2 == "faults" { n = $3 } END { print n == "" ? -1 : n }' "$tmp/log"; }
	nf=$(faults_of start-read)
	ok "$gate: a new program reads its read-only data (5 pages beside its code): $nf faults, it came mapped with the code" \
		test "$nf" = 0 || show "$tmp/log"
	nf=$(faults_of start-write)
	ok "$gate: a new program writes its data and bss (4 pages each, neighbours in one window) in no order: $nf faults, one for both" \
		test "$nf" = 1 || show "$tmp/log"
	ok "$gate: fork's parent and child each kept their own writes" grep -qx "fork-status 0" "$tmp/log" ||
		show "$tmp/log"
	nf=$(faults_of parent-read)
	ok "$gate: after a fork the parent reads what it wrote before (80 pages): $nf faults" \
		test "$nf" = 0 || show "$tmp/log"
	nf=$(faults_of child-after-kernel-write)
	ok "$gate: after read() wrote into a page shared copy-on-write, the child reads it: $nf faults" \
		test "$nf" = 0 || show "$tmp/log"
	for who in parent child; do
		nf=$(faults_of $who-write)
		ok "$gate: after a fork the $who writes a small mapping (16 pages) in no order: $nf faults, one for the mapping" \
			test "$nf" -ge 1 -a "$nf" -le 2 || show "$tmp/log"
	done
	ok "$gate: every page held what was written" test -z "$(grep FAIL "$tmp/log")"
done
# A command line that sets the sysctl keeps its value.
"$uvmm" run --kernel "$kernel" --initrd "$cpio" \
	--cmdline "console=hvc0 quiet sysctl.vm.percpu_pagelist_high_fraction=8" \
	-- cat /proc/sys/vm/percpu_pagelist_high_fraction < /dev/null > "$tmp/out" 2>&1
ok "the command line's own percpu_pagelist_high_fraction stays" \
	bash -c "tr -d '\r' < '$tmp/out' | grep -qx 8" || show "$tmp/out"
ok "no guest process left" no_leftovers
done_testing
