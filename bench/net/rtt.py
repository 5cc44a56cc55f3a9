#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The server of the network benchmark's one-byte TCP round trips
(bench/net/; rtt-client.c is the guest's side).

  rtt.py server ADDR PORT      echo every byte, for any number of clients
It runs on the host's side of every target alike.
"""
import socket
import sys
import threading


def server(addr, port):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, int(port)))
    ls.listen(16)

    def serve(c):
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        while True:
            b = c.recv(1)
            if not b:
                break
            c.sendall(b)
        c.close()

    while True:
        c, _ = ls.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()


if __name__ == "__main__":
    server(sys.argv[2], sys.argv[3])
