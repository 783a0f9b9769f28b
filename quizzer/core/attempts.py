"""Recording a judged submission: the one place the CLI and the app both go through."""

from __future__ import annotations

import time

from quizzer.core.store import Attempt, Store


def record_submission(store: Store, question_id: str, result, source: bytes | str, at: float | None = None) -> Attempt:
    """Store one judged submission as an attempt and review the question's card from it.

    `result` is a `quizzer.core.judge.Result` (not imported here, so recording stays
    free of NumPy). Returns the attempt stored.
    """
    code = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
    attempt = Attempt(question_id, time.time() if at is None else at, result.verdict.value, result.passed, result.total, result.time_ms, code, result.seed)
    store.record_attempt(attempt)
    from quizzer.core.review import schedule_attempt  # fsrs loads only when something is recorded

    schedule_attempt(store, question_id)
    return attempt
