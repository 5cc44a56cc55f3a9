#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The smallest guest build/uvmm can run: the crafted image from
# build/tests/unit/mkelf, whose entry calls the gate's halt(POWER_OFF) at
# once. Checks the whole path from the command line through vm_setup to a
# vCPU and back: exit status 0, nothing on stderr, no memory file left.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
uvmm=$top/build/uvmm
mkelf=$top/build/tests/unit/mkelf
for b in "$uvmm" "$mkelf"; do
	if [ ! -x "$b" ]; then
		echo "Bail out! $b is not built: run make check"
		exit 1
	fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/uvmm-run-minimal.XXXXXX") || { echo "Bail out! mktemp"; exit 1; }
trap 'rm -rf "$tmp"' EXIT
"$mkelf" good "$tmp/k.elf" || { echo "Bail out! mkelf failed"; exit 1; }
echo initrd > "$tmp/initrd"
mkdir "$tmp/ramdir"

n=0 failed=0
ok() {
	local desc=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $desc"; else
		echo "not ok $n - $desc"; failed=$((failed + 1)); return 1; fi
}

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

echo "1..$n"
[ "$failed" -eq 0 ]
