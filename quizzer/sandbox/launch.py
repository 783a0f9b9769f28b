"""Starting and ending a sandboxed child from the judge's side.

`spawn` forks A, which runs `supervise`: A enters new namespaces (see
`isolate.enter_namespaces`) and forks B, the first process of a new PID
namespace, which locks itself down (`isolate.lock_down`: a private root holding
only the view of the question's import profile, see `view`) and forks C, which
adds its own filter and serves one submission (`child.serve`). The judge talks
to C through two pipes and to A through two more: a control pipe on which B and
C report their protections (before any submitted code runs) and A reports how C
ended, and a kill pipe whose closing tells A to kill B. Only A, B's parent, ever
signals B, so a recycled pid is never hit. When B dies the kernel kills
everything in its namespace (before A's wait for B returns) and frees its tmpfs.
Nothing is created on the host's disk.

`Child.next_frame` reads with a wall-clock deadline, holding at most the child's
memory limit of its frames at a time, and `Child.finish` kills everything the
submission started and reports how the child ended.

Fork early: call `spawn` before the judge loads any reference or builds any
expected output, so the child's memory holds none of them. A long-running
process (the app) must use the zygote instead (`quizzer.sandbox.zygote`).
"""

from __future__ import annotations

import json
import os
import queue
import select
import signal
import sys
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from quizzer.sandbox import cgroup, isolate, seccomp
from quizzer.sandbox.child import EXIT_MEMORY, serve
from quizzer.sandbox.protocol import ProtocolError, read_frame, write_frame
from quizzer.sandbox.view import foreign_modules, profile_of, view_for


@dataclass(frozen=True)
class Limits:
    """What one submission may use."""

    cpu_s: float = 2.0
    wall_s: float = 5.0
    memory_mb: int = 256
    processes: int = 16
    open_files: int = 64
    file_size_mb: int = 16
    disk_mb: int = 16  # all of its private /tmp
    disk_files: int = 256  # files and folders in it


@dataclass
class Ending:
    """How the child ended: its exit code or signal, and whether the judge had to kill it."""

    exit_code: int | None = None
    signal: int | None = None
    timed_out: bool = False
    wall_clock: bool = False  # the time that ran out was the wall clock's (it waited or slept), not the CPU's
    memory_exceeded: bool = False
    cpu_s: float = 0.0
    sandbox_error: str = ""  # the sandbox failed before the submission ran: the machine's fault, not the submission's


