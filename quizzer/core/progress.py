"""Progress summaries for the app's home screen: per-topic counts and "how long ago".

Pure logic (no textual), so it is tested without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from quizzer.core.search import Document, rank

if TYPE_CHECKING:  # the bank pulls in pydantic; the home screen imports this module before it loads
    from quizzer.core.bank import Bank


@dataclass(frozen=True)
class TopicProgress:
    """How far the user got in one topic."""

    topic: str
    solved: int
    attempted: int  # attempted but not (yet) solved
    total: int


def topic_progress(bank: Bank, marks: dict[str, str]) -> list[TopicProgress]:
    """Solved / attempted / total per topic; `marks` is Store.status() ("solved" or "attempted" per id)."""
    rows = []
    for topic in bank.topics:
        ids = [q.id for q in bank.questions.values() if q.spec.topic == topic]
        solved = sum(marks.get(i) == "solved" for i in ids)
        attempted = sum(marks.get(i) == "attempted" for i in ids)
        rows.append(TopicProgress(topic, solved, attempted, len(ids)))
    return rows


def ago(at: float, now: datetime) -> str:
    """A timestamp as a short relative time: "just now", "5 min ago", "3 h ago", "2 d ago"."""
    seconds = max(0.0, now.timestamp() - at)
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} d ago"


def until(when: datetime, now: datetime) -> str:
    """A future time in words: "in 10 min", "in 3 h", "in 4 d"."""
    seconds = (when - now).total_seconds()
    if seconds < 3600:
        return f"in {max(1, round(seconds / 60))} min"
    if seconds < 86400:
        return f"in {round(seconds / 3600)} h"
    return f"in {round(seconds / 86400)} d"


@dataclass(frozen=True)
class Row:
    """One line of the question browser; a broken question has `error` set and no spec."""

    id: str
    title: str
    topic: str
    kind: str
    difficulty: str
    status: str  # new, attempted, solved, due, broken
    tags: tuple[str, ...] = ()
    error: str = ""
    prompt: str = ""

    @property
    def document(self) -> Document:
        """What search looks at: id, title, tags, topic and kind, prompt."""
        return Document(self.id, self.title, self.tags, (self.topic, self.kind), self.prompt)


def browser_rows(bank: Bank, marks: dict[str, str]) -> list[Row]:
    """Every question (and every broken one) sorted by topic, kind, id; `marks` is review.statuses()."""
    rows = [
        Row(q.id, q.spec.title, q.spec.topic, q.spec.kind.value, q.spec.difficulty.value, marks.get(q.id, "new"), tuple(q.spec.tags), prompt=q.spec.prompt)
        for q in bank.questions.values()
    ]
    for name, errors in bank.broken.items():
        first = errors[0]
        topic = first.file.parent.parent.name  # every LoadError names a file in questions/<topic>/<id>/
        where = f"{first.file.name}" + (f" [{first.location}]" if first.location else "")
        rows.append(Row(name, name, topic, "?", "?", "broken", (), f"{where}: {first.message}"))
    return sorted(rows, key=lambda r: (r.topic, r.kind, r.id))


def filter_rows(rows: list[Row], *, topic: str = "", kind: str = "", difficulty: str = "", status: str = "", query: str = "") -> list[Row]:
    """The rows that pass every filter given (an empty filter lets everything through), most relevant to `query` first."""
    passed = [
        r
        for r in rows
        if (not topic or r.topic == topic)
        and (not kind or r.kind == kind)
        and (not difficulty or r.difficulty == difficulty)
        and (not status or r.status == status)
    ]
    return rank(query, passed, lambda row: row.document)
