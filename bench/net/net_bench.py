#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The network benchmark (make bench-net, part of make bench): TCP
throughput out of and into the guest (iperf3) and the one-byte TCP round
trip (rtt-client against rtt.py's server), in one run, side by side:

  host-lo     the host's loopback (no guest)
  host-veth   the host across a veth pair into another namespace
  uvmm-user   uvmm --net user (libslirp helper), MTU 65520, to the host's loopback
  uvmm-user-1500  the same at MTU 1500
  uvmm-tap    uvmm --net tap, to the tap's host end
  uml-tap     User-Mode Linux's vector driver on a tap (its fastest network),
              booted on the host's root through hostfs

Everything runs in network namespaces it makes (so root), each target's
servers in the namespace of the host end. Writes BUILD/bench/net/results.md
and results.csv; the median of --runs runs.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from side_bench import side_args  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
NS, PEER = "uvmm-bench-h", "uvmm-bench-r"
TARGETS = ["host-lo", "host-veth", "uvmm-user", "uvmm-user-1500", "uvmm-tap", "uml-tap"]
METRICS = [("out", "TCP guest to host", "Gbit/s"), ("in", "TCP host to guest", "Gbit/s"),
           ("rtt", "TCP round trip, 1 byte", "us")]


def sh(*cmd, check=True):
    return subprocess.run(cmd, check=check, capture_output=True, text=True)


def setup():
    teardown()
    steps = [
        ["ip", "netns", "add", NS], ["ip", "netns", "add", PEER],
        ["ip", "link", "add", "bv0", "netns", NS, "type", "veth", "peer", "name", "bv1",
         "netns", PEER],
        ["ip", "-n", NS, "link", "set", "lo", "up"], ["ip", "-n", PEER, "link", "set", "lo", "up"],
        ["ip", "-n", NS, "addr", "add", "10.81.0.1/24", "dev", "bv0"],
        ["ip", "-n", PEER, "addr", "add", "10.81.0.2/24", "dev", "bv1"],
        ["ip", "-n", NS, "link", "set", "bv0", "up"], ["ip", "-n", PEER, "link", "set", "bv1", "up"],
    ]
    for name, addr in (("bvtap0", "10.79.0.1/24"), ("bvtap1", "10.80.0.1/24")):
        steps += [["ip", "-n", NS, "tuntap", "add", "dev", name, "mode", "tap"],
                  ["ip", "-n", NS, "addr", "add", addr, "dev", name],
                  ["ip", "-n", NS, "link", "set", name, "up"]]
    for s in steps:
        sh(*s)


def teardown():
    for ns in (NS, PEER):
        pids = sh("ip", "netns", "pids", ns, check=False).stdout.split()
        for p in pids:
            sh("kill", "-9", p, check=False)
        sh("ip", "netns", "del", ns, check=False)


class Servers:
    """iperf3 and rtt.py servers on addr in namespace ns, for one target."""

    def __init__(self, ns, addr):
        run = ["ip", "netns", "exec", ns]
        self.procs = [
            subprocess.Popen(run + ["iperf3", "-s", "-B", addr], stdout=subprocess.DEVNULL),
            subprocess.Popen(run + [sys.executable, os.path.join(HERE, "rtt.py"), "server", addr,
                                    "5202"], stdout=subprocess.DEVNULL),
        ]
        time.sleep(0.5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for p in self.procs:
            p.kill()
            p.wait()


def parse(out):
    got = {}
    for line in out.splitlines():
        f = line.strip().split()
        if len(f) == 3 and f[0] == "net":
            try:
                got[f[1]] = float(f[2])
            except ValueError:
                pass
    return got


def run_target(t, a):
    guest = os.path.join(HERE, "guest.sh")
    rtt = os.path.join(a.build, "bench", "net", "rtt-client")
    uvmm = [os.path.join(a.build, "uvmm"), "run", "--kernel",
            os.path.join(a.build, "kernel", "vmlinux"), "--mem", "1G", "--rootfs", "/"]
    inns = ["ip", "netns", "exec", NS]
    secs = str(a.seconds)
    if t == "host-lo":
        server, cmd = "127.0.0.1", inns + ["sh", guest, rtt, "127.0.0.1", secs]
        where = (NS, server)
    elif t == "host-veth":
        server, cmd = "10.81.0.2", inns + ["sh", guest, rtt, "10.81.0.2", secs]
        where = (PEER, server)
    elif t.startswith("uvmm-user"):
        net = "user,mtu=1500" if t.endswith("1500") else "user"
        cmd = inns + uvmm + ["--net", net, "--", "sh", guest, rtt, "10.0.2.2", secs]
        where = (NS, "127.0.0.1")
    elif t == "uvmm-tap":
        cmd = inns + uvmm + ["--net", "tap:bvtap0", "--", "sh", guest, rtt, "10.79.0.1", secs, "eth0",
                             "10.79.0.2/24"]
        where = (NS, "10.79.0.1")
    else:
        uml = os.path.join(a.build, "uml", "linux")
        shim = os.path.join(a.build, "bench", "uml-xstate-shim")
        if not os.access(uml, os.X_OK) or not os.access(shim, os.X_OK):
            return None, "UML is not built (make bench-uml bench-probes)"
        # As bench/harness/run_uml.py: the xstate shim, a scratch uml_dir.
        cmd = inns + [shim, uml, "mem=1G", "root=/dev/root", "rootfstype=hostfs", "rootflags=/",
                      "ro", "quiet", "con=null", "ssl=null", "con0=null,fd:1",
                      "uml_dir=%s" % tempfile.mkdtemp(prefix="uvmm-bench-uml."), "umid=net",
                      # gro=1: without it UML's vector driver takes none of the
                      # tap's large (GSO) frames, and host-to-guest TCP stalls.
                      "vec0:transport=tap,ifname=bvtap1,gro=1",
                      "init=%s" % guest, "--", rtt, "10.80.0.1", secs, "vec0", "10.80.0.2/24", "init"]
        where = (NS, "10.80.0.1")
    with Servers(*where):
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=a.seconds * 4 + 120)
    got = parse(p.stdout)
    if len(got) != 3:
        return None, "no figures (status %d): %s" % (p.returncode,
                                                      (p.stdout + p.stderr)[-300:].strip())
    return got, None


def main():
    a = side_args(__doc__, TARGETS, "iperf3 run")
    if os.geteuid() != 0:
        sys.exit("bench-net: network namespaces and taps need root")
    targets = a.targets.split(",")
    results = {t: {m: [] for m, _, _ in METRICS} for t in targets}
    notes = {}
    setup()
    try:
        for r in range(a.runs):
            for t in targets:
                got, why = run_target(t, a)
                if why:
                    notes[t] = why
                    print("bench-net: %s: %s" % (t, why), file=sys.stderr)
                    continue
                for m, _, _ in METRICS:
                    results[t][m].append(got[m])
                print("bench-net: run %d %s: %s" % (r + 1, t, got), file=sys.stderr)
    finally:
        teardown()
    write_report(a, targets, results, notes)


def cell(vals, unit):
    if not vals:
        return "—"
    fmt = "%.2f" if unit == "Gbit/s" else "%.0f"
    s = fmt % statistics.median(vals)
    if len(vals) > 1:
        s += " (" + fmt % min(vals) + "–" + fmt % max(vals) + ")"
    return s


def ratio(results, a, b, m):
    x, y = results.get(a, {}).get(m), results.get(b, {}).get(m)
    if not x or not y:
        return "—"
    return "%.2f" % (statistics.median(x) / statistics.median(y))


def write_report(a, targets, results, notes):
    out = os.path.join(a.build, "bench", "net")
    os.makedirs(out, exist_ok=True)
    lines = ["| metric | " + " | ".join(targets) + " |",
             "|---|" + "---|" * len(targets)]
    for m, name, unit in METRICS:
        lines.append("| %s (%s) | " % (name, unit) +
                     " | ".join(cell(results[t][m], unit) for t in targets) + " |")
    lines += ["", "| ratio | TCP out | TCP in | round trip |", "|---|---|---|---|"]
    for label, x, y in (("uvmm-user / host-lo", "uvmm-user", "host-lo"),
                        ("uvmm-user-1500 / host-lo", "uvmm-user-1500", "host-lo"),
                        ("uvmm-tap / host-veth", "uvmm-tap", "host-veth"),
                        ("uvmm-tap / uml-tap", "uvmm-tap", "uml-tap")):
        lines.append("| %s | %s | %s | %s |" % (label, ratio(results, x, y, "out"),
                                                ratio(results, x, y, "in"),
                                                ratio(results, x, y, "rtt")))
    for t, why in notes.items():
        lines.append("\n%s: %s" % (t, why))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(text)
    with open(os.path.join(out, "results.csv"), "w") as f:
        f.write("target,metric,median,min,max,runs\n")
        for t in targets:
            for m, _, _ in METRICS:
                v = results[t][m]
                if v:
                    f.write("%s,%s,%g,%g,%g,%d\n" % (t, m, statistics.median(v), min(v), max(v),
                                                     len(v)))
    print(text)


if __name__ == "__main__":
    main()
