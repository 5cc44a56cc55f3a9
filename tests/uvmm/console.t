#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Console input, power states and idle, without guest user space: the
# kernel is kept waiting in its root-mount delay (rdinit pointing nowhere,
# rootdelay=N) while we type on uvmm's stdin. hvc0's SysRq (^O then a key)
# then powers off (status 0), reboots (123) or crashes (124) the guest;
# that proves input reaches the guest as an interrupt. Left alone, the
# guest sleeps through the delay and must use (almost) no host CPU.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
wait_cmdline() {	# the kernel waits $1 seconds before mounting a root that does not exist
	echo "console=hvc0 rdinit=/nonexistent root=/dev/nonexistent rootdelay=$1 sysrq_always_enabled"
}

sysrq() {	# sysrq KEY EXPECTED-STATUS DESCRIPTION
	local key=$1 want=$2 desc=$3 rc
	printf '\017%s' "$key" | timeout -s KILL 60 "$uvmm" run --kernel "$kernel" \
		--initrd "$initrd" --cmdline "$(wait_cmdline 30)" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	ok "SysRq-$key on the console: $desc (status $want)" [ "$rc" -eq "$want" ] ||
		{ echo "# status $rc"; show "$tmp/out" 15; show "$tmp/err"; }
	ok "SysRq-$key: the kernel saw the key" grep -q "sysrq: " "$tmp/out"
}

sysrq o 0 "power off"
sysrq b 123 "reboot"
sysrq c 124 "crash"

# Idle: 3 s of rootdelay, then a panic (no root). CPU time must stay far
# below the time slept.
TIMEFORMAT='%R %U %S'
{ time timeout -s KILL 60 "$uvmm" run --kernel "$kernel" --initrd "$initrd" \
	--cmdline "$(wait_cmdline 3)" < /dev/null > "$tmp/out" 2> "$tmp/err"; } 2> "$tmp/time"
read -r real user sys < "$tmp/time"
echo "# idle run: ${real}s wall, ${user}s user, ${sys}s system"
ok "the idle run slept through rootdelay" grep -q "Waiting 3 sec before mounting root device" "$tmp/out"
ok "an idle guest uses little host CPU (cpu < wall / 4)" \
	awk -v r="$real" -v u="$user" -v s="$sys" 'BEGIN { exit !(u + s < r / 4) }'

# On a terminal: the host terminal goes raw while the guest runs (so the
# guest's tty echoes and edits lines, once) and comes back as it was.
# The binary itself: the terminal script(1) gives is its controlling one.
if command -v script > /dev/null; then
	cat > "$tmp/term.sh" <<EOS
stty -g > "$tmp/stty.before"
"$uvmm_bin" run --kernel "$kernel" --initrd "$initrd"
echo "status \$?" > "$tmp/term.status"
stty -g > "$tmp/stty.after"
EOS
	{ sleep 2; printf 'echo typed $((2 + 3))\r'; sleep 1; printf 'poweroff\r'; sleep 2; } |
		timeout -s KILL 60 script -qfc "sh $tmp/term.sh" /dev/null > "$tmp/term.out" 2>&1
	tr -d '\r' < "$tmp/term.out" > "$tmp/term.txt"
	ok "on a terminal: the typed line is echoed once, by the guest" \
		[ "$(grep -c 'echo typed \$((2 + 3))' "$tmp/term.txt")" -eq 1 ] || show "$tmp/term.txt"
	ok "on a terminal: the shell ran it" grep -qx "typed 5" "$tmp/term.txt" || show "$tmp/term.txt"
	ok "on a terminal: poweroff ends uvmm with 0" grep -qx "status 0" "$tmp/term.status"
	ok "on a terminal: its settings are restored afterwards" cmp -s "$tmp/stty.before" "$tmp/stty.after"
else
	skip "no script(1) to give uvmm a terminal (util-linux)"
fi
done_testing
