"""Spaced repetition: every question is an FSRS card (the `fsrs` package), reviewed at most once a day.

A question gets one review per local day, rated from that day's activity up to its first
success: for a coding question the attempts until the first accepted one and the hints revealed
by then; for a choice or numeric question the answers until the first right one and the hints;
for a concept question the first self-grade. A give-up before the success makes the day Again.
Later activity the same day recomputes that day's review and replaces it (so five accepted
submits in a row are one review, and wrong then right a minute later is one Good), and what came
after the first success cannot lower it.

The card is a replay of the review log (one review per local day: the day's latest), so it
never depends on a stored card that could be damaged. There are no same-day learning steps:
a card reviewed today is due on a later day.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from quizzer.core.store import Attempt, Store

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}
CARD_ID = 1  # every question's card is replayed from its own log; the id only ties log entries to it


def rating_for_coding(verdicts: list[str], hints_used: int) -> int:
    """A rating from the day's attempts (oldest first) and hints: solved first try unaided is Easy."""
    if not verdicts or verdicts[-1] != "accepted":
        return AGAIN
    if len(verdicts) == 1 and hints_used == 0:
        return EASY
    if len(verdicts) <= 3 and hints_used <= 1:
        return GOOD
    return HARD


def rating_for_answer(answers: list[bool], hints_used: int) -> int:
    """A rating from the day's choice or numeric answers (right or not, oldest first) and hints:
    the last wrong is Again; right at the first try unaided Good; right after a wrong answer or a hint Hard.

    Never Easy: a right choice can be a guess.
    """
    if not answers or not answers[-1]:
        return AGAIN
    return HARD if hints_used or len(answers) > 1 else GOOD


def local_day(at: float) -> date:
    """The local calendar day of a timestamp."""
    return datetime.fromtimestamp(at).date()


def day_bounds(now: datetime) -> tuple[float, float]:
    """The local day holding `now`, as [start, end) timestamps (23 or 25 hours long across a DST change)."""
    day = local_day(now.timestamp())
    start = datetime.combine(day, datetime.min.time())  # naive: local time
    return start.timestamp(), (start + timedelta(days=1)).timestamp()


@dataclass(frozen=True)
class Day:
    """What the user did with one question on one local day, up to its first success."""

    verdicts: list[str]  # attempts, oldest first, up to and with the first accepted one
    hints: int  # distinct hints revealed by the first success (all day, without one)
    gave_up: bool  # given up by the first success
    grade: int | None  # the first self-grade, if any
    succeeded: bool  # an attempt was accepted or a self-grade given


def day_of(store: Store, question_id: str, now: datetime) -> Day:
    """The question's activity on `now`'s local day, up to its first success."""
    start, end = day_bounds(now)
    between = (question_id, start, end)
    db = store.connection
    attempts = db.execute("SELECT at, verdict FROM attempts WHERE question = ? AND at >= ? AND at < ? ORDER BY at, id", between).fetchall()
    grades = db.execute("SELECT at, rating FROM grades WHERE question = ? AND at >= ? AND at < ? ORDER BY at, id", between).fetchall()
    accepted = next((i for i, (_, verdict) in enumerate(attempts) if verdict == "accepted"), None)
    successes = ([attempts[accepted][0]] if accepted is not None else []) + ([grades[0][0]] if grades else [])
    upto = (*between, min(successes, default=math.inf))  # a hint or give-up at the very moment of the success counts
    hints = db.execute("SELECT COUNT(DISTINCT hint_index) FROM hints WHERE question = ? AND at >= ? AND at < ? AND at <= ?", upto).fetchone()[0]
    gave_up = db.execute("SELECT 1 FROM give_ups WHERE question = ? AND at >= ? AND at < ? AND at <= ? LIMIT 1", upto).fetchone() is not None
    verdicts = [verdict for _, verdict in attempts[: None if accepted is None else accepted + 1]]
    return Day(verdicts, hints, gave_up, grades[0][1] if grades else None, bool(successes))


def review(store: Store, question_id: str, rating: int, now: datetime | None = None) -> datetime:
    """Make `rating` the question's review for `now`'s local day (replacing one already given that day);
    return when it is due next."""
    from fsrs import Rating, ReviewLog

    now = now or datetime.now(timezone.utc)
    start, end = day_bounds(now)
    log = ReviewLog(CARD_ID, Rating(rating), now.astimezone(timezone.utc), None)
    with store.transaction() as db:
        db.execute("DELETE FROM review_log WHERE question = ? AND at >= ? AND at < ?", (question_id, start, end))
        db.execute("INSERT INTO review_log (question, at, rating, log) VALUES (?, ?, ?, ?)", (question_id, now.timestamp(), rating, json.dumps(log.to_dict())))
        return rebuild_card(store, question_id)


