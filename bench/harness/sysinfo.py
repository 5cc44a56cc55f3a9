# SPDX-License-Identifier: GPL-2.0
"""What machine a run was on: CPU, cores, kernel, KVM, date, UML build."""

import datetime
import fcntl
import os
import platform
import subprocess

KVM_GET_API_VERSION = 0xAE00


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _kvm():
    if not os.path.exists("/dev/kvm"):
        return "no (/dev/kvm absent)"
    try:
        fd = os.open("/dev/kvm", os.O_RDWR | os.O_CLOEXEC)
    except OSError as e:
        return f"/dev/kvm present, not usable ({e.strerror})"
    try:
        return f"yes (/dev/kvm, API version {fcntl.ioctl(fd, KVM_GET_API_VERSION)})"
    except OSError as e:
        return f"/dev/kvm present, ioctl failed ({e.strerror})"
    finally:
        os.close(fd)


def _git_rev(top):
    try:
        return subprocess.run(["git", "-C", top, "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10
                              ).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return ""


def _shim_query(cfg):
    try:
        return subprocess.run([cfg.uml_shim, "--query"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "uml-xstate-shim not built"


def collect(cfg):
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "kernel": platform.release(),
        "kvm": _kvm(),
        "commit": _git_rev(cfg.top),
        "uml_build": _read(cfg.uml_build_record) or "not recorded",
        "uml_clean_build": _read(cfg.uml_clean_build_record) or "not recorded",
        "uml_shim": _shim_query(cfg),
    }