@dataclass
class Child:
    """A running sandboxed child and the judge's ends of its pipes.

    `pid` is A's pid when this process forked A and must reap it; None when
    a zygote did (it reaps its own children).
    """

    to_child: int
    from_child: int
    control: int
    kill: int
    limits: Limits
    pid: int | None = None
    started: float = field(default_factory=time.monotonic)
    _frames: queue.Queue = field(default_factory=lambda: queue.Queue(maxsize=2))  # a flood waits in the pipe, not in memory
    # Bytes of the child's frames read, in all: the judge keeps every report until the verdict is made, so
    # the child's whole run may send at most half its memory limit, and the judge never holds more of it.
    _held: int = 0
    _reader: threading.Thread | None = None
    _writers: list = field(default_factory=list)
    _closed: bool = False  # the child closed its channel: it is ending on its own
    _control_data: dict = field(default_factory=dict)
    _control_buffer: bytes = b""
    ending: Ending | None = None
    protections: dict | None = None

    def send(self, header: dict, values: dict | None = None) -> None:
        """Send a frame without ever blocking the judge: a stuck child cannot hang it."""

        def write() -> None:
            try:
                write_frame(self.to_child, header, values)
            except OSError:
                pass  # the child is gone; its ending tells why

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        self._writers.append(writer)

    def _reserve(self, size: int) -> None:
        """Count `size` more bytes of the child's frames (the reader thread); past half its memory limit in all, refuse them.

        Thirteen forged frames of 90 MiB each (untouched pages cost the child nothing) once held the judge at 1.2 GiB.
        """
        self._held += size
        if self._held > (self.limits.memory_mb << 20) // 2:
            raise ProtocolError(f"it sent more than {self.limits.memory_mb // 2} MiB of results, half its memory limit")

    def _read_all(self) -> None:
        try:
            while True:
                frame = read_frame(self.from_child, max_total=(self.limits.memory_mb << 20) // 2, reserve=self._reserve)
                self._frames.put(frame)
        except (EOFError, OSError):
            self._frames.put(None)
        except ProtocolError as exc:
            self._frames.put(exc)
        except Exception as exc:  # noqa: BLE001 - whatever the child sent, it must not kill the reader silently
            self._frames.put(ProtocolError(f"unreadable frame ({type(exc).__name__})"))

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
            self.ending.timed_out = self.ending.wall_clock = True
            return None
        if isinstance(frame, ProtocolError):
            raise frame
        if frame is None:
            self._closed = True
            return None
        return frame

    def _drain(self) -> None:
        while True:
            try:
                self._frames.get_nowait()
            except queue.Empty:
                return

    def _kill(self) -> None:
        """Tell A to kill B (and with it B's whole PID namespace); A first reports the CPU time used so far."""
        if self.kill >= 0:
            try:
                os.write(self.kill, b"k")
            except OSError:
                pass
            os.close(self.kill)
            self.kill = -1

    def _read_control(self, timeout: float, until=None) -> bool:
        """Read the control pipe until A closes it or `until()` holds (True), or `timeout` passes (False)."""
        deadline = time.monotonic() + timeout
        while self.control >= 0 and not (until and until()):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.control], [], [], left)[0]:
                return False
            chunk = os.read(self.control, 65536)
            if not chunk:
                os.close(self.control)
                self.control = -1
                break
            self._control_buffer += chunk
            *lines, self._control_buffer = self._control_buffer.split(b"\n")
            for line in lines:
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                if type(message) is dict:
                    self._control_data.update(message)
        return True

    def finish(self) -> Ending:
        """Kill whatever is left of the submission, reap it, clean up; how it ended."""
        if self._closed:  # let B report how C ended before killing it: exit code or signal, not our SIGKILL
            self._read_control(timeout=0.5, until=lambda: "status" in self._control_data)
        self._kill()
        reported = self._read_control(timeout=10.0)
        if not reported and self.pid is not None:
            isolate.kill_all(self.pid)  # A is stuck: kill it; B dies of PR_SET_PDEATHSIG
        if self.pid is not None:
            os.waitpid(self.pid, 0)
            cgroup.remove(self.pid)
        self._read_control(timeout=1.0)
        data = self._control_data
        ending = self.ending or Ending()
        status = data.get("status") if type(data.get("status")) is int else None
        if status is None:
            ending.signal = signal.SIGKILL  # the judge had B killed before C ended
        elif os.WIFSIGNALED(status):
            ending.signal = os.WTERMSIG(status)
        else:
            ending.exit_code = os.WEXITSTATUS(status)
        if status is None and data.get("sandbox_error"):
            ending.sandbox_error = str(data["sandbox_error"])[:500]
        ending.cpu_s = float(data.get("cpu", data.get("cpu_at_kill", 0.0)))
        growth = (int(data.get("maxrss_kb", 0)) - int(data.get("resident_kb", 0))) * 1024
        if ending.signal == signal.SIGXCPU or ending.cpu_s >= self.limits.cpu_s:
            ending.timed_out = True
        crashed = ending.signal in (signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT)
        ending.memory_exceeded = ending.exit_code == EXIT_MEMORY or (crashed and growth >= 0.9 * (self.limits.memory_mb << 20))
        self.ending = ending
        if type(data.get("protections")) is dict:
            self.protections = data["protections"] | {"no_processes": data.get("no_processes") is True}
            if "no_processes" in data:  # C reported its own lockdown: one killed before it did (a mutant started ahead) tells nothing of the machine
                isolate.record(self.protections)
        # Everything of the child is dead, so its pipe ends are closed: the threads that
        # use ours see EOF or EPIPE now. Join them before closing, or a recycled fd
        # number would let them read or write another child's pipe.
        stuck = False
        deadline = time.monotonic() + 5.0
        while self._reader is not None and self._reader.is_alive() and time.monotonic() < deadline:
            self._drain()  # the reader may be waiting for room in the queue, not for the pipe
            self._reader.join(timeout=0.02)
        for thread in (self._reader, *self._writers):
            if thread is not None:
                thread.join(timeout=max(deadline - time.monotonic(), 0.0))
                stuck = stuck or thread.is_alive()
        for fd in (self.control,) if stuck else (self.to_child, self.from_child, self.control):  # leak rather than alias
            try:
                os.close(fd)
            except OSError:
                pass
        return ending


