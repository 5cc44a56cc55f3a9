#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Nothing outlives uvmm, even SIGKILL: a named --mem-file disappears and
# no helper process is left once uvmm is killed while the guest runs.
set -u
. "$(dirname "$0")/lib.sh"

"$uvmm" run --kernel "$kernel" --initrd "$initrd" --mem-file "$tmp/ram" \
	--cmdline "console=hvc0 rdinit=/nonexistent root=/dev/nonexistent rootdelay=60" \
	< /dev/null > "$tmp/out" 2> "$tmp/err" &
pid=$!
for _ in $(seq 300); do
	grep -q "Waiting 60 sec" "$tmp/out" 2>/dev/null && break
	sleep 0.1
done
ok "the guest is running (waiting for its root)" grep -q "Waiting 60 sec" "$tmp/out" ||
	show "$tmp/out"
ok "the memory file exists while it runs" [ -f "$tmp/ram" ]
kill -KILL "$pid"
wait "$pid" 2>/dev/null
for _ in $(seq 50); do
	[ -e "$tmp/ram" ] || break
	sleep 0.1
done
ok "after SIGKILL the memory file is gone" [ ! -e "$tmp/ram" ]
# Processes whose command line names this memory file (the reaper is a
# fork of uvmm, so it has the same one). "ra[m]" keeps pgrep from
# matching the command that runs it.
none_left() { ! pgrep -f -- "--mem-file $tmp/$1" > /dev/null; }
for _ in $(seq 50); do
	none_left "ra[m]" && break
	sleep 0.1
done
ok "after SIGKILL no uvmm process is left" none_left "ra[m]"

# Guest processes (host processes of uvmm's) die with it, even on SIGKILL.
"$uvmm" run --kernel "$kernel" --initrd "$initrd" \
	-- sh -c 'sleep 100 & sleep 100 & echo ready; wait' \
	< /dev/null > "$tmp/out3" 2> "$tmp/err3" &
pid=$!
for _ in $(seq 300); do
	grep -q ready "$tmp/out3" 2>/dev/null && break
	sleep 0.1
done
children=$(pgrep -P "$pid" | tr '\n' ' ')
ok "guest processes run as host children of uvmm ($(echo $children | wc -w))" \
	[ "$(echo $children | wc -w)" -ge 4 ] || show "$tmp/out3"
kill -KILL "$pid"
wait "$pid" 2>/dev/null
# Alive: still there and not a zombie waiting for its new parent to reap it.
left() {
	local c
	for c in $children; do
		[ -r "/proc/$c/stat" ] && [ "$(awk '{ print $3 }' "/proc/$c/stat" 2>/dev/null)" != Z ] &&
			return 0
	done
	return 1
}
for _ in $(seq 50); do
	left || break
	sleep 0.1
done
if left; then alive=yes; else alive=no; fi
ok "after SIGKILL of uvmm no guest process is left" [ "$alive" = no ]
# A normal end leaves nothing either (the reaper is waited for).
"$uvmm" run --kernel "$kernel" --initrd none --mem-file "$tmp/ram2" \
	--cmdline "console=hvc0 rdinit=/nonexistent init=/nonexistent" > /dev/null 2>&1
ok "after a panic the memory file is gone" [ ! -e "$tmp/ram2" ]
ok "after a panic no uvmm process is left" none_left "ra[m]2"
echo "1..$n"
