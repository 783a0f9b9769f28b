"""The bridge from the app to the judge: one `JudgeService` per app, used from worker threads.

Nothing heavy loads until the first judgement: NumPy, the judge and the
sandbox are imported by `JudgeService.judge`, inside the worker thread that
runs it. Forking a sandboxed child straight from the app (a process with
several threads) is unsafe, so when the sandbox offers a warm pre-forked
worker (`quizzer.sandbox.zygote`) the service starts one on first use and
stops it with the app; the plain fork of `quizzer.sandbox.launch` is the
fallback where it does not exist.
"""

from __future__ import annotations

import atexit
import importlib.util
import inspect
import os
import threading

_ATTRIBUTE = "_quizzer_judge_service"


class JudgeService:
    """Runs the judge for the app, one judgement at a time, through the zygote when there is one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._zygote = None
        self._spawner_checked = False
        self._spawner = None

    @property
    def busy(self) -> bool:
        """True while a judgement runs."""
        return self._lock.locked()

    def judge(self, question, source: bytes, *, visible_only: bool = False, seed: int | None = None):
        """Judge `source` (blocking: call it from a worker thread); returns a `quizzer.core.judge.Result`.

        Raises `quizzer.core.judge.BankError` when the question itself is broken.
        """
        with self._lock:
            from quizzer.core import judge as judge_module

            spawner = self._spawner_for(judge_module)
            options = {"spawner": spawner} if spawner is not None else {}
            return judge_module.judge(question, source, seed=seed, visible_only=visible_only, **options)

    def _spawner_for(self, judge_module):
        """The zygote's spawn, started on first use, or None for the judge's default fork."""
        if not self._spawner_checked:
            self._spawner_checked = True
            if "spawner" in inspect.signature(judge_module.judge).parameters and importlib.util.find_spec("quizzer.sandbox.zygote"):
                self._zygote = _start_zygote()
                self._spawner = self._zygote.spawn if self._zygote is not None else None
        return self._spawner

    def close(self) -> None:
        """Stop the zygote, if one was started."""
        zygote, self._zygote, self._spawner = self._zygote, None, None
        if zygote is not None:
            stop = getattr(zygote, "stop", None) or getattr(zygote, "close", None)
            if stop is not None:
                stop()


def _start_zygote():
    """Start the sandbox's warm worker; None when this sandbox has no usable one."""
    from quizzer.sandbox import zygote as zygote_module

    kind = next((value for name, value in vars(zygote_module).items() if name == "Zygote"), None)
    if kind is None:
        return None
    zygote = kind()
    start = getattr(zygote, "start", None)
    if start is not None:
        start()
    return zygote


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
    """Stop the app's judge service, if it has one (call from the app's unmount)."""
    existing = getattr(app, _ATTRIBUTE, None)
    if existing is not None:
        existing.close()
