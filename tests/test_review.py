"""Spaced repetition (FSRS): ratings from verdicts and answers, scheduling, the due queue, statuses."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from quizzer.core import review
from quizzer.core.attempts import record_submission
from quizzer.core.verdicts import Verdict
from quizzer.core.progress import ago, browser_rows, filter_rows, topic_progress, until
from quizzer.core.store import Attempt, Store

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path)


@pytest.mark.parametrize(
    ("verdicts", "hints", "rating"),
    [
        ([], 0, review.AGAIN),
        (["wrong_answer"], 0, review.AGAIN),
        (["accepted"], 0, review.EASY),
        (["accepted"], 1, review.GOOD),
        (["wrong_answer", "accepted"], 0, review.GOOD),
        (["wrong_answer", "wrong_answer", "accepted"], 1, review.GOOD),
        (["wrong_answer"] * 3 + ["accepted"], 0, review.HARD),
        (["accepted"], 3, review.HARD),
        (["accepted", "wrong_answer"], 0, review.AGAIN),
    ],
)
def test_rating_for_coding(verdicts, hints, rating):
    assert review.rating_for_coding(verdicts, hints) == rating


@pytest.mark.parametrize(
    ("answers", "hints", "rating"),
    [
        ([], 0, review.AGAIN),
        ([False], 0, review.AGAIN),
        ([False], 2, review.AGAIN),
        ([True], 0, review.GOOD),
        ([True], 1, review.HARD),
        ([False, True], 0, review.HARD),
    ],
)
def test_rating_for_answer_never_easy(answers, hints, rating):
    assert review.rating_for_answer(answers, hints) == rating


def test_again_comes_back_sooner_than_easy(store):
    again = review.review(store, "a", review.AGAIN, NOW)
    easy = review.review(store, "b", review.EASY, NOW)
    assert again == NOW + timedelta(days=1) and easy == NOW + timedelta(days=8)  # no same-day steps: one review a day
    assert review.due(store, NOW + timedelta(hours=23)) == []
    assert review.due(store, NOW + timedelta(days=1)) == ["a"]
    assert review.due(store, easy) == ["a", "b"]  # most overdue first


def test_successive_good_reviews_space_out(store):
    now, gaps = NOW, []
    for _ in range(4):
        due = review.review(store, "q", review.GOOD, now)
        gaps.append(due - now)
        now = due
    assert gaps == sorted(gaps) and gaps[-1] > gaps[0]
    assert reviews(store, "q") == [review.GOOD] * 4


# -- one review a day ------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def local_zone(monkeypatch):
    """Local time is UTC+2 (no DST) in these tests, whatever the machine's: NOW is 11:30 local, midnight 22:00 UTC."""
    monkeypatch.setenv("TZ", "XYZ-2")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def reviews(store, question: str) -> list[int]:
    """The question's review log, oldest first: one rating per day reviewed."""
    return [row[0] for row in store.connection.execute("SELECT rating FROM review_log WHERE question = ? ORDER BY at", (question,))]


def submit(store, question: str, verdict: str, at: datetime) -> None:
    """Record a judged submission the way the CLI and the app do."""
    result = SimpleNamespace(verdict=Verdict(verdict), passed=int(verdict == "accepted"), total=1, time_ms=10, seed=7)
    record_submission(store, question, result, b"def f(): pass\n", at=at.timestamp())


def due_of(store, question: str) -> datetime:
    """When the question's card is due."""
    return datetime.fromtimestamp(store.connection.execute("SELECT due FROM cards WHERE question = ?", (question,)).fetchone()[0], timezone.utc)


def test_accepted_submits_in_a_row_are_one_review(store):
    for second in range(5):  # five accepted submits within a few seconds
        submit(store, "q", "accepted", NOW + timedelta(seconds=second))
    assert reviews(store, "q") == [review.EASY]
    assert due_of(store, "q") == NOW + timedelta(seconds=4, days=8)  # not 43 days: one Easy review, not five


