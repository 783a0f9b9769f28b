"""Loading the bank: every error collected with file and field; one broken question never stops the rest."""

from __future__ import annotations

import shutil

import pytest

from quizzer import paths
from quizzer.core.bank import load_bank, load_question
from quizzer.core.spec import Coding


@pytest.fixture
def bank_copy(tmp_path, monkeypatch):
    """A writable copy of the bank, made the content root."""
    shutil.copytree(paths.questions_dir(), tmp_path / "questions")
    shutil.copytree(paths.reference_dir(), tmp_path / "reference")
    monkeypatch.setenv("QUIZZER_CONTENT", str(tmp_path))
    return tmp_path


LSTM = "questions/recurrent/numpy-lstm-cell"


def test_the_shipped_bank_loads_without_errors():
    bank = load_bank()
    assert bank.errors == []
    assert "numpy-lstm-cell" in bank.questions


def test_every_error_names_its_file_and_field(bank_copy):
    spec = bank_copy / LSTM / "question.toml"
    text = spec.read_text().replace('difficulty = "medium"', 'difficulty = "impossible"').replace("time_limit_s = 2.0", "time_limit_s = -1")
    spec.write_text(text)
    question, errors = load_question(spec.parent)
    assert question is None
    assert {e.location for e in errors} == {"difficulty", "time_limit_s"}
    assert all(e.file == spec for e in errors)
    assert "[difficulty]" in str(errors[0]) or "[difficulty]" in str(errors[1])


def test_one_broken_question_does_not_stop_the_others(bank_copy):
    total = len(load_bank().questions)
    (bank_copy / LSTM / "question.toml").write_text("id = [unclosed")
    bank = load_bank()
    assert len(bank.questions) == total - 1
    assert "numpy-lstm-cell" in bank.broken
    assert "not valid TOML" in bank.broken["numpy-lstm-cell"][0].message


def test_missing_side_files_are_errors_too(bank_copy):
    (bank_copy / LSTM / "mutants" / "concat_order.py").unlink()
    (bank_copy / LSTM / "suite.py").unlink()
    _, errors = load_question(bank_copy / LSTM)
    messages = {(e.file.name, e.location) for e in errors}
    assert ("question.toml", "mutants.0.file") in messages
    assert ("suite.py", "") in messages


def test_folder_and_id_must_agree(bank_copy):
    moved = bank_copy / "questions/recurrent/lstm-renamed"
    (bank_copy / LSTM).rename(moved)
    _, errors = load_question(moved)
    assert [e.location for e in errors] == ["id"]


def test_duplicate_ids_are_reported(bank_copy):
    """A copy that is valid on its own (its topic matches its new folder) and clashes only by id."""
    copy = bank_copy / "questions/attention/numpy-lstm-cell"
    shutil.copytree(bank_copy / LSTM, copy)
    spec = copy / "question.toml"
    spec.write_text(spec.read_text().replace('topic = "recurrent"', 'topic = "attention"'))
    _, errors = load_question(copy)
    assert errors == []  # the copy alone is a good question
    original = bank_copy / LSTM / "question.toml"
    bank = load_bank()
    [error] = bank.errors
    flagged, other = (spec, original) if error.file == spec else (original, spec)
    assert (error.file, error.location) == (flagged, "id")
    assert error.message == f"duplicate id, also in {other.parent}"


def test_a_numpy_question_may_not_allow_torch(bank_copy):
    spec = bank_copy / LSTM / "question.toml"
    spec.write_text(spec.read_text().replace('allowed_imports = ["numpy"]', 'allowed_imports = ["numpy", "torch"]'))
    _, errors = load_question(spec.parent)
    assert errors and "must not allow torch" in errors[0].message


def test_coding_questions_ship_at_least_four_mutants():
    for question in load_bank().questions.values():
        if isinstance(question.spec, Coding):
            assert len(question.spec.mutants) >= 4, question.id
