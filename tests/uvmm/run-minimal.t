#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The smallest guest build/uvmm can run: the crafted image from
# build/tests/uvmm/mkelf, whose entry calls the gate's halt(POWER_OFF) at
# once. Checks the whole path from the command line through vm_setup to a
# vCPU and back: exit status 0, nothing on stderr, no memory file left.
set -u
. "$(dirname "$0")/../lib/tap.sh"
mkelf=$build/tests/uvmm/mkelf
need "$uvmm_bin" "$mkelf"
"$mkelf" good "$tmp/k.elf" || bail_out "mkelf failed"
echo initrd > "$tmp/initrd"
mkdir "$tmp/ramdir"

run() {	# run DESCRIPTION ARGS...
	local desc=$1 rc; shift
	timeout -s KILL 60 "$uvmm" run --kernel "$tmp/k.elf" "$@" \
		< /dev/null > "$tmp/out" 2> "$tmp/err"
	rc=$?
	ok "$desc: powers off, exit status 0" test "$rc" -eq 0 ||
		{ echo "# exit status $rc"; sed 's/^/#   stderr: /' "$tmp/err"; }
	ok "$desc: nothing on stderr" test ! -s "$tmp/err"
	ok "$desc: no memory file left" test -z "$(ls -A "$tmp/ramdir")"
}

run "memfd, no initrd" --initrd none
run "--mem-file, initrd, 1 GiB" --initrd "$tmp/initrd" --mem 1G --mem-file "$tmp/ramdir/ram"
run "5 GiB (RAM above the hole), a guest command" --initrd "$tmp/initrd" --mem 5G -- /bin/sh -c true

done_testing