def test_wrong_then_right_a_minute_later_is_one_good_review(store):
    submit(store, "q", "wrong_answer", NOW)
    assert reviews(store, "q") == [review.AGAIN]
    submit(store, "q", "accepted", NOW + timedelta(minutes=1))
    assert reviews(store, "q") == [review.GOOD]  # the "up to 3 attempts" rule applies to the day's attempts
    for minute in (2, 3):
        submit(store, "q", "wrong_answer", NOW + timedelta(minutes=minute))  # after the day's success: it stands
    assert reviews(store, "q") == [review.GOOD]


def test_hints_count_up_to_the_days_first_success(store):
    store.record_hint("q", 0, at=(NOW - timedelta(minutes=5)).timestamp())
    submit(store, "q", "accepted", NOW)
    assert reviews(store, "q") == [review.GOOD]  # solved first try, with one hint
    store.record_hint("h", 0, at=(NOW - timedelta(days=1)).timestamp())  # yesterday's hint is not today's
    submit(store, "h", "accepted", NOW)
    assert reviews(store, "h") == [review.EASY]


def test_a_hint_after_an_accept_changes_nothing(store):
    submit(store, "q", "accepted", NOW)
    store.record_hint("q", 0, at=(NOW + timedelta(minutes=1)).timestamp())
    submit(store, "q", "accepted", NOW + timedelta(minutes=2))
    assert reviews(store, "q") == [review.EASY]
    assert due_of(store, "q") == NOW + timedelta(minutes=2, days=8)


def test_a_give_up_before_the_success_makes_the_day_again(store):
    submit(store, "q", "wrong_answer", NOW)
    review.give_up(store, "q", NOW + timedelta(minutes=1))
    submit(store, "q", "accepted", NOW + timedelta(minutes=2))  # after reading the walkthrough
    assert reviews(store, "q") == [review.AGAIN]
    submit(store, "s", "accepted", NOW)
    assert review.give_up(store, "s", NOW + timedelta(minutes=1)) == NOW + timedelta(days=8)  # solved already: it stands
    assert reviews(store, "s") == [review.EASY]


def test_crossing_local_midnight_starts_a_new_days_review(store):
    late = datetime(2026, 3, 2, 21, 58, tzinfo=timezone.utc)  # 23:58 local
    submit(store, "q", "wrong_answer", late)
    submit(store, "q", "accepted", late + timedelta(minutes=3))  # 00:01 local: a new day, solved first try
    assert reviews(store, "q") == [review.AGAIN, review.EASY]
    submit(store, "r", "wrong_answer", late - timedelta(hours=2))  # 21:58 and 23:59 local: the same day
    submit(store, "r", "accepted", late + timedelta(minutes=1))
    assert reviews(store, "r") == [review.GOOD]


def test_choice_and_numeric_answers_are_one_review_a_day(store):
    assert review.record_answer(store, "c", False, "A", 900, NOW)[0] == review.AGAIN
    rating, due = review.record_answer(store, "c", True, "B", 900, NOW + timedelta(minutes=1))
    assert rating == review.HARD and reviews(store, "c") == [review.HARD]  # right after a wrong answer
    assert review.record_answer(store, "c", True, "B", 900, NOW + timedelta(minutes=2))[0] == review.HARD
    assert reviews(store, "c") == [review.HARD] and [a.answer for a in store.attempts("c")] == ["B", "B", "A"]


def test_the_days_first_self_grade_is_its_review(store):
    review.self_grade(store, "k", review.AGAIN, "I forgot", NOW)
    review.self_grade(store, "k", review.EASY, "after reading the model answer", NOW + timedelta(minutes=3))
    assert reviews(store, "k") == [review.AGAIN]
    tomorrow = NOW + timedelta(days=1)
    assert review.self_grade(store, "k", review.GOOD, "remembered", tomorrow) >= tomorrow + timedelta(days=1)
    assert reviews(store, "k") == [review.AGAIN, review.GOOD]


