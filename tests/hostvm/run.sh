#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The QEMU test bed: boot an x86_64 Linux with an emulated IOMMU and two
# e1000e NICs wired to each other, run a command inside, pass its output
# through and exit with its status. See tests/hostvm/README.md.
#
#   run.sh [options] [--] COMMAND...
#     --kernel BZIMAGE     kernel to boot (default: Debian's 6.12 image)
#     --modules DIR        lib/modules/<kver> of that kernel; 'none' when
#                          everything needed is built in (default: Debian's)
#     --module NAME        load this module of that kernel too (repeatable;
#                          its dependencies come with it)
#     --add HOST[:GUEST]   copy a file into the VM (default GUEST: /hostvm/
#                          + its name); ELF programs bring their shared libs
#     --qemu-opt "OPTS"    extra QEMU options (repeatable, word-split)
#     --append "ARGS"      extra kernel command line
#     --mem MB             guest memory (default 512)
#     --timeout SEC        kill the VM after SEC seconds (default 300)
#     --accel auto|kvm|tcg (default auto: KVM if it can boot a guest, else TCG)
#     --no-iommu           no emulated IOMMU (for the no-IOMMU/UIO paths)
# Exit status: the command's, or 125 if the test bed itself failed.
# The work directory of a run is a fresh run.XXXXXX in $HOSTVM_WORKDIR
# (default: the cache, build/hostvm), removed when it ends.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${HOSTVM_CACHE:-$top/build/hostvm}
kernel= modules= qemu_opts=() append= mem=512 timeout=300 accel=${HOSTVM_ACCEL:-auto}
adds=() iommu=on extra_modules=()
die() { echo "hostvm: error: $*" >&2; exit 125; }
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=${2:?}; shift 2 ;;
	--modules) modules=${2:?}; shift 2 ;;
	--add) adds+=("${2:?}"); shift 2 ;;
	--module) extra_modules+=("${2:?}"); shift 2 ;;
	--qemu-opt) read -r -a o <<< "${2:?}"; qemu_opts+=("${o[@]}"); shift 2 ;;
	--append) append=${2:?}; shift 2 ;;
	--mem) mem=${2:?}; shift 2 ;;
	--timeout) timeout=${2:?}; shift 2 ;;
	--accel) accel=${2:?}; shift 2 ;;
	--no-iommu) iommu=off; shift ;;
	--) shift; break ;;
	-*) die "unknown option $1 (see the comment at the top of $0)" ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || die "no command given (usage: run.sh [options] -- COMMAND...)"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not found (make deps installs qemu-system-x86)"
[ -x /bin/busybox ] || die "/bin/busybox not found (make deps installs busybox-static)"

if [ -z "$kernel" ]; then
	root=$("$here/fetch-debian-kernel.sh" "$cache") || exit 125
	kernel=$(ls "$root"/boot/vmlinuz-* | head -n1)
	[ -n "$modules" ] || modules=$(ls -d "$root"/lib/modules/* | head -n1)
fi
[ -f "$kernel" ] || die "kernel $kernel not found"
[ -n "$modules" ] || modules=none

workdir=${HOSTVM_WORKDIR:-$cache}
mkdir -p "$cache" "$workdir"
work=$(mktemp -d "$workdir/run.XXXXXX") || die "cannot create a work directory in $workdir"
qpid=
cleanup() {
	# timeout(1) passes the TERM on to QEMU.
	if [ -n "$qpid" ]; then
		[ -f "$work/qemu.pid" ] && kill "$(cat "$work/qemu.pid")" 2>/dev/null
		wait "$qpid" 2>/dev/null
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 125' INT TERM HUP

# --- the initramfs -----------------------------------------------------
rootfs=$work/root
mkdir -p "$rootfs"/{bin,sbin,dev,proc,sys,tmp,etc,hostvm,lib/modules,usr/share/misc}
cp /bin/busybox "$rootfs/bin/busybox"
ln -s busybox "$rootfs/bin/sh"
cp "$here/init.sh" "$rootfs/init"
chmod 755 "$rootfs/init"
[ -f /usr/share/misc/pci.ids ] && cp /usr/share/misc/pci.ids "$rootfs/usr/share/misc/"

# Modules the test bed uses, with their dependencies, decompressed for
# busybox insmod, loaded in dependency order.
if [ "$modules" != none ]; then
	[ -f "$modules/modules.dep" ] || die "$modules has no modules.dep"
	declare -A seen=()
	order=()
	visit() {
		local name=$1 line dep
		[ -n "${seen[$name]:-}" ] && return
		seen[$name]=1
		line=$(grep -E "(^|/)$name\.ko(\.xz|\.zst|\.gz)?:" "$modules/modules.dep" | head -n1)
		[ -n "$line" ] || return 0
		for dep in ${line#*:}; do
			dep=${dep##*/}; visit "${dep%%.ko*}"
		done
		order+=("${line%%:*}")
	}
	for m in e1000e irqbypass vfio vfio_iommu_type1 vfio-pci-core vfio-pci uio uio_pci_generic \
		"${extra_modules[@]}"; do
		visit "$m"
	done
	for rel in "${order[@]}"; do
		base=${rel##*/}; ko=${base%%.ko*}.ko
		case $base in
		*.xz) xz -dc "$modules/$rel" > "$rootfs/lib/modules/$ko" ;;
		*.zst) zstd -qdc "$modules/$rel" > "$rootfs/lib/modules/$ko" ;;
		*.gz) gzip -dc "$modules/$rel" > "$rootfs/lib/modules/$ko" ;;
		*) cp "$modules/$rel" "$rootfs/lib/modules/$ko" ;;
		esac || die "cannot unpack $rel"
		echo "$ko" >> "$rootfs/lib/modules/load.list"
	done
