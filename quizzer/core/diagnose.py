"""Which known mistake a wrong answer looks like: the question's hand-written mutants, on the same inputs.

A wrong answer's failed tests are run again on every mutant whose spec'd
verdict is `wrong_answer`; a mutant matches when, on each of those tests, it
fails too and observes what the submission observed (within the question's
tolerance) and breaks the same promises. The first match, in the spec's
order, is the diagnosis; none is None. A right answer never gets here.

Mutants are bank content but wrong code: they may loop or blow up, so they
run in the sandbox like a submission (never in the judge's process), each in
a child of its own, started `AHEAD` at a time so the next is ready when one is
read, and none after the match. Each runs the whole plan, and what it reported
is kept for the process's later diagnoses on the same seed (`_RUNS`): a class
graded with `--seed` (mostly wrong answers) runs each mutant once per question
and worker, not once per wrong answer (that was ten sandboxes a verdict).
Only wrong answers pay.
"""

from __future__ import annotations

from collections import OrderedDict, deque

import numpy as np

from quizzer.core.compare import compare_observation
from quizzer.core.judge import Plan, Report, TestResult, collect_reports, grade, job_for, limits_for
from quizzer.core.task import JudgeTask

AHEAD = 2  # mutants' children running ahead of the one being read
KEPT_BYTES = 128 << 20  # of the mutants' reported arrays kept for later diagnoses (numpy-weight-init's plan alone is 7.7 MB)
_RUNS: OrderedDict = OrderedDict()  # (question, seed, mutant file, the files' times) -> (its reports or None when it did not finish, their bytes)
_kept_bytes = 0


def diagnose(task: JudgeTask, plan: Plan, results: list[TestResult], reports: list[Report], spawner) -> dict[str, str] | None:
    """`{"mutant", "bug"}` for the first known mistake the failed tests of `plan` match, or None.

    `results` and `reports` are the submission's graded tests and what its child reported of them.
    """
    failed = [i for i, result in enumerate(results) if result.status == "fail" and i < len(reports)]
    if not failed:
        return None
    subset = Plan(plan.seed, [plan.tests[i] for i in failed], [plan.expected[i] for i in failed])
    candidates = iter([m for m in task.mutants if m["verdict"] == "wrong_answer" and (task.folder / "mutants" / m["file"]).is_file()])
    started: deque = deque()  # (mutant, its key, its child or None when its run is kept)
    suite_time = _mtime(task.suite_path)

    def start_next() -> None:
        mutant = next(candidates, None)
        if mutant is not None:
            path = task.folder / "mutants" / mutant["file"]
            # An author editing the question while the app runs gets fresh runs: the files' times are in the key.
            key = (str(task.folder), task.id, plan.seed, len(plan.tests), mutant["file"], path.stat().st_mtime_ns, suite_time)
            source = None if key in _RUNS else path.read_bytes()
            started.append((mutant, key, None if source is None else spawner(job_for(task), source, limits_for(task))))

    for _ in range(AHEAD):
        start_next()
    found = None
    try:
        while started and found is None:
            mutant, key, child = started.popleft()
            try:
                start_next()
                if child is not None:
                    run = collect_reports(child, [plan.tests])
                    _keep(key, run.reports[0] if run.finished else None)
                theirs = None
                if key in _RUNS:
                    _RUNS.move_to_end(key)  # the runs used most recently are kept longest
                    theirs = _RUNS[key][0]
                if theirs is not None and _matches(task, subset, [theirs[i] for i in failed], [reports[i] for i in failed]):
                    found = {"mutant": mutant["file"].removesuffix(".py"), "bug": mutant["bug"]}
            finally:
                if child is not None:
                    child.finish()
    finally:
        for _, _, child in started:  # started ahead of a match: never read
            if child is not None:
                child.finish()
    return found


def _mtime(path) -> int:
    try:
        return path.stat().st_mtime_ns
    except (OSError, TypeError):
        return 0


def _keep(key: tuple, reports) -> None:
    """Keep a mutant's run, dropping the oldest runs past `KEPT_BYTES` (and this one, if it alone is more)."""
    global _kept_bytes
    size = _nbytes([r.observations for r in reports or ()])
    _RUNS[key] = (reports, size)
    _kept_bytes += size
    while _RUNS and _kept_bytes > KEPT_BYTES:
        _kept_bytes -= _RUNS.popitem(last=False)[1][1]


def _nbytes(value) -> int:
    """The bytes of the arrays in observed values (arrays, tensors' and subclasses' data, containers of them)."""
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, dict):
        return sum(_nbytes(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return sum(_nbytes(item) for item in value)
    return _nbytes(getattr(value, "array", None)) if hasattr(value, "array") else 0


def _matches(task: JudgeTask, plan: Plan, mutant_reports: list[Report], submission_reports: list[Report]) -> bool:
    for test, expected, theirs, ours in zip(plan.tests, plan.expected, mutant_reports, submission_reports):
        if theirs.error is not None or grade(test, expected, theirs, task)[0].status != "fail":
            return False
        if _promises(theirs.broken) != _promises(ours.broken):
            return False
        for step, want, got in zip(test.observing_steps(), theirs.observations, ours.observations):
            try:
                if compare_observation(want, got, "", step.get("names"), task.rtol, task.atol):
                    return False
            except (ArithmeticError, ValueError, TypeError):  # the submission's values cannot even be compared: no match
                return False
    return True


def _promises(records: list[dict]) -> set[tuple]:
    return {(r["step"], r["handed"], r["arg"], tuple(r["path"])) for r in records}
