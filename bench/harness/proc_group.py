# SPDX-License-Identifier: GPL-2.0
"""Run a command in its own session with a timeout, and leave nothing behind.

VMMs fork helpers (UML keeps one host process per guest address space), so
on timeout the whole session is killed, and afterwards any process still in
it is hunted down through /proc: no benchmark run may leave a process.
"""

import os
import signal
import subprocess
import time


def _session_members(sid):
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # Fields after the ")" that closes comm: state ppid pgrp session ...
        fields = stat[stat.rfind(")") + 2:].split()
        # Zombies are dead already; they only wait for their parent to reap.
        if len(fields) > 3 and int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(entry))
    return pids


def kill_session(sid):
    """SIGKILL every process of session sid until none is left."""
    for _ in range(50):
        members = _session_members(sid)
        if not members:
            return
        for pid in members:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.02)


def run(argv, timeout, cwd=None, env=None, preexec_fn=None):
    """(returncode or None on timeout, stdout+stderr text, seconds)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            cwd=cwd, env=env, start_new_session=True,
                            preexec_fn=preexec_fn)
    try:
        out, _ = proc.communicate(timeout=timeout)
        rc = proc.returncode
    except subprocess.TimeoutExpired:
        kill_session(proc.pid)
        out, _ = proc.communicate()
        rc = None
    except BaseException:
        # Ctrl-C or any error in here: the run must not outlive the harness.
        kill_session(proc.pid)
        proc.wait()
        raise
    elapsed = time.perf_counter() - start
    # A clean exit may still leave helpers that outlive their parent.
    kill_session(proc.pid)
    return rc, out.decode("utf-8", "replace"), elapsed
