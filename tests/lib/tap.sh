# SPDX-License-Identifier: GPL-2.0
# The one shell library of the *.t scripts (tests/lib/tap.h is its C twin).
# Source it first, from any tests/<dir>/NAME.t:
#
#	. "$(dirname "$0")/../lib/tap.sh"
#
# Paths: $top (the checkout), $build, $uvmm_bin (build/uvmm), $kernel,
# $initrd (the guest build/uvmm boots by default), and $tmp, a private
# directory removed at exit.
#
# TAP (the counters are $n, tests run, and $failed):
#   ok DESC [CMD...]      one test, passing if CMD succeeds (no CMD: passes);
#                         returns CMD's status, so `ok ... || show FILE`
#   ok_rc STATUS DESC     one test, passing if STATUS (e.g. $?) is 0
#   not_ok DESC [LINE...] one failing test, the LINEs as diagnostics
#   diag LINE...          "# LINE" for each
#   show FILE [N]         the last N (25) lines of FILE as diagnostics
#   plan N                the plan up front (else done_testing prints it)
#   skip REASON           one test skipped, saying why: something this
#                         machine lacks (a tool, root); where
#                         UVMM_NO_SKIP=1 (CI: root on Debian 12, which
#                         lacks nothing) it is a failure instead
#   skip_all REASON       the whole file skipped, likewise; exits
#   skip_hw REASON        one test skipped because of the host's hardware
#                         (CPU features): allowed everywhere
#   bail_out MESSAGE      "Bail out!": nothing more can run; exits 1
#   done_testing          the plan unless given; exits 1 if a test failed
#
# Built artifacts:
#   need FILE...          bail out unless each exists ("run make check")
#   need_guest            need build/uvmm, the guest kernel and initramfs
#   wait_for TEXT FILE    wait up to 30 s for TEXT in FILE (a guest's
#                         output); fails if it never comes
#   run_unit NAME         run the C TAP program build/tests/NAME (exec_tap)
#   exec_tap CMD...       the rest of the TAP is CMD's: clean up, exec CMD
#
# What a guest leaves behind: $uvmm is build/uvmm started through
# tests/lib/in-session ($in_session CMD... for any other command), which
# makes it the leader of a session of its own (same process, status and
# files) and notes the session's id. So
#   session_procs         lists the live processes of those sessions now
#   leftovers             lists the processes still alive in the sessions
#                         of this test's uvmm runs (after up to 5 s),
#                         whatever else runs on the machine: guests of
#                         other tests or of the developer do not count
#   no_leftovers          fails, listing them, if there are any:
#                         ok "no guest process left" no_leftovers
# At exit, anything still alive in those sessions is killed. Use $uvmm_bin
# where the binary itself is needed (gdb, a copy, a terminal of its own).

top=$(cd "$(dirname "$0")/../.." && pwd)
build=$top/build
uvmm_bin=$build/uvmm
kernel=$build/kernel/vmlinux
initrd=$build/initramfs.cpio.gz

n=0 failed=0 tap_planned=
tmp=$(mktemp -d "${TMPDIR:-/tmp}/uvmm-test-${0##*/}.XXXXXX") ||
	{ echo "Bail out! cannot create a temporary directory"; exit 1; }
export UVMM_TEST_SESSIONS=$tmp/.sessions
sessions=$UVMM_TEST_SESSIONS
in_session=$top/tests/lib/in-session
uvmm=$top/tests/lib/uvmm
tap_cleanup() {
	[ -s "$sessions" ] && pkill -KILL -s "$(sort -u "$sessions" | paste -sd,)" 2>/dev/null
	rm -rf "$tmp"
}
trap tap_cleanup EXIT
trap 'exit 130' INT TERM HUP

ok() {
	local desc=$1 rc; shift
	n=$((n + 1))
	"$@"
	rc=$?
	if [ $rc -eq 0 ]; then echo "ok $n - $desc"; else echo "not ok $n - $desc"; failed=$((failed + 1)); fi
	return $rc
}

ok_rc() { ok "$2" test "$1" -eq 0; }

not_ok() {
	n=$((n + 1)) failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	diag "$@"
	return 1
}

diag() { local l; for l; do printf '%s\n' "$l" | sed 's/^/# /'; done; }

show() { tr -d '\r' < "$1" | tail -n "${2:-25}" | awk '{ print "#   " $0 }'; }

plan() { tap_planned=1; echo "1..$1"; }

skip() {
	[ "${UVMM_NO_SKIP:-0}" = 1 ] && { not_ok "skipped where nothing may be: $1"; return 1; }
	n=$((n + 1)); echo "ok $n # SKIP $1"
}

skip_hw() { n=$((n + 1)); echo "ok $n # SKIP $1"; }

skip_all() {
	[ "${UVMM_NO_SKIP:-0}" = 1 ] && { echo "1..1"; echo "not ok 1 - skipped where nothing may be: $1"; exit 1; }
	echo "1..0 # SKIP $1"; exit 0
}

bail_out() { echo "Bail out! $1"; exit 1; }

done_testing() {
	[ -n "$tap_planned" ] || echo "1..$n"
	[ "$failed" -eq 0 ] || { diag "failed $failed of $n"; exit 1; }
	exit 0
}

need() {
	local f
	for f; do
		[ -e "$f" ] || bail_out "$f is not built: run make check"
	done
}

need_guest() { need "$uvmm_bin" "$kernel" "$initrd"; }

wait_for() {
	local i
	for i in $(seq 300); do
		grep -qF -- "$1" "$2" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

exec_tap() {
	tap_cleanup
	trap - EXIT
	exec "$@"
}

run_unit() {
	need "$build/tests/$1"
	exec_tap "$build/tests/$1"
}

session_procs() {
	[ -s "$sessions" ] || return 0
	ps -o pid=,stat=,args= -s "$(sort -u "$sessions" | paste -sd,)" | awk '$2 !~ /^Z/'
}

leftovers() {
	local i
	for i in $(seq 50); do
		session_procs > "$tmp/.left"
		[ -s "$tmp/.left" ] || return 0
		sleep 0.1
	done
	cat "$tmp/.left"
}

no_leftovers() {
	local left
	left=$(leftovers)
	[ -z "$left" ] && return 0
	diag "left running:" "$left"
	return 1
}
