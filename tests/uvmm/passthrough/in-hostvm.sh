#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the QEMU test bed (tests/uvmm/nic-passthrough.t) and prints
# TAP. The bed's NIC 00:01.0 goes to a uvmm guest, whose stock e1000e drives
# it; the bed's own kernel drives 00:02.0, wired to it. For each e1000e
# interrupt mode: the guest finds the NIC with its real IDs, the link comes
# up, ping works, 64 MiB go each way over TCP with matching checksums, and
# the NIC is back with the bed's e1000e driver afterwards. In MSI-X mode,
# and once more on the ptrace gate, guest user space maps the BARs through
# sysfs (bar-mmap): BAR0 is the device, the MSI-X BAR stays out of reach.
#   in-hostvm.sh [--vfio IFACE] [--no-transfer] MODES...
# MODES: e1000e IntMode values (2 MSI-X, 1 MSI, 0 legacy). IFACE: the VFIO
# interface uvmm must say it used ("container/group", the default, or
# "iommufd cdev"). --no-transfer: ping only, no 64 MiB transfers.
vfio_iface=container/group transfer_all=1
while :; do
	case $1 in
	--vfio) vfio_iface=$2; shift 2 ;;
	--no-transfer) transfer_all=0; shift ;;
	*) break ;;
	esac
done
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
diag() { echo "$*" | sed 's/^/# /'; }
pt=0000:00:01.0 peer=0000:00:02.0
size=$((64 << 20))
# QEMU 7.2's e1000e cannot raise the RXSEQ cause that Linux's e1000e fires
# to test MSI (IMS bit 3 is not writable), so that driver falls back to
# legacy interrupts in MSI mode on any QEMU 7.2 machine: shown here on the
# bed's own kernel, so that the guest's fallback below is known for what it is.
if [ -f /lib/modules/e1000e.ko ] && rmmod e1000e 2>/dev/null; then
	insmod /lib/modules/e1000e.ko IntMode=1,1
	ifs=$(ls /sys/bus/pci/devices/$peer/net/)
	ip link set "$ifs" up
	sleep 1
	dmesg | grep -q "$ifs: MSI interrupt test failed, using legacy interrupt"
	ok $? "the bed's own e1000e in MSI mode falls back to legacy (QEMU 7.2 has no IMS.RXSEQ)"
	ip link set "$ifs" down
	rmmod e1000e && insmod /lib/modules/e1000e.ko
	for i in $(seq 50); do [ -d /sys/bus/pci/devices/$peer/net ] && break; sleep 0.1; done
fi
host_if=$(ls /sys/bus/pci/devices/$peer/net/)
ip addr add 10.99.0.1/24 dev "$host_if" && ip link set "$host_if" up
# 64 MiB each way over HTTP (busybox httpd and wget; nc's 1 KiB writes
# would crawl through Nagle and delayed ACKs): the guest fetches from the
# bed, then serves its own 64 MiB and asks a CGI script of the bed to fetch
# them, which answers with their checksum.
mkdir -p /tmp/www/cgi-bin
head -c $size /dev/urandom > /tmp/www/to-guest
to_guest_sum=$(md5sum < /tmp/www/to-guest | cut -d' ' -f1)
cat > /tmp/www/cgi-bin/fetch <<'CGI'
#!/bin/sh
wget -q -O /tmp/from-guest http://10.99.0.2:8080/out
printf 'Content-Type: text/plain\r\n\r\n'
md5sum < /tmp/from-guest | cut -d' ' -f1
CGI
chmod +x /tmp/www/cgi-bin/fetch
httpd -p 8080 -h /tmp/www

