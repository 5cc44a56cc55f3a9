#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The page allocator's own checks stay quiet: with init_on_free=1 the guest
# kernel checks every page it frees (mapcount, page type, flags). Processes
# come and go, which frees their page tables; a page table freed without its
# destructor was reported as "Bad page state ... page_type: f2(table)" and,
# reused unchecked, made io_uring refuse its ring (tests/guest/abi/abi_kmap.c).
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest

timeout -s KILL 120 "$uvmm" run --kernel "$kernel" --initrd "$initrd" \
	--cmdline "quiet init_on_free=1" -- /bin/sh -c '
	for i in $(seq 20); do ls -R /proc/self/ > /dev/null; (sleep 0.01 &) ; done
	dd if=/dev/zero of=/dev/null bs=1M count=64 2> /dev/null
	wait
	echo "bad $(dmesg | grep -c "Bad page state")"
	echo "bug $(dmesg | grep -c "BUG")"
	dmesg | grep -m1 -A6 "Bad page state"; true' \
	< /dev/null > "$tmp/out" 2> "$tmp/err"
rc=$?
tr -d '\r' < "$tmp/out" > "$tmp/lines"
ok "the guest ran (status $rc)" test "$rc" -eq 0 || show "$tmp/err"
ok "no page freed in a bad state ($(sed -n 's/^bad //p' "$tmp/lines"))" \
	grep -qx "bad 0" "$tmp/lines" || show "$tmp/lines"
ok "no BUG in the kernel log" grep -qx "bug 0" "$tmp/lines" || show "$tmp/lines"
done_testing
