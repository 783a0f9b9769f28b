"""Progress summaries for the app's home screen: per-topic counts and "how long ago".

Pure logic (no textual), so it is tested without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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
