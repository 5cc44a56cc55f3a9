#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark harness (bench/harness/bench.py): a short host-only run
# produces a well-formed CSV and Markdown table; the uvmm and UML columns
# say "not yet"/"failed" with a reason when their binaries are missing; the
# initramfs holds /init, the probes and /dev/console; bad options are
# one-line errors; a hung run is killed with all its processes.
# No figure is compared with any threshold.
set -u
. "$(dirname "$0")/../lib/tap.sh"
bench="python3 $top/bench/harness/bench.py --top $top"
t=$tmp

plan 16

if ! make -s -C "$top" bench-probes >/dev/null 2>"$t/make.err"; then
	not_ok "build the probes and /init" "$(cat "$t/make.err")"
else
	ok "build the probes and /init"
fi

# How many workloads and probe binaries the harness has (workloads.py).
nw=$(cd "$top/bench/harness" && python3 -c 'import workloads; print(len(workloads.WORKLOADS))')
np=$(cd "$top/bench/harness" && python3 -c 'import workloads; print(len(workloads.PROBE_BINARIES))')

# 1. A short host-only run of every workload.
$bench --targets host --runs 2 --seconds 0.02 --out "$t/host" >"$t/host.out" 2>"$t/host.err"
rc=$?
if [ $rc -eq 0 ]; then ok "host-only run exits 0"; else not_ok "host-only run exits 0" "rc=$rc" "$(tail -5 "$t/host.err")"; fi

csv=$t/host/results.csv
ok "CSV header" test "$(head -1 "$csv" 2>/dev/null)" = \
	"workload,unit,target,status,runs,median,min,max,ratio_to_host,ratio_to_uml,note,values"

# Every workload but boot: status ok, 2 runs, 0 < min <= median <= max.
bad=$(awk -F, 'NR > 1 && $3 == "host" && $1 != "boot" {
		rows++
		if ($4 != "ok" || $5 != 2 || !($6 > 0) || !($7 > 0) || $7 > $6 || $6 > $8 ||
		    split($12, v, " ") != 2) print
	}
	END { if (rows != want) print "host rows: " rows }' want=$((nw - 1)) "$csv" 2>&1)
if [ -z "$bad" ]; then ok "$((nw - 1)) host rows, ok, 0 < min <= median <= max"; else not_ok "$((nw - 1)) host rows, ok, 0 < min <= median <= max" "$bad"; fi
ok "boot is n/a on the host" grep -q '^boot,ms,host,n/a,0,' "$csv"

md=$t/host/results.md
model=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -1 | sed 's/[[:space:]]*$//')
if grep -qF "on ${model:-unknown}, $(nproc) cores, host kernel $(uname -r), KVM: " "$md" 2>/dev/null; then
	ok "the table records CPU, cores, kernel and KVM"
else
	not_ok "the table records CPU, cores, kernel and KVM" "$(head -2 "$md" 2>/dev/null)"
fi
rows=$(grep -c '^| .* | \(us\|ns\|ms\|s\|MiB/s\) |' "$md" 2>/dev/null)
ok "the Markdown table has a row per workload ($nw, got $rows)" test "$rows" = "$nw"

# 2. No uvmm and no UML in a build tree: the columns say so, with the reason.
mkdir -p "$t/build/bench"
ln -s "$top/build/bench/probes" "$t/build/bench/probes"
ln -s "$top/build/bench/init" "$t/build/bench/init"
$bench --build "$t/build" --targets uml,uvmm-ptrace,uvmm-fast --workloads boot,null-syscall \
	--runs 1 --seconds 0.01 --out "$t/guest" >"$t/guest.out" 2>"$t/guest.err"
rc=$?
csv=$t/guest/results.csv
if [ $rc -eq 0 ] &&
   grep -q '^boot,ms,uml,failed,0,.*not built' "$csv" &&
   grep -q '^boot,ms,uvmm-ptrace,not yet,0,.*not built' "$csv" &&
   grep -q '^null-syscall,us,uvmm-fast,not yet,0,' "$csv" &&
   grep -q '| not yet |' "$t/guest/results.md"; then
	ok "missing UML and uvmm give failed / not yet with the reason"
else
	not_ok "missing UML and uvmm give failed / not yet with the reason" "rc=$rc" "$(cat "$csv" "$t/guest.err" 2>&1 | head -10)"
fi

# 3. The uvmm hook: a stand-in uvmm that refuses the path it is asked for
# (as uvmm refuses --syscall-gate=fast, 125) gives "not yet" with uvmm's
# reason; one that behaves like a guest running the benchmark /init (it
# runs the probes on the host as bench.* on its --cmdline asks) fills the
# uvmm column and its ratios.
mkdir -p "$t/bnogate/kernel" "$t/brun/kernel"
for b in bnogate brun; do
	ln -s "$top/build/bench" "$t/$b/bench"
	echo "not a kernel" > "$t/$b/kernel/vmlinux"
