#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""One end of tests/guest/net.t's transfers, on the host or in the guest
(which runs the host's python3 through --rootfs /). Data is a seeded
pseudo-random stream, so both ends can name its SHA-256 without a file.

  send HOST PORT MIB        connect, wait for the receiver's "g", send MIB
                            MiB, print "sent N SHA"; a refused or reset
                            connection (the receiver not up yet) is retried
  recv ADDR PORT            accept once, say "g", read to the end, print
                            "received N SHA"
  stream HOST PORT          connect and send until killed
  echo ADDR PORT            a TCP echo server for many clients (threads)
  many HOST PORT N          N connections at once, 64 KiB each way each;
                            print "many ok N" if every echo matched
  udp-echo ADDR PORT [N]    echo datagrams until killed, or until N
                            different ones came (and a second more)
  udp-ping HOST PORT N      send N datagrams, print "udp got K of N"
  dns ADDR IP               answer every DNS query for a name's address
                            (type A) with IP, on ADDR port 53
"""
import hashlib
import random
import socket
import sys
import threading
import time

CHUNK = 1 << 16


def blocks(mib, seed=7):
    rng = random.Random(seed)
    for _ in range(mib * 16):
        yield rng.randbytes(CHUNK)


def send(host, port, mib):
    deadline = time.time() + 120
    while True:
        try:
            s = socket.create_connection((host, int(port)), timeout=30)
            if s.recv(1) == b"g":
                break
            s.close()
        except OSError:
            pass
        if time.time() > deadline:
            sys.exit("send: no receiver")
        time.sleep(0.1)
    h, n = hashlib.sha256(), 0
    for b in blocks(int(mib)):
        s.sendall(b)
        h.update(b)
        n += len(b)
    s.shutdown(socket.SHUT_WR)
    s.recv(1)
    print("sent", n, h.hexdigest(), flush=True)


def recv(addr, port):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, int(port)))
    ls.listen(1)
    print("listening", flush=True)
    c, _ = ls.accept()
    c.sendall(b"g")
    h, n = hashlib.sha256(), 0
    while True:
        b = c.recv(1 << 20)
        if not b:
            break
        h.update(b)
        n += len(b)
    c.close()
    print("received", n, h.hexdigest(), flush=True)


def stream(host, port):
    s = socket.create_connection((host, int(port)), timeout=30)
    s.recv(1)
    print("streaming", flush=True)
    for b in blocks(1 << 20):
        s.sendall(b)


def echo(addr, port):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, int(port)))
    ls.listen(512)

    def serve(c):
        while True:
            b = c.recv(CHUNK)
            if not b:
                break
            c.sendall(b)
        c.close()

    while True:
        c, _ = ls.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()


def many(host, port, count):
    count = int(count)
    good = []

    def one(i):
        data = random.Random(i).randbytes(CHUNK)
        s = socket.create_connection((host, int(port)), timeout=60)
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        back = b""
        while True:
            b = s.recv(CHUNK)
            if not b:
                break
            back += b
        s.close()
        if back == data:
            good.append(i)

    socks = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for t in socks:
        t.start()
    for t in socks:
        t.join()
    if len(good) == count:
        print("many ok", count, flush=True)
    else:
        print("many bad", len(good), "of", count, flush=True)


def udp_echo(addr, port, count=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, int(port)))
    print("listening", flush=True)
    seen, end = set(), None
    while end is None or time.time() < end:
        if end is not None:
            s.settimeout(max(end - time.time(), 0.01))
        try:
            b, peer = s.recvfrom(65536)
        except socket.timeout:
            break
        s.sendto(b, peer)
        seen.add(b.split(b":")[0])
        if count is not None and end is None and len(seen) >= int(count):
            end = time.time() + 1


def udp_ping(host, port, count):
    count = int(count)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(0.2)
    got = set()
    deadline = time.time() + 60
    while len(got) < count and time.time() < deadline:
        for i in range(count):
            if i not in got:
                s.sendto(b"%d:" % i + bytes(1000), (host, int(port)))
        try:
            while True:
                b, _ = s.recvfrom(65536)
                got.add(int(b.split(b":")[0]))
        except socket.timeout:
            pass
    print("udp got", len(got), "of", count, flush=True)


def dns(addr, ip):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 53))
    print("listening", flush=True)
    answer = socket.inet_aton(ip)
    while True:
        q, peer = s.recvfrom(512)
        end = 12
        while end < len(q) and q[end]:
            end += 1 + q[end]
        question = q[12:end + 5]
        # The id, "a response, recursion available", one question, one answer.
        head = q[:2] + b"\x81\x80\x00\x01\x00\x01\x00\x00\x00\x00"
        rr = b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04" + answer
        s.sendto(head + question + rr, peer)


if __name__ == "__main__":
    cmds = {"send": send, "recv": recv, "stream": stream, "echo": echo, "many": many,
            "udp-echo": udp_echo, "udp-ping": udp_ping, "dns": dns}
    cmds[sys.argv[1]](*sys.argv[2:])
