"""Locking a forked child down before it loads submitted code (minimal version: rlimits only)."""

from __future__ import annotations

import os
import resource
import signal

CLEAN_ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _vm_size() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def close_other_fds(keep_fds: tuple[int, ...]) -> None:
    """Close every descriptor from 3 up except `keep_fds`: nothing of the judge's leaks in."""
    low = 3
    for fd in sorted(keep_fds):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, resource.getrlimit(resource.RLIMIT_NOFILE)[0])


def apply(workdir: str, limits, keep_fds: tuple[int, ...]) -> None:
    """Lock down this (child) process: own process group, empty dir and env, rlimits, no stdio."""
    os.setpgid(0, 0)
    os.chdir(workdir)
    os.environ.clear()
    os.environ.update(CLEAN_ENV)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    close_other_fds(keep_fds)
    cpu = int(limits.cpu_s) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    address_space = _vm_size() + limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size_mb << 20,) * 2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files,) * 2)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def kill_all(pid: int) -> None:
    """Kill the child and everything in its process group."""
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
        except ProcessLookupError:
            pass


def protections() -> dict[str, bool]:
    """Which protections this machine gives a child (minimal version)."""
    return {"rlimits": True, "process_group": True}
