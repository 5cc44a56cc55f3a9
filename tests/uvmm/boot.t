#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the built guest kernel with the default initramfs: busybox as init,
# then either a shell on the console or the command of `uvmm run -- CMD`,
# whose exit status uvmm exits with. Also: the boot log, a panic ends uvmm
# with 124, the boot works as an unprivileged user, closed standard files,
# and no memory file or guest process is left behind.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
chmod 755 "$tmp"

# Guest processes are host processes (running uvmm's stub), forked by uvmm:
# no_leftovers looks for them in the sessions of this test's uvmm runs.

# 1. A command, its output and its exit status.
start=$(date +%s%N)
timeout -s KILL 120 "$uvmm" run --kernel "$kernel" --initrd "$initrd" \
	--mem-file "$tmp/ram" -- echo hello from the guest \
	< /dev/null > "$tmp/out" 2> "$tmp/err"
rc=$?
end=$(date +%s%N)
echo "# uvmm run -- echo: $(( (end - start) / 1000000 )) ms, boot included"
ok "uvmm run -- echo: status 0" [ "$rc" -eq 0 ] ||
	{ echo "# status $rc"; show "$tmp/out"; show "$tmp/err"; }
ok "its output, and only its output, on stdout" \
	[ "$(cat "$tmp/out")" = "hello from the guest" ] || show "$tmp/out"
ok "nothing on stderr" [ ! -s "$tmp/err" ] || show "$tmp/err"
ok "no memory file left behind" [ ! -e "$tmp/ram" ]

"$uvmm" run --kernel "$kernel" --initrd "$initrd" -- sh -c 'echo to stdout; echo to stderr >&2' \
	< /dev/null > "$tmp/out" 2> "$tmp/err"
ok "the command's stdout on uvmm's stdout, byte for byte" \
	[ "$(od -An -c "$tmp/out" | tr -s ' ')" = "$(printf 'to stdout\n' | od -An -c | tr -s ' ')" ] ||
	show "$tmp/out"
ok "the command's stderr on uvmm's stderr" [ "$(cat "$tmp/err")" = "to stderr" ] || show "$tmp/err"

# Standard input from a pipe or a file, to its end: cat copies 100 kB of
# random bytes exactly and ends (/dev/uvmm-stdin gives the end of file).
printf 'a\nb\n' | timeout -s KILL 120 "$uvmm" run --kernel "$kernel" --initrd "$initrd" -- cat \
	> "$tmp/out" 2>&1
rc=$?
ok "printf | uvmm run -- cat: the lines, then the end of input ends cat (status 0)" \
	bash -c "[ $rc -eq 0 ] && [ \"\$(cat '$tmp/out')\" = \"\$(printf 'a\nb')\" ]" ||
	{ echo "# status $rc"; show "$tmp/out"; }
head -c 100000 /dev/urandom > "$tmp/random"
timeout -s KILL 120 "$uvmm" run --kernel "$kernel" --initrd "$initrd" -- cat \
	< "$tmp/random" > "$tmp/out" 2> "$tmp/err"
rc=$?
ok "100 kB of random bytes through cat in the guest, byte for byte (status $rc)" \
	bash -c "[ $rc -eq 0 ] && cmp -s '$tmp/random' '$tmp/out'" || show "$tmp/err"

# Input from a pipe reaches the command unchanged (the guest's console is raw).
printf 'line one\nline two\n' | "$uvmm" run --kernel "$kernel" --initrd "$initrd" -- \
	sh -c 'head -c 18 | od -An -c' > "$tmp/out" 2>&1
ok "stdin from a pipe reaches the command unchanged" \
	[ "$(tr -s ' ' < "$tmp/out")" = "$(printf 'line one\nline two\n' | od -An -c | tr -s ' ')" ] ||
	show "$tmp/out"

for status in 1 7 42 255; do
	"$uvmm" run --kernel "$kernel" --initrd "$initrd" -- sh -c "exit $status" \
		< /dev/null > "$tmp/out" 2>&1
	rc=$?
	ok "uvmm exits with the command's status $status" [ "$rc" -eq "$status" ] ||
		{ echo "# status $rc"; show "$tmp/out"; }
done
"$uvmm" run --kernel "$kernel" --initrd "$initrd" -- sh -c 'kill -TERM $$' \
	< /dev/null > "$tmp/out" 2>&1
rc=$?
ok "a command killed by SIGTERM: status 143, as a shell reports it" [ "$rc" -eq 143 ] ||
	{ echo "# status $rc"; show "$tmp/out"; }

# Arguments arrive as they were given: spaces, quotes, empty words.
"$uvmm" run --kernel "$kernel" --initrd "$initrd" -- \
	sh -c 'for a in "$@"; do echo "<$a>"; done' sh "a b" "it's" "" '$HOME' \
	< /dev/null > "$tmp/out" 2>&1
printf '<a b>\n<it'"'"'s>\n<>\n<$HOME>\n' > "$tmp/want"
ok "arguments arrive unchanged (spaces, quotes, empty, \$)" cmp -s "$tmp/want" "$tmp/out" ||
	show "$tmp/out"

"$uvmm" run --kernel "$kernel" --initrd "$initrd" -- /no/such/program \
	< /dev/null > "$tmp/out" 2>&1
