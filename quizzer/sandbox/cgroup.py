"""A cgroup v2 of its own per submission, where one is delegated: a second layer under the rlimits.

The kernel's own bound on a submission is what seccomp lets it do at all (one
process, threads only, no SysV or memfd memory): RLIMIT_CPU and RLIMIT_AS then
count everything. Where a cgroup v2 subtree is delegated to quizzer, each
submission also gets a cgroup of its own with `memory.max` (its memory limit plus
room for the interpreter), `memory.swap.max = 0` and `pids.max`.

A delegated subtree is a cgroup v2 folder this process may write, whose
`cgroup.subtree_control` enables `memory` and `pids`, and which holds no process
(the kernel's no-internal-process rule): an administrator sets one up for a
grading worker (systemd: `Delegate=yes`) and names it in `QUIZZER_CGROUP`. quizzer
never moves the judge itself between cgroups. On machines with cgroup v1 (as the
project's own, hybrid) or without delegation, `delegated()` says why not and the
layer is reported missing.

Imports only the standard library: the sandbox uses it.
"""

from __future__ import annotations

import os

ENV = "QUIZZER_CGROUP"
_NEEDED = {"memory", "pids"}


def _cgroup2_mount() -> str | None:
    try:
        with open("/proc/self/mountinfo") as mountinfo:
            for line in mountinfo:
                left, _, right = line.partition(" - ")
                if right.split()[:1] == ["cgroup2"]:
                    return left.split()[4]
    except OSError:
        pass
    return None


def delegated(root: str | None = None) -> tuple[str | None, str]:
    """(the delegated cgroup folder, "") or (None, why there is none here)."""
    folder = root if root is not None else os.environ.get(ENV)
    if not folder:
        mount = _cgroup2_mount()
        return None, ("no cgroup v2 mounted" if mount is None else f"no delegated cgroup ({ENV} is not set)")
    try:
        with open(os.path.join(folder, "cgroup.subtree_control")) as control:
            enabled = set(control.read().split())
        with open(os.path.join(folder, "cgroup.procs")) as procs:
            busy = bool(procs.read().strip())
    except OSError as exc:
        return None, f"{folder} is not a cgroup v2 folder ({exc.strerror})"
    if not _NEEDED <= enabled:
        return None, f"{folder} does not enable {', '.join(sorted(_NEEDED - enabled))} for its children"
    if busy:
        return None, f"{folder} holds processes (a delegated cgroup for submissions must be empty)"
    if not os.access(folder, os.W_OK):
        return None, f"{folder} is not writable here"
    return folder, ""


def _name(pid: int) -> str:
    return f"quizzer-{pid}"


def enter(limits, root: str | None = None) -> bool:
    """In A: a cgroup of its own with the submission's limits under the delegated folder, with A moved into it (B and C inherit it).

    False when there is no delegated folder or the kernel refused a step (the layer
    is then reported missing). Whoever reaps A removes the cgroup (`remove`).
    """
    if not (root or os.environ.get(ENV)):
        return False  # nothing delegated (and no reason to read the mount table on every submission)
    folder, _ = delegated(root)
    if folder is None:
        return False
    path = os.path.join(folder, _name(os.getpid()))
    try:
        os.mkdir(path)
        room = 64 << 20  # the interpreter and NumPy: RLIMIT_AS counts from the child's size at fork, memory.max from zero
        for key, value in (("memory.max", (limits.memory_mb << 20) + room), ("memory.swap.max", 0), ("pids.max", limits.processes)):
            with open(os.path.join(path, key), "w") as file:
                file.write(str(value))
        with open(os.path.join(path, "cgroup.procs"), "w") as procs:
            procs.write("0")
    except OSError:
        remove(os.getpid(), root)
        return False
    return True


def remove(pid: int, root: str | None = None) -> None:
    """After A (`pid`) was reaped: remove its cgroup, empty by then (nothing if there is none)."""
    folder = root if root is not None else os.environ.get(ENV)
    if folder:
        try:
            os.rmdir(os.path.join(folder, _name(pid)))
        except OSError:
            pass
