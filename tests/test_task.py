"""The submit path's plain JudgeTask agrees with the validated spec for every coding question."""

from __future__ import annotations

import subprocess
import sys

import pytest
from toybank import copy_question

from quizzer import paths
from quizzer.core.bank import load_bank
from quizzer.core.spec import Coding
from quizzer.core.task import JudgeTask, TaskError, read_task

BANK = load_bank()
CODING = sorted(q.id for q in BANK.questions.values() if isinstance(q.spec, Coding))


@pytest.mark.parametrize("question_id", CODING)
def test_read_task_equals_the_validated_spec(question_id):
    question = BANK.questions[question_id]
    assert read_task(question.folder) == JudgeTask.from_question(question)


def test_anything_unexpected_is_a_task_error_not_a_guess(tmp_path):
    folder = tmp_path / "numpy-lstm-cell"
    copy_question("numpy-lstm-cell", folder)
    spec = folder / "question.toml"
    text = spec.read_text()
    for broken in (text.replace("time_limit_s = 2.0", "time_limit_s = -2.0"), text.replace('kind = "coding"', 'kind = "concept"'), "id = [", text + "\n[[entries]]\nnmae = 'x'\n"):
        spec.write_text(broken)
        with pytest.raises(TaskError):
            read_task(folder)


@pytest.mark.parametrize("flags, verdict", [(["--json"], '"verdict": "accepted"'), ([], "accepted: 13/13")])
def test_submit_of_a_shipped_question_never_imports_pydantic(flags, verdict):
    # pydantic is a third of a cold submit; the text verdict once brought it in through the question renderer.
    code = (
        "import sys; from quizzer.cli import main; "
        f"main(['submit', 'numpy-lstm-cell', {str(paths.reference_dir() / 'numpy_lstm_cell.py')!r}, *{flags!r}]); "
        "print('pydantic' in sys.modules, file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert verdict in out.stdout
    assert out.stderr.strip().splitlines()[-1] == "False"
