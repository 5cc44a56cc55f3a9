#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own tests as proof that the port is sound: boot with
# kunit.enable=1, take the KTAP that KUnit prints on the console, and
# report each suite here as one TAP test. Every suite listed in
# docs/kunit.md must have run, and every suite must pass.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
timeout -s KILL 300 "$uvmm" run --kernel "$kernel" --initrd "$initrd" \
	--cmdline "console=hvc0 kunit.enable=1" -- true < /dev/null > "$tmp/out" 2> "$tmp/err"
rc=$?

# KTAP lines without the printk time stamps.
tr -d '\r' < "$tmp/out" | sed -n 's/^\[ *[0-9.]*\] //p' > "$tmp/ktap"

ok "the boot with KUnit goes on to user space and powers off (status 0)" [ "$rc" -eq 0 ] ||
	{ echo "# status $rc"; show "$tmp/out" 20; }
ok "KUnit printed a KTAP header" grep -q "^KTAP version 1" "$tmp/ktap"

# Top-level results: "ok N suite" / "not ok N suite" at column 0.
grep -E "^(not )?ok [0-9]+ " "$tmp/ktap" > "$tmp/suites"
while read -r line; do
	name=$(echo "$line" | sed -E 's/^(not )?ok [0-9]+ //; s/ #.*//')
	case $line in
	"not ok"*)
		not_ok "KUnit suite $name"
		# show the failing cases of that suite
		grep -E "^ +not ok" "$tmp/ktap" | sed 's/^/#   /' | head -20 ;;
	*)	ok "KUnit suite $name" ;;
	esac
done < "$tmp/suites"

# Every suite docs/kunit.md promises must be among them.
expected=$(sed -n 's/^| `\([a-z0-9_-]*\)` | yes .*/\1/p' "$top/docs/kunit.md")
ok "docs/kunit.md lists the suites that run" [ -n "$expected" ]
for s in $expected; do
	ok "suite $s ran" grep -qE "^(not )?ok [0-9]+ $s( |$)" "$tmp/suites"
done
total=$(grep -cE "^ +(not )?ok [0-9]+ " "$tmp/ktap")
diag "$(wc -l < "$tmp/suites") suites, $total test cases and subsuites reported"
done_testing
