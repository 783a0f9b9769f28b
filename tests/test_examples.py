"""A coding question's examples run like notebook cells against a file, in the sandbox, and `validate` checks them."""

from __future__ import annotations

import os
import shutil

from quizzer.core import judge
import pytest

from quizzer.core.bank import find_question, load_bank, load_question
from quizzer.core.examples import ExampleRun, preamble, run_examples
from quizzer.core.render import question_markdown
from quizzer.core.validate import check_examples

SOFTMAX, _ = find_question("numpy-softmax")
GOOD = SOFTMAX.reference_path.read_bytes()
# A PyTorch question's examples import torch in the child: they need the test extra's torch (and a few seconds).
CODING = [
    pytest.param(q.id, marks=[pytest.mark.torch, pytest.mark.slow]) if "torch" in q.spec.allowed_imports else q.id
    for q in sorted(load_bank().questions.values(), key=lambda q: q.id)
    if q.spec.kind.value == "coding"
]


@pytest.mark.parametrize("question_id", CODING)
def test_every_example_of_the_bank_runs_with_the_reference_and_prints_what_it_shows(question_id):
    question, _ = find_question(question_id)
    assert check_examples(question) == []


def test_the_reference_prints_what_the_question_shows():
    runs = run_examples(SOFTMAX, GOOD)
    assert len(runs) == len(SOFTMAX.spec.examples) >= 2
    assert all(run.matches and not run.error for run in runs), runs
    assert runs[0].printed.startswith("[[")  # the printed values, not a description of them


def test_a_wrong_file_prints_something_else_and_does_not_match():
    source = GOOD + b"\n_right = softmax\ndef softmax(x, axis=-1):\n    return _right(x, axis) * 2\n"
    runs = run_examples(SOFTMAX, source)
    assert not runs[0].matches and not runs[0].error
    assert runs[0].printed != runs[0].shown and "0.1801" in runs[0].printed  # 2 * 0.0900


def test_examples_run_in_order_in_the_files_namespace_and_outside_the_judge():
    # The cells see the file's names and each other's; they run in another process (the sandboxed child).
    source = GOOD + b"import os\nWHO = os.getpid()\n"
    question = _with_examples(["print(WHO == %d)" % os.getpid(), "later = WHO", "print(later == WHO, np.pi)"])
    runs = run_examples(question, source)
    assert [run.printed for run in runs] == ["False\n", "", "True 3.141592653589793\n"]


def test_the_child_never_receives_the_output_the_question_shows(monkeypatch):
    jobs = []
    spawner = judge.safe_spawner()

    def spy(job, source, limits):
        jobs.append(job)
        return spawner(job, source, limits)

    monkeypatch.setattr(judge, "safe_spawner", lambda: spy)
    run_examples(SOFTMAX, GOOD)
    sent = repr(jobs)
    assert jobs and all(example.output.strip() not in sent for example in SOFTMAX.spec.examples)
    assert jobs[0]["examples"][0] == preamble(SOFTMAX.spec)


def test_the_first_failing_example_says_why_and_the_rest_are_not_run():
    question = _with_examples(["print(1)", "undefined_name", "print(3)"])
    runs = run_examples(question, GOOD)
    assert runs[0].printed == "1\n" and not runs[0].error
    assert "NameError" in runs[1].error and "undefined_name" in runs[1].error
    assert runs[2].error.startswith("not run") and not runs[2].matches


def test_a_file_that_does_not_load_or_hangs_is_said_on_the_examples():
    runs = run_examples(SOFTMAX, b"import torch\n")
    assert "did not load" in runs[0].error and "torch" in runs[0].error
    assert runs[1].error.startswith("not run")
    hangs = run_examples(SOFTMAX, b"def softmax(x, axis=-1):\n    while True: pass\ndef log_softmax(x, axis=-1): pass\n")
    assert "time limit" in hangs[0].error


def test_trailing_whitespace_is_all_the_comparison_forgives():
    assert ExampleRun("", "a\nb", "a  \nb\n\n").matches
    assert not ExampleRun("", "a\nb", " a\nb").matches
    assert not ExampleRun("", "a", "a", error="boom").matches


@pytest.mark.contract
def test_validate_names_the_question_and_the_example_that_prints_otherwise(tmp_path):
    folder = tmp_path / "activation-functions" / "numpy-softmax"
    shutil.copytree(SOFTMAX.folder, folder)
    spec = folder / "question.toml"
    shown = SOFTMAX.spec.examples[1].output.strip()
    text = spec.read_text()
    assert text.count(shown) == 1
    spec.write_text(text.replace(shown, shown.replace("0.09", "0.19")))
    question, errors = load_question(folder)
    assert not errors
    problems = check_examples(question)
    assert len(problems) == 1 and "numpy-softmax example 2 prints" in problems[0] and "examples.1" in problems[0]
    assert "-" in problems[0] and "0.19" in problems[0]  # the diff shows the line the question has wrong


def test_the_question_shows_the_preamble_and_what_each_example_prints():
    markdown = question_markdown(SOFTMAX)
    assert preamble(SOFTMAX.spec) in markdown
    for example in SOFTMAX.spec.examples:
        assert example.code.strip() in markdown and example.output.strip() in markdown


def _with_examples(cells: list[str]):
    """numpy-softmax with these example cells (outputs left empty)."""
    spec = SOFTMAX.spec.model_copy(update={"examples": [type(SOFTMAX.spec.examples[0])(code=c, output="") for c in cells]})
    return type(SOFTMAX)(spec, SOFTMAX.folder)

