"""Warm pre-forked workers: they fork locked-down children for a process that must not fork itself.

A process may fork a sandboxed child only when it runs one thread (a fork copies
only the calling thread: a lock another one held stays locked forever) and holds
no module the question does not allow (a fork hands the child everything the
parent holds, and `sys.modules` makes an import of it succeed without the
filesystem). `launch.spawn_anywhere` checks both and otherwise goes through this
process's `shared()` zygotes.

A zygote is `python -m quizzer.sandbox.zygote FD PROFILE`, started with a minimal
environment: it imports the child code and exactly the packages of one import
profile (NumPy; NumPy and torch), computes that profile's view, and then, for
each request, forks A (see `launch.supervise`) with the pipe ends its client
passed over a UNIX socket (`socket.send_fds`). The client talks to the child
through its own ends exactly as with `launch.spawn`, so `Zygote.spawn` returns the
same `Child`. `Zygote` keeps one such process per profile (started on first use),
so a NumPy question never runs in a process that imported torch.

Requests (one JSON object per message, with 4 fds): `{"limits": {...},
"allowed_imports": [...]}` -> `{"ok": true}` or `{"error": "..."}`. On start the
zygote sends `{"ready": true, "protections": {...}}`. It exits when its client
closes its end.
"""

from __future__ import annotations

import atexit
import dataclasses
import json
import os
import select
import socket
import subprocess
import sys
import threading
from pathlib import Path

from quizzer.sandbox import cgroup, isolate, launch, seccomp
from quizzer.sandbox.launch import Child, Limits
from quizzer.sandbox.view import profile_of, view_for

MAX_MESSAGE = 1 << 16
DEFAULT_PROFILE = ("numpy",)
# What a zygote's environment keeps of its client's: how to run this Python, and the one setting of the sandbox's own.
_PASSED_ON = ("PYTHONPATH", "PYTHONHOME", "LD_LIBRARY_PATH", cgroup.ENV)


class ZygoteError(RuntimeError):
    """The zygote could not be started or did not answer."""


class _Process:
    """One zygote process serving one import profile."""

    def __init__(self, python: str, profile: tuple[str, ...]):
        self.python = python
        self.profile = profile
        self.process: subprocess.Popen | None = None
        self.sock: socket.socket | None = None
        self.protections: dict | None = None

    def alive(self) -> bool:
        """Whether the process is running."""
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the process unless it runs; wait for its ready message."""
        if self.alive():
            return
        self.stop()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        package_parent = str(Path(__file__).resolve().parents[2])
        env = {key: os.environ[key] for key in _PASSED_ON if os.environ.get(key)}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
        env.update(isolate.CLEAN_ENV)  # thread counts for NumPy before it is imported
        try:
            self.process = subprocess.Popen(
                [self.python, "-P", "-m", "quizzer.sandbox.zygote", str(theirs.fileno()), ",".join(self.profile)],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,  # the app owns the terminal
                stderr=subprocess.DEVNULL,
                env=env,
                cwd="/",
            )
        finally:
            theirs.close()
        self.sock = ours
        ours.settimeout(120.0)  # torch's import takes a while on a busy machine
        try:
            ready = json.loads(ours.recv(MAX_MESSAGE) or b"{}")
        except (OSError, ValueError) as exc:
            raise ZygoteError(f"the zygote did not start: {exc}") from None
        if not ready.get("ready"):
            raise ZygoteError("the zygote did not start")
        self.protections = ready.get("protections")
        if type(self.protections) is dict:
            isolate.record(self.protections)

    def stop(self) -> None:
        """Close its socket (it exits) and reap it."""
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        if self.process is not None:
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def request(self, message: bytes, fds: tuple[int, ...]) -> None:
        """Ask it to fork a child on `fds` (restarting it if it died); ZygoteError when it cannot."""
        self.start()
        try:
            socket.send_fds(self.sock, [message], list(fds))
            reply = json.loads(self.sock.recv(MAX_MESSAGE) or b"{}")
        except (OSError, ValueError) as exc:
            raise ZygoteError(f"the zygote did not answer: {exc}") from None
        if not reply.get("ok"):
            raise ZygoteError(f"the zygote could not start a child: {reply.get('error', 'no answer')}")


class Zygote:
    """A client's handle on its zygotes, one process per import profile; `spawn` has `launch.spawn`'s signature and semantics.

    Thread-safe: requests from several threads are serialised.
    """

    def __init__(self, python: str = sys.executable):
        self.python = python
        self._processes: dict[tuple[str, ...], _Process] = {}
        self._lock = threading.Lock()

    def start(self, profile: tuple[str, ...] = DEFAULT_PROFILE) -> Zygote:
        """Start the zygote of `profile` now (no fork of this process: subprocess execs at once)."""
        with self._lock:
            self._process(profile).start()
        return self

    def _process(self, profile: tuple[str, ...]) -> _Process:
        if profile not in self._processes:
            self._processes[profile] = _Process(self.python, profile)
        return self._processes[profile]

    def pids(self) -> list[int]:
        """The pids of the zygote processes running now."""
        with self._lock:
            return [p.process.pid for p in self._processes.values() if p.alive()]

    @property
    def protections(self) -> dict | None:
        """What the children of the first zygote started reported (None before any started)."""
        return next((p.protections for p in self._processes.values() if p.protections is not None), None)

    def stop(self) -> None:
        """Stop every zygote; children still running are killed with them."""
        with self._lock:
            for process in self._processes.values():
                process.stop()

    def __enter__(self) -> Zygote:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def spawn(self, job: dict, source: bytes, limits: Limits) -> Child:
        """Have the zygote of the job's profile fork a locked-down child and send it the submission; return at once."""
        import numpy as np

        profile = profile_of(job.get("allowed_imports", ()))
        message = json.dumps({"limits": dataclasses.asdict(limits), "allowed_imports": list(profile)}).encode()

        def fork_a(limits: Limits, fds: tuple[int, ...]) -> None:
            with self._lock:
                self._process(profile).request(message, fds)

        child = launch.start(limits, profile, fork_a=fork_a)
        child.send(job, {"source": np.frombuffer(source, dtype=np.uint8)})
        return child


