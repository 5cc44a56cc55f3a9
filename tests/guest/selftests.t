#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own selftests from the tree the guest kernel is built from
# (tools/testing/selftests; tests/selftests/build.sh), a bounded run in the
# Debian guest: the collections that take seconds. Each result is held to
# tests/selftests/expected: what is not listed there must pass, what is
# listed must end as listed. `make selftests` runs every collection, here
# and under UML (docs/conformance.md).
set -u
. "$(dirname "$0")/../lib/tap.sh"
image=$build/selftests/image.cpio
expected=$top/tests/selftests/expected
need_guest
[ "$(id -u)" = 0 ] || skip_all "the Debian guest image needs root to build (debootstrap)"
need "$image"
collections="futex membarrier exec clone3 sigaltstack breakpoints x86"

args=
for c in $collections; do args="$args -c $c"; done
timeout -s KILL 400 "$uvmm" run --kernel "$kernel" --initrd "$image" --mem 2G -- \
	/kselftest/run_kselftest.sh $args < /dev/null > "$tmp/out" 2> "$tmp/err"
rc=$?
tr -d '\r' < "$tmp/out" > "$tmp/tap"
ok "the guest ran the selftests (status $rc)" test "$rc" -eq 0 || show "$tmp/err"

# What test C:T printed: the lines from "# selftests: C: T" to its result.
output_of() {
	awk -v h="# selftests: ${1%%:*}: ${1#*:}" '$0 == h { on = 1 } on { print "#   " $0 }
		on && /^(not )?ok [0-9]+ selftests: / { exit }' "$tmp/tap" | grep -v "^#   # ok " | tail -n 30
}
# "ok N selftests: C: T [# SKIP]" / "not ok N selftests: C: T # exit=..."
grep -E '^(not )?ok [0-9]+ selftests: ' "$tmp/tap" > "$tmp/results"
for c in $collections; do
	ok "$c: results reported" grep -q "selftests: $c: " "$tmp/results" || show "$tmp/tap"
done
while read -r line; do
	name=$(echo "$line" | sed -E 's/^(not )?ok [0-9]+ selftests: ([^:]+): ([^ ]+).*/\2:\3/')
	case $line in
	"not ok"*) got=fail ;;
	*"# SKIP"*) got=skip ;;
	*) got=pass ;;
	esac
	want=$(awk -v n="$name" '$1 == n { print $2 }' "$expected")
	why=$(awk -v n="$name" '$1 == n { $1 = $2 = ""; sub(/^ +/, ""); print }' "$expected")
	case "$want:$got" in
	:pass) ok "$name passes" true ;;
	:*) ok "$name passes (it ended: $got; not in tests/selftests/expected)" false ||
		output_of "$name" ;;
	any:fail) ok "$name: $got as listed: $why" true; output_of "$name" ;;
	any:*|fail:fail|skip:skip) ok "$name: $got as listed: $why" true ;;
	*:pass) ok "$name passes now: take it off tests/selftests/expected" false ;;
	*) ok "$name: listed as $want, ended $got" false ;;
	esac
done < "$tmp/results"
done_testing
