#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest's network with its stock virtio_net driver (docs/network.md),
# in network namespaces this test makes, so no outside network is needed:
#   H  "the host": where uvmm and its slirp helper run; veth 10.77.0.1/24
#      to R, default route via R, R's name server in its resolv.conf;
#      tap0 10.78.0.1/24 for --net tap
#   R  "the outside": 10.77.0.254 (H's gateway) and 10.77.0.100, which
#      also answers DNS
# --net user (libslirp): DHCP gives the guest 10.0.2.15, its route and a
# name server that resolves through H's; ping to the gateway; 64 MiB each
# way with matching checksums (to a loopback service of H's through the
# gateway address, and from H through a forwarded port); a host outside;
# UDP both ways; 100 connections at once; power-off mid-transfer and
# SIGKILL of uvmm leaving no helper behind; bad --net values. --net tap: a
# static address, ping, 64 MiB each way, a tap uvmm makes itself (root)
# and that goes with it. The Debian guest: its own ip, ping, wget, and a
# python3 http.server the host reaches through a forwarded port.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
[ "$(id -u)" = 0 ] || skip_all "network namespaces need root"
need "$build/uvmm-slirp"
py=/usr/bin/python3
[ -x $py ] || bail_out "$py is not installed"
peer=$top/tests/guest/net/peer.py

H=uvmm-net-h-$$ R=uvmm-net-r-$$
# Every process in a namespace: the test's servers, when their part is done.
kill_ns() { ip netns pids "$1" 2>/dev/null | xargs -r kill -9 2>/dev/null; }
cleanup_ns() {
	kill_ns "$H"; kill_ns "$R"
	ip netns del "$H" 2>/dev/null; ip netns del "$R" 2>/dev/null; rm -rf "/etc/netns/$H"
}
trap 'cleanup_ns; tap_cleanup' EXIT
ip netns add "$H" && ip netns add "$R" &&
	ip link add v0 netns "$H" type veth peer name v1 netns "$R" &&
	ip -n "$H" link set lo up && ip -n "$R" link set lo up &&
	ip -n "$H" addr add 10.77.0.1/24 dev v0 && ip -n "$H" link set v0 up &&
	ip -n "$H" route add default via 10.77.0.254 &&
	ip -n "$R" addr add 10.77.0.254/24 dev v1 && ip -n "$R" addr add 10.77.0.100/24 dev v1 &&
	ip -n "$R" link set v1 up &&
	ip -n "$H" tuntap add dev tap0 mode tap && ip -n "$H" addr add 10.78.0.1/24 dev tap0 &&
	ip -n "$H" link set tap0 up ||
	bail_out "cannot set up the test's network namespaces"
# ip netns exec gives H this resolv.conf: R's name server.
mkdir -p "/etc/netns/$H" && echo "nameserver 10.77.0.100" > "/etc/netns/$H/resolv.conf"
inh() { ip netns exec "$H" "$@"; }
inr() { ip netns exec "$R" "$@"; }

grun() {	# grun OUT UVMM-OPTIONS... -- CMD...: the host's root, in H
	local out=$1; shift
	timeout -s KILL 300 ip netns exec "$H" "$uvmm" run --kernel "$kernel" --initrd "$initrd" \
		--mem 1G --rootfs / "$@" < /dev/null > "$out" 2>&1
	rc=$?
	tr -d '\r' < "$out" > "$out.c" && mv "$out.c" "$out"
}
field() { sed -n "s/^$1 //p" "$2" | head -1; }	# field WORD FILE: the rest of WORD's line
same_sum() {	# same_sum WHAT FILE1 FILE2: "sent N SHA" vs "received N SHA"
	local a b
	a=$(field "$2" "$3") b=$(field "$4" "$5")
	[ -n "$a" ] && [ "$a" = "$b" ] && return 0
	diag "$1: $2 '$a', $4 '$b'"
	return 1
}

# 1. User mode: DHCP, ping to the gateway, DNS through the host's resolver.
inr $py "$peer" dns 10.77.0.100 10.77.0.42 > "$tmp/dns" &
wait_for listening "$tmp/dns"
grun "$tmp/dhcp" --net user -- sh -c 'ip -4 -o addr show eth0; ip route; cat /proc/net/pnp
	busybox ping -c 2 -W 5 10.0.2.2 | grep transmitted
	busybox nslookup some.test.example 10.0.2.3'
kill_ns "$R"; wait
ok "user: the guest ran (status $rc)" test "$rc" -eq 0 || show "$tmp/dhcp"
ok "user: DHCP gave the guest 10.0.2.15/24" grep -q "eth0 *inet 10.0.2.15/24" "$tmp/dhcp"
ok "user: and its route, via 10.0.2.2" grep -q "^default via 10.0.2.2 dev eth0" "$tmp/dhcp"
ok "user: and its name server, 10.0.2.3 (the kernel's /proc/net/pnp)" \
	grep -q "^nameserver 10.0.2.3" "$tmp/dhcp"
