"""The bridge from the app to the judge: one `JudgeService` per app, used from worker threads.

Nothing heavy loads at app start: NumPy, the judge and the sandbox are
imported by `JudgeService.warm`/`judge`, inside worker threads, once the
coding screen is first opened. The app never forks itself (it runs threads):
sandboxed children come from a zygote (`quizzer.sandbox.zygote.Zygote`), a
separate process started on first use and stopped when the app exits (it
also exits by itself if the app dies, when its socket closes).
"""

from __future__ import annotations

import atexit
import os
import threading

_ATTRIBUTE = "_quizzer_judge_service"


class JudgeService:
    """Runs the judge for the app through the zygote; judgements queue, one at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._zygote = None

    def warm(self) -> None:
        """Import the judge and start the zygote now, so the first verdict comes sooner (blocking)."""
        with self._lock:
            self._ensure_zygote()
            import quizzer.core.judge  # noqa: F401 - loads NumPy and the judge ahead of the first run

    def judge(self, question, source: bytes, *, visible_only: bool = False, seed: int | None = None):
        """Judge `source` (blocking: call it from a worker thread); returns a `quizzer.core.judge.Result`.

        Raises `quizzer.core.judge.BankError` when the question itself is broken and
        `quizzer.sandbox.zygote.ZygoteError` when no sandboxed child could be started.
        """
        with self._lock:
            from quizzer.core.judge import judge

            zygote = self._ensure_zygote()
            return judge(question, source, seed=seed, visible_only=visible_only, spawner=zygote.spawn)

    def _ensure_zygote(self):
        # Started once; Zygote.spawn restarts the process itself if it died since.
        if self._zygote is None:
            from quizzer.sandbox.zygote import Zygote

            self._zygote = Zygote().start()
        return self._zygote

    def close(self, wait_s: float = 30.0) -> None:
        """Stop the zygote, if one was started, after the judgement in flight (waiting at most `wait_s`)."""
        acquired = self._lock.acquire(timeout=wait_s)  # stopping it mid-run would kill that submission
        try:
            zygote, self._zygote = self._zygote, None
            if zygote is not None:
                zygote.stop()
        finally:
            if acquired:
                self._lock.release()


def service(app) -> JudgeService:
    """The app's judge service (created on first call; its zygote is stopped at exit)."""
    existing = getattr(app, _ATTRIBUTE, None)
    if existing is None:
        # Before NumPy ever loads in this process: steadier timings, smaller address space.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        existing = JudgeService()
        setattr(app, _ATTRIBUTE, existing)
        atexit.register(existing.close)
    return existing


def shutdown(app) -> None:
    """Stop the app's judge service, if it has one (for the app's unmount)."""
    existing = getattr(app, _ATTRIBUTE, None)
    if existing is not None:
        existing.close()
