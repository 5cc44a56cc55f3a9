#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the QEMU test bed (tests/udrivers/storage-in-use.t) and
# prints TAP: an emulated NVMe controller whose disk the bed uses (swap,
# a mounted file system) is refused for passthrough, in one line, and
# stays with its driver; unused, it is passed through and given back.
# Two controllers: "plain" (its disk below it in sysfs) and "mp", one of
# a multipath subsystem (the disk the host uses is the subsystem's head,
# elsewhere in sysfs; the one below the controller is hidden).
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
for kind in plain mp; do
	bdf= ctrl= disk=
	# The controller and its disk (they come after the driver binds, the
	# multipath head last): the disk below the controller, or its
	# subsystem's head.
	for i in $(seq 300); do
		for c in /sys/bus/pci/devices/*/nvme/nvme*; do
			[ "$(cat $c/serial 2>/dev/null | tr -d ' ')" = $kind ] || continue
			ctrl=${c##*/}
			bdf=$(basename "$(dirname "$(dirname "$c")")")
		done
		disk=$(ls /sys/bus/pci/devices/$bdf/nvme/$ctrl 2>/dev/null | grep -E '^nvme[0-9]+n1$')
		for s in /sys/class/nvme-subsystem/*; do
			[ -z "$disk" ] && [ -e "$s/$ctrl" ] && disk=$(ls "$s" | grep -E '^nvme[0-9]+n1$')
		done
		[ -n "$disk" ] && [ -b "/dev/$disk" ] && break
		sleep 0.1
	done
	driver() { basename "$(readlink /sys/bus/pci/devices/$bdf/driver)"; }
	[ -n "$bdf" ] && [ -b "/dev/$disk" ]
	ok $? "$kind: the bed has an NVMe controller ($bdf, $ctrl) with its disk $disk"
	run() { ./uvmm run --kernel vmlinux --initrd initramfs.cpio.gz --mem 128M --vfio-pci $bdf -- true; }
	refused() { # what, message fragment
		run > /tmp/ref.out 2>&1; st=$?
		[ $st = 125 ] && [ "$(wc -l < /tmp/ref.out)" = 1 ] && grep -q "$2" /tmp/ref.out &&
			[ "$(driver)" = nvme ] && [ -z "$(pidof uvmm uvmm-devreaper)" ]
		ok $? "$kind: $1: refused, status $st, '$(cat /tmp/ref.out)', still with $(driver)"
	}
	mkswap /dev/$disk > /dev/null && swapon /dev/$disk
	refused "its disk is swap" "in use by the host.*swap"
	swapoff /dev/$disk
	mke2fs -q /dev/$disk > /dev/null 2>&1 && mkdir -p /mnt && mount -t ext2 /dev/$disk /mnt
	refused "its disk is mounted" "in use by the host.*mounted at /mnt"
	umount /mnt
	run > /tmp/run.out 2>&1; st=$?
	for i in $(seq 100); do
		[ "$(driver)" = nvme ] && [ -z "$(pidof uvmm uvmm-devreaper)" ] && break; sleep 0.05
	done
	[ $st = 0 ]
	ok $? "$kind: unused: passed through, the guest ran (status $st)"
	[ $st = 0 ] || tail -n 5 /tmp/run.out | sed 's/^/#   /'
	for i in $(seq 50); do [ -b /dev/$disk ] && break; sleep 0.1; done
	[ "$(driver)" = nvme ] && [ -b /dev/$disk ]
	ok $? "$kind: and given back: with $(driver), $disk is there again"
done
echo "1..$n"