ok "user: a name resolves through the host's resolver" grep -q "^Address: 10.77.0.42" "$tmp/dhcp"
ok "user: ping to the gateway answers" grep -q "2 packets transmitted, 2 packets received" "$tmp/dhcp" ||
	show "$tmp/dhcp"

# 2. 64 MiB from the guest to a service on the host's loopback, through the
# gateway's address; and to a host outside (R).
inh $py "$peer" recv 127.0.0.1 7001 > "$tmp/h-recv" &
inr $py "$peer" recv 10.77.0.100 7002 > "$tmp/r-recv" &
wait_for listening "$tmp/h-recv"; wait_for listening "$tmp/r-recv"
grun "$tmp/tx" --net user -- sh -c "$py $peer send 10.0.2.2 7001 64; $py $peer send 10.77.0.100 7002 16"
wait
ok "user: guest to host loopback, 64 MiB" grep -q "^received 67108864 " "$tmp/h-recv" ||
	show "$tmp/tx"
ok "user: guest to host, the checksums match" same_sum "to the host" sent "$tmp/tx" received "$tmp/h-recv"
ok "user: guest to a host outside, the checksums match" \
	same_sum "outside" sent <(grep "^sent 16777216 " "$tmp/tx") received "$tmp/r-recv"

# 3. 64 MiB from the host into the guest through a forwarded port.
inh $py "$peer" send 127.0.0.1 7003 64 > "$tmp/h-send" &
grun "$tmp/rx" --net user,hostfwd=tcp:127.0.0.1:7003-:8080 -- $py "$peer" recv 0.0.0.0 8080
wait
ok "user: host to guest through hostfwd, 64 MiB" grep -q "^received 67108864 " "$tmp/rx" ||
	show "$tmp/rx"
ok "user: host to guest, the checksums match" same_sum "to the guest" sent "$tmp/h-send" received "$tmp/rx"

# 4. UDP both ways, and 100 TCP connections at once.
inh $py "$peer" udp-echo 127.0.0.1 7004 > /dev/null &
inh $py "$peer" echo 127.0.0.1 7005 &
inh $py "$peer" udp-ping 127.0.0.1 7006 50 > "$tmp/h-udp" &
h_ping=$!
grun "$tmp/udp" --net user,hostfwd=udp:127.0.0.1:7006-:9090 -- sh -c "
	$py $peer udp-echo 0.0.0.0 9090 50 > /dev/null &
	$py $peer udp-ping 10.0.2.2 7004 50; $py $peer many 10.0.2.2 7005 100; wait"
wait $h_ping
kill_ns "$H"; wait
ok "user: UDP from the guest, every datagram echoed" grep -q "^udp got 50 of 50" "$tmp/udp" ||
	show "$tmp/udp"
ok "user: UDP into the guest through hostfwd=udp, every one echoed" \
	grep -q "^udp got 50 of 50" "$tmp/h-udp" || show "$tmp/h-udp"
ok "user: 100 TCP connections at once, every echo right" grep -q "^many ok 100" "$tmp/udp"

# 5. Power-off in the middle of a transfer; then SIGKILL of uvmm. The
# helper runs in uvmm's session: leftovers sees it.
inh $py "$peer" recv 127.0.0.1 7007 > "$tmp/h-cut" &
wait_for listening "$tmp/h-cut"
grun "$tmp/cut" --net user -- sh -c "$py $peer stream 10.0.2.2 7007 & sleep 1; poweroff -f"
ok "user: power-off mid-transfer, uvmm ends cleanly (status $rc)" test "$rc" -eq 0 ||
	show "$tmp/cut"
wait
ok "user: the host saw a transfer cut short" grep -q "^received [1-9]" "$tmp/h-cut"
ok "user: no helper (or other process) left behind" no_leftovers
inh "$uvmm" run --kernel "$kernel" --initrd "$initrd" --net user -- sh -c 'echo up; sleep 100' \
	< /dev/null > "$tmp/killed" 2>&1 &
wait_for up "$tmp/killed"
pkill -KILL -s "$(tail -1 "$sessions")" -x uvmm
wait
ok "user: after SIGKILL of uvmm, no helper left behind" no_leftovers

# 6. Bad values: one line, status 125.
bad() {	# bad DESC PATTERN --net VALUE...
	local desc=$1 pat=$2; shift 2
	inh "$uvmm" run --kernel "$kernel" --initrd "$initrd" "$@" -- true < /dev/null > "$tmp/bad" 2>&1
	local r=$?
	ok "bad input: $desc: status 125 and one line" \
		test "$r" -eq 125 -a "$(wc -l < "$tmp/bad")" -eq 1 || show "$tmp/bad"
	ok "bad input: $desc: it says why" grep -q -- "$pat" "$tmp/bad" || show "$tmp/bad"
}
bad "unknown type" "unknown type 'wifi'" --net wifi
bad "mtu out of range" "mtu=100: 576 to 65520" --net user,mtu=100
bad "hostfwd malformed" "is not hostfwd=" --net user,hostfwd=tcp::99999-:22
bad "hostfwd on a tap" "unknown option 'hostfwd" --net tap:tap0,hostfwd=tcp::2222-:22
bad "multicast mac" "not a unicast" --net user,mac=01:00:5e:00:00:01
bad "tap without a name" "is not an interface name" --net tap:
inh $py -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1",7008)); s.listen(); time.sleep(30)' &
sleep 0.3
bad "forwarded port in use" "cannot forward tcp 127.0.0.1:7008: Address already in use" \
	--net user,hostfwd=tcp:127.0.0.1:7008-:22
