#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the QEMU test bed (tests/uvmm/nic-passthrough-exits.t) and
# prints TAP: however a uvmm with a passed-through NIC ends (power-off,
# reboot, panic, SIGTERM, SIGKILL), the NIC is back with the bed's e1000e,
# nothing holds it and no uvmm process is left; a NIC already bound to
# vfio-pci stays there; and the refusals are one clear line each.
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
pt=0000:00:01.0 peer=0000:00:02.0
run() { ./uvmm run --kernel vmlinux --initrd initramfs.cpio.gz --mem 128M "$@"; }
driver() { basename "$(readlink /sys/bus/pci/devices/$pt/driver)"; }
# uvmm's own process (its reaper is a fork of it, named uvmm-devreaper).
uvmm_pid() { for p in $(pidof uvmm); do [ "$(cat /proc/$p/comm)" = uvmm ] && echo $p; done; }
# Does any process hold a VFIO node open?
vfio_users() { ls -l /proc/[0-9]*/fd 2>/dev/null | grep -c "/dev/vfio"; }
given_back() {
	local i
	for i in $(seq 100); do
		[ "$(driver)" = e1000e ] && [ -z "$(pidof uvmm uvmm-devreaper)" ] && break
		sleep 0.05
	done
	[ "$(driver)" = e1000e ] && [ -z "$(pidof uvmm)" ] && [ "$(vfio_users)" = 0 ] &&
		[ -d /sys/bus/pci/devices/$pt/net ]
	ok $? "$1: $pt is back with e1000e ($(driver)), no uvmm process, no VFIO file open"
}

run --vfio-pci $pt -- true; st=$?
ok $st "power-off: status $st"; given_back "power-off"
run --vfio-pci $pt -- reboot -f > /dev/null 2>&1; st=$?
[ $st = 123 ]; ok $? "reboot: status $st (123: the guest asked to reboot)"; given_back "reboot"
run --vfio-pci $pt -- sh -c 'echo c > /proc/sysrq-trigger' > /tmp/panic.out 2>&1; st=$?
[ $st = 124 ] && grep -q "Kernel panic" /tmp/panic.out
ok $? "panic: status $st (124)"; given_back "panic"
for sig in TERM KILL; do
	run --vfio-pci $pt -- sh -c 'echo up; sleep 100' > /tmp/sig.out 2>&1 &
	for i in $(seq 200); do grep -q up /tmp/sig.out && break; sleep 0.05; done
	[ "$(driver)" = vfio-pci ]; ok $? "SIG$sig: while uvmm runs, $pt is with vfio-pci"
	kill -$sig $(uvmm_pid)
	wait
	given_back "SIG$sig"
done

# Root binds and opens the NIC, then uvmm goes on as uid 65534 (--user):
# the guest's driver still brings the NIC up (MSI-X routed through VFIO),
# every uvmm thread is that user's, and the reaper, still root, gives the
# NIC back.
run --vfio-pci $pt --user 65534 -- sh -c 'ip link set eth0 up && echo up; sleep 100' \
	> /tmp/user.out 2>&1 &
for i in $(seq 200); do grep -q up /tmp/user.out && break; sleep 0.05; done
p=$(uvmm_pid)
[ -n "$p" ] && grep -q up /tmp/user.out && [ "$(driver)" = vfio-pci ] &&
	! grep -h '^Uid:' /proc/$p/task/*/status | grep -qv '^Uid:.65534.65534.65534.65534$'
ok $? "--user 65534: the guest brings the NIC up, every uvmm thread is uid 65534"
[ -n "$p" ] && kill -TERM $p
wait
given_back "--user 65534"

# A hostile guest writes nonsense all over the NIC's config space (BARs
# moved under its driver, MSI-X, PCIe FLR, ...): uvmm carries on.
run --vfio-pci $pt -- sh -c 'd=/sys/bus/pci/devices/0000:00:01.0
	ip link set eth0 up
	for i in 1 2 3; do head -c 256 /dev/urandom > /tmp/r; dd if=/tmp/r of=$d/config bs=4 2>/dev/null; done
	cat $d/config > /dev/null; ip link set eth0 down; echo alive' > /tmp/hostile.out 2>&1; st=$?
[ $st = 0 ] && grep -q alive /tmp/hostile.out
ok $? "config space nonsense from the guest: the guest and uvmm carry on (status $st)"
given_back "config space nonsense"

# A hostile driver points the NIC's transmit ring at 1 TiB, which is no
# guest RAM (nothing is DMA-mapped there), and rings the doorbell: the bed's
# IOMMU blocks the descriptor fetch and logs it; uvmm and the guest go on.
dmesg -c > /dev/null
run --vfio-pci $pt -- sh -c 'd=/sys/bus/pci/devices/0000:00:01.0
	b=$(printf "%d" $(sed -n "1s/ .*//p" $d/resource))
	poke() { printf "%#x %#x\n" $((b + $1)) $2 > /sys/module/uvmm/parameters/mmio_write_probe; }
	ip link set eth0 up
	sleep 1
	poke 0x400 0		# TCTL: transmit off
	poke 0x3800 0		# TDBAL
	poke 0x3804 0x100	# TDBAH: the ring at 0x10000000000
	poke 0x3808 4096	# TDLEN
	poke 0x3810 0		# TDH
	poke 0x3818 0		# TDT
	poke 0x400 2		# TCTL.EN
	poke 0x3818 1		# TDT: one descriptor to fetch
	sleep 1
	echo alive' > /tmp/dma.out 2>&1; st=$?
