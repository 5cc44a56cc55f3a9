#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Loadable modules (docs/kernel-modules.md): an out-of-tree module built
# against the guest kernel's build directory, loaded from a host share with
# the guest's insmod, its relocations applied (it checks its own tables),
# listed in the module area, unloaded and loaded again; a WARN, a BUG and
# a bad pointer in it are reported with the module's own function names.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest

cp -r "$top/tests/guest/modules" "$tmp/mod"
make -C "$build/kernel" ARCH=uvmm M="$tmp/mod" modules > "$tmp/make.log" 2>&1
ok "the module builds against build/kernel" test -f "$tmp/mod/uvmm_testmod.ko" ||
	show "$tmp/make.log"

grun() {	# grun OUT CMD: the guest with the module's directory shared at /m
	timeout -s KILL 120 "$uvmm" run --kernel "$kernel" --initrd "$initrd" \
		--share "$tmp/mod:mod" -- sh -c "mkdir -p /m && mount -t virtiofs mod /m && $2" \
		< /dev/null > "$1" 2>&1
	rc=$?
	tr -d '\r' < "$1" > "$1.c" && mv "$1.c" "$1"
}

grun "$tmp/load" '
	insmod /m/uvmm_testmod.ko pick=1 && echo "loaded $?"
	echo "modules: $(cat /proc/modules)"
	echo "pick: $(cat /sys/module/uvmm_testmod/parameters/pick)"
	echo "text at $(cat /sys/module/uvmm_testmod/sections/.text)"
	rmmod uvmm_testmod && echo "removed $?"
	echo "after rmmod: [$(grep uvmm_testmod /proc/modules)]"
	insmod /m/uvmm_testmod.ko && echo "again $?"
	insmod /m/uvmm_testmod.ko; echo "twice $?"
	rmmod uvmm_testmod && insmod /m/uvmm_testmod.ko pick=7; echo "bad pick $?"
	dmesg | grep uvmm_testmod'
ok "the guest ran (status $rc)" test "$rc" = 0 || show "$tmp/load"
ok "insmod loads it" grep -q '^loaded 0$' "$tmp/load" || show "$tmp/load"
ok "its relocations are right (its tables check out, parameters reach it)" \
	grep -q 'uvmm_testmod: loaded, 0 bad lengths, word are, counter 42, init uvmm_testmod_init \[uvmm_testmod\]' \
	"$tmp/load" || show "$tmp/load"
ok "/proc/modules lists it, live" grep -q '^modules: uvmm_testmod [0-9]* 0 - Live' "$tmp/load"
ok "its parameter is in sysfs" grep -q '^pick: 1$' "$tmp/load"
text=$(sed -n 's/^text at //p' "$tmp/load")
ok "its text is in the module area (0x30000000-0x3fe00000: $text)" \
	test -n "$text" -a $((text)) -ge $((0x30000000)) -a $((text)) -lt $((0x3fe00000))
ok "rmmod unloads it (its exit ran, it is gone)" \
	bash -c "grep -q '^removed 0$' '$tmp/load' && grep -q 'uvmm_testmod: unloaded' '$tmp/load' &&
		grep -q '^after rmmod: \[\]$' '$tmp/load'"
ok "it loads again after that" grep -q '^again 0$' "$tmp/load"
ok "a second load of the same module is refused" grep -qE '^twice [1-9]' "$tmp/load"
ok "an init that fails leaves nothing loaded" grep -qE '^bad pick [1-9]' "$tmp/load"

# The parameter's lock stays taken by a task that dies in its store (as on
# any Linux), so the bad pointer gets a boot of its own.
grun "$tmp/crash" '
	insmod /m/uvmm_testmod.ko || exit 9
	p=/sys/module/uvmm_testmod/parameters/action
	echo warn > $p; echo "after warn $?"
	sh -c "echo bug > $p"; echo "after bug $?"
	echo alive; dmesg'
ok "the guest ran through a WARN and a BUG (status $rc)" test "$rc" = 0 || show "$tmp/crash"
ok "WARN in the module: its file, line and function" \
	grep -qE 'WARNING: CPU: [0-9]+ PID: [0-9]+ at .*uvmm_testmod\.c:[0-9]+ action_set\+0x[0-9a-f]+/0x[0-9a-f]+ \[uvmm_testmod\]' \
	"$tmp/crash" || show "$tmp/crash" 40
ok "the WARN went on" grep -q '^after warn 0$' "$tmp/crash"
ok "BUG in the module: its file and line" \
	grep -qE 'kernel BUG at .*uvmm_testmod\.c:[0-9]+!' "$tmp/crash" || show "$tmp/crash" 40
ok "the task that hit BUG died, the guest went on" \
	bash -c "grep -qE '^after bug (139|137)$' '$tmp/crash' && grep -q '^alive$' '$tmp/crash'"

grun "$tmp/oops" '
	insmod /m/uvmm_testmod.ko || exit 9
	sh -c "echo oops > /sys/module/uvmm_testmod/parameters/action"; echo "after oops $?"'
ok "the guest ran through an oops in the module (status $rc)" test "$rc" = 0 || show "$tmp/oops"
ok "the oops names the function and the module" \
	grep -qE 'Oops: .* at uvmm_testmod_oops[.a-z0-9]*\+0x[0-9a-f]+/0x[0-9a-f]+ \[uvmm_testmod\]' \
	"$tmp/oops" || show "$tmp/oops" 40
ok "with the module's caller in the backtrace" \
	bash -c "sed -n '/Call Trace/,\$p' '$tmp/oops' | grep -q 'action_set+0x[0-9a-f]*/0x[0-9a-f]* \[uvmm_testmod\]'"
ok "and the loaded modules" grep -q 'Modules linked in: uvmm_testmod' "$tmp/oops"
ok "the task died, the guest went on" grep -qE '^after oops (139|137)$' "$tmp/oops"
ok "no guest process left" no_leftovers
done_testing
