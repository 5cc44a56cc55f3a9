#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A Debian 12 userland in the guest: boot build/debian/initramfs.cpio (a
# debootstrap minbase root filesystem, tests/debian/build-rootfs.sh) and
# run Debian's own programs through `uvmm run -- CMD`: bash, coreutils,
# python3 (threads, subprocess, pipes), dpkg and its database, the dynamic
# loader, procps, strace and gdb (ptrace inside the guest), lspci on the
# test device, the ACPI tables in sysfs. Exit statuses pass through, and
# no guest process or memory file outlives uvmm.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest

dimg=$build/debian/initramfs.cpio
if [ ! -f "$dimg" ]; then
	[ "$(id -u)" -eq 0 ] || skip_all "not root: debootstrap needs root to build $dimg"
	bail_out "$dimg is not built: run make $dimg (tests/debian/build-rootfs.sh)"
fi

# drun OUT [uvmm run options...] -- CMD...: boot the Debian image with
# 1 GiB, CMD's stdout+stderr into OUT; sets $rc and $ms (boot included).
drun() {
	local out=$1; shift
	local opts=()
	while [ "$1" != "--" ]; do opts+=("$1"); shift; done
	local start end
	start=$(date +%s%N)
	timeout -s KILL 300 "$uvmm" run --kernel "$kernel" --initrd "$dimg" --mem 1G \
		--mem-file "$tmp/ram" "${opts[@]}" "$@" < /dev/null > "$out" 2>&1
	rc=$?
	end=$(date +%s%N)
	ms=$(( (end - start) / 1000000 ))
	tr -d '\r' < "$out" > "$out.clean" && mv "$out.clean" "$out"
}

# section NAME FILE: the lines after "=== NAME" up to the next "=== ".
section() { awk -v s="=== $1" '$0 == s { on = 1; next } /^=== / { on = 0 } on' "$2"; }

# 0. Boot time of the busybox image, for comparison.
start=$(date +%s%N)
"$uvmm" run --kernel "$kernel" --initrd "$initrd" -- true < /dev/null > /dev/null 2>&1
echo "# busybox image: uvmm run -- true: $(( ($(date +%s%N) - start) / 1000000 )) ms"

# 1. Debian's basic tools, one boot, one section each.
drun "$tmp/basic" -- /bin/bash -c '
sec() { echo "=== $1"; }
sec version; cat /etc/debian_version
sec bash; bash -c '\''echo $BASH_VERSION; declare -A a=([x]=1); echo ${a[x]}'\''
sec ls; ls --version | head -1
sec sort; printf "b 2\na 10\nc 1\n" | sort -k2,2n | tr "\n" ,; echo
sec sha256; printf "uvmm debian" | sha256sum
sec dpkg-l; dpkg -l | grep -c ^ii
sec dpkg-s; dpkg -s python3 | grep ^Status
sec dpkg-verify; dpkg --verify coreutils bash; echo "status $?"
sec ldd; ldd /bin/ls
sec ps; ps -p 1 -o pid=,comm=; ps -e -o comm= | wc -l
sec free; free -k | awk "/^Mem:/ { print \$2 }"
sec id; id -u; whoami
sec lo; python3 -c '\''
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
             struct.pack("4s4s", socket.inet_aton("224.0.0.251"), socket.inet_aton("127.0.0.1")))
print("joined")'\''
exit 0'
echo "# debian image: boot + basic tools: $ms ms"
ok "basic tools boot: status 0" [ "$rc" -eq 0 ] || { echo "# status $rc"; show "$tmp/basic" 40; }
b=$tmp/basic
ok "/etc/debian_version is 12.x" grep -qE '^12(\.[0-9]+)?$' <(section version "$b") || section version "$b" | sed 's/^/#   /'
ok "bash 5.2 runs, with associative arrays" \
	grep -qzP '^5\.2\.\d+\(\d+\)-release\n1\n$' <(section bash "$b") ||
	section bash "$b" | sed 's/^/#   /'
