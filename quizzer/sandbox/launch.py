"""Starting and ending a sandboxed child from the judge's side.

`spawn` forks a child that locks itself down (`isolate.apply`) and then serves
one submission (`child.serve`). The judge talks to it through two pipes;
`Child.frames` reads with a wall-clock deadline, and `Child.finish` kills
everything the submission started and reports how the child ended.

Fork early: call `spawn` before the judge loads any reference or builds any
expected output, so the child's memory holds none of them.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from quizzer.sandbox import isolate
from quizzer.sandbox.child import serve
from quizzer.sandbox.protocol import ProtocolError, read_frame, write_frame


@dataclass(frozen=True)
class Limits:
    """What one submission may use."""

    cpu_s: float = 2.0
    wall_s: float = 5.0
    memory_mb: int = 256
    processes: int = 16
    open_files: int = 64
    file_size_mb: int = 16


@dataclass
class Ending:
    """How the child ended: its exit code or signal, and whether the judge had to kill it."""

    exit_code: int | None = None
    signal: int | None = None
    timed_out: bool = False
    cpu_s: float = 0.0


@dataclass
class Child:
    """A running sandboxed child and the judge's ends of its pipes."""

    pid: int
    to_child: int
    from_child: int
    workdir: str
    limits: Limits
    started: float = field(default_factory=time.monotonic)
    _frames: queue.Queue = field(default_factory=queue.Queue)
    _reader: threading.Thread | None = None
    ending: Ending | None = None

    def send(self, header: dict, values: dict | None = None) -> None:
        """Send a frame without ever blocking the judge: a stuck child cannot hang it."""

        def write() -> None:
            try:
                write_frame(self.to_child, header, values)
            except OSError:
                pass  # the child is gone; its ending tells why

        threading.Thread(target=write, daemon=True).start()

    def _read_all(self) -> None:
        try:
            while True:
                self._frames.put(read_frame(self.from_child))
        except (EOFError, OSError):
            self._frames.put(None)
        except ProtocolError as exc:
            self._frames.put(exc)

    def next_frame(self) -> dict | None:
        """The next frame, or None when the child closed its end or the wall clock ran out.

        A malformed frame raises ProtocolError.
        """
        if self._reader is None:
            self._reader = threading.Thread(target=self._read_all, daemon=True)
            self._reader.start()
        remaining = self.started + self.limits.wall_s - time.monotonic()
        try:
            frame = self._frames.get(timeout=max(remaining, 0.001))
        except queue.Empty:
            self._kill()
            self.ending = self.ending or Ending()
            self.ending.timed_out = True
            return None
        if isinstance(frame, ProtocolError):
            raise frame
        return frame

    def _kill(self) -> None:
        isolate.kill_all(self.pid)

    def finish(self) -> Ending:
        """Kill whatever is left of the submission, reap the child, clean up; how it ended."""
        self._kill()
        _, status, usage = os.wait4(self.pid, 0)
        ending = self.ending or Ending()
        if os.WIFSIGNALED(status):
            ending.signal = os.WTERMSIG(status)
        else:
            ending.exit_code = os.WEXITSTATUS(status)
        ending.cpu_s = usage.ru_utime + usage.ru_stime
        if ending.signal == signal.SIGXCPU or ending.cpu_s >= self.limits.cpu_s:
            ending.timed_out = True
        self.ending = ending
        for fd in (self.to_child, self.from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.workdir, ignore_errors=True)
        return ending


def spawn(job: dict, source: bytes, limits: Limits) -> Child:
    """Fork a locked-down child and send it the submission; return at once."""
    workdir = tempfile.mkdtemp(prefix="quizzer-run-")
    to_child_r, to_child_w = os.pipe()
    from_child_r, from_child_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            os.close(to_child_w)
            os.close(from_child_r)
            isolate.apply(workdir, limits, keep_fds=(to_child_r, from_child_w))
            serve(to_child_r, from_child_w)
        finally:
            os._exit(71)
    os.close(to_child_r)
    os.close(from_child_w)
    child = Child(pid, to_child_w, from_child_r, workdir, limits)
    child.send(job, {"source": np.frombuffer(source, dtype=np.uint8)})
    return child
