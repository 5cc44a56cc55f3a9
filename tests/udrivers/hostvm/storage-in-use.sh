#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the QEMU test bed (tests/udrivers/storage-in-use.t) and
# prints TAP: an emulated NVMe controller whose disk the bed uses (swap,
# a mounted file system) is refused for passthrough, in one line, and
# stays with its driver; unused, it is passed through and given back.
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
for i in $(seq 50); do [ -b /dev/nvme0n1 ] && break; sleep 0.1; done
bdf=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat $d/class)" = 0x010802 ] && bdf=${d##*/}
done
driver() { basename "$(readlink /sys/bus/pci/devices/$bdf/driver)"; }
[ -n "$bdf" ] && [ -b /dev/nvme0n1 ]
ok $? "the bed has an NVMe controller ($bdf) with its disk nvme0n1"
run() { ./uvmm run --kernel vmlinux --initrd initramfs.cpio.gz --mem 128M --vfio-pci $bdf -- true; }
refused() { # what, message fragment
	run > /tmp/ref.out 2>&1; st=$?
	[ $st = 125 ] && [ "$(wc -l < /tmp/ref.out)" = 1 ] && grep -q "$2" /tmp/ref.out &&
		[ "$(driver)" = nvme ] && [ -z "$(pidof uvmm uvmm-devreaper)" ]
	ok $? "$1: refused, status $st, '$(cat /tmp/ref.out)', still with $(driver)"
}
mkswap /dev/nvme0n1 > /dev/null && swapon /dev/nvme0n1
refused "its disk is swap" "in use by the host.*swap"
swapoff /dev/nvme0n1
mke2fs -q /dev/nvme0n1 > /dev/null 2>&1 && mkdir -p /mnt && mount -t ext2 /dev/nvme0n1 /mnt
refused "its disk is mounted" "in use by the host.*mounted at /mnt"
umount /mnt
run > /tmp/run.out 2>&1; st=$?
for i in $(seq 100); do [ "$(driver)" = nvme ] && [ -z "$(pidof uvmm uvmm-devreaper)" ] && break; sleep 0.05; done
[ $st = 0 ]
ok $? "unused: passed through, the guest ran (status $st)"
[ $st = 0 ] || tail -n 5 /tmp/run.out | sed 's/^/#   /'
for i in $(seq 50); do [ -b /dev/nvme0n1 ] && break; sleep 0.1; done
[ "$(driver)" = nvme ] && [ -b /dev/nvme0n1 ]
ok $? "and given back: with $(driver), nvme0n1 is there again"
echo "1..$n"
