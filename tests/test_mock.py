"""The mock interview's logic (quizzer.core.mock): picking a mixed set, the clock, the report."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from quizzer import paths
from quizzer.core.bank import load_bank
from quizzer.core.mock import MockConfig, MockInterview, format_clock, pick_questions

CONCEPT = '''id = "{id}"
title = "Concept question {id}"
topic = "{topic}"
kind = "concept"
difficulty = "easy"
prompt = "Explain {id} in a few sentences."
hints = ["Think about it."]
walkthrough = "The walkthrough of {id}."
model_answer = "The model answer of {id}, long enough."
rubric = ["point one", "point two", "point three"]
'''


def write_bank(root: Path, concepts: dict[str, str]) -> Path:
    """A bank in `root`: the LSTM coding question and one concept question per id -> topic."""
    lstm = paths.questions_dir() / "recurrent" / "numpy-lstm-cell"
    shutil.copytree(lstm, root / "recurrent" / "numpy-lstm-cell")
    for question_id, topic in concepts.items():
        folder = root / topic / question_id
        folder.mkdir(parents=True)
        (folder / "question.toml").write_text(CONCEPT.format(id=question_id, topic=topic), encoding="utf-8")
    return root


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def bank(tmp_path):
    root = write_bank(tmp_path / "questions", {"c-one": "recurrent", "c-two": "recurrent", "c-three": "basics", "c-four": "basics"})
    loaded = load_bank(root)
    assert not loaded.errors, loaded.errors
    return loaded


def test_pick_mixes_kinds_concept_first_and_respects_counts(bank):
    picked = pick_questions(bank, MockConfig(coding=1, concept=3), random.Random(0))
    kinds = [q.spec.kind.value for q in picked]
    assert kinds == ["concept", "coding", "concept", "concept"]
    assert len({q.id for q in picked}) == 4


def test_pick_filters_topics_and_shrinks_when_the_bank_is_small(bank):
    picked = pick_questions(bank, MockConfig(coding=2, concept=3, topics=("basics",)), random.Random(1))
    assert sorted(q.id for q in picked) == ["c-four", "c-three"]  # no coding question in "basics"


def test_pick_takes_avoided_questions_last(bank):
    for seed in range(5):
        picked = pick_questions(bank, MockConfig(coding=0, concept=2), random.Random(seed), avoid={"c-one", "c-two"})
        assert sorted(q.id for q in picked) == ["c-four", "c-three"]
    picked = pick_questions(bank, MockConfig(coding=0, concept=3), random.Random(0), avoid={"c-one", "c-two"})
    assert {"c-three", "c-four"} < {q.id for q in picked}


def test_config_refuses_an_empty_interview():
    with pytest.raises(ValueError):
        MockConfig(coding=0, concept=0)
    with pytest.raises(ValueError):
        MockConfig(minutes=0)


def test_clock_books_time_per_question_and_stops_at_the_end(bank):
    clock = FakeClock()
    questions = pick_questions(bank, MockConfig(minutes=10, coding=1, concept=1), random.Random(0))
    mock = MockInterview(questions, duration_s=600, clock=clock)
    assert mock.remaining() == 600 and not mock.expired
    mock.enter(0)
    clock.tick(90)
    mock.enter(1)
    clock.tick(200)
    mock.enter(0)
    clock.tick(30)
    assert mock.remaining() == 600 - 320
    mock.finish()
    clock.tick(1000)  # after the end the clock no longer moves
    assert mock.elapsed() == 320
    assert [item.seconds for item in mock.items] == [120, 200]


def test_expiry_caps_time_and_the_report_says_so(bank):
    clock = FakeClock()
    coding = bank.get("numpy-lstm-cell")
    concept = bank.get("c-one")
    mock = MockInterview([concept, coding], duration_s=60, clock=clock)
    mock.enter(1)
    mock.record_verdict(coding.id, "wrong_answer", 3, 13)
    mock.record_verdict(coding.id, "accepted", 13, 13)
    mock.record_verdict(coding.id, "runtime_error", 0, 13)  # a later worse run does not undo a solve
    clock.tick(100)
    assert mock.expired and mock.remaining() == 0
    mock.record_answer(concept.id, "my answer")
    mock.grade(concept.id, 2)
    report = mock.report()
    assert report.timed_out and report.used_s == 60
    assert [item.seconds for item in report.items] == [0, 60]
    assert report.score == (1, 2)
    lines = report.lines()
    assert "(time ran out)" in lines[0]
    assert "self-graded Hard" in lines[1] and "accepted (13/13)" in lines[2]


def test_the_report_names_the_rubric_points_missed_and_what_to_review_next(bank):
    clock = FakeClock()
    one, two, three, coding = bank.get("c-one"), bank.get("c-two"), bank.get("c-three"), bank.get("numpy-lstm-cell")
    mock = MockInterview([one, coding, two, three], duration_s=900, clock=clock)
    for index, seconds in ((0, 100), (1, 400), (2, 50), (3, 10)):
        mock.enter(index)
        clock.tick(seconds)
    mock.record_answer(one.id, "covered the first point")
    mock.grade(one.id, 2, covered={0})  # Hard, two points missed
    mock.record_verdict(coding.id, "wrong_answer", 5, 13)
    mock.record_answer(two.id, "a full answer")
    mock.grade(two.id, 3, covered={0, 2})  # Good, one point missed
    report = mock.report()  # c-three: not answered
    assert [item.missed for item in report.items] == [["point two", "point three"], [], ["point two"], []]
    assert [(item.question.id, why) for item, why in report.review_next()] == [
        ("c-three", "not answered"),  # nothing done comes first
        ("numpy-lstm-cell", "wrong answer (5/13)"),
        ("c-one", "self-graded Hard, missed 2 rubric points"),
        ("c-two", "self-graded Good, missed 1 rubric point"),  # done well, but not all of it
    ]
    assert report.topics_to_review() == ["basics", "recurrent"]
    lines = report.lines()
    assert lines[1:4] == ["1. [concept] Concept question c-one: self-graded Hard, 1:40", "   missed: point two", "   missed: point three"]
    assert lines[4] == f"2. [coding] {coding.spec.title}: wrong answer (5/13), 6:40"
    assert lines[-2].startswith(f"Review next: Concept question c-three (not answered); {coding.spec.title} (wrong answer (5/13));")
    assert lines[-1] == "Topics: basics, recurrent"


def test_a_report_with_everything_done_well_says_so(bank):
    mock = MockInterview([bank.get("c-one")], duration_s=60, clock=FakeClock())
    mock.record_answer("c-one", "all of it")
    mock.grade("c-one", 4, covered={0, 1, 2})
    report = mock.report()
    assert report.review_next() == [] and report.lines()[-1] == "Nothing to review: every question was done well."


def test_outcomes_of_untouched_questions(bank):
    mock = MockInterview([bank.get("c-one"), bank.get("numpy-lstm-cell")], duration_s=60, clock=FakeClock())
    assert [item.outcome for item in mock.report().items] == ["not answered", "not submitted"]
    with pytest.raises(ValueError):
        mock.grade("c-one", 7)


@pytest.mark.parametrize(("seconds", "shown"), [(0, "0:00"), (59.9, "0:59"), (2700, "45:00"), (3725, "1:02:05"), (-3, "0:00")])
def test_format_clock(seconds, shown):
    assert format_clock(seconds) == shown
