#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the QEMU test bed (bench/passthrough/run.sh): the same NIC
# (00:01.0) first driven by the bed's own kernel from a network namespace,
# then passed through to a uvmm guest, each time against the bed's other
# NIC (00:02.0, 10.99.0.1). Prints "key value" lines:
#   {bed,guest}_rtt_ms     ping round trip, average of 20
#   {bed,guest}_mib_s      64 MiB by HTTP from 10.99.0.1 to the NIC's side,
#                          read 1 MiB at a time (tcp-get)
#   {bed,guest}_wget_mib_s the same with busybox wget (4 KiB reads)
#   bed_readl_ns           one 32-bit read of the NIC's STATUS register from
#                          user space (sysfs mmap of BAR0)
#   guest_readl_ns         the same read by the guest kernel (readl)
#   guest_user_readl_ns    the same read by guest user space (sysfs mmap)
pt=0000:00:01.0 peer=0000:00:02.0
up() { cut -d' ' -f1 /proc/uptime; }
peer_if=$(ls /sys/bus/pci/devices/$peer/net/)
ip addr add 10.99.0.1/24 dev "$peer_if" && ip link set "$peer_if" up
mkdir -p /tmp/www && head -c $((64 << 20)) /dev/urandom > /tmp/www/f
httpd -p 8080 -h /tmp/www

# The bed's register read: e1000e claims its BARs exclusively, so the NIC
# is unbound for it (and enabled, so that it decodes), then bound again.
dev=/sys/bus/pci/devices/$pt
echo $pt > $dev/driver/unbind
echo 1 > $dev/enable
echo bed_readl_ns $(./bar-read $dev/resource0 8 20000)
echo 0 > $dev/enable
echo $pt > /sys/bus/pci/drivers/e1000e/bind
for i in $(seq 50); do [ -d $dev/net ] && break; sleep 0.1; done

# The bed's kernel: its e1000e drives 00:01.0 in a namespace of its own
# (whose view of /sys/class/net is the bed's: the link is waited for by ip).
unshare -n sleep 100000 &
ns=$!
sleep 0.2
pt_if=$(ls /sys/bus/pci/devices/$pt/net/)
ip link set "$pt_if" netns $ns
nsenter -t $ns -n sh -c "
	ip addr add 10.99.0.2/24 dev $pt_if && ip link set $pt_if up
	for i in \$(seq 50); do ip link show $pt_if | grep -q 'state UP' && break; sleep 0.1; done
	sleep 1
	echo bed_rtt_ms \$(ping -c 20 -i 0.2 10.99.0.1 | sed -n 's/.*min\/avg\/max = [0-9.]*\/\([0-9.]*\)\/.*/\1/p')
	t0=\$(cut -d' ' -f1 /proc/uptime)
	wget -q -O /dev/null http://10.99.0.1:8080/f
	t1=\$(cut -d' ' -f1 /proc/uptime)
	echo bed_wget_mib_s \$(echo \"64 / (\$t1 - \$t0)\" | bc -l)
	echo bed_mib_s \$(./tcp-get 10.99.0.1 8080 /f | cut -d' ' -f3)
"
kill $ns
for i in $(seq 50); do [ -d /sys/bus/pci/devices/$pt/net ] && break; sleep 0.1; done

# The guest: the same NIC passed through, the guest's e1000e driving it.
./uvmm run --kernel vmlinux --initrd initramfs.cpio.gz --mem 256M --vfio-pci $pt -- sh -c '
	d=/sys/bus/pci/devices/0000:00:01.0
	ip addr add 10.99.0.2/24 dev eth0 && ip link set eth0 up
	for i in $(seq 50); do [ "$(cat /sys/class/net/eth0/operstate)" = up ] && break; sleep 0.1; done
	sleep 1
	echo guest_rtt_ms $(ping -c 20 -i 0.2 10.99.0.1 | sed -n "s/.*min\/avg\/max = [0-9.]*\/\([0-9.]*\)\/.*/\1/p")
	t0=$(cut -d" " -f1 /proc/uptime)
	wget -q -O /dev/null http://10.99.0.1:8080/f
	t1=$(cut -d" " -f1 /proc/uptime)
	echo guest_wget_mib_s $(echo "64 / ($t1 - $t0)" | bc -l 2>/dev/null || awk "BEGIN { print 64 / ($t1 - $t0) }")
	echo guest_mib_s $(tcp-get 10.99.0.1 8080 /f | cut -d" " -f3)
	printf "%#x\n" $(( $(printf "%d" $(sed -n "1s/ .*//p" $d/resource)) + 8 )) > /sys/module/uvmm/parameters/mmio_read_probe
	echo guest_readl_ns $(cut -d" " -f2 /sys/module/uvmm/parameters/mmio_read_probe)
	echo guest_user_readl_ns $(bar-read $d/resource0 8 20000)
'
