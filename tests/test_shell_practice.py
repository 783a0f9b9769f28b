"""Practising from the shell, as a user runs it (subprocesses): start, test, hint, give-up, show --walkthrough,
next, status, list --status/--difficulty, answer, and completion. `watch` is in test_shell_watch.py."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from quizzer import paths
from quizzer.core.store import Attempt, Store

LSTM = "numpy-lstm-cell"
LSTM_REFERENCE = paths.reference_dir() / "numpy_lstm_cell.py"
LSTM_STARTER = paths.questions_dir() / "recurrent" / LSTM / "starter.py"


def run(*args: str, stdin: str = "", env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m quizzer ARGS` with `stdin` piped in."""
    return subprocess.run(
        [sys.executable, "-m", "quizzer", *args], input=stdin, capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=cwd, timeout=120
    )


def store(home: Path) -> Store:
    """The test's progress store (the same QUIZZER_HOME the subprocesses use)."""
    return Store(home)


def solve(home: Path, question_id: str, at: float | None = None) -> None:
    """Record an accepted attempt, as a submit would."""
    with store(home) as db:
        db.record_attempt(Attempt(question_id, at or datetime.now(timezone.utc).timestamp(), "accepted", 1, 1, 5))


# -- start -------------------------------------------------------------------------------


def test_start_writes_the_prompt_beside_the_starter(tmp_path):
    from quizzer.core.bank import find_question
    from quizzer.core.render import question_markdown

    out = run("start", LSTM, str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / f"{LSTM}.md").read_text() == question_markdown(find_question(LSTM)[0]) + "\n"
    assert (tmp_path / "numpy_lstm_cell.py").read_text() == LSTM_STARTER.read_text()
    assert f"quizzer watch {LSTM}" in out.stdout


def test_start_reset_brings_back_the_starter_over_your_file(tmp_path):
    run("start", LSTM, str(tmp_path))
    mine = tmp_path / "numpy_lstm_cell.py"
    mine.write_text("# my attempt\n")
    assert run("start", LSTM, str(tmp_path)).returncode == 1 and mine.read_text() == "# my attempt\n"
    out = run("start", LSTM, str(tmp_path), "--reset")
    assert out.returncode == 0, out.stderr
    assert mine.read_text() == LSTM_STARTER.read_text()


def test_start_offers_the_apps_draft_and_writes_it_with_draft(tmp_path, quizzer_home):
    assert run("start", LSTM, str(tmp_path / "a"), "--draft").returncode == 1  # no draft yet: says so
    with store(quizzer_home) as db:
        db.save_draft(LSTM, "# written in the app\n")
    out = run("start", LSTM, str(tmp_path / "b"))
    assert out.returncode == 0 and "--draft" in out.stdout  # the starter, and word of the draft
    assert (tmp_path / "b" / "numpy_lstm_cell.py").read_text() == LSTM_STARTER.read_text()
    out = run("start", LSTM, str(tmp_path / "b"), "--draft", "--force")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "b" / "numpy_lstm_cell.py").read_text() == "# written in the app\n"
    conflict = run("start", LSTM, str(tmp_path / "b"), "--draft", "--reset")
    assert conflict.returncode == 2 and len(conflict.stderr.splitlines()) == 1


# -- test ----------------------------------------------------------------------------------