ok "coreutils: ls --version is GNU coreutils 9.1" [ "$(section ls "$b")" = "ls (GNU coreutils) 9.1" ] ||
	section ls "$b" | sed 's/^/#   /'
ok "coreutils: sort -k2,2n" [ "$(section sort "$b")" = "c 1,b 2,a 10," ] || section sort "$b" | sed 's/^/#   /'
want=$(printf "uvmm debian" | sha256sum)
ok "coreutils: sha256sum matches the host's" [ "$(section sha256 "$b")" = "$want" ] ||
	{ echo "# want $want"; section sha256 "$b" | sed 's/^/#   /'; }
ok "dpkg -l: more than 50 packages installed" [ "$(section dpkg-l "$b")" -gt 50 ] 2>/dev/null ||
	section dpkg-l "$b" | sed 's/^/#   /'
ok "dpkg -s python3: install ok installed" \
	[ "$(section dpkg-s "$b")" = "Status: install ok installed" ] || section dpkg-s "$b" | sed 's/^/#   /'
ok "dpkg --verify coreutils bash: every file as packaged" \
	[ "$(section dpkg-verify "$b")" = "status 0" ] || section dpkg-verify "$b" | sed 's/^/#   /'
ok "ldd /bin/ls: libc.so.6 resolved by the dynamic loader" \
	grep -qE '^\s*libc\.so\.6 => /(usr/)?lib/x86_64-linux-gnu/libc\.so\.6 \(0x[0-9a-f]+\)$' <(section ldd "$b") ||
	section ldd "$b" | sed 's/^/#   /'
