#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Core dumps (issue 13, defect 1: they panicked the guest, a BUG() in
# the generic ELF core writer). A process killed by SIGABRT with core
# dumps on leaves an ELF core and the guest goes on; in the Debian guest,
# gdb opens the core of a threaded program: every thread, its registers.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest

timeout -s KILL 60 "$uvmm" run --kernel "$kernel" --initrd "$initrd" -- /bin/sh -c '
	ulimit -c unlimited
	echo "/core.%p" > /proc/sys/kernel/core_pattern
	sleep 10 & pid=$!
	kill -ABRT $pid; wait $pid; echo "status $?"
	echo "magic $(od -A n -c -N 4 /core.$pid | tr -d " ")"
	echo "size $(wc -c < /core.$pid)"
	echo alive' < /dev/null > "$tmp/out" 2> "$tmp/err"
rc=$?
tr -d '\r' < "$tmp/out" > "$tmp/lines"
ok "the guest survived the core dump (status $rc)" \
	bash -c "[ $rc -eq 0 ] && grep -qx alive '$tmp/lines'" || { show "$tmp/lines"; show "$tmp/err"; }
ok "the process died of SIGABRT with a core (wait status 134)" grep -qx "status 134" "$tmp/lines"
ok "the core is an ELF file" grep -qx 'magic 177ELF' "$tmp/lines" || show "$tmp/lines"

dimg=$build/debian/initramfs.cpio
need "$dimg"
timeout -s KILL 300 "$uvmm" run --kernel "$kernel" --initrd "$dimg" --mem 1G -- /bin/bash -c '
	ulimit -c unlimited
	echo "/tmp/core.%p" > /proc/sys/kernel/core_pattern
	python3 -c "
import os, threading, time
for i in range(3):
    threading.Thread(target=time.sleep, args=(100,), daemon=True).start()
time.sleep(0.3)
os.abort()" 2> /dev/null
	core=$(ls /tmp/core.* | head -1)
	gdb -batch -ex "info threads" -ex "info registers rip" /usr/bin/python3 "$core" 2>&1' \
	< /dev/null > "$tmp/gdb" 2>&1
rc=$?
tr -d '\r' < "$tmp/gdb" > "$tmp/gdb.txt"
ok "Debian: gdb read the core (status $rc)" \
	bash -c "[ $rc -eq 0 ] && grep -q 'Program terminated with signal SIGABRT' '$tmp/gdb.txt'" ||
	show "$tmp/gdb.txt"
threads=$(grep -cE '^\*? +[0-9]+ +Thread ' "$tmp/gdb.txt")
ok "Debian: the core has every thread (4, found $threads)" test "$threads" -eq 4 || show "$tmp/gdb.txt"
ok "Debian: and their registers" grep -qE '^rip +0x[0-9a-f]+' "$tmp/gdb.txt" || show "$tmp/gdb.txt"
ok "no guest process left" no_leftovers
done_testing
