"""Start-up time of the app: launch to first screen painted, against a minimal Textual app.

Each run starts a fresh process in a pseudo-terminal (80x24), as a user's terminal
would, and times from the launch until the screen's text appears on the terminal
(escape codes stripped): "Due today" for `quizzer`, a marker for a one-`Static`
Textual app. Then it sends ctrl+q and waits for a clean exit. Both are measured
in the same run, interleaved, so machine load hits both alike; the ratio of the
medians is the figure of merit (goal: <= 1.5).

    python benchmarks/app_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time

MINIMAL = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("MINIMAL-APP-READY")

Minimal().run()
"""

ANSI = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][A-Za-z0-9]|[=>NOPMc78])")
TIMEOUT_S = 20.0


def time_to_text(argv: list[str], marker: bytes, env: dict[str, str]) -> float:
    """Seconds from launching `argv` in an 80x24 pty until `marker` is on screen; then quit it."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the program
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = b""
    elapsed = None
    try:
        while time.perf_counter() - start < TIMEOUT_S:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            # Text is drawn with cursor moves between runs of characters: compare with those removed.
            if marker in ANSI.sub(b"", seen).replace(b" ", b""):
                elapsed = time.perf_counter() - start
                break
        if elapsed is None:
            raise RuntimeError(f"{argv} never showed {marker!r}; last output: {ANSI.sub(b'', seen)[-400:]!r}")
        os.write(fd, b"\x11")  # ctrl+q: a normal quit, so the terminal is restored
        _wait(pid, fd)
        return elapsed
    finally:
        os.close(fd)


def _wait(pid: int, fd: int, limit_s: float = 5.0) -> None:
    deadline = time.perf_counter() + limit_s
    while time.perf_counter() < deadline:
        try:  # keep draining, or a child blocked on a full pty never exits
            if select.select([fd], [], [], 0.05)[0]:
                os.read(fd, 65536)
        except OSError:
            pass
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    print("warning: a run did not exit within 5 s of ctrl+q and was killed", file=sys.stderr)


def main() -> int:
    """Measure both apps `--runs` times each, interleaved; print medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="quizzer-bench-")
    env = dict(os.environ, TERM=os.environ.get("TERM", "xterm-256color"), QUIZZER_HOME=home)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: pip writes bytecode; the warm-up writes it here
    env.pop("TEXTUAL", None)  # no devtools
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(MINIMAL)
    apps = {
        "minimal Textual app": ([sys.executable, script.name], b"MINIMAL-APP-READY"),
        "quizzer": ([sys.executable, "-m", "quizzer"], b"Duetoday"),
    }
    times: dict[str, list[float]] = {name: [] for name in apps}
    for name, (argv, marker) in apps.items():  # warm the disk cache once each, untimed
        time_to_text(argv, marker, env)
    for _ in range(args.runs):
        for name, (argv, marker) in apps.items():
            times[name].append(time_to_text(argv, marker, env))
    os.unlink(script.name)
    for name, values in times.items():
        print(f"{name:>20}: median {statistics.median(values) * 1000:6.0f} ms  (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, {len(values)} runs)")
    ratio = statistics.median(times["quizzer"]) / statistics.median(times["minimal Textual app"])
    print(f"{'ratio':>20}: {ratio:.2f}x  (goal <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
