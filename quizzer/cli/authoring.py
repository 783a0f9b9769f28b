"""Commands for question authors: validate, schema."""

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
    p.add_argument("--seed", type=seed, action="append", help="seed for the hidden inputs (repeatable; default 0 and 1)")
    p.add_argument("--specs-only", action="store_true", help="only check that every spec parses")
    p.set_defaults(run=cmd_validate)

    p = commands.add_parser("schema", help="print the JSON Schema of question.toml")
    p.set_defaults(run=cmd_schema)


def cmd_validate(args) -> int:
    """Check specs, then judge every reference, starter and mutant."""
    from quizzer.core.bank import load_bank
    from quizzer.core.validate import validate_bank

    # Absolute but not resolved: `validate .` in a question folder knows the folder's name, and a
    # question folder that is a symlink out of its bank is still seen as one.
    root = Path(os.path.abspath(args.path)) if args.path else None
    if root is not None and not root.exists():
        raise UsageError(f"no such path: {args.path}")
    bank = load_bank(root)
    count = len(bank.questions) + len(bank.broken)
    if count == 0:
        print(f"quizzer: no question in {args.path or 'the bank'} (a question is a folder holding question.toml)", file=sys.stderr)
        return EXIT_NO
    for error in bank.errors:
        print(f"error: {error}")
    problems = len(bank.errors)
    if not args.specs_only:
        problems += validate_bank(bank, seeds=args.seed or [0, 1], out=sys.stdout)
    print(f"{count} question(s) checked, {problems} problem(s)")
    return EXIT_NO if problems else EXIT_OK


def cmd_schema(args) -> int:
    """Print the JSON Schema of question.toml."""
    from quizzer.core.spec import json_schema

    print(json.dumps(json_schema(), indent=2))
    return EXIT_OK
