"""`quizzer validate`: the judge's test of itself over the bank.

Every reference must be accepted, every starter rejected, every mutant given
exactly the verdict its spec names, for each seed; and every example, run with
the reference, must print what the question shows.
"""

from __future__ import annotations

from typing import TextIO

from quizzer.core.bank import Bank, Question
from quizzer.core.judge import BankError, MissingRequirement, SandboxError, judge
from quizzer.core.spec import Coding, Verdict


def check_question(question: Question, seeds: list[int]) -> list[str]:
    """Every way this coding question's judging is wrong, as messages naming file and field."""
    spec = question.spec
    assert isinstance(spec, Coding)
    problems = []
    cases = [(question.reference_path, None, "reference"), (question.starter_path, "rejected", "starter")]
    cases += [(question.folder / "mutants" / m.file, m.verdict, f"mutants.{i}") for i, m in enumerate(spec.mutants)]
    for seed in seeds:
        for path, want, field in cases:
            try:
                result = judge(question, path.read_bytes(), seed=seed)
            except BankError as exc:
                return [f"{question.folder / 'question.toml'}: {exc}"]
            except SandboxError as exc:
                problems.append(f"{path} [{field}] seed {seed}: not judged: {exc}")
                continue
            got = result.verdict
            if want is None and got != Verdict.accepted:
                problems.append(f"{path} [{field}] seed {seed}: the reference got {got.value}: {result.message}")
            elif want == "rejected" and got == Verdict.accepted:
                problems.append(f"{path} [{field}] seed {seed}: the starter is accepted")
            elif want not in (None, "rejected") and got != want:
                problems.append(f"{path} [{field}] seed {seed}: expected {want.value}, got {got.value} ({result.message or 'all tests passed'})")
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


def validate_bank(bank: Bank, seeds: list[int], out: TextIO) -> int:
    """Check every coding question in the bank; print problems; return how many."""
    count = 0
    for question in bank.questions.values():
        if not isinstance(question.spec, Coding):
            continue
        try:
            problems = check_question(question, seeds) + check_examples(question)
        except MissingRequirement as exc:  # not a fault of the bank: said, and not counted
            print(f"skip {question.id}: {exc}", file=out)
            continue
        print(f"{'ok  ' if not problems else 'FAIL'} {question.id}: reference, starter and {len(question.spec.mutants)} mutants", file=out)
        for problem in problems:
            print(f"error: {problem}", file=out)
        count += len(problems)
    return count
