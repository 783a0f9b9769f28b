"""Practice rules the CLI and the app share: revealing the next hint, grading a choice, and the path
through the bank (what to do now: a due review, else the next unsolved question).

Pure logic over the store and the bank; no textual, nothing heavy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from quizzer.core import review
from quizzer.core.store import DIAGNOSIS_SHOWN, Store

if TYPE_CHECKING:  # the bank pulls in pydantic
    from quizzer.core.bank import Bank, Question

# The interview notes' own coding questions, in the order the notes build them up.
NOTES_IDS = ("numpy-simple-nn", "numpy-lstm-cell", "numpy-feedforward-nn")
# A curriculum: the basics of a network, then how it learns, then the architectures built on them.
TOPIC_ORDER = (
    "neural-networks",
    "activation-functions",
    "loss-functions",
    "backpropagation",
    "initialization",
    "optimization",
    "regularization",
    "normalization",
    "training",
    "convolution",
    "recurrent",
    "attention",
    "pytorch",
)
DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}


@dataclass(frozen=True)
class Hint:
    """A hint just revealed: its number (1-based), its text, and how many are still hidden."""

    number: int
    text: str
    left: int


def reveal_hint(store: Store, question: Question, now: datetime | None = None) -> Hint | None:
    """Reveal the question's next hint and record it; None when every hint is already out."""
    hints = question.spec.hints
    revealed = store.hints_revealed(question.id)
    if revealed >= len(hints):
        return None
    store.record_hint(question.id, revealed, at=(now or datetime.now(timezone.utc)).timestamp())
    return Hint(revealed + 1, hints[revealed], len(hints) - revealed - 1)


def reveal_diagnosis(store: Store, question_id: str, result, now: datetime | None = None) -> str | None:
    """The judge's "looks like a known mistake" line for a wrong answer, recorded like a hint; None when it has none.

    It gives the answer away, so a face shows it only when asked, and it counts as a hint of the day's review.
    """
    from quizzer.core.render import diagnosis_line

    line = diagnosis_line(result)
    if line is not None:
        store.record_hint(question_id, DIAGNOSIS_SHOWN, at=(now or datetime.now(timezone.utc)).timestamp())
    return line


def choice_answer(spec, chosen: set[int]) -> tuple[bool, str]:
    """A choice answer from the options picked (indexes into `spec.options`): (right?, the answer as stored).

    Right means exactly the right options; it is stored as the spec's own letters ("A,C").
    """
    right = {i for i, option in enumerate(spec.options) if option.correct}
    return chosen == right, ",".join(chr(65 + i) for i in sorted(chosen))


def from_notes(question: Question) -> bool:
    """Whether the question comes from the interview notes: one of their own, or its `source` names them."""
    source = question.spec.source.strip().lower()
    return question.id in NOTES_IDS or source.split(":")[0].strip() in ("seed", "interview notes", "the interview notes")


def path(bank: Bank) -> list[Question]:
    """Every question in the order to learn them: the notes' own coding questions, then the rest of the
    notes' questions, then everything else; within each, by topic (the curriculum) and difficulty."""

    def place(question: Question) -> tuple:
        spec = question.spec
        if question.id in NOTES_IDS:
            return (0, NOTES_IDS.index(question.id))
        topic = TOPIC_ORDER.index(spec.topic) if spec.topic in TOPIC_ORDER else len(TOPIC_ORDER)
        return (1 if from_notes(question) else 2, topic, spec.topic, DIFFICULTY_ORDER.get(spec.difficulty.value, 3), question.id)

    return sorted(bank.questions.values(), key=place)


@dataclass(frozen=True)
class Step:
    """What to do now: a question, and why it comes next ("due", or its status on the path: "new", "attempted")."""

    question: Question
    reason: str
    due_since: datetime | None = None  # when its review fell due (reviews only)


def next_step(bank: Bank, store: Store, now: datetime | None = None) -> Step | None:
    """The most overdue review, else the first question on the path not solved yet; None when all are done."""
    now = now or datetime.now(timezone.utc)
    for question_id in review.due(store, now):
        question = bank.get(question_id)
        if question is not None:
            row = store.connection.execute("SELECT due FROM cards WHERE question = ?", (question_id,)).fetchone()
            return Step(question, "due", datetime.fromtimestamp(row[0], timezone.utc))
    marks = store.status()
    for question in path(bank):
        if marks.get(question.id) != "solved":
            return Step(question, marks.get(question.id, "new"))
    return None


def next_review(store: Store) -> tuple[str, datetime] | None:
    """The question whose review comes soonest, and when; None when no card exists."""
    row = store.connection.execute("SELECT question, due FROM cards ORDER BY due LIMIT 1").fetchone()
    return (row[0], datetime.fromtimestamp(row[1], timezone.utc)) if row else None