rc=$?
ok "a command that does not exist: status 127" [ "$rc" -eq 127 ] ||
	{ echo "# status $rc"; show "$tmp/out"; }

# The loopback interface is up, as after any distribution's boot.
"$uvmm" run --kernel "$kernel" --initrd "$initrd" -- cat /sys/class/net/lo/flags \
	< /dev/null > "$tmp/out" 2>&1
ok "lo is up (flags IFF_UP|IFF_LOOPBACK)" [ "$(tr -d '\r' < "$tmp/out")" = 0x9 ] || show "$tmp/out"

# 2. The interactive boot: the log, a shell on the console, poweroff.
printf 'echo shell says $((6 * 7))\npoweroff\n' |
	timeout -s KILL 120 "$uvmm" run --kernel "$kernel" --initrd "$initrd" \
	> "$tmp/out" 2> "$tmp/err"
rc=$?
ok "interactive boot: poweroff from the shell ends uvmm with 0" [ "$rc" -eq 0 ] ||
	{ echo "# status $rc"; show "$tmp/out"; show "$tmp/err"; }
ok "kernel banner on the console" grep -q "^\[ *[0-9.]*\] Linux version 6\.12\." "$tmp/out" ||
	show "$tmp/out"
ok "initramfs unpacked (no error)" \
	bash -c "! grep -qi 'initramfs unpacking failed\|Kernel panic' '$tmp/out'"
ok "the kernel runs /init" grep -q "Run /init as init process" "$tmp/out" || show "$tmp/out"
ok "the shell ran the command" grep -q "shell says 42" "$tmp/out" || show "$tmp/out"
ok "the shell has job control (no 'job control turned off')" \
	bash -c "! grep -q 'job control turned off' '$tmp/out'" || show "$tmp/out"
ok "no guest process left after power-off" no_leftovers

# A reader that goes away early does not kill uvmm: output is dropped.
( "$uvmm" run --kernel "$kernel" --initrd "$initrd" --mem-file "$tmp/ram2" \
	-- sh -c 'yes | head -n 20000' < /dev/null 2> "$tmp/err1";
  echo $? > "$tmp/rc1" ) | head -c 10 > /dev/null
ok "stdout closed early: the command still ends with 0" [ "$(cat "$tmp/rc1")" -eq 0 ] ||
	{ cat "$tmp/rc1"; show "$tmp/err1"; }
ok "stdout closed early: no memory file left behind" [ ! -e "$tmp/ram2" ]

# Closed stdin and stdout: uvmm holds them with /dev/null (and does not
# take its memory file for the console).
"$uvmm" run --kernel "$kernel" --initrd "$initrd" -- true <&- >&- 2> "$tmp/err4"
rc=$?
ok "closed stdin and stdout: the command still runs, status 0" [ "$rc" -eq 0 ] ||
	{ echo "# status $rc"; show "$tmp/err4"; }

# 3. A panic: no init anywhere.
timeout -s KILL 120 "$uvmm" run --kernel "$kernel" --initrd none \
	--cmdline "console=hvc0 rdinit=/nonexistent init=/nonexistent" \
	> "$tmp/out2" 2> "$tmp/err2"
rc=$?
ok "a guest panic ends uvmm with status 124" [ "$rc" -eq 124 ] ||
	{ echo "# status $rc"; show "$tmp/out2"; show "$tmp/err2"; }
ok "the panic message reached the console" grep -q "Kernel panic - not syncing" "$tmp/out2"

# init exiting is a panic too (as on any Linux machine).
"$uvmm" run --kernel "$kernel" --initrd "$initrd" --cmdline "console=hvc0 rdinit=/bin/true" \
	< /dev/null > "$tmp/out5" 2>&1
rc=$?
ok "init exiting: panic, status 124" [ "$rc" -eq 124 ] ||
	{ echo "# status $rc"; show "$tmp/out5"; }
ok "no guest process left after a panic" no_leftovers

# 4. Unprivileged: the basic boot needs no root and no capabilities.
if [ "$(id -u)" = 0 ]; then
	# The checkout may not be readable by others: run copies from $tmp.
	cp "$uvmm_bin" "$kernel" "$initrd" "$tmp/" && chmod a+rx "$tmp"/*
	runuser -u nobody -- "$tmp/uvmm" run --kernel "$tmp/vmlinux" \
		--initrd "$tmp/initramfs.cpio.gz" -- id -u \
		< /dev/null > "$tmp/out3" 2> "$tmp/err3"
	rc=$?
	ok "runs a command as host user nobody (guest root: id -u is 0)" \
		[ "$rc" -eq 0 ] && [ "$(cat "$tmp/out3")" = 0 ] ||
		{ echo "# status $rc"; show "$tmp/out3"; show "$tmp/err3"; }
else
	"$uvmm" run --kernel "$kernel" --initrd "$initrd" -- id -u \
		< /dev/null > "$tmp/out3" 2> "$tmp/err3"
	rc=$?
	ok "runs a command as host user $(id -un) (guest root: id -u is 0)" \
		[ "$rc" -eq 0 ] && [ "$(cat "$tmp/out3")" = 0 ] ||
		{ echo "# status $rc"; show "$tmp/err3"; }
fi
done_testing