fi

# Extra files; dynamic ELF programs bring their loader and libraries.
for a in "${adds[@]}"; do
	src=${a%%:*}; dst=${a#*:}
	[ "$dst" = "$a" ] && dst=/hostvm/$(basename "$src")
	[ -e "$src" ] || die "--add: $src not found"
	mkdir -p "$rootfs$(dirname "$dst")"
	cp -a "$src" "$rootfs$dst"
	if [ -f "$src" ] && head -c4 "$src" | grep -q ELF; then
		for lib in $(ldd "$src" 2>/dev/null | grep -oE '/[^ ]+'); do
			[ -e "$rootfs$lib" ] && continue
			mkdir -p "$rootfs$(dirname "$lib")"
			cp -L "$lib" "$rootfs$lib"
		done
	fi
done
# The command: words joined as given, run by sh in /hostvm.
printf '%s\n' "$*" > "$rootfs/hostvm/cmd"
(cd "$rootfs" && find . | cpio --quiet -o -H newc -R 0:0) > "$work/initrd" ||
	die "cannot build the initramfs (is cpio installed?)"

# --- the accelerator ---------------------------------------------------
# KVM only where it can really run a guest: probe once (a guest that powers
# off at once must print the ready marker), cache the answer.
probe_kvm() {
	[ -w /dev/kvm ] || return 1
	local out
	out=$(timeout -k 2 15 qemu-system-x86_64 -accel kvm -cpu host -m 256 \
		-machine q35 -display none -no-reboot -nodefaults \
		-kernel "$kernel" -initrd "$work/initrd" -append "console=ttyS0 quiet panic=-1 hostvm.probe" \
		-serial null -serial stdio < /dev/null 2>/dev/null | head -c 4096)
	case $out in *HOSTVM-READY*) return 0 ;; esac
	return 1
}
case $accel in
auto)
	stamp=$cache/accel.$(uname -r)
	if [ ! -f "$stamp" ]; then
		if probe_kvm; then echo kvm > "$stamp"; else echo tcg > "$stamp"; fi
	fi
	accel=$(cat "$stamp") ;;
kvm|tcg) ;;
*) die "--accel must be auto, kvm or tcg" ;;
esac
if [ "$accel" = kvm ]; then cpu=host; else cpu=max; fi
if [ "$iommu" = on ]; then
	iommu_opts=(-device intel-iommu,intremap=on,caching-mode=on)
	iommu_append=intel_iommu=on
else
	iommu_opts=()
	iommu_append=intel_iommu=off
fi

# --- boot --------------------------------------------------------------
# no_timer_check: under TCG on a loaded host the kernel's "does the timer
# tick through the IO-APIC" probe can time out and panic the boot.
# ttyS1 goes through a FIFO to the loop below; timeout(1) enforces --timeout
# (status 124) and passes a kill from cleanup on to QEMU.
mkfifo "$work/out" || die "cannot create a FIFO in $work"
start=$(date +%s.%N)
(
	timeout -k 5 "$timeout" qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -m "$mem" -smp 1 \
		-machine q35,kernel-irqchip=split -nodefaults -display none -no-reboot \
		"${iommu_opts[@]}" \
		-netdev hubport,id=hn0,hubid=0 -netdev hubport,id=hn1,hubid=0 \
		-device e1000e,netdev=hn0,mac=52:54:00:00:00:01 \
		-device e1000e,netdev=hn1,mac=52:54:00:00:00:02 \
		"${qemu_opts[@]}" \
		-kernel "$kernel" -initrd "$work/initrd" \
		-append "console=ttyS0 $iommu_append no_timer_check panic=-1 loglevel=4 $append" \
		-serial file:"$work/console.log" -serial file:"$work/out" \
		< /dev/null > "$work/qemu.log" 2>&1 &
	echo $! > "$work/qemu.pid"
	wait $!
	echo $? > "$work/qemu.rc"
	# If QEMU died before opening the FIFO, the reader still waits in
	# open(): a read-write open never blocks and lets it see EOF.
	true <> "$work/out"
) &
qpid=$!

rc=
while IFS= read -r line; do
	line=${line%$'\r'}
	case $line in
	HOSTVM-READY*)
		now=$(date +%s.%N)
		printf '# hostvm: %s, init started %.2f s after QEMU (guest uptime %s s)\n' \
			"$accel" "$(echo "$now - $start" | bc)" "${line#HOSTVM-READY }" >&2 ;;
	HOSTVM-EXIT*) rc=${line#HOSTVM-EXIT } ;;
	*) printf '%s\n' "$line" ;;
	esac
done < "$work/out"
wait "$qpid"; qpid=
qrc=$(cat "$work/qemu.rc" 2>/dev/null || echo '?')
end=$(date +%s.%N)
printf '# hostvm: VM ran %.2f s in all\n' "$(echo "$end - $start" | bc)" >&2

if [ -z "$rc" ]; then
	if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
		echo "hostvm: error: the VM did not finish within $timeout s (--timeout)" >&2
	else
		echo "hostvm: error: the VM stopped before the command finished (QEMU status $qrc)" >&2
	fi
	echo "hostvm: last lines of QEMU and the guest console:" >&2
	tail -n 5 "$work/qemu.log" >&2
	tail -n 25 "$work/console.log" >&2
	exit 125
fi
exit "$rc"
