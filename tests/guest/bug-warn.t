#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# BUG() and WARN() in the guest kernel say where they are: ud2 with a bug
# table entry (guest-arch/include/asm/bug.h), reported by the trap handler
# with file, line and a backtrace. Triggered with the kernel's own crash
# tests (LKDTM, /sys/kernel/debug/provoke-crash/DIRECT): a WARNING goes
# on and taints the kernel, a BUG oopses the task that hit it and the
# guest goes on, and panic_on_warn makes a WARNING a panic.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest

lkdtm='mount -t debugfs none /sys/kernel/debug && export d=/sys/kernel/debug/provoke-crash/DIRECT'
"$uvmm" run --kernel "$kernel" --initrd "$initrd" -- sh -c "$lkdtm &&
	echo WARNING > \$d; echo after-warning; echo tainted \$(cat /proc/sys/kernel/tainted)
	sh -c 'echo BUG > \$d'; echo after-bug \$?; dmesg" < /dev/null > "$tmp/out" 2>&1
rc=$?
tr -d '\r' < "$tmp/out" > "$tmp/log"
ok "the guest ran to its end (status $rc)" test $rc = 0 || show "$tmp/log"
ok "WARNING: reported with its file and line" \
	grep -qE 'WARNING: CPU: [0-9]+ PID: [0-9]+ at (\.\./linux-source-6\.12/)?drivers/misc/lkdtm/bugs\.c:[0-9]+ lkdtm_WARNING' \
	"$tmp/log" || show "$tmp/log" 40
ok "WARNING: with a backtrace through the trigger" \
	bash -c "sed -n '/WARNING: CPU/,/end trace/p' '$tmp/log' | grep -q 'lkdtm_do_action\|direct_entry'"
ok "WARNING: the kernel went on" grep -q '^after-warning' "$tmp/log"
ok "WARNING: and is tainted W (512)" \
	bash -c "t=\$(sed -n 's/^tainted //p' '$tmp/log'); [ \$(( \${t:-0} & 512 )) = 512 ]"
ok "BUG: reported with its file and line" \
	grep -qE 'kernel BUG at (\.\./linux-source-6\.12/)?drivers/misc/lkdtm/bugs\.c:[0-9]+!' "$tmp/log" || show "$tmp/log" 40
ok "BUG: the task that hit it died (status 139), the guest went on" \
	grep -qE '^after-bug (139|137)$' "$tmp/log"

"$uvmm" run --kernel "$kernel" --initrd "$initrd" --cmdline "console=hvc0 panic_on_warn=1" \
	-- sh -c "$lkdtm && echo WARNING > \$d; echo still-here" < /dev/null > "$tmp/out2" 2>&1
rc=$?
tr -d '\r' < "$tmp/out2" > "$tmp/log2"
ok "panic_on_warn=1: a WARNING panics the guest (status $rc: 124)" test $rc = 124 ||
	show "$tmp/log2"
ok "panic_on_warn=1: saying why" grep -q 'Kernel panic - not syncing: kernel: panic_on_warn set' \
	"$tmp/log2" || show "$tmp/log2"
ok "panic_on_warn=1: nothing ran after it" bash -c "! grep -q '^still-here' '$tmp/log2'"
ok "no guest process left" no_leftovers
done_testing
