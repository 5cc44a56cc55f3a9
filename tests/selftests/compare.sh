#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make selftests`: every collection of the selftests image, in the uvmm
# guest (run.sh, one boot each) and under UML built from the same tree
# (uml-run.sh), then one table of both (RESULTS/table.md, the form of
# docs/conformance.md's).
#   compare.sh BUILD IMAGE RESULTS
set -eu
build=$1 image=$2 res=$3
here=$(cd "$(dirname "$0")" && pwd)
collections="futex timers sigaltstack ptrace mm exec clone3 pidfd proc mqueue membarrier seccomp breakpoints x86"
rm -rf "$res"
mkdir -p "$res/uvmm" "$res/uml"
"$here/run.sh" "$build/kernel/vmlinux" "$image" "$res/uvmm" $collections
for c in $collections; do
	UML_SELFTEST_LIMIT=${UVMM_SELFTEST_LIMIT:-540} "$here/uml-run.sh" "$image" "$c" \
		> "$res/uml/$c.tap" 2>&1 || true
done
# Top-level tests: pass / fail / skip.
count() {
	f=$1
	[ -f "$f" ] || { echo "-"; return; }
	p=$(grep -E '^ok [0-9]+ selftests: ' "$f" | grep -vc '# SKIP' || true)
	s=$(grep -E '^ok [0-9]+ selftests: ' "$f" | grep -c '# SKIP' || true)
	x=$(grep -cE '^not ok [0-9]+ selftests: ' "$f" || true)
	echo "$p / $x / $s"
}
{
	echo "| collection | uvmm: pass / fail / skip | UML: pass / fail / skip |"
	echo "| --- | --- | --- |"
	for c in $collections; do
		echo "| $c | $(count "$res/uvmm/$c.tap") | $(count "$res/uml/$c.tap") |"
	done
} > "$res/table.md"
cat "$res/table.md"