section ps "$b" > "$tmp/ps"
ok "procps: ps sees /init as PID 1, and more processes" \
	bash -c "[ \"\$(head -1 '$tmp/ps' | tr -s ' ' | sed 's/^ //')\" = '1 init' ] &&
		 [ \"\$(tail -1 '$tmp/ps')\" -ge 2 ]" || show "$tmp/ps"
mem=$(section free "$b")
ok "procps: free sees about 1 GiB (900-1024 MiB)" \
	bash -c "[ '${mem:-0}' -gt 921600 ] && [ '${mem:-0}' -le 1048576 ]" 2>/dev/null || echo "# free: $mem kB"
ok "the command runs as root" [ "$(section id "$b" | tr '\n' ' ')" = "0 root " ] || section id "$b" | sed 's/^/#   /'
ok "loopback is up: a multicast group joined on 127.0.0.1" [ "$(section lo "$b")" = joined ] ||
	section lo "$b" | sed 's/^/#   /'
ok "no memory file left behind" [ ! -e "$tmp/ram" ]

# 2. python3: threads, a subprocess, a pipe to a forked child, a big sort;
# the same computation on the host gives the expected line.
pyprog='
import hashlib, json, os, threading, subprocess
xs = [(i * 7919 + 13) % 1000003 for i in range(300000)]
xs.sort()
digest = hashlib.sha256(json.dumps(xs[::1000]).encode()).hexdigest()[:16]
sums = [0] * 4
def work(k):
    sums[k] = sum(i * i for i in range(k * 50000, (k + 1) * 50000))
ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
[t.start() for t in ts]
[t.join() for t in ts]
p = subprocess.run(["sh", "-c", "echo from child; exit 3"], capture_output=True, text=True)
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    os.write(w, b"through a pipe")
    os._exit(7)
os.close(w)
msg = os.read(r, 100).decode()
_, st = os.waitpid(pid, 0)
print(json.dumps([digest, sum(sums), p.stdout.strip(), p.returncode, msg, os.WEXITSTATUS(st)]))
'
if command -v python3 > /dev/null; then
	want=$(python3 -c "$pyprog")
else
	want='(host has no python3)'
fi
drun "$tmp/py" -- python3 -c "$pyprog"
echo "# debian image: boot + python3: $ms ms"
ok "python3: threads, subprocess, pipe, fork, sort: status 0" [ "$rc" -eq 0 ] ||
	{ echo "# status $rc"; show "$tmp/py"; }
ok "python3: the result equals the host's" [ "$(cat "$tmp/py")" = "$want" ] ||
	{ echo "# want: $want"; show "$tmp/py"; }

# 3. strace: ptrace inside the guest, following a fork.
# strace's lines on stdout, the traced shell's own output thrown away: the
# two would interleave within a line.
drun "$tmp/strace" -- bash -c 'strace -f -e trace=write sh -c "echo hi; /bin/echo from-child" 2>&1 >/dev/null'
echo "# debian image: boot + strace: $ms ms"
ok "strace -f: status 0" [ "$rc" -eq 0 ] || { echo "# status $rc"; show "$tmp/strace"; }
ok "strace shows the shell's write(1, \"hi\\n\", 3)" \
	grep -qE '^write\(1, "hi\\n", 3\) += 3$' "$tmp/strace" || show "$tmp/strace"
ok "strace -f follows the child: its write(1, \"from-child\\n\", 11)" \
	grep -qE '^\[pid +[0-9]+\] write\(1, "from-child\\n", 11\) += 11$' "$tmp/strace" || show "$tmp/strace"
ok "strace sees the child exit, then the shell's" \
	bash -c "grep -qE '^\[pid +[0-9]+\] \+\+\+ exited with 0 \+\+\+$' '$tmp/strace' &&
		 tail -1 '$tmp/strace' | grep -qx '+++ exited with 0 +++'" || show "$tmp/strace"

# 4. gdb: runs a program under ptrace, catches its SIGSEGV, unwinds it.
drun "$tmp/gdb" -- gdb -nx -batch -iex 'set debuginfod enabled off' -ex run -ex bt \
	-ex 'info registers rip' --args /bin/sh -c 'kill -SEGV $$'
echo "# debian image: boot + gdb: $ms ms"
ok "gdb -batch: status 0" [ "$rc" -eq 0 ] || { echo "# status $rc"; show "$tmp/gdb"; }
ok "gdb: the program received SIGSEGV" \
	grep -q '^Program received signal SIGSEGV, Segmentation fault\.' "$tmp/gdb" || show "$tmp/gdb"
ok "gdb: a backtrace from libc's kill down to __libc_start_main" \
	bash -c "grep -qE '^#0 +0x[0-9a-f]+ in (__GI_)?kill \(\)' '$tmp/gdb' && grep -qE '^#[0-9]+ .* in __libc_start_main' '$tmp/gdb'" ||
	show "$tmp/gdb"
ok "gdb: reads the registers of the stopped thread" grep -qE '^rip +0x[0-9a-f]+ +0x[0-9a-f]+ <.*kill' "$tmp/gdb" ||
	show "$tmp/gdb"

# 4b. gdb watchpoints: a hardware one cannot be armed (guest threads get no
# debug registers: DR7 refuses with ENOSPC, as x86 with none free) and
# gdb says so cleanly; a software one (on a register-based expression)
# works.
drun "$tmp/gdbwatch" -- gdb -nx -batch -iex 'set debuginfod enabled off' -ex starti \
	-ex 'set $a = $sp' -ex 'watch *(long *)$a' -ex continue -ex delete \
	-ex 'watch *(long *)$sp' -ex continue -ex kill --args /bin/true
ok "gdb watch: status 0" [ "$rc" -eq 0 ] || { echo "# status $rc"; show "$tmp/gdbwatch"; }
ok "gdb watch: a hardware watchpoint fails cleanly" \
	grep -q "^Couldn't write debug register: No space left on device\.$" "$tmp/gdbwatch" ||
	show "$tmp/gdbwatch"
ok "gdb watch: a software watchpoint triggers" \
	bash -c "grep -q '^Old value = ' '$tmp/gdbwatch' && grep -q '^New value = ' '$tmp/gdbwatch'" ||
	show "$tmp/gdbwatch"

# 5. lspci on the test device, the ACPI tables, the interrupts.
drun "$tmp/pci" --device testdev -- /bin/bash -c '
echo "=== lspci"; lspci -nn -vv
echo "=== acpi"; ls /sys/firmware/acpi/tables
echo "=== interrupts"; cat /proc/interrupts
true'
echo "# debian image: boot + lspci: $ms ms"
ok "lspci boot: status 0" [ "$rc" -eq 0 ] || { echo "# status $rc"; show "$tmp/pci"; }
section lspci "$tmp/pci" > "$tmp/lspci"
awk '/^00:01\.0 / { on = 1; print; next } /^[0-9a-f]{2}:/ { on = 0 } on' "$tmp/lspci" > "$tmp/dev"
ok "lspci: the host bridge 00:00.0 [1234:10f0]" grep -qE '^00:00\.0 Host bridge \[0600\]: .*\[1234:10f0\]' "$tmp/lspci" ||
	show "$tmp/lspci" 40
ok "lspci: the test device 00:01.0 [1234:10f1]" grep -qE '^00:01\.0 .*\[ff00\]: .*\[1234:10f1\]' "$tmp/lspci" ||
	show "$tmp/lspci" 40
ok "lspci: BAR 0, 32-bit, 4K" grep -qE '^\s+Region 0: Memory at c[0-9a-f]{7} \(32-bit, non-prefetchable\) (\[disabled\] )?\[size=4K\]' "$tmp/dev" ||
	show "$tmp/dev" 50
ok "lspci: BAR 2, 64-bit, 16K" grep -qE '^\s+Region 2: Memory at 100[0-9a-f]+ \(64-bit, non-prefetchable\) (\[disabled\] )?\[size=16K\]' "$tmp/dev" ||
	grep Region "$tmp/dev" | sed 's/^/#   /'
ok "lspci: BAR 4, 64-bit prefetchable, 64K" grep -qE '^\s+Region 4: Memory at 100[0-9a-f]+ \(64-bit, prefetchable\) (\[disabled\] )?\[size=64K\]' "$tmp/dev" ||
	grep Region "$tmp/dev" | sed 's/^/#   /'
ok "lspci: expansion ROM, 2K" grep -qE '^\s+Expansion ROM at [0-9a-f]+ .*\[size=2K\]' "$tmp/dev" ||
	grep -i rom "$tmp/dev" | sed 's/^/#   /'
for cap in 'MSI-X: Enable[+-] Count=' 'MSI: Enable[+-] Count=' 'Express \(v2\) Root Complex Integrated Endpoint'; do
	ok "lspci: capability ${cap%%:*}" grep -qE "^\s+Capabilities: \[[0-9a-f]+\] $cap" "$tmp/dev" ||
		grep Capabilities "$tmp/dev" | sed 's/^/#   /'
done
acpi=$(section acpi "$tmp/pci" | tr '\n' ' ')
for t in APIC DSDT FACP MCFG; do
	ok "/sys/firmware/acpi/tables lists $t" grep -qw "$t" <<< "$acpi" || echo "# tables: $acpi"
done
section interrupts "$tmp/pci" > "$tmp/irqs"
ok "/proc/interrupts: a CPU0 header and numbered lines" \
	bash -c "head -1 '$tmp/irqs' | grep -q CPU0 && grep -qE '^ *[0-9]+: +[0-9]+' '$tmp/irqs'" ||
	show "$tmp/irqs"

# 6. Exit statuses through bash and a signal.
drun "$tmp/st" -- bash -c 'exit 42'
ok "bash -c 'exit 42': uvmm exits with 42" [ "$rc" -eq 42 ] || { echo "# status $rc"; show "$tmp/st"; }
drun "$tmp/st" -- python3 -c 'import os, signal; os.kill(os.getpid(), signal.SIGTERM)'
ok "python3 killed by SIGTERM: status 143" [ "$rc" -eq 143 ] || { echo "# status $rc"; show "$tmp/st"; }
ok "no memory file left behind" [ ! -e "$tmp/ram" ]
ok "no guest process left behind" no_leftovers

done_testing
