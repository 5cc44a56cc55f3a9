#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# uvmm jails its own threads once the guest is set up (uvmm/jail/,
# docs/security.md): every thread of a running uvmm has a seccomp filter
# and no_new_privs and is named by its role, guest processes carry the
# vCPU's filter on top of their own, and --no-jail leaves all of them
# unconfined. What each role is refused is uvmm/tests/jail_test.c's; that
# the guest lacks nothing jailed, every other guest test's (they run jailed).
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest

mkdir "$tmp/share"
echo shared-file > "$tmp/share/f"
truncate -s 1M "$tmp/disk"

# One line per thread of process $1: name, seccomp mode, no_new_privs.
threads() {
	local t
	for t in /proc/"$1"/task/*; do
		printf '%s %s %s\n' "$(cat "$t/comm")" \
			"$(awk '/^Seccomp:/ { print $2 }' "$t/status")" \
			"$(awk '/^NoNewPrivs:/ { print $2 }' "$t/status")"
	done
}

# How many seccomp filters the first guest process of uvmm $1 has.
guest_filters() {
	local g
	g=$(pgrep -P "$1" -f uvmm-stub | sort -n | head -1)
	awk '/^Seccomp_filters:/ { print $2 }' "/proc/$g/status"
}

run_guest() { # out-file, uvmm options...
	local out=$1
	shift
	"$uvmm" run --kernel "$kernel" --initrd "$initrd" "$@" --share "$tmp/share:s" \
		--disk "$tmp/disk" -- sh -c 'mkdir -p /mnt && mount -t virtiofs s /mnt && cat /mnt/f &&
			head -c 512 /dev/vda | wc -c && echo ready && sleep 100' \
		< /dev/null > "$out" 2>&1 &
	pid=$!
}

run_guest "$tmp/out"
ok "jailed: the guest reads its share and disk" wait_for ready "$tmp/out" || show "$tmp/out"
ok "jailed: the share's file came through" grep -q shared-file "$tmp/out"
threads "$pid" > "$tmp/threads"
for role in events vcpu device share; do
	ok "jailed: a thread named uvmm-$role" grep -q "^uvmm-$role " "$tmp/threads" ||
		show "$tmp/threads"
done
ok "jailed: every uvmm thread has a seccomp filter and no_new_privs" \
	[ -s "$tmp/threads" ] && ! grep -v ' 2 1$' "$tmp/threads"
jailed_filters=$(guest_filters "$pid")
kill -KILL "$pid"
wait "$pid" 2>/dev/null

run_guest "$tmp/out2" --no-jail
ok "--no-jail: the guest runs" wait_for ready "$tmp/out2" || show "$tmp/out2"
threads "$pid" > "$tmp/threads2"
ok "--no-jail: no uvmm thread has a filter" \
	[ -s "$tmp/threads2" ] && ! grep -v ' 0 0$' "$tmp/threads2"
free_filters=$(guest_filters "$pid")
kill -KILL "$pid"
wait "$pid" 2>/dev/null
ok "a guest process carries the vCPU's filter on its own ($jailed_filters jailed, $free_filters not)" \
	[ "$jailed_filters" -eq $((free_filters + 1)) ]
ok "nothing is left" no_leftovers
done_testing
