"""A mock interview: a timed, mixed set of questions and the report at the end.

Pure logic, no textual: picking the set, keeping time (through an injectable
clock, so tests drive it), what happened on each question, and the report.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from quizzer.core.bank import Bank, Question
from quizzer.core.review import RATING_NAMES
from quizzer.core.spec import Kind
from quizzer.core.verdicts import verdict_label



@dataclass(frozen=True)
class MockConfig:
    """What the user asked for: how long, how many of each kind, which topics (empty: all)."""

    minutes: int = 45
    coding: int = 2
    concept: int = 3
    topics: tuple[str, ...] = ()

    def __post_init__(self):
        if self.minutes <= 0:
            raise ValueError("the interview needs at least one minute")
        if self.coding < 0 or self.concept < 0 or self.coding + self.concept == 0:
            raise ValueError("the interview needs at least one question")


def pick_questions(bank: Bank, config: MockConfig, rng: random.Random | None = None, avoid: Iterable[str] = ()) -> list[Question]:
    """A mixed set: `config.coding` coding and `config.concept` concept questions from the topics.

    Questions in `avoid` (e.g. already solved) are taken only when nothing else is
    left. The kinds alternate, concept first, as an interviewer warms up; when
    the bank has fewer questions than asked, the set is smaller.
    """
    rng = rng or random.Random()
    avoided = set(avoid)
    pools = {}
    for kind, count in ((Kind.coding, config.coding), (Kind.concept, config.concept)):
        candidates = sorted(
            (q for q in bank.questions.values() if q.spec.kind == kind and (not config.topics or q.spec.topic in config.topics)),
            key=lambda q: q.id,
        )
        rng.shuffle(candidates)
        candidates.sort(key=lambda q: q.id in avoided)  # stable: fresh ones first, shuffled within each group
        pools[kind] = candidates[:count]
    concept, coding = pools[Kind.concept], pools[Kind.coding]
    mixed: list[Question] = []
    while concept or coding:
        if concept:
            mixed.append(concept.pop(0))
        if coding:
            mixed.append(coding.pop(0))
    return mixed


@dataclass
class Item:
    """One question of the set and what the candidate did with it."""

    question: Question
    seconds: float = 0.0
    verdict: str | None = None  # coding: the best verdict so far
    passed: int = 0
    total: int = 0
    answer: str = ""  # concept: the text typed
    rating: int | None = None  # concept: the self-grade, given at the end
    covered: frozenset[int] | None = None  # concept: the rubric points ticked when grading (None: not graded)

    @property
    def kind(self) -> str:
        """The question's kind."""
        return self.question.spec.kind.value

    @property
    def outcome(self) -> str:
        """What the report says about this question."""
        if self.question.spec.kind == Kind.coding:
            return f"{verdict_label(self.verdict)} ({self.passed}/{self.total})" if self.verdict else "not submitted"
        if self.rating is not None:
            return f"self-graded {RATING_NAMES[self.rating]}"
        return "answered, not graded" if self.answer.strip() else "not answered"

    @property
    def success(self) -> bool:
        """Accepted, or self-graded Good or Easy."""
        return self.verdict == "accepted" or (self.rating or 0) >= 3

    @property
    def missed(self) -> list[str]:
        """A graded concept answer's rubric points left unticked, as the question words them."""
        if self.covered is None or self.question.spec.kind != Kind.concept:
            return []
        return [point for i, point in enumerate(self.question.spec.rubric) if i not in self.covered]

    def _need(self) -> tuple[int, float]:
        """How much this question needs another look: smaller first (nothing done, then wrong, then shaky)."""
        if self.question.spec.kind == Kind.coding:
            return (0, 0.0) if self.verdict is None else (1, self.passed / self.total if self.total else 0.0)
        if not self.answer.strip():
            return (0, 0.0)
        return (self.rating, 0.0) if self.rating is not None else (3, 0.0)