[ $st = 0 ] && grep -q alive /tmp/dma.out
ok $? "DMA outside guest RAM from a hostile driver: the guest and uvmm carry on (status $st)"
dmesg | grep -q "DMAR.*00:01.0.*fault addr 0x10000000000"
ok $? "the bed's IOMMU blocked it: $(dmesg | grep -m1 -o 'DMAR.*fault addr 0x[0-9a-f]*')"
given_back "hostile DMA"

# A hostile driver writes nonsense over the MSI-X table (vpci's copy: the
# device's own table is never the guest's) and makes the NIC raise its
# interrupts (ICS): messages to no MSI address are dropped with a line, as
# a bus would drop them, and uvmm and the guest carry on.
run --vfio-pci $pt --cmdline "console=hvc0 quiet e1000e.IntMode=2" -- sh -c '
	d=/sys/bus/pci/devices/0000:00:01.0
	bar() { printf "%d" $(sed -n "$1s/ .*//p" $d/resource); }
	poke() { printf "%#x %#x\n" $(($1 + $2)) $3 > /sys/module/uvmm/parameters/mmio_write_probe; }
	ip link set eth0 up
	sleep 1
	b0=$(bar 1) b3=$(bar 4)
	for v in 0 1 2 3 4; do
		poke $b3 $((v * 16)) 0x$(od -An -N3 -tx1 /dev/urandom | tr -d " ")0	# address: no MSI window
		poke $b3 $((v * 16 + 4)) 0
		poke $b3 $((v * 16 + 8)) 0x$(od -An -N2 -tx1 /dev/urandom | tr -d " ")
		poke $b3 $((v * 16 + 12)) 0	# unmasked
	done
	for i in 1 2 3; do poke $b0 0xc8 0x01f00004; sleep 0.2; done	# ICS: rx, tx, other
	echo alive' > /tmp/msix.out 2>&1; st=$?
[ $st = 0 ] && grep -q alive /tmp/msix.out && grep -q "MSI message to .* dropped" /tmp/msix.out
ok $? "MSI-X table nonsense from a hostile driver: its interrupts are dropped, the guest and uvmm carry on (status $st: $(grep -m1 -o 'MSI message to .* dropped' /tmp/msix.out))"
given_back "MSI-X table nonsense"

./uvmm devices bind $pt > /dev/null
run --vfio-pci $pt -- true; st=$?
[ $st = 0 ] && [ "$(driver)" = vfio-pci ]
ok $? "bound to vfio-pci before: used as it is, and left there ($(driver))"
./uvmm devices unbind $pt > /dev/null

refused() {
	local what=$1 want=$2; shift 2
	run "$@" -- true > /tmp/ref.out 2>&1; st=$?
	[ $st != 0 ] && [ "$(wc -l < /tmp/ref.out)" = 1 ] && grep -q "$want" /tmp/ref.out &&
		[ "$(driver)" = e1000e ] && [ -z "$(pidof uvmm uvmm-devreaper)" ]
	ok $? "$what: status $st, '$(cat /tmp/ref.out)'"
}
refused "not a PCI address" "not a PCI address" --vfio-pci 1:2:3:4
refused "no such device" "no PCI device 0000:00:1f.7" --vfio-pci 0000:00:1f.7
host_if=$(ls /sys/bus/pci/devices/$peer/net/)
ip link set "$host_if" up
refused "in use by the host" "in use by the host" --vfio-pci $peer
ip link set "$host_if" down
refused "IOMMU group not viable" "0000:01:02.0" --vfio-pci 0000:01:01.0
refused "a bridge" "bridge" --device vfio:0000:00:00.0
# An ordinary user may neither bind the NIC nor open its VFIO group.
as_nobody() {
	./setpriv --reuid=65534 --regid=65534 --clear-groups ./uvmm run --kernel vmlinux \
		--initrd initramfs.cpio.gz --mem 128M --vfio-pci $pt -- true > /tmp/ref.out 2>&1; st=$?
	[ $st != 0 ] && [ "$(wc -l < /tmp/ref.out)" = 1 ] && grep -q "permission denied" /tmp/ref.out &&
		[ -z "$(pidof uvmm uvmm-devreaper)" ]
}
as_nobody && [ "$(driver)" = e1000e ]
ok $? "no permission to bind (not root): status $st, '$(cat /tmp/ref.out)'"
./uvmm devices bind $pt > /dev/null
as_nobody && [ "$(driver)" = vfio-pci ]
ok $? "no permission to open the VFIO group: status $st, '$(cat /tmp/ref.out)'"
./uvmm devices unbind $pt > /dev/null
# Without CAP_IPC_LOCK the locked-memory limit counts: 1 MiB cannot pin 128 MiB.
run() { (ulimit -l 1024 && ./setpriv --bounding-set=-ipc_lock ./uvmm run --kernel vmlinux \
	--initrd initramfs.cpio.gz --mem 128M "$@"); }
refused "locked-memory limit too low" "ulimit -l 131072" --vfio-pci $pt
echo "1..$n"
