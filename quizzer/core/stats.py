"""Progress statistics for the stats screen: attempts over time and retention by topic.

Computed from the store's attempts and review log; pure, no textual.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from quizzer.core.bank import Bank
from quizzer.core.store import Store

AGAIN = 1  # an FSRS review rated Again counts as forgotten


@dataclass(frozen=True)
class Day:
    """Attempts on one day."""

    day: date
    attempts: int
    accepted: int


@dataclass(frozen=True)
class TopicRetention:
    """Reviews of one topic's questions and how many were remembered (rated Hard or better)."""

    topic: str
    reviews: int
    remembered: int

    @property
    def rate(self) -> float:
        """Share remembered, 0..1 (0 when there were no reviews)."""
        return self.remembered / self.reviews if self.reviews else 0.0


def attempts_per_day(store: Store, now: datetime, days: int = 30, tz: tzinfo | None = None) -> list[Day]:
    """One entry per day for the last `days` days up to `now`'s day (in `tz`, default local time), oldest first."""
    last = now.astimezone(tz).date()
    first = last - timedelta(days=days - 1)
    start = datetime.combine(first, datetime.min.time(), tzinfo=tz).timestamp()  # naive (local) when tz is None
    counts: Counter[date] = Counter()
    accepted: Counter[date] = Counter()
    for at, verdict in store.connection.execute("SELECT at, verdict FROM attempts WHERE at >= ?", (start,)):
        day = datetime.fromtimestamp(at, tz).date()
        counts[day] += 1
        accepted[day] += verdict == "accepted"
    return [Day(first + timedelta(days=i), counts[first + timedelta(days=i)], accepted[first + timedelta(days=i)]) for i in range(days)]


def retention_by_topic(store: Store, bank: Bank | None) -> list[TopicRetention]:
    """Per topic (by the bank; unknown ids under "other"), the reviews and how many were remembered."""
    reviews: Counter[str] = Counter()
    remembered: Counter[str] = Counter()
    for question, rating in store.connection.execute("SELECT question, rating FROM review_log"):
        found = bank.get(question) if bank is not None else None
        topic = found.spec.topic if found is not None else "other"
        reviews[topic] += 1
        remembered[topic] += rating > AGAIN
    return [TopicRetention(topic, reviews[topic], remembered[topic]) for topic in sorted(reviews)]


def active_days(store: Store, tz: tzinfo | None = None) -> set[date]:
    """The days (in `tz`, default local time) with any activity: an attempt, a self-grade, a hint or a give-up."""
    rows = store.connection.execute("SELECT at FROM attempts UNION ALL SELECT at FROM grades UNION ALL SELECT at FROM hints UNION ALL SELECT at FROM give_ups")
    return {datetime.fromtimestamp(at, tz).date() for (at,) in rows}


def streak(store: Store, now: datetime, tz: tzinfo | None = None) -> int:
    """Consecutive days with activity up to today, or up to yesterday while today has none yet
    (a streak lasts until a whole day passes without practice)."""
    days = active_days(store, tz)
    day = now.astimezone(tz).date()
    if day not in days:
        day -= timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count
