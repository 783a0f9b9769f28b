"""Spaced repetition (FSRS): ratings from verdicts and answers, scheduling, the due queue, statuses."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from quizzer.core import review
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


@pytest.mark.parametrize(("correct", "hints", "rating"), [(False, 0, review.AGAIN), (False, 2, review.AGAIN), (True, 0, review.GOOD), (True, 1, review.HARD)])
def test_rating_for_answer_never_easy(correct, hints, rating):
    assert review.rating_for_answer(correct, hints) == rating


def test_again_comes_back_sooner_than_easy(store):
    again = review.review(store, "a", review.AGAIN, NOW)
    easy = review.review(store, "b", review.EASY, NOW)
    assert NOW < again < NOW + timedelta(hours=1) < easy
    assert review.due(store, NOW) == []
    assert review.due(store, NOW + timedelta(hours=1)) == ["a"]
    assert review.due(store, easy) == ["a", "b"]  # most overdue first


def test_a_question_answered_well_today_is_not_due_again_today(store):
    good = review.review(store, "good", review.GOOD, NOW)
    hard = review.review(store, "hard", review.HARD, NOW)
    review.review(store, "again", review.AGAIN, NOW)
    assert max(good, hard) < NOW + timedelta(minutes=15)  # FSRS's learning steps: back in minutes
    later_today = NOW + timedelta(hours=2)
    assert review.due(store, later_today, tz=timezone.utc) == ["again"]  # forgotten: back today
    tomorrow = datetime(2026, 3, 3, 0, 5, tzinfo=timezone.utc)
    assert review.due(store, tomorrow, tz=timezone.utc) == ["again", "hard", "good"]
    # The day is the user's: in Tokyo 09:30 UTC is 18:30, and that day ends at 15:00 UTC.
    tokyo = timezone(timedelta(hours=9))
    assert review.due(store, NOW + timedelta(hours=4, minutes=30), tz=tokyo) == ["again"]
    assert review.due(store, NOW + timedelta(hours=5, minutes=30), tz=tokyo) == ["again", "hard", "good"]  # 00:00 on the 3rd there


def test_the_latest_review_of_the_day_decides(store):
    review.review(store, "q", review.GOOD, NOW)
    review.review(store, "q", review.AGAIN, NOW + timedelta(minutes=20))  # gave up after all
    assert review.due(store, NOW + timedelta(hours=2), tz=timezone.utc) == ["q"]


def test_successive_good_reviews_space_out(store):
    now, gaps = NOW, []
    for _ in range(4):
        due = review.review(store, "q", review.GOOD, now)
        gaps.append(due - now)
        now = due
    assert gaps == sorted(gaps) and gaps[-1] > gaps[0]
    assert store.connection.execute("SELECT COUNT(*) FROM review_log WHERE question = 'q'").fetchone()[0] == 4


def test_schedule_attempt_rates_from_attempts_and_hints_since_the_last_review(store):
    store.record_attempt(Attempt("q", NOW.timestamp() - 100, "wrong_answer", 0, 3, 10))
    store.record_hint("q", 0, at=NOW.timestamp() - 50)
    store.record_attempt(Attempt("q", NOW.timestamp() - 10, "accepted", 3, 3, 10))
    review.schedule_attempt(store, "q", NOW)
    assert store.connection.execute("SELECT rating FROM review_log").fetchall() == [(review.GOOD,)]
    later = NOW + timedelta(days=10)
    store.record_attempt(Attempt("q", later.timestamp(), "accepted", 3, 3, 10))  # the old ones no longer count
    review.schedule_attempt(store, "q", later + timedelta(seconds=1))
    assert store.connection.execute("SELECT rating FROM review_log ORDER BY id").fetchall() == [(review.GOOD,), (review.EASY,)]


def test_record_answer_stores_an_attempt_and_reviews(store):
    store.record_hint("c", 0, at=NOW.timestamp() - 5)
    rating, due = review.record_answer(store, "c", True, "B", 1200, NOW)
    assert rating == review.HARD and due > NOW
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
