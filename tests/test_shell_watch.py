"""`quizzer watch` as a user runs it: a real file changed on disk, the runs read from its output.

Every wait has a deadline (the test fails when nothing comes in time); no assertion rests on a sleep.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from quizzer.core.bank import load_bank
from quizzer.core.judge import build_tests
from quizzer.core.task import JudgeTask

TOTAL = len(build_tests(JudgeTask.from_question(load_bank().get("numpy-lstm-cell")), 0))  # the LSTM question's tests, counted

from quizzer import paths
from quizzer.cli.watching import QUIET_MS
from quizzer.core.store import Store

LSTM = "numpy-lstm-cell"
REFERENCE = (paths.reference_dir() / "numpy_lstm_cell.py").read_text()
STARTER = (paths.questions_dir() / "recurrent" / LSTM / "starter.py").read_text()
FOOTER = "save to judge again"
DEADLINE_S = 60


class Watch:
    """A running `quizzer watch`, its output collected line by line on a thread."""

    def __init__(self, file: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "quizzer", "watch", LSTM, str(file)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, text: str, count: int = 1) -> str:
        """Wait until `text` has appeared `count` times in all the output; the output so far."""
        deadline = time.monotonic() + DEADLINE_S
        while sum(text in line for line in self.seen) < count:
            left = deadline - time.monotonic()
            if left <= 0 or self.process.poll() is not None and self.lines.empty():
                raise AssertionError(f"no {text!r} (x{count}) in:\n{''.join(self.seen)}\n{self.process.stderr.read() if self.process.poll() is not None else ''}")
            try:
                self.seen.append(self.lines.get(timeout=min(left, 1.0)))
            except queue.Empty:
                pass
        return "".join(self.seen)

    def runs(self) -> int:
        """How many runs have printed their result."""
        return sum(FOOTER in line for line in self.seen)

    def stop(self) -> tuple[int, str]:
        """Ctrl-C, as at a terminal; (exit code, stderr)."""
        self.process.send_signal(signal.SIGINT)
        _, err = self.process.communicate(timeout=DEADLINE_S)
        return self.process.returncode, err


@pytest.fixture
def watch(tmp_path):
    started = []

    def start(file: Path) -> Watch:
        started.append(Watch(file))
        return started[-1]

    yield start
    for running in started:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()


def save_by_rename(file: Path, text: str) -> None:
    """Save as vim and most editors do: write a new file beside it, then rename it over the old one."""
    temporary = file.with_name(f".{file.name}.swp")
    temporary.write_text(text)
    os.replace(temporary, file)


def test_watch_goes_from_wrong_to_accepted_on_a_renamed_save_and_records_each_run(tmp_path, quizzer_home, watch):
    file = tmp_path / "numpy_lstm_cell.py"
    file.write_text(STARTER)
    running = watch(file)
    first = running.wait_for(FOOTER)
    assert "runtime_error" in first and "[visible]" in first and "[hidden]" in first
    assert f"quizzer hint {LSTM}" in first  # the next hint's command
    assert first.index("visible tests:") < first.index("[hidden]")  # the visible tests first, then the whole verdict
    save_by_rename(file, REFERENCE)
    second = running.wait_for(FOOTER, 2)
    assert f"accepted: {TOTAL}/{TOTAL}" in second.split("run 2 at")[-1]
    assert "\033[2J" not in second  # not a terminal: nothing cleared
    code, err = running.stop()
    assert code in (0, 130) and "Traceback" not in err
    with Store(quizzer_home) as db:
        assert [a.verdict for a in reversed(db.attempts(LSTM))] == ["runtime_error", "accepted"]


def test_a_burst_of_saves_is_one_run(tmp_path, quizzer_home, watch):
    file = tmp_path / "numpy_lstm_cell.py"
    file.write_text(REFERENCE)
    running = watch(file)
    running.wait_for(FOOTER)
    for i in range(5):  # an editor's save in several writes, and a formatter running after it
        with file.open("a") as out:
            out.write(f"# burst {i}\n")
    running.wait_for(FOOTER, 2)
    save_by_rename(file, REFERENCE + "# the next save\n")  # one more save: the run after the burst's is this one's
    running.wait_for(FOOTER, 3)
    code, _ = running.stop()
    assert code in (0, 130)
    assert running.runs() == 3
    with Store(quizzer_home) as db:
        codes = [a.code for a in reversed(db.attempts(LSTM))]
    assert len(codes) == 3 and codes[1].endswith("# burst 4\n") and codes[2].endswith("# the next save\n")


def test_a_file_deleted_mid_watch_is_a_message_and_watching_goes_on(tmp_path, watch):
    file = tmp_path / "numpy_lstm_cell.py"
    file.write_text(STARTER)
    running = watch(file)
    running.wait_for(FOOTER)
    file.unlink()
    running.wait_for("waiting for it to be saved again")
    file.write_text(REFERENCE)
    out = running.wait_for(FOOTER, 2)
    assert "accepted" in out.split("waiting for it to be saved again")[-1]
    code, err = running.stop()
    assert code in (0, 130) and "Traceback" not in err


def test_watch_ignores_other_files_in_the_folder(tmp_path, quizzer_home, watch):
    file = tmp_path / "numpy_lstm_cell.py"
    file.write_text(STARTER)
    running = watch(file)
    running.wait_for(FOOTER)
    (tmp_path / "notes.txt").write_text("not the watched file")
    time.sleep(3 * QUIET_MS / 1000)  # not an assertion: keeps the two changes in separate batches
    save_by_rename(file, REFERENCE)  # the run this causes is the second: the other file caused none
    out = running.wait_for(FOOTER, 2)
    running.stop()
    assert running.runs() == 2 and "accepted" in out.split("run 2 at")[-1]


def test_at_a_terminal_each_run_clears_the_screen_first(tmp_path):
    import pty
    import select

    from quizzer.cli.watching import CLEAR

    file = tmp_path / "numpy_lstm_cell.py"
    file.write_text(STARTER)
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "quizzer", "watch", LSTM, str(file)], stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    screen = b""

    def read_until(text: bytes, count: int) -> None:
        nonlocal screen
        deadline = time.monotonic() + DEADLINE_S
        while screen.count(text) < count:
            assert time.monotonic() < deadline, screen.decode(errors="replace")
            if select.select([leader], [], [], 1.0)[0]:
                screen += os.read(leader, 65536)

    try:
        read_until(FOOTER.encode(), 1)
        save_by_rename(file, REFERENCE)
        read_until(FOOTER.encode(), 2)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=DEADLINE_S)
        os.close(leader)
    last = screen.rsplit(CLEAR.encode(), 1)[-1].decode()
    assert "run 2 at" in last and f"accepted: {TOTAL}/{TOTAL}" in last and "runtime_error" not in last  # the wrong run is gone from the screen
    assert screen.count(CLEAR.encode()) >= 4  # each run clears as it starts and again for each phase
    assert process.returncode in (0, 130)
