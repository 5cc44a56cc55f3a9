#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# uml-xstate-shim (bench/uml-shim): on a host whose XSAVE area is larger than
# UML 6.12's buffer it makes exactly ptrace(PTRACE_GETREGSET, *,
# NT_X86_XSTATE, *) fail with EIO and lets everything else through; on other
# hosts it only execs. Bad usage is a one-line error.
set -u
. "$(dirname "$0")/../lib/tap.sh"
shim=$build/bench/uml-xstate-shim

plan 5
if ! make -s -C "$top" bench-probes >/dev/null 2>&1 || [ ! -x "$shim" ]; then
	not_ok "build uml-xstate-shim"
	for i in 2 3 4 5; do not_ok "needs the shim"; done
	done_testing
fi
ok "build uml-xstate-shim"

# errno of ptrace(request, pid 0, addr, NULL): pid 0 is never our tracee, so
# the kernel itself answers ESRCH (3); the shim's filter answers EIO (5).
py=$(command -v python3)
probe='import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
libc.ptrace(int(sys.argv[1], 0), 0, int(sys.argv[2], 0), None)
print(ctypes.get_errno())'
query=$("$shim" --query)
case $query in
*"hiding NT_X86_XSTATE"*) needed=1 ;;
*"nothing to do"*) needed=0 ;;
*) needed=x ;;
esac
if [ "$needed" != x ]; then ok "--query says what it does: $query"; else not_ok "--query output: $query"; fi

xstate=$("$shim" "$py" -B -c "$probe" 0x4204 0x202)     # GETREGSET, NT_X86_XSTATE
prstatus=$("$shim" "$py" -B -c "$probe" 0x4204 0x1)     # GETREGSET, NT_PRSTATUS
plain=$(python3 -B -c "$probe" 0x4204 0x202)
if [ "$needed" = 1 ]; then
	ok "GETREGSET(NT_X86_XSTATE) fails with EIO under the shim" [ "$xstate" = 5 ] ||
		diag "under the shim it gave errno $xstate"
else
	skip_hw "this host's XSAVE area fits UML's buffer, the shim installs no filter ($query)"
fi
ok "other ptrace calls, and calls outside the shim, reach the kernel (ESRCH)" \
	test "$prstatus" = 3 -a "$plain" = 3 || diag "got $prstatus, outside $plain"

err=$("$shim" 2>&1 >/dev/null); rc=$?
nf=$("$shim" /nonexistent/uml 2>&1 >/dev/null); rc2=$?
if [ $rc -eq 2 ] && [ "$(echo "$err" | wc -l)" -eq 1 ] && [ $rc2 -eq 127 ] &&
   [ "$nf" = "error: uml-xstate-shim: exec /nonexistent/uml: No such file or directory" ]; then
	ok "no UML binary, or a missing one, is a one-line error"
else
	not_ok "no UML binary, or a missing one, is a one-line error" "rc=$rc '$err'; rc=$rc2 '$nf'"
fi
done_testing
