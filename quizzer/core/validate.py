"""`quizzer validate`: the judge's test of itself over the bank.

For each coding question, on at least `MIN_SEEDS` seeds: the reference is
accepted on every one, the starter rejected on every one, every mutant gets
exactly the verdict its spec names on every one (a verdict that depends on
the seed is a failure of its own: a bug caught by luck); trivial answers
(`quizzer.core.trivial`) are rejected on every one; and every argument an
entry declares as updated in place is observed after some call. And every
example, run with the reference, prints what the question shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from quizzer.core import trivial
from quizzer.core.bank import Bank, Question
from quizzer.core.judge import BankError, MissingRequirement, Plan, Result, SandboxError, judge_plans, make_plan
from quizzer.core.spec import Coding, Verdict
from quizzer.core.task import JudgeTask

MIN_SEEDS = 8


def seeds_for(seeds: list[int] | None) -> list[int]:
    """The seeds to validate on: those given, then 0, 1, 2, ... until there are `MIN_SEEDS`."""
    chosen = list(dict.fromkeys(seeds or []))
    extra = (n for n in range(1 << 31) if n not in chosen)
    while len(chosen) < MIN_SEEDS:
        chosen.append(next(extra))
    return chosen


def check_question(question: Question, seeds: list[int] | None = None) -> list[str]:
    """Every way this coding question's judging is wrong, as messages naming file and field."""
    spec = question.spec
    assert isinstance(spec, Coding)
    task = JudgeTask.from_question(question)
    toml = question.folder / "question.toml"
    try:
        plans = [make_plan(task, seed) for seed in seeds_for(seeds)]
    except BankError as exc:
        return [f"{toml}: {exc}"]
    problems = []
    cases = [(question.reference_path, None, "reference"), (question.starter_path, "rejected", "starter")]
    cases += [(question.folder / "mutants" / m.file, m.verdict, f"mutants.{i}") for i, m in enumerate(spec.mutants)]
    for path, want, field in cases:
        try:
            results = judge_plans(task, path.read_bytes(), plans)
        except SandboxError as exc:
            problems.append(f"{path} [{field}]: not judged: {exc}")
            continue
        problems += _verdict_problems(path, field, want, results)
    problems += [f"{toml} [trivial answers]: {problem}" for problem in trivial.problems(task, plans)]
    problems += [f"{toml} [entries]: {problem}" for problem in _unobserved_updates(task, plans[0])]
    return problems


def check_examples(question: Question) -> list[str]:
    """Every example of this coding question that, run with the reference, does not print what the question shows."""
    from quizzer.core.examples import run_examples

    where = f"{question.folder / 'question.toml'}"
    if not question.spec.examples:
        return [f"{where} [examples]: {question.id} has no examples: a reader needs at least one that runs"]
    try:
        runs = run_examples(question, question.reference_path.read_bytes())
    except SandboxError as exc:
        return [f"{where} [examples]: {question.id}: not run: {exc}"]
    problems = []
    for i, run in enumerate(runs):
        label = f"{where} [examples.{i}]: {question.id} example {i + 1}"
        if run.error:
            problems.append(f"{label} does not run with the reference: {run.error}")
        elif not run.matches:
            problems.append(f"{label} prints what the question does not show:\n{_difference(run.shown, run.printed)}")
    return problems


def _difference(shown: str, printed: str) -> str:
    """The lines that differ, as a unified diff (question vs reference)."""
    import difflib

    from quizzer.core.examples import normalised

    lines = difflib.unified_diff(normalised(shown).splitlines(), normalised(printed).splitlines(), "the question shows", "the reference prints", lineterm="")
    return "\n".join("    " + line for line in lines)


def _verdict_problems(path: Path, field: str, want: Verdict | str | None, results: list[Result]) -> list[str]:
    by_verdict: dict[Verdict, list[Result]] = {}
    for result in results:
        by_verdict.setdefault(result.verdict, []).append(result)
    if want is None:
        return [f"{path} [{field}] seed {r.seed}: the reference got {r.verdict.value}: {r.message}" for r in results if r.verdict != Verdict.accepted]
    if want == "rejected":
        return [f"{path} [{field}] seed {r.seed}: the starter is accepted" for r in by_verdict.get(Verdict.accepted, [])]
    if len(by_verdict) > 1:
        seen = "; ".join(f"{verdict.value} on seed(s) {', '.join(str(r.seed) for r in group)}" for verdict, group in by_verdict.items())
        return [f"{path} [{field}]: the verdict depends on the seed ({seen}): a bug caught by luck; strengthen the suite"]
    (got, group), = by_verdict.items()
    if got != want:
        return [f"{path} [{field}]: expected {want.value}, got {got.value} on every seed ({group[0].message or 'all tests passed'})"]
    return []


def _unobserved_updates(task: JudgeTask, plan: Plan) -> list[str]:
    """Arguments an entry declares as updated in place that no test looks at after the call."""
    observed = set()
    for test in plan.tests:
        for step in test.steps:
            if step["op"] == "call":
                observed.update((step["fn"].rpartition(".")[2], index) for index in step.get("observe_args", []))
    problems = []
    for entry in task.entries:
        for name in entry.get("mutates", []):
            method, _, param = name.rpartition(".")
            params = entry["methods"].get(method, []) if method else entry["params"]
            if (method or entry["name"], params.index(param)) not in observed:
                problems.append(f"{entry['name']} declares that {name} is updated in place, but no test observes it after the call (observe_args)")
    return problems


def validate_bank(bank: Bank, seeds: list[int] | None, out: TextIO, workers: int | None = None) -> int:
    """Check every coding question in the bank, in parallel worker processes; print problems in bank order; return how many."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    questions = [q for q in bank.questions.values() if isinstance(q.spec, Coding)]
    if not questions:
        return 0
    count = 0
    context = multiprocessing.get_context("spawn")  # a fresh process: no thread of ours is copied half-way
    with ProcessPoolExecutor(max_workers=min(workers or os.cpu_count() or 1, len(questions)), mp_context=context) as pool:
        for question, (problems, skipped) in zip(questions, pool.map(_check_or_skip, questions, [seeds] * len(questions))):
            if skipped:  # not a fault of the bank: said, and not counted
                print(f"skip {question.id}: {skipped}", file=out)
                continue
            print(f"{'ok  ' if not problems else 'FAIL'} {question.id}: reference, starter and {len(question.spec.mutants)} mutants", file=out, flush=True)
            for problem in problems:
                print(f"error: {problem}", file=out)
            count += len(problems)
    return count


def _check_or_skip(question: Question, seeds: list[int] | None) -> tuple[list[str], str]:
    try:
        return check_question(question, seeds) + check_examples(question), ""
    except MissingRequirement as exc:
        return [], str(exc)