def rebuild_card(store: Store, question_id: str) -> datetime | None:
    """Replay the question's review log (each local day counts once, by its latest review) into its card;
    return when it is due, or None (and no card) when it was never reviewed."""
    from fsrs import Card, Rating, ReviewLog, Scheduler

    rows = store.connection.execute("SELECT at, rating FROM review_log WHERE question = ? ORDER BY at, id", (question_id,))
    by_day = {local_day(at): (at, rating) for at, rating in rows}  # a later review of a day replaces an earlier one
    logs = [ReviewLog(CARD_ID, Rating(rating), datetime.fromtimestamp(at, timezone.utc), None) for at, rating in by_day.values()]
    with store.transaction() as db:
        if not logs:
            db.execute("DELETE FROM cards WHERE question = ?", (question_id,))
            return None
        # No learning steps: they schedule a card again within minutes, but it is reviewed once a day.
        scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
        card = scheduler.reschedule_card(Card(card_id=CARD_ID, due=logs[0].review_datetime), logs)
        db.execute(
            "INSERT INTO cards (question, card, due) VALUES (?, ?, ?) ON CONFLICT(question) DO UPDATE SET card = excluded.card, due = excluded.due",
            (question_id, card.to_json(), card.due.timestamp()),
        )
    return card.due


def schedule_attempt(store: Store, question_id: str, now: datetime | None = None) -> datetime:
    """Review a coding question after an attempt, rated from the day's attempts, hints and give-ups."""
    now = now or datetime.now(timezone.utc)
    with store.transaction():
        day = day_of(store, question_id, now)
        return review(store, question_id, AGAIN if day.gave_up else rating_for_coding(day.verdicts, day.hints), now)


def record_answer(store: Store, question_id: str, correct: bool, answer: str, duration_ms: int, now: datetime | None = None) -> tuple[int, datetime]:
    """A choice or numeric answer: stored as an attempt (accepted or wrong_answer, one test), then the day's
    review rated from the day's answers, hints and give-ups.

    Returns the day's rating and when the question is due next.
    """
    now = now or datetime.now(timezone.utc)
    verdict = "accepted" if correct else "wrong_answer"
    with store.transaction():
        store.record_attempt(Attempt(question_id, now.timestamp(), verdict, int(correct), 1, duration_ms, answer=answer))
        day = day_of(store, question_id, now)
        rating = AGAIN if day.gave_up else rating_for_answer([v == "accepted" for v in day.verdicts], day.hints)
        return rating, review(store, question_id, rating, now)


def self_grade(store: Store, question_id: str, rating: int, answer: str, now: datetime | None = None) -> datetime:
    """A concept question graded by the user (1 Again .. 4 Easy): stored, then the day's review is the day's
    first self-grade (later ones were made after seeing the model answer), Again after a give-up."""
    now = now or datetime.now(timezone.utc)
    with store.transaction():
        store.record_grade(question_id, rating, answer, at=now.timestamp())
        day = day_of(store, question_id, now)
        return review(store, question_id, AGAIN if day.gave_up else day.grade, now)


def give_up(store: Store, question_id: str, now: datetime | None = None) -> datetime:
    """The user gave up to read the walkthrough: kept (the walkthrough stays open), and the day is Again,
    unless the question was already solved or self-graded that day (what came after cannot lower it)."""
    now = now or datetime.now(timezone.utc)
    with store.transaction():
        store.record_give_up(question_id, at=now.timestamp())
        due = _due_at(store, question_id)
        if day_of(store, question_id, now).succeeded and due is not None:
            return due
        return review(store, question_id, AGAIN, now)


def _due_at(store: Store, question_id: str) -> datetime | None:
    row = store.connection.execute("SELECT due FROM cards WHERE question = ?", (question_id,)).fetchone()
    return None if row is None else datetime.fromtimestamp(row[0], timezone.utc)


def walkthrough_open(store: Store, question_id: str) -> bool:
    """Whether the question's walkthrough is the user's to read: solved (or self-graded Good/Easy), or given up on."""
    return store.status().get(question_id) == "solved" or store.gave_up(question_id)


def statuses(store: Store, now: datetime | None = None) -> dict[str, str]:
    """Per question touched so far: "due" (its review is due), else "solved" or "attempted"."""
    marks = store.status()
    for question in due(store, now):
        marks[question] = "due"
    return marks


def due(store: Store, now: datetime | None = None) -> list[str]:
    """Questions whose card is due, most overdue first."""
    now = now or datetime.now(timezone.utc)
    return [row[0] for row in store.connection.execute("SELECT question FROM cards WHERE due <= ? ORDER BY due", (now.timestamp(),))]