@pytest.mark.contract
def test_test_runs_only_the_visible_tests_and_records_nothing(quizzer_home):
    out = run("test", LSTM, str(LSTM_REFERENCE), "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["verdict"] == "accepted" and result["question"] == LSTM
    assert result["tests"] and {t["visibility"] for t in result["tests"]} == {"visible"}
    assert result["passed"] == result["total"] == len(result["tests"])
    assert result["diagnosis"] is None and isinstance(result["seed"], int)  # the submit --json object, every contract field
    wrong = run("test", LSTM, str(LSTM_STARTER))
    assert wrong.returncode == 1
    assert wrong.stdout.startswith(f"runtime_error: 0/{result['total']} tests passed")  # the starter raises NotImplementedError
    assert "[visible]" in wrong.stdout and "[hidden]" not in wrong.stdout
    with store(quizzer_home) as db:
        assert db.attempts() == [] and db.status() == {}


def test_test_shows_each_example_that_prints_something_else_with_what_the_question_shows(tmp_path):
    reference = paths.reference_dir() / "numpy_simple_nn.py"
    right = run("test", "numpy-simple-nn", str(reference))
    assert right.returncode == 0, right.stdout + right.stderr
    assert "prints what the question shows" in right.stdout and "prints something else" not in right.stdout
    wrong = tmp_path / "simple_nn.py"
    wrong.write_text(reference.read_text().replace("dz2 = (self.a2 - y) / m", "dz2 = (self.a2 - y) * self.a2 * (1 - self.a2) / m"))
    out = run("test", "numpy-simple-nn", str(wrong))
    assert out.returncode == 1
    assert "prints something else" in out.stdout and "the question shows:" in out.stdout and "your file printed:" in out.stdout


@pytest.mark.parametrize("make", ["missing", "directory", "fifo", "too big"])
def test_test_and_watch_refuse_a_file_that_cannot_be_a_submission(tmp_path, make):
    target = tmp_path / "x.py"
    if make == "directory":
        target.mkdir()
    elif make == "fifo":
        os.mkfifo(target)
    elif make == "too big":
        target.write_bytes(b"#" * (1 << 20 | 1))
    for command in ("test", "watch"):
        out = run(command, LSTM, str(target))
        assert out.returncode == 2, (command, out.stdout, out.stderr)
        assert len(out.stderr.strip().splitlines()) == 1 and "x.py" in out.stderr


# -- hint, give-up, walkthrough ----------------------------------------------------------------


@pytest.mark.contract
def test_hint_reveals_the_next_one_records_it_and_says_when_there_are_no_more(quizzer_home):
    from quizzer.core.bank import find_question

    hints = find_question(LSTM)[0].spec.hints
    for number in range(1, len(hints) + 1):
        out = run("hint", LSTM)
        assert out.returncode == 0, out.stderr
        assert f"Hint {number} of {len(hints)}" in out.stdout
        with store(quizzer_home) as db:
            assert db.hints_revealed(LSTM) == number
    assert "last hint" in out.stdout and "give-up" in out.stdout
    done = run("hint", LSTM)
    assert done.returncode == 1 and "No more hints" in done.stdout and f"quizzer give-up {LSTM}" in done.stdout
    with store(quizzer_home) as db:
        assert db.hints_revealed(LSTM) == len(hints)


def test_the_walkthrough_opens_on_giving_up_and_give_up_asks_first(quizzer_home):
    closed = run("show", LSTM, "--walkthrough")
    assert closed.returncode == 1 and f"quizzer give-up {LSTM}" in closed.stderr
    for reply in ("", "n\n"):  # end of input, or no: nothing recorded
        out = run("give-up", LSTM, stdin=reply)
        assert out.returncode == 1 and "nothing recorded" in out.stdout and "Traceback" not in out.stderr
    with store(quizzer_home) as db:
        assert not db.gave_up(LSTM)
    out = run("give-up", LSTM, stdin="y\n")
    assert out.returncode == 0, out.stderr
    assert "Walkthrough" in out.stdout
    with store(quizzer_home) as db:
        assert db.gave_up(LSTM)
        reviews = [(row["question"], row["rating"]) for row in db.export()["tables"]["review_log"]]
    assert reviews == [(LSTM, 1)]  # reviewed as Again, as in the app
    assert run("show", LSTM, "--walkthrough").returncode == 0


def test_give_up_yes_does_not_ask_and_a_solved_question_shows_the_walkthrough_at_once(quizzer_home):
    out = run("give-up", "numpy-softmax", "--yes")
    assert out.returncode == 0 and "Walkthrough" in out.stdout
    solve(quizzer_home, LSTM)
    out = run("give-up", LSTM)  # solved already: nothing to give up, nothing asked
    assert out.returncode == 0 and "Walkthrough" in out.stdout
    with store(quizzer_home) as db:
        assert not db.gave_up(LSTM)


def test_ctrl_c_at_the_give_up_question_records_nothing(quizzer_home):
    process = subprocess.Popen(
        [sys.executable, "-m", "quizzer", "give-up", LSTM], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    prompt = b""
    while b"[y/N]" not in prompt:  # the question is on screen: now it waits for the answer
        chunk = os.read(process.stdout.fileno(), 100)
        assert chunk, process.stderr.read()
        prompt += chunk
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130 and "Traceback" not in err
    with store(quizzer_home) as db:
        assert not db.gave_up(LSTM)


# -- next, status, list ---------------------------------------------------------------------


@pytest.mark.contract
def test_next_starts_with_the_interview_notes_then_goes_on_along_the_path(quizzer_home):
    out = run("next")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("next: numpy-simple-nn ") and "quizzer start numpy-simple-nn" in out.stdout
    for question_id in ("numpy-simple-nn", "numpy-lstm-cell", "numpy-feedforward-nn"):
        solve(quizzer_home, question_id)
    out = run("next")
    from quizzer.core.bank import find_question

    from quizzer.core.practice import from_notes

    named = out.stdout.split()[1]
    assert from_notes(find_question(named)[0]) and named not in ("numpy-simple-nn", "numpy-lstm-cell", "numpy-feedforward-nn")
    assert ("quizzer answer " + named in out.stdout) or ("quizzer start " + named in out.stdout)


@pytest.mark.contract
def test_next_puts_the_most_overdue_review_first(quizzer_home):
    from quizzer.core import review

    now = datetime.now(timezone.utc)
    with store(quizzer_home) as db:
        review.review(db, "numpy-softmax", review.AGAIN, now - timedelta(days=3))
        review.review(db, "gelu-vs-relu", review.AGAIN, now - timedelta(days=9))
    out = run("next")
    assert out.stdout.startswith("next: gelu-vs-relu ") and "review due" in out.stdout
    assert "quizzer answer gelu-vs-relu" in out.stdout


def test_next_names_your_file_when_it_is_already_here(tmp_path):
    run("start", "numpy-simple-nn", str(tmp_path))
    out = run("next", cwd=tmp_path)
    assert "quizzer watch numpy-simple-nn numpy_simple_nn.py" in out.stdout and "--reset" in out.stdout


@pytest.mark.contract
def test_status_counts_solved_attempted_due_and_the_streak(quizzer_home):
    now = datetime.now(timezone.utc)
    solve(quizzer_home, LSTM, at=(now - timedelta(days=1)).timestamp())
    solve(quizzer_home, "numpy-softmax")
    with store(quizzer_home) as db:
        db.record_attempt(Attempt("numpy-adam", now.timestamp(), "wrong_answer", 0, 1, 5))
        from quizzer.core import review

        review.review(db, "gelu-vs-relu", review.AGAIN, now - timedelta(days=3))
    out = run("status")
    assert out.returncode == 0, out.stderr
    lines = {line.split()[0]: line.split()[1] for line in out.stdout.splitlines() if line.strip()}
    assert lines["solved"] == "2" and lines["attempted"] == "1" and lines["due"] == "now" and lines["streak"] == "2"
    assert "1" == next(line for line in out.stdout.splitlines() if line.startswith("due now")).split()[2]
    recurrent = next(line for line in out.stdout.splitlines() if line.startswith("recurrent "))
    assert " 1/" in recurrent


def test_list_filters_by_status_and_difficulty(quizzer_home):
    solve(quizzer_home, LSTM)
    with store(quizzer_home) as db:
        db.record_attempt(Attempt("numpy-adam", 1.0, "wrong_answer", 0, 1, 5))
    ids = lambda *flags: [row["id"] for row in json.loads(run("list", "--json", *flags).stdout)]  # noqa: E731
    assert ids("--status", "solved") == [LSTM]
    assert ids("--status", "attempted") == ["numpy-adam"]
    new = ids("--status", "new")
    assert LSTM not in new and "numpy-adam" not in new and "numpy-softmax" in new
    assert ids("--status", "due") == []  # attempts alone schedule nothing here
    easy = json.loads(run("list", "--json", "--difficulty", "easy").stdout)
    assert easy and all(row["difficulty"] == "easy" for row in easy)
    both = ids("--difficulty", "medium", "--status", "solved")
    assert both == [LSTM]
    assert run("list", "--status", "done").returncode == 2


def test_list_status_due_lists_the_due_reviews(quizzer_home):
    from quizzer.core import review

    with store(quizzer_home) as db:
        review.review(db, "numpy-softmax", review.AGAIN, datetime.now(timezone.utc) - timedelta(days=3))
    rows = json.loads(run("list", "--json", "--status", "due").stdout)
    assert [row["id"] for row in rows] == ["numpy-softmax"]


# -- answer ------------------------------------------------------------------------------------


@pytest.mark.contract
def test_answer_a_concept_question_then_grade_it(quizzer_home):
    out = run("answer", "gelu-vs-relu", stdin="GELU is smooth.\nReLU is not.\n\n3\n")
    assert out.returncode == 0, out.stderr
    assert "Model answer" in out.stdout and "Rubric" in out.stdout and "graded Good" in out.stdout
    with store(quizzer_home) as db:
        grades = [(row["rating"], row["answer"]) for row in db.export()["tables"]["grades"]]
        assert grades == [(3, "GELU is smooth.\nReLU is not.")]
        assert db.status() == {"gelu-vs-relu": "solved"}


def test_answer_a_concept_and_stopping_before_the_grade_keeps_the_draft(quizzer_home):
    out = run("answer", "gelu-vs-relu", stdin="half an answer\n")
    assert out.returncode == 1 and "nothing recorded" in out.stdout and "Traceback" not in out.stderr
    with store(quizzer_home) as db:
        assert db.status() == {} and db.draft("gelu-vs-relu") == "half an answer"


def test_answer_a_grade_that_is_no_grade_asks_again(quizzer_home):
    out = run("answer", "gelu-vs-relu", stdin="an answer\n\n7\nfour\n2\n")
    assert out.returncode == 0 and "graded Hard" in out.stdout
    assert out.stderr.count("type 1, 2, 3 or 4") == 2


def _choice(question_id: str):
    from quizzer.core.bank import find_question

    spec = find_question(question_id)[0].spec
    right = [chr(65 + i) for i, option in enumerate(spec.options) if option.correct]
    wrong = [chr(65 + i) for i, option in enumerate(spec.options) if not option.correct]
    return right, wrong


@pytest.mark.contract
def test_answer_a_choice_question_is_graded_by_letter(quizzer_home):
    right, wrong = _choice("linear-layers-collapse")
    out = run("answer", "linear-layers-collapse", stdin="Z\n" + ",".join(right).lower() + "\n")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Right." in out.stdout and "try again" in out.stderr
    out = run("answer", "linear-layers-collapse", stdin=wrong[0] + "\n")
    assert out.returncode == 1 and "Not quite." in out.stdout
    with store(quizzer_home) as db:
        got = [(a.verdict, a.answer) for a in reversed(db.attempts("linear-layers-collapse"))]
    assert got == [("accepted", ",".join(right)), ("wrong_answer", wrong[0])]


@pytest.mark.contract
def test_answer_a_numeric_question_parses_the_number(quizzer_home):
    from quizzer.core.bank import find_question

    spec = find_question("mlp-parameter-count")[0].spec
    out = run("answer", "mlp-parameter-count", stdin=f"lots\n{spec.answer:g}\n")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Right." in out.stdout and out.stderr.count("try again") == 1  # not a number: asked again, nothing graded
    out = run("answer", "mlp-parameter-count", stdin=f"{spec.answer + spec.tolerance + 1:g}\n")
    assert out.returncode == 1 and "Not quite." in out.stdout
    with store(quizzer_home) as db:
        assert [a.verdict for a in reversed(db.attempts("mlp-parameter-count"))] == ["accepted", "wrong_answer"]


def test_answer_refuses_a_coding_question_and_end_of_input_records_nothing(quizzer_home):
    out = run("answer", LSTM)
    assert out.returncode == 2 and "quizzer start" in out.stderr
    out = run("answer", "mlp-parameter-count", stdin="")
    assert out.returncode == 1 and "nothing recorded" in out.stdout
    with store(quizzer_home) as db:
        assert db.attempts() == []


# -- completion ---------------------------------------------------------------------------------


def complete(line: str, tmp_path: Path) -> tuple[list[str], str]:
    """What the shell's completion offers for `line` (the cursor at its end), and what Python imported."""
    target = tmp_path / "completions"
    env = {**os.environ, "_ARGCOMPLETE": "1", "_ARGCOMPLETE_STDOUT_FILENAME": str(target), "COMP_LINE": line, "COMP_POINT": str(len(line))}
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "quizzer"], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    return target.read_text().replace("\x0b", " ").split(), out.stderr


def test_completion_offers_commands_flags_and_question_ids_without_loading_the_bank(tmp_path):
    commands, _ = complete("quizzer wa", tmp_path)
    assert commands == ["watch"]
    ids, imported = complete("quizzer submit numpy-lstm-c", tmp_path)
    assert ids == ["numpy-lstm-cell", "numpy-lstm-cell-backward"]
    assert not any(name in imported for name in ("pydantic", "numpy", "sqlite3"))
    flags, _ = complete("quizzer list --sta", tmp_path)
    assert flags == ["--status"]
    hint_ids, _ = complete("quizzer hint gelu", tmp_path)
    assert hint_ids == ["gelu-vs-relu"]


def test_an_ordinary_command_does_not_import_argcomplete():
    code = "import sys; from quizzer.cli import main; main(['list']); print('argcomplete' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "False"
