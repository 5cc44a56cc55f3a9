#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the test bed's initramfs (busybox). Kernel noise goes to ttyS0;
# the command's output and the exit marker go to ttyS1, which run.sh passes
# through. Then power off, whatever happened.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /tmp /run
mount -t tmpfs tmpfs /tmp
out=/dev/ttyS1
stty -F $out raw -echo 2>/dev/null
echo "HOSTVM-READY $(cut -d' ' -f1 /proc/uptime)" > $out
# run.sh's accelerator probe only wants to see that we got here.
grep -q hostvm.probe /proc/cmdline && poweroff -f
# Modules in dependency order (none when the kernel has them built in).
if [ -f /lib/modules/load.list ]; then
	while read -r m args; do
		insmod /lib/modules/$m $args 2>> $out || echo "# hostvm: insmod $m failed" > $out
	done < /lib/modules/load.list
fi
# Let the NICs' drivers finish probing before the command looks at them.
for i in 1 2 3 4 5 6 7 8 9 10; do
	[ -z "$(ls /sys/bus/pci/drivers 2>/dev/null)" ] || break
	sleep 0.1
done
cd /hostvm
sh /hostvm/cmd > $out 2>&1 < /dev/null
rc=$?
echo "HOSTVM-EXIT $rc" > $out
sync
poweroff -f
