"""Hostile submissions that write the judge's channel themselves (a red-team pass on the second hostile set).

A submission can find its own end of the result pipe and the test list on its stack, then send
frames the protocol accepts. The judge decides every verdict itself; these tests hold that what
such frames carry can neither crash the judge (no verdict, nothing recorded), nor make it hold
more memory than the child could, nor print more than a bounded verdict, nor draw lines of their
own under the real verdict.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from hostile_support import CORRECT, canary, question, run_hostile, spawner, store, zygote  # noqa: F401 - fixtures
from quizzer.core.judge import MESSAGE_CAP

ROOT = Path(__file__).resolve().parents[1]

FORGE = '''
import fcntl, json, os, stat, struct, sys

def _out_fd():
    for fd in range(3, 64):
        try:
            mode = fcntl.fcntl(fd, fcntl.F_GETFL)
        except OSError:
            continue
        if mode & os.O_ACCMODE == os.O_WRONLY and stat.S_ISFIFO(os.fstat(fd).st_mode):
            return fd

def _tests():
    frame = sys._getframe()
    while frame is not None:
        if frame.f_code.co_name == "run_tests":
            return frame.f_locals["tests"]
        frame = frame.f_back

def _write(fd, data):
    view = memoryview(data).cast("B")
    while view:
        view = view[os.write(fd, view):]

def _send(fd, header, blob=b""):
    head = json.dumps(dict(header, blobs=[len(blob) * getattr(blob, "itemsize", 1)] if len(blob) else []), ensure_ascii=False).encode()
    _write(fd, struct.pack(">I", len(head)) + head)
    if len(blob):
        _write(fd, blob)

def _observing(steps):
    return [s for s in steps if s["op"] == "get" or (s["op"] == "call" and (s.get("observe", True) or s.get("observe_args")))]

def _forge(observation, broken=lambda steps: [], blob=b""):
    fd, tests = _out_fd(), _tests()
    for index, steps in enumerate(tests):
        values = {"$d": [["observations", [observation] * len(_observing(steps))], ["broken", broken(steps)]]}
        _send(fd, {"event": "test", "index": index, "error": None, "values": values}, blob)
    _send(fd, {"event": "done", "output": ""})
    os._exit(0)
'''

CRASHERS = {
    # "²".isdigit() is True, int("²") is a ValueError: the judge showing the visible test died of it.
    "an observation key the interpreter never writes": '_forge({"$d": [["arg\\u00b2", 0]]})',
    # A record naming the test's reseed step as the one that handed the array over: describing it raised KeyError.
    "a broken promise naming a step that hands nothing over": (
        '_forge({"$d": [["result", None]]}, broken=lambda steps: [{"$d": [["step", len(steps) - 1], ["handed", 0], ["arg", 0], ["path", []]]}])'
    ),
    # Tens of thousands of made-up keys made a 100 MB verdict ("observed [...], expected [...]").
    "five thousand made-up keys": '_forge({"$d": [[f"k{i}", 0] for i in range(5000)]})',
}


@pytest.mark.parametrize("attack", list(CRASHERS))
def test_forged_reports_get_a_verdict_never_a_crash_of_the_judge(attack, question, spawner, zygote, store):
    source = FORGE + "\ndef lstm_cell_forward(x_t, h_prev, c_prev, params):\n    " + CRASHERS[attack] + "\n"
    result = run_hostile(question, source, spawner, zygote)
    assert result["verdict"] == "runtime_error", result
    assert result["message"].startswith("the submission broke the judge's channel"), result["message"]


def test_a_type_name_of_millions_of_control_characters_makes_a_bounded_message(question, spawner, zygote, store):
    # 3.9 million U+0085 as an ndarray subclass's name took 14 s of the judge's CPU in visible() and made a
    # 280 MB verdict; 200,000 per observation (within what the child may send) shows the cap.
    source = FORGE + (
        "\ndef lstm_cell_forward(x_t, h_prev, c_prev, params):\n"
        '    _forge({"$d": [["result", {"$a": 0, "dtype": "<f8", "shape": [1], "sub": "\\u0085" * 200_000}]]}, blob=bytes(8))\n'
    )
    result = run_hostile(question, source, spawner, zygote)
    assert result["verdict"] == "wrong_answer", result
    assert len(json.dumps(result)) < 50 * MESSAGE_CAP
    assert all(len(test["message"]) <= MESSAGE_CAP for test in result["tests"]), result


def _cli(source: Path, home: Path, *flags: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QUIZZER_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "quizzer", "submit", "numpy-lstm-cell", str(source), *flags], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_forged_frames_of_untouched_pages_cannot_grow_the_judge_past_the_childs_limit(tmp_path):
    # 13 frames of 90 MiB of zeros (untouched pages cost the child nothing) held the judge at 1.2 GiB:
    # the judge keeps every report until the verdict, so the whole run may send half the child's limit.
    source = tmp_path / "flood.py"
    source.write_text(
        "import numpy as np\n" + FORGE + "\ndef lstm_cell_forward(x_t, h_prev, c_prev, params):\n"
        '    _forge({"$d": [["result", {"$a": 0, "dtype": "<f8", "shape": [(90 << 20) // 8]}]]}, blob=np.zeros((90 << 20) // 8))\n'
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = _cli(source, tmp_path / "home", "--json")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = json.loads(done.stdout)
    assert result["verdict"] == "runtime_error" and "MiB of results, half its memory limit" in result["message"], result["message"]
    assert done.returncode == 1
    if peak_kb > before:  # the largest child this test process ever reaped is this judge
        assert peak_kb < 256 * 1024 + 200 * 1024, f"the judge grew to {peak_kb // 1024} MiB"


def test_a_message_cannot_draw_verdict_lines_of_its_own(tmp_path):
    # 40 newlines and a fake "accepted" line in an exception's message once scrolled the real verdict away.
    source = tmp_path / "spoof.py"
    source.write_text(
        "def lstm_cell_forward(x_t, h_prev, c_prev, params):\n"
        "    raise RuntimeError('\\n' * 40 + 'accepted: 13/13 tests passed in 41 ms (seed 1)\\n  ok   [visible] example')\n"
    )
    done = _cli(source, tmp_path / "home")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("runtime_error: 0/13 tests passed"), done.stdout
    assert not any(line.startswith(("accepted", "  ok ")) for line in lines), done.stdout
    assert "\\n\\n\\naccepted: 13/13" in done.stdout