done
cat > "$t/bnogate/uvmm" <<'FAKE'
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
for a; do case $a in --syscall-gate=fast) echo "uvmm run: --syscall-gate fast: the fast gate is not in this uvmm yet; ptrace (or auto) is" >&2; exit 125 ;; esac; done
exit 0
FAKE
cat > "$t/brun/uvmm" <<FAKE
#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
while [ \$# -gt 0 ]; do [ "\$1" = --cmdline ] && cmdline=\$2; shift; done
for word in \$cmdline; do
	case \$word in bench.list=*) list=\${word#*=} ;; bench.runs=*) runs=\${word#*=} ;; bench.time=*) secs=\${word#*=} ;; esac
done
echo "bench-init: start"
for w in \${list//,/ }; do for r in \$(seq \$runs); do "$top/build/bench/probes/\$w" -t \$secs -d "$t"; done; done
echo "bench-init: done"
FAKE
chmod +x "$t/bnogate/uvmm" "$t/brun/uvmm"
$bench --build "$t/bnogate" --targets uvmm-fast --workloads null-syscall --runs 1 --seconds 0.01 \
	--out "$t/unogate" >/dev/null 2>&1
if grep -q '^null-syscall,us,uvmm-fast,not yet,0,.*this uvmm has no fast path: .*the fast gate is not in this uvmm yet' "$t/unogate/results.csv" 2>/dev/null; then
	ok "a uvmm without the fast gate: its column says not yet, with uvmm's reason"
else
	not_ok "a uvmm without the fast gate: its column says not yet, with uvmm's reason" "$(cat "$t/unogate/results.csv" 2>&1)"
fi
$bench --build "$t/brun" --targets host,uvmm-fast --workloads boot,null-syscall --runs 2 --seconds 0.01 \
	--out "$t/urun" >/dev/null 2>"$t/urun.err"
csv=$t/urun/results.csv
if grep -q '^boot,ms,uvmm-fast,ok,2,' "$csv" 2>/dev/null &&
   awk -F, '$1 == "null-syscall" && $3 == "uvmm-fast" && $4 == "ok" && $5 == 2 && $9 > 0 { g = 1 } END { exit !g }' "$csv"; then
	ok "a uvmm that runs /init fills its column and the ratio to the host"
else
	not_ok "a uvmm that runs /init fills its column and the ratio to the host" "$(cat "$csv" "$t/urun.err" 2>&1 | head -12)"
fi

# 4. The initramfs the guests boot.
cpio_list() {
	python3 - "$1" <<'PY'
import gzip, sys
data = gzip.open(sys.argv[1]).read()
i = 0
while True:
    h = data[i:i + 110]
    assert h[:6] == b"070701", "bad cpio magic"
    f = [int(h[6 + 8 * k:14 + 8 * k], 16) for k in range(13)]
    mode, size, rmaj, rmin, namesize = f[1], f[6], f[9], f[10], f[11]
    name = data[i + 110:i + 110 + namesize - 1].decode()
    if name == "TRAILER!!!":
        break
    print(f"{name} {mode:o} {rmaj}:{rmin} {size}")
    i += 110 + namesize
    i += -i % 4
    i += size
    i += -i % 4
PY
}
list=$(cpio_list "$t/guest/initramfs.cpio.gz")
if echo "$list" | grep -q '^init 100755 0:0 [1-9]' &&
   echo "$list" | grep -q '^dev/console 20600 5:1 0$' &&
   echo "$list" | grep -q '^bench/fork-exec 100755' &&
   echo "$list" | grep -q '^bench/exit-now 100755' &&
   [ "$(echo "$list" | grep -c "^bench/")" -eq "$np" ]; then
	ok "initramfs holds /init, /dev/console and the probes"
else
	not_ok "initramfs holds /init, /dev/console and the probes" "$list"
fi

boot_list=$(cpio_list "$t/guest/initramfs-boot.cpio.gz" 2>&1)
if echo "$boot_list" | grep -q '^init 100755 0:0 [1-9]' &&
   echo "$boot_list" | grep -q '^dev/console 20600 5:1 0$' &&
   ! echo "$boot_list" | grep -q '^bench/'; then
	ok "the boot initramfs holds /init and no probe"
else
	not_ok "the boot initramfs holds /init and no probe" "$boot_list"
fi

# 5. Bad options.
$bench --targets bogus >/dev/null 2>"$t/err"; rc=$?
ok "an unknown target is a clear error, exit 2" \
	bash -c "[ $rc -eq 2 ] && grep -q 'unknown target bogus' '$t/err'"
$bench --targets host --workloads null-syscall,nope >/dev/null 2>"$t/err"; rc=$?
ok "an unknown workload is a clear error, exit 2" \
	bash -c "[ $rc -eq 2 ] && grep -q 'unknown workload nope' '$t/err'"

# 6. A run that hangs is killed, and so is everything it started; so is one
# interrupted by Ctrl-C (KeyboardInterrupt in the harness). The sleeps last
# a time of this test's own, so that only its own processes are counted.
secs=61.$$
out=$(cd "$top/bench/harness" && python3 -B -c '
import os, signal, sys, proc_group
secs = sys.argv[1]
signal.signal(signal.SIGALRM, lambda *a: (_ for _ in ()).throw(KeyboardInterrupt))
signal.setitimer(signal.ITIMER_REAL, 0.3)
try:
    proc_group.run(["sh", "-c", f"sleep {secs} & sleep {secs} & wait"], 30)
    print("not interrupted")
except KeyboardInterrupt:
    def cmdline(pid):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                return f.read()
        except OSError:
            return b""
    left = [p for p in os.listdir("/proc")
            if p.isdigit() and cmdline(p) == f"sleep\0{secs}\0".encode()]
    print("interrupted", len(left))
' "$secs" 2>&1)
if [ "$out" = "interrupted 0" ]; then
	ok "an interrupted run leaves no process"
else
	not_ok "an interrupted run leaves no process" "$out"
fi

out=$(cd "$top/bench/harness" && python3 -B -c '
import os, proc_group
rc, out, secs = proc_group.run(["sh", "-c", "sleep 60 & sleep 60 & echo $$; wait"], 0.5)
pid = int(out.split()[0])
print(rc, len(proc_group._session_members(pid)))
' 2>&1)
if [ "$out" = "None 0" ]; then
	ok "a hung run is killed with all its children"
else
	not_ok "a hung run is killed with all its children" "$out"
fi
done_testing
