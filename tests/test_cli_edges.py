"""The command line's edges, run as a user runs them (`python -m quizzer ...`): exact ids, what FILE
may be, what a submission may print, seeds, the reset prompt, and the commands' small promises.

Each case is one line on stderr and the contract's exit code (docs/contract.md), never a traceback.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pytest

from quizzer import paths

LSTM = "numpy-lstm-cell"
LSTM_FOLDER = "questions/recurrent/numpy-lstm-cell"
REFERENCE = paths.reference_dir() / "numpy_lstm_cell.py"
# Raw terminal controls: ESC, BEL, CR and the rest of C0 but newline and tab, DEL, C1.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def one_usage_line(out) -> str:
    """The single `quizzer: ...` line of a usage error (exit 2)."""
    assert out.returncode == 2, (out.returncode, out.stdout, out.stderr)
    assert out.stderr.startswith("quizzer: ") and out.stderr.count("\n") == 1, out.stderr
    assert "Traceback" not in out.stderr
    return out.stderr


def attempts(quizzer_cli) -> list[dict]:
    """The attempts recorded so far, read through `quizzer export`."""
    out = quizzer_cli("export")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["tables"]["attempts"]


def crafted_question(folder: Path, marker: Path) -> Path:
    """A question folder whose suite, once loaded by the judge, writes `marker` (it must never be loaded)."""
    shutil.copytree(paths.questions_dir() / "recurrent" / LSTM, folder)
    spec = folder / "question.toml"
    spec.write_text(spec.read_text().replace(f'id = "{LSTM}"', f'id = "{folder.name}"'))
    (folder / "suite.py").write_text(f"open({str(marker)!r}, 'w').write('suite ran')\n" + (folder / "suite.py").read_text())
    return folder


# -- a question id is an exact id of the bank -----------------------------------------------------


@pytest.mark.parametrize("pattern", ["numpy-lstm*", "numpy-lstm-cel?", "numpy-lstm-cell[]", "*", "numpy-lstm-cell/", "Numpy-LSTM-cell"])
def test_an_id_is_never_a_pattern(quizzer_cli, pattern):
    for command in (("submit", pattern, str(REFERENCE), "--json"), ("show", pattern), ("start", pattern, "/nonexistent")):
        out = quizzer_cli(*command)
        assert out.stdout == ""
        assert "unknown question id" in one_usage_line(out)
    assert attempts(quizzer_cli) == []  # nothing judged, nothing recorded against another question


def test_reset_of_a_pattern_forgets_nothing_and_says_so(quizzer_cli):
    assert quizzer_cli("submit", LSTM, str(REFERENCE), "--seed", "1").returncode == 0
    out = quizzer_cli("reset", "numpy-lstm-cel?", "--yes")
    assert "unknown question id" in one_usage_line(out) and out.stdout == ""
    assert [a["question"] for a in attempts(quizzer_cli)] == [LSTM]
    out = quizzer_cli("reset", LSTM, "--yes")  # the exact id forgets that question's progress
    assert out.returncode == 0 and out.stdout == f"forgot all progress on {LSTM}\n"
    assert attempts(quizzer_cli) == []


def test_an_id_that_walks_out_of_the_bank_runs_no_suite(quizzer_cli, bank_copy, tmp_path):
    # questions/<topic>/../../../evil is tmp_path/evil: a folder no author of the bank wrote.
    marker = tmp_path / "suite-ran"
    crafted_question(tmp_path / "evil", marker)
    for question_id in ("../../../evil", f"{LSTM}/../../../../evil", str(tmp_path / "evil")):
        out = quizzer_cli("submit", question_id, str(REFERENCE), env={"QUIZZER_CONTENT": str(bank_copy)})
        assert "unknown question id" in one_usage_line(out)
    assert not marker.exists()


@pytest.mark.parametrize("link", ["folder", "suite.py", "reference"])
def test_a_question_whose_files_lead_out_of_the_bank_is_broken(quizzer_cli, bank_copy, tmp_path, link):
    marker = tmp_path / "suite-ran"
    outside = crafted_question(tmp_path / "outside" / "evil", marker)
    env = {"QUIZZER_CONTENT": str(bank_copy)}
    if link == "folder":  # the whole question folder is a symlink to elsewhere
        (bank_copy / "questions/recurrent/evil").symlink_to(outside, target_is_directory=True)
        question_id, broken_file = "evil", "question.toml"
    elif link == "suite.py":
        suite = bank_copy / LSTM_FOLDER / "suite.py"
        suite.unlink()
        suite.symlink_to(outside / "suite.py")
        question_id, broken_file = LSTM, "suite.py"
    else:  # a reference that is a symlink out of reference/
        shutil.copy(REFERENCE, tmp_path / "outside" / "ref.py")
        (bank_copy / "reference/numpy_lstm_cell.py").unlink()
        (bank_copy / "reference/numpy_lstm_cell.py").symlink_to(tmp_path / "outside" / "ref.py")
        question_id, broken_file = LSTM, "reference/numpy_lstm_cell.py"

    out = quizzer_cli("submit", question_id, str(REFERENCE), env=env)
    message = one_usage_line(out)
    assert f"question {question_id!r} is broken" in message and f"{broken_file} leads outside" in message
    assert not marker.exists()

    out = quizzer_cli("validate", "--specs-only", env=env)
    assert out.returncode == 1 and f"{broken_file} leads outside" in out.stdout
    out = quizzer_cli("list", "--json", env=env)
    assert out.returncode == 0 and question_id not in {row["id"] for row in json.loads(out.stdout)}
    assert f"skipped broken question {question_id}" in out.stderr
    assert not marker.exists()


@pytest.mark.parametrize("reference", ["../evil_ref.py", "{root}/evil_ref.py"])
def test_a_reference_named_outside_reference_is_never_loaded(quizzer_cli, bank_copy, tmp_path, reference):
    # The judge runs a reference in its own process: one named by a path out of reference/ must not be.
    marker = tmp_path / "reference-ran"
    (bank_copy / "evil_ref.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n" + REFERENCE.read_text())
    spec = bank_copy / LSTM_FOLDER / "question.toml"
    named = reference.format(root=bank_copy)
    spec.write_text(spec.read_text().replace('reference = "numpy_lstm_cell.py"', f"reference = {named!r}"))
    out = quizzer_cli("submit", LSTM, str(REFERENCE), env={"QUIZZER_CONTENT": str(bank_copy)})
    assert f"question {LSTM!r} is broken" in one_usage_line(out) and "[reference]" in out.stderr
    assert not marker.exists()


# -- FILE: a regular file of at most 1 MiB ---------------------------------------------------------


def test_a_fifo_is_refused_at_once_not_waited_on(quizzer_cli, tmp_path):
    fifo = tmp_path / "answer.py"
    os.mkfifo(fifo)
    out = quizzer_cli("submit", LSTM, str(fifo), timeout=30)  # on main this waits for a writer forever
    assert one_usage_line(out) == f"quizzer: cannot judge {fifo}: not a regular file (a FIFO)\n"


@pytest.mark.parametrize(("path", "kind"), [("/dev/zero", "a character device"), ("/dev/null", "a character device"), ("/tmp", "a directory")])
def test_special_files_are_refused(quizzer_cli, path, kind):
    out = quizzer_cli("submit", LSTM, path, timeout=30)  # /dev/zero: read until memory runs out, on main
    assert one_usage_line(out) == f"quizzer: cannot judge {path}: not a regular file ({kind})\n"


def test_a_file_over_1_mib_is_refused_and_nothing_is_stored(quizzer_cli, tmp_path):
    big = tmp_path / "big.py"
    big.write_bytes(REFERENCE.read_bytes() + b"#" * (20 << 20))
    out = quizzer_cli("submit", LSTM, str(big))
    assert one_usage_line(out) == f"quizzer: cannot judge {big}: larger than 1 MiB (20.0 MiB)\n"
    assert attempts(quizzer_cli) == []


def test_a_file_of_exactly_1_mib_is_judged(quizzer_cli, tmp_path):
    code = REFERENCE.read_bytes() + b"\n"
    exact = tmp_path / "exact.py"
    exact.write_bytes(code + b"#" * ((1 << 20) - len(code)))
    assert exact.stat().st_size == 1 << 20
    out = quizzer_cli("submit", LSTM, str(exact), "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["verdict"] == "accepted", out.stderr


def test_a_symlink_to_a_regular_file_is_judged_one_to_a_device_is_not(quizzer_cli, tmp_path):
    good, bad = tmp_path / "good.py", tmp_path / "bad.py"
    good.symlink_to(REFERENCE)
    bad.symlink_to("/dev/zero")
    out = quizzer_cli("submit", LSTM, str(good), "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["verdict"] == "accepted"
    assert one_usage_line(quizzer_cli("submit", LSTM, str(bad), timeout=30)).endswith("not a regular file (a character device)\n")


def test_a_file_starting_with_a_byte_order_mark_is_judged(quizzer_cli, tmp_path):
    bom = tmp_path / "bom.py"
    bom.write_bytes(b"\xef\xbb\xbf" + REFERENCE.read_bytes())  # what some Windows editors save
    out = quizzer_cli("submit", LSTM, str(bom), "--json")
    result = json.loads(out.stdout)
    assert (out.returncode, result["verdict"], result["passed"]) == (0, "accepted", result["total"]), result["message"]


# -- what a submission prints never reaches the terminal raw ------------------------------------------

HOSTILE = (
    "import numpy as np\n"
    'print("\\x1b]0;PWNED\\x07\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J\\x1b[H\\raccepted: 14/14 tests passed\\x9b31m")\n'
    'print("lone \\ud800 surrogate")\n'
    'Bad = type("Evil\\x1b[2JError", (Exception,), {})\n'
    "def lstm_cell_forward(x_t, h_prev, c_prev, params):\n"
    '    raise Bad("\\x1b]0;TITLE\\x07 and \\udc80")\n'
)


def test_a_hostile_submission_prints_nothing_raw_and_is_recorded(quizzer_cli, tmp_path):
    hostile = tmp_path / "hostile.py"
    hostile.write_text(HOSTILE)
    out = quizzer_cli("submit", LSTM, str(hostile))
    assert (out.returncode, out.stderr) == (1, ""), out.stderr  # on main: UnicodeEncodeError after the verdict
    assert out.stdout.startswith("runtime_error: 0/")
    assert not RAW_CONTROL.search(out.stdout)
    assert r"\x1b]0;PWNED\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[H\raccepted: 14/14 tests passed\x9b31m" in out.stdout
    assert r"Evil\x1b[2JError: \x1b]0;TITLE\x07 and �" in out.stdout
    assert "lone � surrogate" in out.stdout
    assert [a["verdict"] for a in attempts(quizzer_cli)] == ["runtime_error"]


@pytest.mark.parametrize("command", ["submit", "test"])
def test_a_hostile_submission_gives_valid_ascii_json(quizzer_cli, tmp_path, command):
    hostile = tmp_path / "hostile.py"
    hostile.write_text(HOSTILE)
    out = quizzer_cli(command, LSTM, str(hostile), "--json")
    assert out.returncode == 1 and out.stdout.isascii() and out.stdout.count("\n") == 1
    result = json.loads(out.stdout)
    surrogates = re.findall(r"[\ud800-\udfff]", json.dumps(result, ensure_ascii=False))
    assert surrogates == []  # a lone surrogate's escape is refused by strict parsers (serde_json, say)
    assert result["verdict"] == "runtime_error"
    assert result["output"].startswith("\x1b]0;PWNED\x07")  # the data itself is kept, escaped by JSON
    assert "lone \ufffd surrogate" in result["output"]


def test_a_verdict_whose_reader_has_gone_keeps_its_exit_code_and_is_recorded(quizzer_cli, tmp_path):
    wrong = tmp_path / "wrong.py"
    wrong.write_text("def lstm_cell_forward(:\n")
    for unbuffered in ("", "1"):
        env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
        for json_flag in ("", "--json"):
            command = f"{sys.executable} -m quizzer submit {LSTM} {wrong} {json_flag} | true"
            out = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, env=env, timeout=60)
            assert (out.returncode, out.stderr) == (1, "")  # 0 would say "accepted"
    assert [a["verdict"] for a in attempts(quizzer_cli)] == ["syntax_error"] * 4


# -- --seed ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", ["-1", str(2**32), str(2**63), "1e3", "x"])
def test_a_seed_out_of_range_is_a_usage_error(quizzer_cli, seed):
    for command in (("submit", LSTM, str(REFERENCE), "--seed", seed), ("validate", LSTM_FOLDER, "--seed", seed)):
        out = quizzer_cli(*command)
        assert "argument --seed: must be a whole number from 0 to 4294967295" in one_usage_line(out)
        assert out.stdout == ""
    assert attempts(quizzer_cli) == []


def test_the_largest_seed_is_judged_and_recorded(quizzer_cli):
    out = quizzer_cli("submit", LSTM, str(REFERENCE), "--json", "--seed", str(2**32 - 1))
    assert out.returncode == 0 and json.loads(out.stdout)["seed"] == 2**32 - 1
    assert [a["seed"] for a in attempts(quizzer_cli)] == [2**32 - 1]


# -- the reset prompt --------------------------------------------------------------------------------


READ_SYSCALL = {"x86_64": 0, "aarch64": 63}  # read(2)'s number, as /proc/PID/syscall shows it


def reset_at_a_terminal(answer: bytes) -> tuple[int, str, str]:
    """`quizzer reset` with a terminal (a pty, its controlling terminal) on stdin; type `answer` at the prompt."""
    import fcntl
    import termios

    controller, terminal = os.openpty()

    def take_terminal():
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)  # so that ^C on it is a SIGINT to quizzer, as at a shell

    process = subprocess.Popen(
        [sys.executable, "-m", "quizzer", "reset"], stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, preexec_fn=take_terminal
    )
    os.close(terminal)
    try:
        prompt = b""
        while not prompt.endswith(b"Type 'yes': "):
            chunk = os.read(process.stdout.fileno(), 1024)
            assert chunk, prompt
            prompt += chunk
        # A SIGINT that lands between Python's signal check and its read() waits for the next
        # key: a person is never that fast, a test is, so type once quizzer sits in read(0, ...).
        syscall, reading = Path(f"/proc/{process.pid}/syscall"), f"{READ_SYSCALL.get(platform.machine(), 0)} 0x0 "
        deadline = time.monotonic() + 30
        while not syscall.read_text().startswith(reading) and time.monotonic() < deadline:
            time.sleep(0.01)
        os.write(controller, answer)
        rest, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
        os.close(controller)
    return process.returncode, (prompt + rest).decode(), stderr.decode()


def test_end_of_input_at_the_reset_prompt_forgets_nothing(quizzer_cli):
    assert quizzer_cli("submit", LSTM, str(REFERENCE)).returncode == 0
    code, stdout, stderr = reset_at_a_terminal(b"\x04")  # Ctrl-D
    assert (code, stderr) == (1, "quizzer: no answer; nothing forgotten\n")
    assert stdout == "Forget ALL your progress? This cannot be undone. Type 'yes': \n"
    assert len(attempts(quizzer_cli)) == 1


def test_ctrl_c_at_the_reset_prompt_forgets_nothing(quizzer_cli):
    assert quizzer_cli("submit", LSTM, str(REFERENCE)).returncode == 0
    code, _, stderr = reset_at_a_terminal(b"\x03")  # Ctrl-C
    assert (code, stderr) == (128 + signal.SIGINT, "quizzer: interrupted; nothing forgotten\n")
    assert len(attempts(quizzer_cli)) == 1


# -- the rest of the command line's small promises -------------------------------------------------------


def test_validate_of_a_folder_with_no_question_says_so(quizzer_cli, tmp_path):
    (tmp_path / "empty" / "notes").mkdir(parents=True)
    out = quizzer_cli("validate", str(tmp_path / "empty"))
    assert (out.returncode, out.stdout) == (1, "")
    assert out.stderr == f"quizzer: no question in {tmp_path / 'empty'} (a question is a folder holding question.toml)\n"


def test_validate_dot_inside_a_question_folder_knows_its_name(quizzer_cli):
    out = quizzer_cli("validate", ".", "--specs-only", cwd=paths.questions_dir() / "recurrent" / LSTM)
    assert (out.returncode, out.stdout) == (0, "1 question(s) checked, 0 problem(s)\n"), out.stdout


def test_no_app_without_a_terminal(quizzer_cli):
    out = quizzer_cli(timeout=30)  # stdout is a pipe: on main the app starts, writes escape codes and hangs
    assert out.stdout == ""
    assert one_usage_line(out) == (
        "quizzer: the app needs a terminal; from a script or a pipe use a command such as `quizzer list` (see `quizzer --help`)\n"
    )


def test_version(quizzer_cli):
    out = quizzer_cli("--version")
    assert (out.returncode, out.stdout, out.stderr) == (0, f"quizzer {version('quizzer')}\n", "")


def test_list_sizes_its_topic_column_to_the_longest_topic(quizzer_cli):
    rows = json.loads(quizzer_cli("list", "--json").stdout)
    lines = quizzer_cli("list").stdout.splitlines()
    assert len(lines) == len(rows)
    id_width = max(len(row["id"]) for row in rows)
    topic_width = max(len(row["topic"]) for row in rows)
    for line, row in zip(lines, sorted(rows, key=lambda r: (r["topic"], r["kind"], r["id"]))):
        assert line[: id_width + 2] == f"{row['id']:<{id_width}}  "
        assert line[id_width + 2 : id_width + 4 + topic_width] == f"{row['topic']:<{topic_width}}  "  # whole, and aligned
        assert line[id_width + 4 + topic_width :].startswith(row["kind"])