def test_the_card_is_replayed_from_the_review_log_not_read_back(store):
    submit(store, "q", "accepted", NOW)
    store.connection.execute("UPDATE cards SET card = '{\"not\": \"a card\"}'")  # damaged by hand: never read back
    submit(store, "q", "accepted", NOW + timedelta(days=8))
    assert reviews(store, "q") == [review.EASY, review.EASY]
    assert due_of(store, "q") > NOW + timedelta(days=16)


def test_record_answer_stores_an_attempt_and_reviews(store):
    store.record_hint("c", 0, at=NOW.timestamp() - 5)
    rating, due = review.record_answer(store, "c", True, "B", 1200, NOW)
    assert rating == review.HARD and due == NOW + timedelta(days=1)
    assert [(a.verdict, a.passed, a.total, a.answer, a.duration_ms) for a in store.attempts("c")] == [("accepted", 1, 1, "B", 1200)]
    assert store.status() == {"c": "solved"}


def test_self_grade_records_the_grade_and_reviews_with_it(store):
    due = review.self_grade(store, "k", review.AGAIN, "I forgot", NOW)
    assert store.connection.execute("SELECT rating, answer, at FROM grades").fetchall() == [(1, "I forgot", NOW.timestamp())]
    assert review.due(store, due) == ["k"]
    assert store.status() == {"k": "attempted"}


def test_statuses_mark_due_over_solved(store):
    store.record_attempt(Attempt("s", NOW.timestamp(), "accepted", 1, 1, 1))
    store.record_attempt(Attempt("d", NOW.timestamp(), "accepted", 1, 1, 1))
    review.review(store, "d", review.AGAIN, NOW - timedelta(days=1))
    assert review.statuses(store, NOW) == {"s": "solved", "d": "due"}


# -- progress summaries used by the home screen and the browser ---------------------------------------


def test_ago_and_until_read_naturally():
    at = NOW.timestamp()
    assert [ago(at - s, NOW) for s in (5, 300, 7200, 3 * 86400)] == ["just now", "5 min ago", "2 h ago", "3 d ago"]
    assert [until(NOW + d, NOW) for d in (timedelta(minutes=10), timedelta(hours=5), timedelta(days=4))] == ["in 10 min", "in 5 h", "in 4 d"]


def test_topic_progress_and_browser_rows(tmp_path):
    from pathlib import Path

    from quizzer.core.bank import load_bank

    bank = load_bank(Path(__file__).parent / "app_bank" / "questions")
    marks = {"choice-relu": "attempted", "numeric-params": "solved"}
    assert [(t.topic, t.solved, t.attempted, t.total) for t in topic_progress(bank, marks)] == [("basics", 1, 1, 3)]
    rows = browser_rows(bank, {**marks, "choice-relu": "due"})
    assert [(r.id, r.status) for r in rows] == [
        ("choice-relu", "due"),
        ("concept-bias-variance", "new"),
        ("numeric-params", "solved"),
        ("broken-spec", "broken"),
    ]
    assert rows[-1].topic == "other" and rows[-1].error.startswith("question.toml: not valid TOML")
    assert [r.id for r in filter_rows(rows, query="RELU deriv")] == ["choice-relu"]
    assert [r.id for r in filter_rows(rows, query="generalization")] == ["concept-bias-variance"]  # tags count
    assert [r.id for r in filter_rows(rows, kind="numeric", difficulty="medium", topic="basics")] == ["numeric-params"]
    assert [r.id for r in filter_rows(rows, status="broken")] == ["broken-spec"]
    assert filter_rows(rows, kind="coding") == []


def test_the_walkthrough_opens_on_a_solve_or_a_give_up_only(tmp_path):
    store = Store(tmp_path)
    store.record_attempt(Attempt("solved", 1.0, "accepted", 1, 1, 10))
    store.record_attempt(Attempt("tried", 1.0, "wrong_answer", 0, 1, 10))
    review.give_up(store, "abandoned")
    assert [review.walkthrough_open(store, q) for q in ("solved", "tried", "abandoned", "untouched")] == [True, False, True, False]
