#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest's wall clock (docs/usage.md, "The wall clock"): it boots with
# the host's time, as a PC reads its RTC, so that setting it back by a day
# works as on Linux (from 1970 it failed: a time before the boot is
# refused); there is no RTC device, and hwclock says so. Then the
# clocksource the guest keeps its time by.
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

# The clocksource (docs/gate-abi.md, "Time"): the TSC once calibrated
# where the host keeps its own time by it, for the vDSO's sake; the gate's
# clock elsewhere, or with clocksource=uvmm. Either way the guest's time
# runs at the host's rate (a gross error in the measured rate would show).
host_cs=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)
[ "$host_cs" = tsc ] && want=uvmm-tsc || want=uvmm
cs=/sys/devices/system/clocksource/clocksource0/current_clocksource
# /proc/uptime: the guest's CLOCK_BOOTTIME in hundredths of a second.
probe='sleep 0.5; echo "cs $(cat '$cs')"; read t r < /proc/uptime; echo "t0 ${t%.*}${t#*.}0"
	sleep 3; read t r < /proc/uptime; echo "t1 ${t%.*}${t#*.}0"; dmesg | grep "TSC at"'
h0=$(date +%s%N)
timeout -s KILL 60 "$uvmm" run --kernel "$kernel" --initrd "$initrd" -- /bin/sh -c "$probe" \
	< /dev/null > "$tmp/out" 2> "$tmp/err"
h1=$(date +%s%N)
tr -d '\r' < "$tmp/out" > "$tmp/cs"
got=$(sed -n 's/^cs //p' "$tmp/cs")
ok "host clocksource $host_cs: the guest's is $want (got '$got')" test "$got" = "$want" ||
	show "$tmp/cs"
t0=$(sed -n 's/^t0 //p' "$tmp/cs"); t1=$(sed -n 's/^t1 //p' "$tmp/cs")
t0=$((10#${t0:-0})); t1=$((10#${t1:-0}))
ok "3 s of guest time took 3 s of the host's (guest $((t1 - t0)) ms, the whole run $(( (h1 - h0) / 1000000 )) ms)" \
	bash -c "[ $t0 -gt 0 ] && [ $((t1 - t0)) -ge 2980 ] && [ $((t1 - t0)) -le 3400 ] &&
		 [ $((t1 - t0)) -le $(( (h1 - h0) / 1000000 )) ]" || show "$tmp/cs"
if [ "$want" = uvmm-tsc ]; then
	ok "the kernel log gives the TSC's measured rate" grep -q 'uvmm: TSC at [0-9]* Hz' "$tmp/cs"
	timeout -s KILL 60 "$uvmm" run --kernel "$kernel" --initrd "$initrd" \
		--cmdline "console=hvc0 clocksource=uvmm" -- /bin/sh -c "sleep 0.5; cat $cs" \
		< /dev/null > "$tmp/out2" 2> "$tmp/err2"
	ok "clocksource=uvmm keeps the gate's clock" grep -qx 'uvmm' <(tr -d '\r' < "$tmp/out2") ||
		show "$tmp/out2"
fi
done_testing
