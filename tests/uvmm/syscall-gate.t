#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# --syscall-gate: auto takes the fast gate where the host allows it and
# says so (uvmm run --verbose, the kernel log), ptrace and fast are taken
# when asked, and a host that forbids what the fast gate needs (here a
# seccomp filter around uvmm refusing thread clones, which the stub's
# mapper task needs) gets one clear line: a refusal for fast, the tracer
# with the reason for auto. Never a hang, never a process left.
set -u
. "$(dirname "$0")/../lib/tap.sh"
deny=$build/tests/uvmm/deny_thread_clone
need_guest
need "$deny"

run() {	# run ARGS...: uvmm run ARGS -- /bin/sh -c 'echo in-guest'
	timeout -s KILL 60 $wrap "$uvmm" run --kernel "$kernel" --initrd "$initrd" "$@" \
		-- /bin/sh -c 'echo in-guest' < /dev/null > "$tmp/out" 2> "$tmp/err"
}
wrap=

run --verbose
rc=$?
if grep -q "guest syscalls: ptrace tracer, chosen by auto" "$tmp/err"; then
	skip "this host has no fast gate: $(grep 'guest syscalls' "$tmp/err")"
else
	ok "auto, --verbose: the fast gate, said on stderr" \
		grep -q "^uvmm: guest syscalls: fast gate (seccomp and signals), chosen by auto; " "$tmp/err" ||
		show "$tmp/err"
	# Syscall-site rewriting needs protection keys (execute-only copies).
	if grep -qw ospke /proc/cpuinfo; then
		want="syscall sites rewritten"
	else
		want="no syscall-site rewriting: no protection keys on this CPU for execute-only copies"
	fi
	ok "auto, --verbose: and whether syscall sites are rewritten ($want)" \
		grep -qx "uvmm: guest syscalls: fast gate (seccomp and signals), chosen by auto; $want" "$tmp/err" ||
		show "$tmp/err"
	UVMM_NO_REWRITE=1 run --verbose
	ok "UVMM_NO_REWRITE=1: no rewriting, and why" \
		grep -qx "uvmm: guest syscalls: fast gate (seccomp and signals), chosen by auto; no syscall-site rewriting: UVMM_NO_REWRITE is set" "$tmp/err" ||
		show "$tmp/err"
	run --verbose
fi
ok "auto: the guest command ran (status $rc)" \
	bash -c "[ $rc -eq 0 ] && grep -q in-guest '$tmp/out'"

# The tracer also says whether it uses the host's ptrace options
# (host-patches/; this machine's kernel normally has none: EIO).
opts="; (with the host's PTRACE_O_NOSIGSTOP and PTRACE_O_ONESHOT|host ptrace options: not in the host kernel \\(Input/output error\\))"
run --syscall-gate ptrace --verbose
ok "ptrace, --verbose: the tracer and its host options, said on stderr" \
	grep -Eqx "uvmm: guest syscalls: ptrace tracer \\(--syscall-gate ptrace\\)$opts" "$tmp/err" ||
	show "$tmp/err"
wrap="env UVMM_NO_PTRACE_OPTIONS=1" run --syscall-gate ptrace --verbose
ok "UVMM_NO_PTRACE_OPTIONS=1: the tracer says it does not use them" \
	grep -qx "uvmm: guest syscalls: ptrace tracer (--syscall-gate ptrace); host ptrace options: not used (UVMM_NO_PTRACE_OPTIONS)" "$tmp/err" ||
	show "$tmp/err"
ok "ptrace: the guest command ran" grep -q in-guest "$tmp/out"

run --syscall-gate fast
rc=$?
ok "fast: the guest command ran (status $rc), nothing on stderr" \
	bash -c "[ $rc -eq 0 ] && grep -q in-guest '$tmp/out' && [ ! -s '$tmp/err' ]"

# On one CPU there is no spinning: the process shares the vCPU's core.
timeout -s KILL 60 taskset -c 0 "$uvmm" run --kernel "$kernel" --initrd "$initrd" \
	--syscall-gate fast -- /bin/sh -c 'i=0; while [ $i -lt 200 ]; do i=$((i+1)); done; echo in-guest $i' \
	< /dev/null > "$tmp/out" 2> "$tmp/err"
rc=$?
ok "fast, on one CPU: the guest command ran (status $rc)" \
	bash -c "[ $rc -eq 0 ] && grep -q 'in-guest 200' '$tmp/out'" || show "$tmp/err"

# The kernel log says it too (no "quiet" on the command line).
timeout -s KILL 60 "$uvmm" run --kernel "$kernel" --initrd "$initrd" --cmdline console=hvc0 \
	-- /bin/true < /dev/null > "$tmp/log" 2>&1
ok "the kernel log names the gate" \
	grep -q "uvmm: guest syscalls: fast gate (seccomp and signals), chosen by auto" "$tmp/log" ||
	show "$tmp/log"

# A seccomp filter around uvmm that refuses clone(CLONE_THREAD).
wrap=$deny
run --syscall-gate fast
rc=$?
ok "no thread clones, fast: refused (status $rc)" test "$rc" -eq 125
ok "no thread clones, fast: one line, with the reason" \
	bash -c "[ \$(wc -l < '$tmp/err') -eq 1 ] &&
		 grep -qx 'uvmm: --syscall-gate fast: not on this host: the stub could not create its mapper task' '$tmp/err'" ||
	show "$tmp/err"
run --verbose
rc=$?
ok "no thread clones, auto: the tracer, with the reason" \
	grep -Eqx "uvmm: guest syscalls: ptrace tracer, chosen by auto: no fast gate here: the stub could not create its mapper task$opts" "$tmp/err" ||
	show "$tmp/err"
ok "no thread clones, auto: the guest command ran (status $rc)" \
	bash -c "[ $rc -eq 0 ] && grep -q in-guest '$tmp/out'"
ok "no guest process left" no_leftovers
done_testing