@dataclass
class Report:
    """The end of a mock interview."""

    items: list[Item]
    duration_s: float
    used_s: float
    timed_out: bool

    @property
    def score(self) -> tuple[int, int]:
        """(questions done well, questions in the set)."""
        return sum(item.success for item in self.items), len(self.items)

    def review_next(self) -> list[tuple[Item, str]]:
        """What to review next, most needed first, each with why: every question not done well,
        then those done well whose rubric points were not all covered."""
        shaky = sorted((item for item in self.items if not item.success), key=Item._need)
        incomplete = [item for item in self.items if item.success and item.missed]
        return [(item, _why(item)) for item in shaky + incomplete]

    def topics_to_review(self) -> list[str]:
        """The topics of the questions to review next, most needed first, each once."""
        return list(dict.fromkeys(item.question.spec.topic for item, _ in self.review_next()))

    def lines(self) -> list[str]:
        """The report as plain lines: the score, each question (and the rubric points it missed), what to review next."""
        done, total = self.score
        head = f"{done}/{total} questions done well in {format_clock(self.used_s)} of {format_clock(self.duration_s)}"
        if self.timed_out:
            head += " (time ran out)"
        lines = [head]
        for i, item in enumerate(self.items, 1):
            lines.append(f"{i}. [{item.kind}] {item.question.spec.title}: {item.outcome}, {format_clock(item.seconds)}")
            lines += [f"   missed: {point}" for point in item.missed]
        review = self.review_next()
        if review:
            lines.append("Review next: " + "; ".join(f"{item.question.spec.title} ({why})" for item, why in review))
            lines.append("Topics: " + ", ".join(self.topics_to_review()))
        else:
            lines.append("Nothing to review: every question was done well.")
        return lines


def _why(item: Item) -> str:
    missed = len(item.missed)
    return item.outcome + (f", missed {missed} rubric point{'s' * (missed != 1)}" if missed else "")


@dataclass
class MockInterview:
    """A running mock interview: the set, the clock, and time spent on each question."""

    questions: list[Question]
    duration_s: float
    clock: Callable[[], float] = time.monotonic
    items: list[Item] = field(init=False)
    started: float | None = field(default=None, init=False)
    ended: float | None = field(default=None, init=False)
    current: int | None = field(default=None, init=False)
    _entered: float = field(default=0.0, init=False)

    def __post_init__(self):
        if not self.questions:
            raise ValueError("a mock interview needs at least one question")
        self.items = [Item(q) for q in self.questions]

    def start(self) -> None:
        """Start the countdown (once)."""
        if self.started is None:
            self.started = self.clock()

    def elapsed(self) -> float:
        """Seconds since the start, stopping at the end."""
        if self.started is None:
            return 0.0
        end = self.ended if self.ended is not None else self.clock()
        return min(end - self.started, self.duration_s)

    def remaining(self) -> float:
        """Seconds left on the countdown."""
        return max(self.duration_s - self.elapsed(), 0.0)

    @property
    def expired(self) -> bool:
        """True once the time is up."""
        return self.started is not None and self.remaining() <= 0

    @property
    def finished(self) -> bool:
        """True once the interview ended (finished by the user or out of time)."""
        return self.ended is not None

    def enter(self, index: int) -> Item:
        """Work on question `index` from now; time spent on the previous one is booked."""
        self.start()
        self.leave()
        self.current, self._entered = index, self.clock()
        return self.items[index]

    def leave(self) -> None:
        """Stop booking time to the current question."""
        if self.current is not None:
            now = min(self.clock(), self.started + self.duration_s)
            self.items[self.current].seconds += max(now - self._entered, 0.0)
            self.current = None

    def item_for(self, question_id: str) -> Item:
        """The item of a question in the set."""
        for item in self.items:
            if item.question.id == question_id:
                return item
        raise KeyError(question_id)

    def record_verdict(self, question_id: str, verdict: str, passed: int, total: int) -> None:
        """A submission of a coding question; the report keeps the best one."""
        item = self.item_for(question_id)
        if item.verdict != "accepted" and (item.verdict is None or passed >= item.passed or verdict == "accepted"):
            item.verdict, item.passed, item.total = verdict, passed, total

    def record_answer(self, question_id: str, answer: str) -> None:
        """The text typed for a concept question (graded at the end)."""
        self.item_for(question_id).answer = answer

    def grade(self, question_id: str, rating: int, covered: Iterable[int] | None = None) -> None:
        """The self-grade of a concept question, 1 (again) to 4 (easy), and the rubric points (indexes) its answer covered (None: not said)."""
        if rating not in RATING_NAMES:
            raise ValueError(f"a rating is 1..4, not {rating}")
        item = self.item_for(question_id)
        item.rating, item.covered = rating, None if covered is None else frozenset(covered)

    def finish(self) -> None:
        """End the interview: the clock stops."""
        self.start()
        self.leave()
        if self.ended is None:
            self.ended = min(self.clock(), self.started + self.duration_s)

    def report(self) -> Report:
        """The report (finishes the interview if it is still running)."""
        self.finish()
        return Report(self.items, self.duration_s, self.elapsed(), timed_out=self.elapsed() >= self.duration_s)


def format_clock(seconds: float) -> str:
    """Seconds as M:SS (or H:MM:SS), rounded down; a countdown never shows a negative time."""
    whole = max(int(seconds), 0)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
