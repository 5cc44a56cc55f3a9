#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# KUnit in one command (guest-arch/tools/kunit.sh, make kunit): one boot a
# glob of the small KUnit kernel, a summary per suite, the log of each
# failing test, and a status that is 0 only when every selected test ran
# and passed; the kernel's options (KCONFIG_ADD, KUNIT_CONFIG) taken or
# refused by name.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
kunit=$top/guest-arch/tools/kunit.sh

"$kunit" 'list*' > "$tmp/list" 2>&1
rc=$?
ok "'list*': status 0" test $rc = 0 || show "$tmp/list"
ok "'list*': both list suites passed, each with its count" \
	bash -c "grep -qx '\[PASSED\] list-kunit-test ([1-9][0-9]* passed, 0 failed, 0 skipped)' '$tmp/list' &&
		grep -q '^\[PASSED\] list_sort (' '$tmp/list'" || show "$tmp/list"
ok "'list*': the kunit.py-like total" \
	grep -qE '^Testing complete. Ran [1-9][0-9]* tests: passed: [1-9][0-9]*, failed: 0, skipped: 0$' \
	"$tmp/list"

"$kunit" 'no-such-suite*' > "$tmp/none" 2>&1
rc=$?
ok "a glob that selects nothing: status 1, said so" \
	bash -c "[ $rc = 1 ] && grep -qx '\[NO TESTS RUN\] no-such-suite\*' '$tmp/none'" ||
	show "$tmp/none"

# The developer's options: a suite added on the command line is built and
# run; without it again, the kernel is configured back.
make -s -C "$top" kunit KUNIT='example*' KCONFIG_ADD=CONFIG_KUNIT_EXAMPLE_TEST=y > "$tmp/add" 2>&1
rc=$?
ok "make kunit KCONFIG_ADD=CONFIG_KUNIT_EXAMPLE_TEST=y: the example suite ran and passed" \
	bash -c "[ $rc = 0 ] && grep -q '^\[PASSED\] example (' '$tmp/add'" || show "$tmp/add"
make -s -C "$top" kunit KUNIT='example*' > "$tmp/back" 2>&1
rc=$?
ok "without it: configured back, the suite is gone (status 1, no tests run)" \
	bash -c "[ $rc != 0 ] && grep -qx '\[NO TESTS RUN\] example\*' '$tmp/back'" || show "$tmp/back"
# Options that cannot be had are named, before anything is built (in a
# build directory of the test's own).
make -s -C "$top" kernel-kunit KOBJ_KUNIT="$tmp/kk" KCONFIG_ADD=CONFIG_NO_SUCH_OPTION=y \
	> "$tmp/nosuch" 2>&1
rc=$?
ok "KCONFIG_ADD of an option that does not exist: refused by name" \
	bash -c "[ $rc != 0 ] && grep -q 'CONFIG_NO_SUCH_OPTION=y is not in the configuration' '$tmp/nosuch'" ||
	show "$tmp/nosuch"
printf 'CONFIG_UVMM_PCI_KUNIT_TEST=y\n' > "$tmp/pci.kunitconfig"
make -s -C "$top" kernel-kunit KOBJ_KUNIT="$tmp/kk" KUNIT_CONFIG="$tmp/pci.kunitconfig" \
	> "$tmp/nodeps" 2>&1
rc=$?
ok "KUNIT_CONFIG with a suite whose dependencies the small kernel lacks: refused by name" \
	bash -c "[ $rc != 0 ] && grep -q 'CONFIG_UVMM_PCI_KUNIT_TEST=y is not in the configuration' '$tmp/nodeps'" ||
	show "$tmp/nodeps"
ok "... and nothing was built" test ! -e "$tmp/kk/vmlinux"

# A console log with a failing test (and its log lines) and a suite cut
# short by a crash, as a real run would print them.
cat > "$tmp/failing" <<'KTAP'
[    0.1] KTAP version 1
[    0.1] 1..2
[    0.1]     KTAP version 1
[    0.1]     # Subtest: demo
[    0.1]     1..3
[    0.1]     ok 1 demo_good
[    0.1]         # demo_bad: EXPECTATION FAILED at lib/demo.c:42
[    0.1]         Expected 1 == 2
[    0.1]     not ok 2 demo_bad
[    0.1]     ok 3 demo_skipped # SKIP not here
[    0.1] # demo: pass:1 fail:1 skip:1 total:3
[    0.1] not ok 1 demo
[    0.1]     KTAP version 1
[    0.1]     # Subtest: cut
[    0.1]     1..2
[    0.1]     ok 1 cut_first
[    0.2] Oops: host signal 11 (code 1) in guest kernel at cut_second+0x5/0x10
KTAP
"$kunit" --parse "$tmp/failing" > "$tmp/fail.out" 2>&1
rc=$?
ok "a failing test: status 1" test $rc = 1 || show "$tmp/fail.out"
ok "the failing test is named, with its log" \
	bash -c "grep -A2 '^\[FAILED\] demo.demo_bad$' '$tmp/fail.out' | grep -q 'EXPECTATION FAILED at lib/demo.c:42' &&
		grep -q '^    Expected 1 == 2$' '$tmp/fail.out'" || show "$tmp/fail.out"
ok "the suite is summed up" grep -qx '\[FAILED\] demo (1 passed, 1 failed, 1 skipped)' "$tmp/fail.out"
ok "the crash is reported" grep -q '^\[CRASHED\]' "$tmp/fail.out"
ok "the total counts what ran" \
	grep -qx 'Testing complete. Ran 4 tests: passed: 2, failed: 1, skipped: 1' "$tmp/fail.out" ||
	show "$tmp/fail.out"
sed -n '1,12p' "$tmp/failing" | sed 's/not ok 2 demo_bad/ok 2 demo_bad/; s/not ok 1 demo/ok 1 demo/;
	s/^\[    0.1\] 1\.\.2$/[    0.1] 1..1/' > "$tmp/passing"
"$kunit" --parse "$tmp/passing" > "$tmp/pass.out" 2>&1
ok "the same log all passing: status 0" test $? = 0 || show "$tmp/pass.out"
# A debugging kernel's console: caller ids after the timestamps, and the
# reports KASAN's own suite provokes on purpose (docs/debugging-kernel.md).
sed -E 's/^(\[    0\.1\])/\1[    T1]/' "$tmp/passing" |
	sed '7a [    0.1][   T42] BUG: KASAN: slab-out-of-bounds in kmalloc_oob_right+0x1/0x2' > "$tmp/debug"
"$kunit" --parse "$tmp/debug" > "$tmp/debug.out" 2>&1
ok "a debugging kernel's log (caller ids, an expected KASAN report): status 0" test $? = 0 ||
	show "$tmp/debug.out"
ok "its suite is summed up" grep -qx '\[PASSED\] demo (2 passed, 0 failed, 1 skipped)' "$tmp/debug.out" ||
	show "$tmp/debug.out"
done_testing
