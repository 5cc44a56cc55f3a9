#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the QEMU test bed (tests/uvmm/map-count.t) and prints TAP:
# uvmm at the host's vm.max_map_count. The guest then cannot make more
# processes: its fork fails with ENOMEM, as on a machine out of memory,
# and uvmm neither crashes nor leaves anything behind. A vmalloc mapping
# uvmm cannot mirror (its own mappings at the limit) panics the guest,
# saying so, rather than leave it running with a stale alias.
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
sysctl -q -w vm.max_map_count=85
timeout -s KILL 60 ./uvmm run --kernel vmlinux --initrd initramfs.cpio.gz \
	--cmdline "console=hvc0 quiet" -- sh -c '
	sh -c "for i in \$(seq 40); do sleep 1 & done; wait" 2> /tmp/fork.err
	grep -q "Cannot allocate memory" /tmp/fork.err && echo enomem
	echo alive; exit 7' > /tmp/out 2>&1
rc=$?
sysctl -q -w vm.max_map_count=65530
ok $([ $rc = 7 ]; echo $?) "uvmm ran the guest to its end and passed its status on (status $rc)"
[ $rc = 7 ] || grep -v '^\[' /tmp/out | tail -n 20 | sed 's/^/#   /'
grep -q '^enomem' /tmp/out
ok $? "the guest's fork failed with ENOMEM"
grep -q '^alive' /tmp/out
ok $? "and the guest went on"
! grep -qE 'uvmm:.*(error|cannot)|Kernel panic|Oops' /tmp/out
ok $? "no panic, no oops, no uvmm error"
[ -z "$(ps -o comm | grep -E '^(uvmm|uvmm-|memfd:uvmm)')" ]
ok $? "no uvmm process is left"

# 32 MiB of scattered pages: about 8,000 mappings in uvmm's own process.
sysctl -q -w vm.max_map_count=2000
timeout -s KILL 60 ./uvmm run --kernel vmlinux --initrd abi.cpio.gz -- /tools/vmalloc_big 32 \
	> /tmp/out2 2>&1
rc=$?
sysctl -q -w vm.max_map_count=65530
ok $([ $rc = 124 ]; echo $?) "uvmm short of mappings for a vmalloc: the guest panics (status $rc)"
grep -q 'cannot mirror kernel mapping.*vm.max_map_count' /tmp/out2
ok $? "saying why"
[ $? = 0 ] || grep -v '^\[' /tmp/out2 | tail -n 20 | sed 's/^/#   /'
! grep -q '^allocated' /tmp/out2
ok $? "the program did not go on"
[ -z "$(ps -o comm | grep -E '^(uvmm|uvmm-|memfd:uvmm)')" ]
ok $? "no uvmm process is left"
echo "1..$n"