kill_ns "$H"; wait
# Root without CAP_NET_ADMIN may open /dev/net/tun but not make a tap.
inh setpriv --bounding-set=-net_admin "$uvmm" run --kernel "$kernel" --initrd "$initrd" \
	--net tap:uvmmnope0 -- true < /dev/null > "$tmp/eperm" 2>&1
ok "bad input: a tap the user may not make: status 125, and why" \
	test $? -eq 125 -a "$(grep -c "tap:uvmmnope0: Operation not permitted (make it yours" \
	"$tmp/eperm")" -eq 1 || show "$tmp/eperm"

# 7. A tap: a static address, ping, 64 MiB each way.
inh $py "$peer" recv 10.78.0.1 7010 > "$tmp/t-recv" &
wait_for listening "$tmp/t-recv"
inh $py "$peer" send 10.78.0.2 8080 64 > "$tmp/t-send" &
grun "$tmp/tap" --net tap:tap0 -- sh -c "ip addr add 10.78.0.2/24 dev eth0 && ip link set eth0 up
	busybox ping -c 2 -W 5 10.78.0.1 | grep transmitted
	$py $peer send 10.78.0.1 7010 64; $py $peer recv 10.78.0.2 8080"
wait
ok "tap: the guest ran (status $rc)" test "$rc" -eq 0 || show "$tmp/tap"
ok "tap: ping to the host's end answers" grep -q "2 packets transmitted, 2 packets received" "$tmp/tap"
ok "tap: guest to host, 64 MiB, the checksums match" \
	same_sum "tap out" sent "$tmp/tap" received "$tmp/t-recv"
ok "tap: host to guest, 64 MiB, the checksums match" \
	same_sum "tap in" sent "$tmp/t-send" received "$tmp/tap"

# 8. A tap uvmm makes (root): there while it runs, gone after.
grun "$tmp/mk" --net tap:uvmmtap9 -- sh -c 'cat /sys/class/net/eth0/address'
ok "tap: uvmm makes a missing tap as root and the guest runs on it" \
	grep -q "^52:54:00:12:34:56" "$tmp/mk" || show "$tmp/mk"
ok "tap: the tap it made is gone with it" test -z "$(ip -n "$H" -o link show uvmmtap9 2>/dev/null)"

# 9. The Debian guest (its own ip, ping, wget and python3): out to a web
# server on the host's loopback, and its http.server reached through a
# forwarded port.
dimg=$build/debian/initramfs.cpio
if [ -f "$dimg" ]; then
	mkdir -p "$tmp/www" && echo "from-the-host" > "$tmp/www/hello"
	inh $py -m http.server 7021 --bind 127.0.0.1 --directory "$tmp/www" > /dev/null 2>&1 &
	inh $py -c 'import sys, time, urllib.request
for i in range(600):
    try:
        print(urllib.request.urlopen("http://127.0.0.1:7020/hostname", timeout=5).read().decode().strip()); break
    except Exception:
        time.sleep(0.2)' > "$tmp/fetched" &
	timeout -s KILL 300 ip netns exec "$H" "$uvmm" run --kernel "$kernel" --initrd "$dimg" --mem 1G \
		--net user,hostfwd=tcp:127.0.0.1:7020-:8000 -- sh -c '
		echo guest-debian > /etc/hostname
		ip -4 -o addr show eth0; ping -c 2 -W 5 10.0.2.2 | grep transmitted
		echo "wget: $(wget -qO- http://10.0.2.2:7021/hello)"
		python3 -m http.server 8000 --directory /etc 2> /tmp/log &
		for i in $(seq 600); do grep -q "GET /hostname" /tmp/log && break; sleep 0.2; done
		echo served' < /dev/null > "$tmp/deb" 2>&1
	rc=$?
	wait $!
	kill_ns "$H"; wait
	tr -d '\r' < "$tmp/deb" > "$tmp/deb.c" && mv "$tmp/deb.c" "$tmp/deb"
	ok "debian: the guest ran (status $rc)" test "$rc" -eq 0 || show "$tmp/deb"
	ok "debian: its ip shows the DHCP address" grep -q "eth0 *inet 10.0.2.15/24" "$tmp/deb"
	ok "debian: its ping reaches the gateway" \
		grep -q "2 packets transmitted, 2 received" "$tmp/deb"
	ok "debian: its wget fetches from the host" grep -q "^wget: from-the-host" "$tmp/deb"
	ok "debian: its python3 http.server serves the host through hostfwd" \
		grep -q "^guest-debian" "$tmp/fetched" || show "$tmp/fetched"
else
	bail_out "$dimg is not built: run make $dimg (tests/debian/build-rootfs.sh)"
fi

done_testing