def prepare(profile: tuple[str, ...]) -> None:
    """Parent-side work before forking: import the profile's packages (torch for torch questions).

    They are imported here, by trusted code, so the child neither pays torch's
    second of import out of its CPU limit nor needs room for it in its
    address-space limit (which counts from its size at fork). Only a process
    whose profile allows them may do this: see `spawn_anywhere`. torch's CPU
    description (cpuinfo, read from /proc and /sys, which the child cannot
    see) is read here too: float16 kernels ask for it on first use and fail
    with "Failed to initialize cpuinfo!" in a child that has to read it itself.
    """
    import importlib

    for name in profile:
        if name in sys.modules:
            continue
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue  # the child's import fails the same way, and says so
        if name == "torch":
            _import_dynamo()
            module.set_num_threads(1)
    if "torch" in profile and "torch" in sys.modules:  # also when torch came in before: cpuinfo is read once, then cached
        sys.modules["torch"].backends.cpu.get_cpu_capability()  # initializes cpuinfo, inherited by the fork


def _import_dynamo() -> None:
    """Import torch._dynamo (the first optimizer step would, in the child) without leaving its cache folder behind.

    Its import makes `$TMPDIR/torchinductor_<user>` (a zygote's TMPDIR is the host's /tmp), which
    judging never uses: it goes to a scratch folder removed at once, unless the user chose one.
    """
    import tempfile

    if os.environ.get("TORCHINDUCTOR_CACHE_DIR"):
        import torch._dynamo  # noqa: F401
        return
    with tempfile.TemporaryDirectory(prefix="quizzer-torch-") as scratch:
        os.environ["TORCHINDUCTOR_CACHE_DIR"] = scratch
        try:
            import torch._dynamo  # noqa: F401
        finally:
            del os.environ["TORCHINDUCTOR_CACHE_DIR"]


def supervise(limits: Limits, profile: tuple[str, ...], parent: int, in_fd: int, out_fd: int, control: int, kill: int) -> None:
    """A's whole life: namespaces, fork B, wait for B or the kill pipe, check nothing is left. Never returns.

    `parent` is the pid of the process that forked A (the judge or a zygote).
    """
    status = 0
    try:
        isolate.close_other_fds((in_fd, out_fd, control, kill))
        os.setpgid(0, 0)
        # The view reads the installed packages' metadata: here it overlaps with the judge
        # building its tests, instead of delaying the fork (a zygote has it cached already).
        view = view_for(profile)
        for program in (seccomp.sandbox_program, seccomp.no_processes_program):
            try:
                seccomp.compiled(program)  # here, not in B: B's lock-down is on the verdict's path
            except (OSError, ValueError):
                pass  # no filter for this machine: B reports it missing
        in_cgroup = cgroup.enter(limits)  # before a root A drops its rights
        namespaces, clones = isolate.enter_namespaces(view, parent)
        namespaces["cgroup"] = in_cgroup
        life_r, life_w = os.pipe()
        b = os.fork()
        if b == 0:
            try:
                os.close(life_w)
                os.close(kill)
                _init(view, clones, limits, in_fd, out_fd, control, life_r, namespaces)
            except BaseException as exc:  # noqa: BLE001 - reported, then B ends: no submitted code has run
                _report_failure(control, "could not lock the sandbox down", exc)
            finally:
                os._exit(71)
        for fd in (clones or {}).values():
            os.close(fd)
        os.close(life_r)
        os.close(in_fd)
        os.close(out_fd)
        pidfd = os.pidfd_open(b)
        if kill in select.select([pidfd, kill], [], [])[0]:
            os.read(kill, 1)
            # Whatever the reason (the wall clock, or the judge done with it), what the submission used
            # until now: killed, it is never reaped to say, and CPU spent past its limit with SIGXCPU
            # ignored still makes it a time limit, whatever it answered.
            os.write(control, isolate.dumps_report({"cpu_at_kill": isolate.cpu_seconds(isolate.descendants(b))}))
            os.kill(b, signal.SIGKILL)  # B is our unreaped child: its pid cannot have been reused
        os.waitpid(b, 0)  # B was its PID namespace's init: the kernel has killed the rest before this returns
        if not namespaces["pid_namespace"]:
            isolate.kill_all(b)  # B's process group: all we can reach without a PID namespace
    except BaseException as exc:  # noqa: BLE001 - A must never return into the judge's code
        _report_failure(control, "could not start the sandbox", exc)
        status = 72
    finally:
        os._exit(status)


def _report_failure(control: int, what: str, exc: BaseException) -> None:
    """Tell the judge, on the control pipe, why the sandbox could not run the submission."""
    try:
        os.write(control, isolate.dumps_report({"sandbox_error": f"{what}: {type(exc).__name__}: {exc}"}))
    except OSError:
        pass


