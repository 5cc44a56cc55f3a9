#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the QEMU test bed (bench/host-patches/run.sh): the probes
# through uvmm's tracer with and without the host's ptrace options (where
# the bed's kernel has them) and on the fast gate. Prints lines
# "result <config> <workload> <value> <unit>" (median of RUNS) and
# "# ..." notes.
#   in-hostvm.sh RUNS SECONDS WORKLOADS
runs=$1 secs=$2 list=$3
boot() {	# config gate [env...]
	cfg=$1 gate=$2
	shift 2
	env "$@" timeout -s KILL 600 ./uvmm run --verbose --kernel vmlinux --initrd bench.cpio.gz \
		--mem 512M --syscall-gate="$gate" \
		--cmdline "console=hvc0 bench.list=$list bench.runs=$runs bench.time=$secs" \
		> /tmp/out 2>&1
	grep 'guest syscalls' /tmp/out | sed "s/^/# $cfg: /"
	tr -d '\r' < /tmp/out | awk -v cfg="$cfg" '$1 == "result" { v[$2] = v[$2] " " $3; u[$2] = $4 }
		END { for (w in v) { n = split(v[w], a, " "); 
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
			print "result", cfg, w, a[int((n + 1) / 2)], u[w] } }'
}
boot ptrace-opts ptrace
boot ptrace ptrace UVMM_NO_PTRACE_OPTIONS=1
boot fast fast
