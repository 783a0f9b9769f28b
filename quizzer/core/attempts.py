"""Recording a judged submission: the one place the CLI and the app both go through."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

from quizzer.core.store import Attempt, Store


def record_submission(store: Store, question_id: str, result, source: bytes | str, at: float | None = None) -> Attempt:
    """Store one judged submission as an attempt (at `at`, default now) and update the day's review of the question.

    `result` is a `quizzer.core.judge.Result` (not imported here, so recording stays
    free of NumPy). Returns the attempt stored.
    """
    code = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
    attempt = Attempt(question_id, time.time() if at is None else at, result.verdict.value, result.passed, result.total, result.time_ms, code, result.seed)
    from quizzer.core.review import schedule_attempt  # fsrs loads only when something is recorded

    with store.transaction():  # the attempt and the day's review it leads to, together or not at all
        store.record_attempt(attempt)
        schedule_attempt(store, question_id, datetime.fromtimestamp(attempt.at, timezone.utc))
    return attempt


def record_in_store(home: Path | None, question_id: str, result, source: bytes | str) -> tuple[str, str]:
    """Record a judged submission on a store connection of its own (safe from any thread), then close it.

    `home` is the store's folder (None: QUIZZER_HOME). Returns (notice, problem): the store's
    notice if it had to move a damaged database aside, and why nothing was recorded; each '' if none.
    """
    try:
        with Store(home) as store:
            record_submission(store, question_id, result, source)
            return store.notice, ""
    except (OSError, sqlite3.Error) as exc:  # OSError: StoreError too
        return "", f"the attempt was judged but not recorded: {exc}"
