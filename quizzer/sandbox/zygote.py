"""A warm pre-forked worker: forks locked-down children for a long-running process (the app).

The app must not fork itself: it runs threads, and its memory may hold
references and expected outputs from earlier verdicts. Instead it starts
`python -m quizzer.sandbox.zygote FD` once (`Zygote.start`); that process
imports NumPy and the child code, computes the read allow-list, and then, for
each request, forks A (see `launch.supervise`) with the pipe ends the app
passed it over a UNIX socket (`socket.send_fds`). The app talks to the child
through its own ends exactly as with `launch.spawn`, so `Zygote.spawn` returns
the same `Child`.

Requests (one JSON object per message, with 4 fds): `{"limits": {...},
"allowed_imports": [...], "workdir": path}` -> `{"ok": true}` or
`{"error": "..."}`. On start the zygote sends `{"ready": true,
"protections": {...}}`. It exits when the app closes its end.
"""

from __future__ import annotations

import dataclasses
import json
import os
import select
import socket
import subprocess
import sys
import threading
from pathlib import Path

from quizzer.sandbox import isolate, launch
from quizzer.sandbox.launch import Child, Limits

MAX_MESSAGE = 1 << 16


class ZygoteError(RuntimeError):
    """The zygote could not be started or did not answer."""


class Zygote:
    """The app's handle on a zygote process; `spawn` has `launch.spawn`'s signature and semantics.

    Thread-safe: requests from several threads are serialised on the socket.
    """

    def __init__(self, python: str = sys.executable):
        self.python = python
        self.process: subprocess.Popen | None = None
        self.sock: socket.socket | None = None
        self.protections: dict | None = None
        self._lock = threading.Lock()

    def start(self) -> Zygote:
        """Start the zygote process (no fork of this process: subprocess execs at once)."""
        with self._lock:
            self._start()
        return self

    def _start(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        package_parent = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])))
        env.update(isolate.CLEAN_ENV)  # thread counts for NumPy before it is imported
        try:
            self.process = subprocess.Popen(
                [self.python, "-P", "-m", "quizzer.sandbox.zygote", str(theirs.fileno())],
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
        ours.settimeout(60.0)
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
        """Stop the zygote; children still running are killed with it."""
        with self._lock:
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

    def __enter__(self) -> Zygote:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def spawn(self, job: dict, source: bytes, limits: Limits) -> Child:
        """Have the zygote fork a locked-down child and send it the submission; return at once."""
        import numpy as np

        child = launch.start(limits, fork_a=lambda workdir, lim, fds: self._request(job, workdir, lim, fds))
        child.send(job, {"source": np.frombuffer(source, dtype=np.uint8)})
        return child

    def _request(self, job: dict, workdir: str, limits: Limits, fds: tuple[int, ...]) -> None:
        message = json.dumps({"limits": dataclasses.asdict(limits), "allowed_imports": list(job.get("allowed_imports", [])), "workdir": workdir}).encode()
        with self._lock:
            self._start()
            try:
                socket.send_fds(self.sock, [message], list(fds))
                reply = json.loads(self.sock.recv(MAX_MESSAGE) or b"{}")
            except (OSError, ValueError) as exc:
                raise ZygoteError(f"the zygote did not answer: {exc}") from None
        if not reply.get("ok"):
            raise ZygoteError(f"the zygote could not start a child: {reply.get('error', 'no answer')}")


# ---------------------------------------------------------------- the zygote process


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _serve(sock: socket.socket) -> None:
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
            return  # the app closed its end, or died
        _reap()
        try:
            request = json.loads(message)
            if len(fds) != 4:
                raise ValueError(f"expected 4 descriptors, got {len(fds)}")
            limits = Limits(**request["limits"])
            launch.prepare({"allowed_imports": request["allowed_imports"]})
            pid = os.fork()
            if pid == 0:
                try:
                    sock.close()
                    isolate.die_with_parent(me)
                    launch.supervise(request["workdir"], limits, *fds)
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
    """Entry point of `python -m quizzer.sandbox.zygote FD` (or `--probe`: print the protections a child gets)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--probe"]:  # for isolate.protections() in a process that must not fork
        print(json.dumps(launch.probe()))
        return
    sock = socket.socket(fileno=int(argv[0]))
    isolate.read_roots()
    report = launch.probe()
    isolate.record(report)
    sock.send(json.dumps({"ready": True, "protections": report}).encode())
    _serve(sock)


if __name__ == "__main__":
    main()
