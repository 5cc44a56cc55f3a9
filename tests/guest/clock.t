#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest's wall clock (docs/usage.md, "The wall clock"): it boots with
# the host's time, as a PC reads its RTC, so that setting it back by a day
# works as on Linux (from 1970 it failed: a time before the boot is
# refused); there is no RTC device, and hwclock says so.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest

host=$(date +%s)
timeout -s KILL 60 "$uvmm" run --kernel "$kernel" --initrd "$initrd" -- /bin/sh -c '
	t=$(busybox date +%s); echo "boot $t"
	busybox date -s "@$((t - 86400))" > /dev/null && echo "set $(busybox date +%s)"
	busybox hwclock -r > /dev/null 2>&1; echo "hwclock $?"' \
	< /dev/null > "$tmp/out" 2> "$tmp/err"
rc=$?
tr -d '\r' < "$tmp/out" > "$tmp/lines"
guest=$(sed -n 's/^boot //p' "$tmp/lines")
set_to=$(sed -n 's/^set //p' "$tmp/lines")
hw=$(sed -n 's/^hwclock //p' "$tmp/lines")

ok "the guest ran (status $rc)" test "$rc" -eq 0 || show "$tmp/err"
ok "it booted with the host's wall clock (guest $guest, host $host)" \
	bash -c "[ -n '$guest' ] && [ \$(( $guest - $host )) -ge -5 ] && [ \$(( $guest - $host )) -le 60 ]" ||
	show "$tmp/lines"
ok "setting it back by a day works (now $set_to)" \
	bash -c "[ -n '$set_to' ] && [ \$(( $set_to - ($guest - 86400) )) -ge 0 ] && [ \$(( $set_to - ($guest - 86400) )) -le 60 ]" ||
	show "$tmp/lines"
ok "no RTC: hwclock fails (status $hw)" bash -c "[ -n '$hw' ] && [ '$hw' -ne 0 ]"
done_testing
