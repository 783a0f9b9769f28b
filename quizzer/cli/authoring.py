"""Commands for question authors: validate, mutate, schema."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from quizzer.cli.common import EXIT_NO, EXIT_OK, UsageError, seed


def register(commands) -> None:
    """Add this module's commands to the parser."""
    p = commands.add_parser("validate", help="check the bank: specs, references, starters, mutants")
    p.add_argument("path", nargs="?", help="the bank (default), a topic folder or one question folder")
    p.add_argument("--seed", type=seed, action="append", help="seed for the hidden inputs (repeatable; at least 8 are used: 0, 1, 2, ... fill in)")
    p.add_argument("--specs-only", action="store_true", help="only check that every spec parses")
    p.set_defaults(run=cmd_validate)

    p = commands.add_parser("mutate", help="generate mutants of each coding question's reference and judge them")
    p.add_argument("path", nargs="?", help="the bank (default), a topic folder or one question folder")
    p.add_argument("--json", action="store_true", help="print a JSON array, one object per question")
    p.add_argument("--workers", type=int, help="processes judging in parallel (default: one per CPU)")
    p.set_defaults(run=cmd_mutate)

    p = commands.add_parser("schema", help="print the JSON Schema of question.toml")
    p.set_defaults(run=cmd_schema)


def cmd_validate(args) -> int:
    """Check specs, then judge every reference, starter and mutant."""
    from quizzer.core.validate import validate_bank

    bank = _bank_at(args.path)
    count = len(bank.questions) + len(bank.broken)
    if count == 0:
        print(f"quizzer: no question in {args.path or 'the bank'} (a question is a folder holding question.toml)", file=sys.stderr)
        return EXIT_NO
    for error in bank.errors:
        print(f"error: {error}")
    problems = len(bank.errors)
    if not args.specs_only:
        problems += validate_bank(bank, seeds=args.seed, out=sys.stdout)
    print(f"{count} question(s) checked, {problems} problem(s)")
    return EXIT_NO if problems else EXIT_OK


def _bank_at(path: str | None):
    """The bank, or the part of it at `path` (a usage error when there is no such path)."""
    from quizzer.core.bank import load_bank

    # Absolute but not resolved: `validate .` in a question folder knows the folder's name, and a
    # question folder that is a symlink out of its bank is still seen as one.
    root = Path(os.path.abspath(path)) if path else None
    if root is not None and not root.exists():
        raise UsageError(f"no such path: {path}")
    return load_bank(root)


def cmd_mutate(args) -> int:
    """Generate and judge mutants of each coding question's reference; exit 1 if one survives undeclared."""
    from quizzer.core import mutate
    from quizzer.core.spec import Coding

    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    bank = _bank_at(args.path)
    for error in bank.errors:
        print(f"error: {error}", file=sys.stderr)
    questions = [q for q in bank.questions.values() if isinstance(q.spec, Coding)]
    if not questions and not bank.errors:
        print(f"quizzer: no coding question in {args.path or 'the bank'}", file=sys.stderr)
        return EXIT_NO
    questions, skipped = _runnable(questions)
    for question, reason in skipped:
        print(f"skip {question.id}: {reason}", file=sys.stderr)
    if not args.json and sys.stdout.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        with Progress("judging mutants", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True) as bar:
            job = bar.add_task("mutants", total=None)
            reports = mutate.run(questions, workers=args.workers, on_progress=lambda done, total: bar.update(job, completed=done, total=total))
    else:
        reports = mutate.run(questions, workers=args.workers)
    if args.json:
        print(json.dumps([report.to_json() for report in reports]))
    else:
        for report in reports:
            if report.error:
                print(f"{report.question}: not judged: {report.error}")
                continue
            print(f"{report.question}: {report.generated} generated, {report.killed} killed, {report.equivalent} equivalent, {len(report.survived)} survived")
            for survivor in report.survived:
                print(f"  survived {survivor['mutant']}  {survivor['diff']}")
            for stale in report.stale:
                print(f"  note: {stale['mutant']}: {stale['why']}")
        survivors = sum(len(r.survived) for r in reports)
        print(f"{len(reports)} question(s), {sum(r.generated for r in reports)} mutants, {survivors} survived")
    return EXIT_NO if any(r.survived or r.error for r in reports) or bank.errors else EXIT_OK


def _runnable(questions: list) -> tuple[list, list]:
    """The questions this machine can judge, and the others with why not (PyTorch missing)."""
    import importlib.util

    if importlib.util.find_spec("torch") is not None:
        return questions, []
    torch = [q for q in questions if "torch" in q.spec.allowed_imports]
    return [q for q in questions if q not in torch], [(q, "a PyTorch question and PyTorch is not installed here") for q in torch]


def cmd_schema(args) -> int:
    """Print the JSON Schema of question.toml."""
    from quizzer.core.spec import json_schema

    print(json.dumps(json_schema(), indent=2))
    return EXIT_OK