def _init(view, clones, limits: Limits, in_fd: int, out_fd: int, control: int, lifeline: int, namespaces: dict) -> None:
    """B's life: lock down, fork C to run the submission, reap until C ends, report C's end.

    B is PID 1 of the namespace, which the kernel shields from every signal
    without a handler sent from inside it; C, an ordinary process, runs the
    submission so SIGXCPU, abort() and a self-kill act on it as anywhere else.
    B runs no submitted code.
    """
    resident = isolate.resident_kb()  # C starts as big as B: its growth, not its size, tells a memory kill
    keep = (in_fd, out_fd, control)
    report = isolate.lock_down(view, clones, limits, keep, lifeline, namespaces)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(signum, signal.SIG_DFL)  # nothing in the namespace may run code in B
    os.write(control, isolate.dumps_report({"protections": report, "resident_kb": resident}))
    try:
        c = os.fork()
    except OSError as exc:
        _report_failure(control, "could not start the submission's process", exc)
        os._exit(0)
    if c == 0:
        try:
            os.write(control, isolate.dumps_report(isolate.lock_down_child()))  # before any submitted code runs
            os.close(control)
            serve(in_fd, out_fd)
        finally:
            os._exit(71)
    os.close(in_fd)
    os.close(out_fd)
    while True:
        try:
            pid, c_status, usage = os.wait4(-1, 0)
        except ChildProcessError:
            os._exit(74)
        if pid == c:
            break
    cpu = usage.ru_utime + usage.ru_stime
    os.write(control, isolate.dumps_report({"status": c_status, "cpu": cpu, "maxrss_kb": usage.ru_maxrss}))
    os._exit(0)  # the kernel now kills whatever C left in the namespace


def start(limits: Limits, profile: tuple[str, ...] = ("numpy",), fork_a=None) -> Child:
    """Create the pipes and fork A (or let `fork_a(limits, fds)` have a zygote do it); the judge's Child."""
    to_child_r, to_child_w = os.pipe()
    from_child_r, from_child_w = os.pipe()
    control_r, control_w = os.pipe()
    kill_r, kill_w = os.pipe()
    theirs = (to_child_r, from_child_w, control_w, kill_r)
    pid = None
    try:
        if fork_a is None:
            parent = os.getpid()
            pid = os.fork()
            if pid == 0:
                try:
                    isolate.die_with_parent(parent)
                    supervise(limits, profile, parent, *theirs)
                finally:
                    os._exit(71)
        else:
            fork_a(limits, theirs)
    except BaseException:
        for fd in (to_child_w, from_child_r, control_r, kill_w):
            os.close(fd)
        raise
    finally:
        for fd in theirs:
            os.close(fd)
    return Child(to_child_w, from_child_r, control_r, kill_w, limits, pid)


def spawn(job: dict, source: bytes, limits: Limits) -> Child:
    """Fork a locked-down child of this process and send it the submission; return at once.

    Forks this very process: only safe when it runs one thread and holds no module
    the question does not allow (`spawn_anywhere` checks, and otherwise uses a zygote).
    """
    profile = profile_of(job.get("allowed_imports", ()))
    prepare(profile)
    child = start(limits, profile)
    child.send(job, {"source": np.frombuffer(source, dtype=np.uint8)})
    return child


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1


def can_fork_for(profile: tuple[str, ...]) -> bool:
    """Whether this process may fork a child for `profile` itself: one thread, and no module outside the profile."""
    return _threads() == 1 and not foreign_modules(profile)


def spawn_anywhere(job: dict, source: bytes, limits: Limits) -> Child:
    """Start a child the safe way from this process: a fork of it when `can_fork_for` allows, else the profile's zygote.

    The CLI judging one question forks itself (no zygote to start); a process that
    runs threads or holds other modules (a test runner, `validate` after a torch
    question) goes through the zygotes it keeps for the rest of its life.
    """
    profile = profile_of(job.get("allowed_imports", ()))
    if can_fork_for(profile):
        prepare(profile)  # torch, for a torch question: allowed in this child, and kept here
        if _threads() == 1:
            return spawn(job, source, limits)
    from quizzer.sandbox.zygote import shared

    return shared().spawn(job, source, limits)


def probe(profile: tuple[str, ...] = ("numpy",)) -> dict:
    """Start a child that locks down and exits at once; the protections it reported."""
    child = start(Limits(), profile)
    child._read_control(timeout=10.0, until=lambda: "protections" in child._control_data and "no_processes" in child._control_data)
    child.finish()
    return child.protections or {}
