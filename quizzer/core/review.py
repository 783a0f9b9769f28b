"""Spaced repetition: every question is an FSRS card (the `fsrs` package).

Concept questions are rated by the user's self-grade; coding questions by a
rating derived from the verdict, the attempts and the hints used.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone, tzinfo

from quizzer.core.store import Attempt, Store

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}


def rating_for_coding(verdicts: list[str], hints_used: int) -> int:
    """A rating from today's attempts (oldest first) and hints: solved first try unaided is Easy."""
    if not verdicts or verdicts[-1] != "accepted":
        return AGAIN
    if len(verdicts) == 1 and hints_used == 0:
        return EASY
    if len(verdicts) <= 3 and hints_used <= 1:
        return GOOD
    return HARD


def rating_for_answer(correct: bool, hints_used: int) -> int:
    """A rating for a self-checking answer (choice, numeric): wrong is Again, right with hints Hard, else Good.

    Never Easy: a right choice can be a guess.
    """
    if not correct:
        return AGAIN
    return HARD if hints_used else GOOD


def review(store: Store, question_id: str, rating: int, now: datetime | None = None) -> datetime:
    """Apply one review to the question's card; return when it is due next."""
    from fsrs import Card, Rating, Scheduler

    now = now or datetime.now(timezone.utc)
    row = store.connection.execute("SELECT card FROM cards WHERE question = ?", (question_id,)).fetchone()
    card = Card.from_json(row[0]) if row else Card()
    card, log = Scheduler(enable_fuzzing=False).review_card(card, Rating(rating), review_datetime=now)
    with store.transaction() as db:
        db.execute(
            "INSERT INTO cards (question, card, due) VALUES (?, ?, ?) ON CONFLICT(question) DO UPDATE SET card = excluded.card, due = excluded.due",
            (question_id, card.to_json(), card.due.timestamp()),
        )
        db.execute("INSERT INTO review_log (question, at, rating, log) VALUES (?, ?, ?, ?)", (question_id, now.timestamp(), rating, json.dumps(log.to_dict())))
    return card.due


def _last_review(store: Store, question_id: str) -> float:
    return store.connection.execute("SELECT MAX(at) FROM review_log WHERE question = ?", (question_id,)).fetchone()[0] or 0


def hints_since_review(store: Store, question_id: str) -> int:
    """Hints of a question revealed since its card was last reviewed."""
    last = _last_review(store, question_id)
    return store.connection.execute("SELECT COUNT(*) FROM hints WHERE question = ? AND at > ?", (question_id, last)).fetchone()[0]


def schedule_attempt(store: Store, question_id: str, now: datetime | None = None) -> datetime:
    """Review a coding question's card after an attempt, rated from the attempts since the last review."""
    now = now or datetime.now(timezone.utc)
    last = _last_review(store, question_id)
    verdicts = [row[0] for row in store.connection.execute("SELECT verdict FROM attempts WHERE question = ? AND at > ? ORDER BY at", (question_id, last))]
    return review(store, question_id, rating_for_coding(verdicts, hints_since_review(store, question_id)), now)


def record_answer(store: Store, question_id: str, correct: bool, answer: str, duration_ms: int, now: datetime | None = None) -> tuple[int, datetime]:
    """A choice or numeric answer: stored as an attempt (accepted or wrong_answer, one test), then reviewed.

    Returns the rating it was given and when the question is due next.
    """
    now = now or datetime.now(timezone.utc)
    verdict = "accepted" if correct else "wrong_answer"
    store.record_attempt(Attempt(question_id, now.timestamp(), verdict, int(correct), 1, duration_ms, answer=answer))
    rating = rating_for_answer(correct, hints_since_review(store, question_id))
    return rating, review(store, question_id, rating, now)


def self_grade(store: Store, question_id: str, rating: int, answer: str, now: datetime | None = None) -> datetime:
    """A concept question graded by the user (1 Again .. 4 Easy): stored, then reviewed with that rating."""
    now = now or datetime.now(timezone.utc)
    store.record_grade(question_id, rating, answer, at=now.timestamp())
    return review(store, question_id, rating, now)


def give_up(store: Store, question_id: str, now: datetime | None = None) -> datetime:
    """The user gave up to read the walkthrough: kept (the walkthrough stays open), and reviewed as Again."""
    now = now or datetime.now(timezone.utc)
    store.record_give_up(question_id, at=now.timestamp())
    return review(store, question_id, AGAIN, now)


def walkthrough_open(store: Store, question_id: str) -> bool:
    """Whether the question's walkthrough is the user's to read: solved (or self-graded Good/Easy), or given up on."""
    return store.status().get(question_id) == "solved" or store.gave_up(question_id)


def statuses(store: Store, now: datetime | None = None) -> dict[str, str]:
    """Per question touched so far: "due" (its review is due), else "solved" or "attempted"."""
    marks = store.status()
    for question in due(store, now):
        marks[question] = "due"
    return marks


def start_of_day(now: datetime, tz: tzinfo | None = None) -> datetime:
    """Midnight at the start of `now`'s day in `tz` (default: local time)."""
    local = now.astimezone(tz)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def due(store: Store, now: datetime | None = None, tz: tzinfo | None = None) -> list[str]:
    """Questions to review now, most overdue first: their card is due, unless they were answered well today.

    FSRS brings a question answered right back after a learning step of minutes. Reviewing
    it again the same day teaches nothing new (a day's work counts as one review), so a
    question whose latest review is from today (in `tz`, default local time) and better than
    Again waits for another day; one rated Again still comes back today.
    """
    now = now or datetime.now(timezone.utc)
    rows = store.connection.execute(
        """SELECT question FROM cards WHERE due <= ? AND NOT EXISTS (
               SELECT 1 FROM review_log AS latest WHERE latest.question = cards.question AND latest.at >= ? AND latest.rating > ?
               AND latest.at = (SELECT MAX(at) FROM review_log WHERE question = cards.question))
           ORDER BY due""",
        (now.timestamp(), start_of_day(now, tz).timestamp(), AGAIN),
    )
    return [row[0] for row in rows]