# What bar-mmap found in the guest (/tmp/guest.out, uvmm's lines in guest.err).
user_bar_checks() {
	bar0=$(printf %#x $(sed -n 's/^bar0=\([^ ]*\).*/\1/p' /tmp/guest.out))
	[ -n "$(val mac)" ] && [ "$(val ra0)" = "$(val mac)" ]
	ok $? "$1: guest user space reads the MAC from BAR0 mapped through sysfs ($(val ra0))"
	[ "$(val ral1)" = 0x5a5a1234 ]
	ok $? "$1: and writes it (RAL1 reads back $(val ral1))"
	grep -q "guest-physical $bar0+.* mapped into a guest process" /tmp/guest.err
	ok $? "$1: uvmm mapped BAR0 into the guest process (no trap per access)"
	[ "$(val bar3)" = sigbus ] && [ "$(val bar3_write)" = sigbus ]
	ok $? "$1: the MSI-X table stays out of user space's reach (load: $(val bar3), store: $(val bar3_write))"
}
val() { sed -n "s/^$1=//p" /tmp/guest.out | head -n1; }

./uvmm devices > /tmp/devices
grep -q "^$pt .*assignable after bind" /tmp/devices
ok $? "uvmm devices: $pt is assignable"

for mode in "$@"; do
	case $mode in 2) name=MSI-X ;; 1) name=MSI ;; 0) name=legacy ;; esac
	# MSI mode ends up in legacy mode (above): its traffic would be the
	# legacy run's again, so it stops after ping.
	transfer=$transfer_all
	[ $mode = 1 ] && transfer=0
	rm -f /tmp/from-guest
	start=$(cut -d' ' -f1 /proc/uptime)
	timeout -s KILL 240 ./uvmm run --kernel vmlinux --initrd initramfs.cpio.gz --mem 320M \
		--cmdline "console=hvc0 quiet e1000e.IntMode=$mode pt.transfer=$transfer" --vfio-pci $pt --verbose -- sh -c '
		d=/sys/bus/pci/devices/0000:00:01.0
		echo ids=$(cat $d/vendor $d/device $d/class)
		echo bar0=$(sed -n 1p $d/resource | cut -d" " -f1) bar3=$(sed -n 4p $d/resource | cut -d" " -f1)
		echo mac=$(cat /sys/class/net/eth0/address)
		grep -q e1000e.IntMode=2 /proc/cmdline && bar-mmap $d
		ip addr add 10.99.0.2/24 dev eth0 && ip link set eth0 up
		for i in $(seq 50); do [ "$(cat /sys/class/net/eth0/operstate)" = up ] && break; sleep 0.1; done
		echo link=$(cat /sys/class/net/eth0/operstate)
		ping -c 3 -w 10 10.99.0.1 > /tmp/ping && echo ping=ok
		echo rtt=$(sed -n "s/.*min\/avg\/max = [0-9.]*\/\([0-9.]*\)\/.*/\1/p" /tmp/ping)
		echo irqs_early=$(grep eth0 /proc/interrupts | tr -s " " | tr "\n" ";")
		grep -q pt.transfer=0 /proc/cmdline && { dmesg | grep "MSI interrupt test"; exit 0; }
		wget -q -O /tmp/in http://10.99.0.1:8080/to-guest
		echo in_sum=$(md5sum < /tmp/in | cut -d" " -f1)
		rm -f /tmp/in
		mkdir /tmp/www
		head -c 67108864 /dev/urandom > /tmp/www/out
		echo out_sum=$(md5sum < /tmp/www/out | cut -d" " -f1)
		httpd -p 8080 -h /tmp/www
		wget -q -O /tmp/reply http://10.99.0.1:8080/cgi-bin/fetch
		echo bed_sum=$(cat /tmp/reply)
		echo irqs=$(grep eth0 /proc/interrupts | tr -s " " | tr "\n" ";")
		dmesg | grep "MSI interrupt test"
		true
	' > /tmp/guest.out 2> /tmp/guest.err
	rc=$?
	end=$(cut -d' ' -f1 /proc/uptime)
	ok $rc "$name: uvmm ran the guest to its end (status $rc)"
	[ $rc = 0 ] || sed 's/^/#   /' /tmp/guest.out /tmp/guest.err | tail -n 25
	[ "$(val ids)" = "0x8086 0x10d3 0x020000" ]
	ok $? "$name: the guest sees the NIC's own IDs ($(val ids))"
	bar0=$(printf %#x $(sed -n 's/^bar0=\([^ ]*\) .*/\1/p' /tmp/guest.out))
	bar3=$(printf %#x $(sed -n 's/.* bar3=//p' /tmp/guest.out))
	grep -q "guest-physical $bar0+.* mapped directly" /tmp/guest.err &&
		! grep -q "guest-physical $bar3+.* mapped directly" /tmp/guest.err
	ok $? "$name: the driver's ioremap of BAR0 ($bar0) maps the device directly; the MSI-X table in BAR3 ($bar3) stays emulated"
	grep -q "^uvmm: passthrough device $pt, through VFIO's $vfio_iface" /tmp/guest.err
	ok $? "$name: uvmm says how it opened the device ($(grep -m1 -o "through VFIO's.*" /tmp/guest.err))"
	if [ $mode = 2 ]; then
		user_bar_checks "$name"
	fi
	[ "$(val link)" = up ]; ok $? "$name: link up in the guest"
	[ "$(val ping)" = ok ]; ok $? "$name: the guest pings the bed's NIC (avg $(val rtt) ms)"
	if [ $transfer = 1 ]; then
		[ "$(val in_sum)" = "$to_guest_sum" ]
		ok $? "$name: 64 MiB from the bed arrive intact in the guest (md5 $(val in_sum))"
		[ -f /tmp/from-guest ] && [ "$(wc -c < /tmp/from-guest)" = $size ] &&
			[ -n "$(val out_sum)" ] && [ "$(val bed_sum)" = "$(val out_sum)" ]
		ok $? "$name: 64 MiB from the guest arrive intact in the bed (md5 $(val bed_sum), sent $(val out_sum))"
		irqs=$(val irqs)
	else
		irqs=$(val irqs_early)
	fi
	case $mode in
	2) echo "$irqs" | grep -q "PCI-MSI.*eth0-rx-0" ;;
	1) grep -q "eth0: MSI interrupt test failed, using legacy interrupt" /tmp/guest.out &&
	   ! echo "$irqs" | grep -q "MSI" && echo "$irqs" | grep -q "eth0" ;;
	0) ! echo "$irqs" | grep -q "MSI" && echo "$irqs" | grep -q "eth0" ;;
	esac
	case $mode in
	1) ok $? "$name: the guest's e1000e enabled MSI, then fell back to legacy as on the bed ($irqs)" ;;
	*) ok $? "$name: the guest's e1000e took $name interrupts ($irqs)" ;;
	esac
	diag "$name: $(echo "$end - $start" | bc) s for the guest's run"
	drv=$(basename "$(readlink /sys/bus/pci/devices/$pt/driver)")
	[ "$drv" = e1000e ]; ok $? "$name: afterwards $pt is back with e1000e ($drv)"
	[ -z "$(pidof uvmm)" ]; ok $? "$name: no uvmm process left"
done

# The same user mappings through the ptrace tracer's stub.
timeout -s KILL 120 ./uvmm run --kernel vmlinux --initrd initramfs.cpio.gz --mem 256M \
	--syscall-gate ptrace --cmdline "console=hvc0 quiet" --vfio-pci $pt --verbose -- sh -c '
	d=/sys/bus/pci/devices/0000:00:01.0
	echo bar0=$(sed -n 1p $d/resource | cut -d" " -f1)
	echo mac=$(cat /sys/class/net/eth0/address)
	bar-mmap $d
' > /tmp/guest.out 2> /tmp/guest.err
rc=$?
ok $rc "ptrace gate: uvmm ran the guest to its end (status $rc)"
[ $rc = 0 ] || sed 's/^/#   /' /tmp/guest.out /tmp/guest.err | tail -n 25
user_bar_checks "ptrace gate"
[ -z "$(pidof uvmm)" ]; ok $? "ptrace gate: no uvmm process left"
echo "1..$n"
