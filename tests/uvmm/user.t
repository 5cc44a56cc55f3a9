#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# --user NAME: uvmm started as root goes on as NAME once passthrough
# devices are open (tests/uvmm/nic-passthrough-exits.t has the NIC case):
# every thread and guest process is NAME's, a share is read and written
# as NAME, there is no way back to root, and the refusals are one line.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
[ "$(id -u)" = 0 ] || skip_all "--user needs root: uvmm has nothing to drop otherwise"
id nobody > /dev/null 2>&1 || skip_all "no user nobody on this machine"
nobody=$(id -u nobody)

chmod 755 "$tmp"
mkdir -m 777 "$tmp/share"
"$uvmm" run --kernel "$kernel" --initrd "$initrd" --user nobody --share "$tmp/share:s" -- \
	sh -c 'mkdir -p /mnt && mount -t virtiofs s /mnt && echo hi > /mnt/made && echo ready &&
		sleep 100' < /dev/null > "$tmp/out" 2>&1 &
pid=$!
ok "--user nobody: the guest runs and writes to its share" wait_for ready "$tmp/out" ||
	show "$tmp/out"
uids=$(grep -h '^Uid:' /proc/$pid/task/*/status | sort -u)
ok "every uvmm thread is nobody's (real, effective, saved, fs)" \
	test "$uids" = "$(printf 'Uid:\t%s\t%s\t%s\t%s' $nobody $nobody $nobody $nobody)" ||
	diag "$uids"
guests=$(pgrep -P "$pid" -f uvmm-stub | head -1)
ok "so are its guest processes" \
	test -n "$guests" -a "$(stat -c %u /proc/$guests 2>/dev/null)" = "$nobody"
ok "the file the guest made in the share is nobody's" \
	test "$(stat -c %u "$tmp/share/made" 2>/dev/null)" = "$nobody"
groups=$(awk '/^Groups:/ { $1 = ""; print }' /proc/$pid/status)
ok "its only group is nobody's own ($groups)" test "$(echo $groups)" = "$(id -g nobody)"
kill -KILL "$pid"
wait "$pid" 2>/dev/null

refused() { # description, message fragment, command...
	local what=$1 want=$2 st
	shift 2
	"$@" > "$tmp/ref" 2>&1
	st=$?
	ok "$what: status $st, one line" \
		test $st = 125 -a "$(wc -l < "$tmp/ref")" = 1 || show "$tmp/ref"
	ok "$what: says so" grep -q -- "$want" "$tmp/ref" || show "$tmp/ref"
}
refused "--user of no one" "no such user" "$uvmm_bin" run --user no-such-user-here -- true
refused "--user root" "that is root" "$uvmm_bin" run --user root -- true
refused "--user 0" "that is root" "$uvmm_bin" run --user 0 -- true
refused "--user when not root" "not running as root" \
	setpriv --reuid=$nobody --regid=$nobody --clear-groups "$uvmm_bin" run --user nobody -- true
ok "no guest process left" no_leftovers
done_testing