# ---------------------------------------------------------------- one for the whole process


_shared: Zygote | None = None
_shared_lock = threading.Lock()


def shared() -> Zygote:
    """This process's own zygotes (for `launch.spawn_anywhere`), stopped when it exits."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Zygote()
            atexit.register(_shared.stop)
    return _shared


# ---------------------------------------------------------------- the zygote process


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        cgroup.remove(pid)


def _serve(sock: socket.socket, profile: tuple[str, ...]) -> None:
    me = os.getpid()
    while True:
        if not select.select([sock], [], [], 1.0)[0]:
            _reap()  # finished children, so none lingers as a zombie
            continue
        try:
            message, fds, _, _ = socket.recv_fds(sock, MAX_MESSAGE, 4)
        except OSError:
            return
        if not message:
            return  # the client closed its end, or died
        _reap()
        try:
            request = json.loads(message)
            if len(fds) != 4:
                raise ValueError(f"expected 4 descriptors, got {len(fds)}")
            if profile_of(request["allowed_imports"]) != profile:
                raise ValueError(f"this zygote serves {', '.join(profile)}, not {', '.join(request['allowed_imports'])}")
            limits = Limits(**request["limits"])
            pid = os.fork()
            if pid == 0:
                try:
                    sock.close()
                    isolate.die_with_parent(me)
                    launch.supervise(limits, profile, me, *fds)
                finally:
                    os._exit(71)
            reply = {"ok": True}
        except Exception as exc:  # noqa: BLE001 - a bad request must not end the zygote
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        finally:
            for fd in fds:
                os.close(fd)
        sock.send(json.dumps(reply).encode())


def main(argv: list[str] | None = None) -> None:
    """Entry point of `python -m quizzer.sandbox.zygote FD PROFILE` (or `--probe`: print the protections a child gets)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--probe"]:  # for isolate.protections() in a process that must not fork
        print(json.dumps(launch.probe()))
        return
    sock = socket.socket(fileno=int(argv[0]))
    profile = profile_of(argv[1].split(",")) if len(argv) > 1 else DEFAULT_PROFILE
    launch.prepare(profile)
    view_for(profile)  # once here, inherited by every child
    for program in (seccomp.sandbox_program, seccomp.no_processes_program):
        seccomp.compiled(program)
    report = launch.probe(profile)
    isolate.record(report)
    sock.send(json.dumps({"ready": True, "protections": report}).encode())
    _serve(sock, profile)


if __name__ == "__main__":
    main()
