"""The command line: `quizzer [list|show|start|submit|validate|schema|doctor|export|import|reset]`.

Stays light: nothing here imports textual or torch, and NumPy only loads
for the commands that judge. The outside contract is ../shared/CONTRACT.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_NO, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the command was called: one line on stderr, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        """A usage mistake: one line on stderr and exit 2, as the contract says (not argparse's usage dump)."""
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="quizzer", description="Practise for machine-learning interviews. With no command, opens the app.")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = commands.add_parser("list", help="list the questions")
    p.add_argument("--topic")
    p.add_argument("--kind", choices=["coding", "concept", "choice", "numeric"])
    p.add_argument("--json", action="store_true", help="print a JSON array")

    p = commands.add_parser("show", help="print a question")
    p.add_argument("id")

    p = commands.add_parser("start", help="write a coding question's starter file")
    p.add_argument("id")
    p.add_argument("dir", nargs="?", default=".")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")

    p = commands.add_parser("submit", help="judge a file and record the attempt")
    p.add_argument("id")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.add_argument("--seed", type=int, help="draw the hidden inputs from this seed (to reproduce a failure)")

    p = commands.add_parser("validate", help="check the bank: specs, references, starters, mutants")
    p.add_argument("path", nargs="?", help="the bank (default), a topic folder or one question folder")
    p.add_argument("--seed", type=int, action="append", help="seed for the hidden inputs (repeatable; default 0 and 1)")
    p.add_argument("--specs-only", action="store_true", help="only check that every spec parses")

    commands.add_parser("schema", help="print the JSON Schema of question.toml")
    p = commands.add_parser("doctor", help="report which sandbox protections this machine gives")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("export", help="write your progress as JSON")
    p.add_argument("file", nargs="?", help="default: standard output")
    p = commands.add_parser("import", help="read progress exported by `quizzer export`")
    p.add_argument("file")
    p = commands.add_parser("reset", help="forget progress (all, or one question's)")
    p.add_argument("id", nargs="?")
    p.add_argument("--yes", action="store_true", help="do not ask")
    return parser


def _bank():
    from quizzer.core.bank import load_bank

    return load_bank()


def _question(question_id: str):
    from quizzer.core.bank import find_question

    question, errors = find_question(question_id)
    if question is None:
        if errors:
            raise UsageError(f"question {question_id!r} is broken: {errors[0]}")
        raise UsageError(f"unknown question id {question_id!r} (see `quizzer list`)")
    return question


def cmd_list(args) -> int:
    """List the bank, filtered; broken questions are named on stderr, never fatal."""
    bank = _bank()
    topics = sorted({q.spec.topic for q in bank.questions.values()})
    if args.topic is not None and args.topic not in topics:
        raise UsageError(f"no topic {args.topic!r}; the topics are: {', '.join(topics)}")
    rows = [
        {"id": q.spec.id, "title": q.spec.title, "topic": q.spec.topic, "kind": q.spec.kind.value, "difficulty": q.spec.difficulty.value, "tags": q.spec.tags}
        for q in bank.questions.values()
        if (args.topic is None or q.spec.topic == args.topic) and (args.kind is None or q.spec.kind.value == args.kind)
    ]
    rows.sort(key=lambda r: (r["topic"], r["kind"], r["id"]))
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        width = max((len(r["id"]) for r in rows), default=10)
        for r in rows:
            print(f"{r['id']:<{width}}  {r['topic']:<16} {r['kind']:<8} {r['difficulty']:<7} {r['title']}")
    for name, errors in bank.broken.items():
        print(f"quizzer: skipped broken question {name}: {errors[0]}", file=sys.stderr)
    return EXIT_OK


def cmd_show(args) -> int:
    """Print a question, math turned into Unicode."""
    from quizzer.core.render import question_markdown

    question = _question(args.id)
    from rich.console import Console
    from rich.markdown import Markdown

    console = Console(soft_wrap=False)
    if console.is_terminal:
        console.print(Markdown(question_markdown(question)))
    else:  # plain text for a pipe or a file: without the spaces rich pads every line with
        with console.capture() as captured:
            console.print(Markdown(question_markdown(question)))
        print("\n".join(line.rstrip() for line in captured.get().splitlines()))
    return EXIT_OK


def cmd_start(args) -> int:
    """Write a coding question's starter file into DIR."""
    from quizzer.core.spec import Coding

    question = _question(args.id)
    if not isinstance(question.spec, Coding):
        raise UsageError(f"{args.id!r} is a {question.spec.kind.value} question: there is no starter file")
    folder = Path(args.dir)
    target = folder / f"{question.id.replace('-', '_')}.py"
    if target.exists() and not args.force:
        print(f"quizzer: {target} exists; use --force to overwrite it", file=sys.stderr)
        return EXIT_NO
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(question.starter_path.read_text(encoding="utf-8"), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    print(f"wrote {target}; when ready: quizzer submit {question.id} {target}")
    return EXIT_OK


def cmd_submit(args) -> int:
    """Judge a file, print the verdict, record the attempt."""
    question = _judge_task(args.id)
    try:
        source = Path(args.file).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror}") from None
    from quizzer.core.judge import BankError, MissingRequirement, SandboxError, judge

    try:
        result = judge(question, source, seed=args.seed)
    except MissingRequirement as exc:
        raise UsageError(str(exc)) from None
    except BankError as exc:
        print(f"quizzer: the question itself is broken: {exc}", file=sys.stderr)
        return EXIT_NO
    except SandboxError as exc:
        print(f"quizzer: not judged, nothing recorded: {exc}", file=sys.stderr)
        return EXIT_NO
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        from quizzer.core.render import verdict_text

        print(verdict_text(result))
    from quizzer.core.attempts import record_in_store

    for line in record_in_store(None, question.id, result, source):
        if line:
            print(f"quizzer: {line}", file=sys.stderr)
    return EXIT_OK if result.verdict == "accepted" else EXIT_NO


def _judge_task(question_id: str):
    """The coding question to judge: read straight into a JudgeTask when it is plainly one (fast: no
    pydantic), otherwise loaded and validated, so that an unknown, broken or non-coding question
    gets the full message."""
    from quizzer import paths
    from quizzer.core.task import TaskError, read_task

    folders = paths.spec_files(question_id)
    if len(folders) == 1:
        try:
            return read_task(folders[0].parent)
        except TaskError:
            pass
    question = _question(question_id)
    from quizzer.core.spec import Coding

    if not isinstance(question.spec, Coding):
        raise UsageError(f"{question_id!r} is a {question.spec.kind.value} question: only coding questions are submitted")
    return question


def cmd_validate(args) -> int:
    """Check specs, then judge every reference, starter and mutant."""
    from quizzer.core.bank import load_bank
    from quizzer.core.validate import validate_bank

    root = Path(args.path) if args.path else None
    if root is not None and not root.exists():
        raise UsageError(f"no such path: {root}")
    bank = load_bank(root)
    for error in bank.errors:
        print(f"error: {error}")
    problems = len(bank.errors)
    if not args.specs_only:
        problems += validate_bank(bank, seeds=args.seed or [0, 1], out=sys.stdout)
    count = len(bank.questions) + len(bank.broken)
    print(f"{count} question(s) checked, {problems} problem(s)")
    return EXIT_NO if problems else EXIT_OK


def cmd_schema(args) -> int:
    """Print the JSON Schema of question.toml."""
    from quizzer.core.spec import json_schema

    print(json.dumps(json_schema(), indent=2))
    return EXIT_OK


def cmd_doctor(args) -> int:
    """Report the sandbox protections available here."""
    from quizzer.sandbox import isolate

    report = isolate.protections()
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for name, active in report.items():
            print(f"{'ok     ' if active else 'MISSING'}  {name:<17} {isolate.DESCRIPTIONS[name]}")
        missing = [name for name, active in report.items() if not active]
        if missing:
            print(f"warning: submissions run with weaker isolation here (missing: {', '.join(missing)})")
    return EXIT_OK


def cmd_export(args) -> int:
    """Write progress as JSON."""
    from quizzer.core.store import Store, dumps

    with Store() as store:
        text = dumps(store.export())
    if args.file:
        Path(args.file).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return EXIT_OK


def cmd_import(args) -> int:
    """Read progress written by `export`."""
    from quizzer.core.store import Store

    try:
        data = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror}") from None
    except ValueError as exc:
        print(f"quizzer: {args.file} is not JSON: {exc}", file=sys.stderr)
        return EXIT_NO
    try:
        with Store() as store:
            added = store.import_(data)
    except (ValueError, TypeError, AttributeError) as exc:
        print(f"quizzer: {args.file} is not a quizzer progress export: {exc}", file=sys.stderr)
        return EXIT_NO
    print(f"imported {added} record(s)")
    return EXIT_OK


def cmd_reset(args) -> int:
    """Forget progress after asking."""
    from quizzer.core.store import Store

    if args.id:
        _question(args.id)
    what = f"all progress on {args.id}" if args.id else "ALL your progress"
    if not args.yes:
        if not sys.stdin.isatty():
            print("quizzer: reset asks for confirmation; pass --yes when not at a terminal", file=sys.stderr)
            return EXIT_NO
        if input(f"Forget {what}? This cannot be undone. Type 'yes': ").strip().lower() != "yes":
            print("nothing forgotten")
            return EXIT_NO
    with Store() as store:
        store.reset(args.id)
    print(f"forgot {what}")
    return EXIT_OK


COMMANDS = {
    "list": cmd_list,
    "show": cmd_show,
    "start": cmd_start,
    "submit": cmd_submit,
    "validate": cmd_validate,
    "schema": cmd_schema,
    "doctor": cmd_doctor,
    "export": cmd_export,
    "import": cmd_import,
    "reset": cmd_reset,
}


def main(argv: list[str] | None = None) -> int:
    """Run one command (or the app, with none) and return its exit code."""
    # Before NumPy loads: quizzer's own arrays are tiny, and a process without BLAS threads
    # can fork the judge's sandbox directly (see judge.safe_spawner).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            from quizzer.app import run

            return run()
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"quizzer: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a QUIZZER_HOME that is a file (StoreError), a full disk: one line, not a traceback
        print(f"quizzer: {exc}", file=sys.stderr)
        return EXIT_NO


def entry() -> None:
    """The console script and `python -m quizzer`: `main`, then exit without tearing the interpreter down.

    Everything a command writes is flushed or committed by the time it returns, and the
    atexit handlers still run; what is skipped is freeing every module and object one by
    one, which after NumPy and the judge takes about 50 ms, a sixth of a cold `submit`.
    The app exits normally: its terminal is restored by then, but it may hold threads
    that expect an orderly shutdown.
    """
    code = main()
    if "quizzer.app" in sys.modules:
        sys.exit(code)
    import atexit

    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # `quizzer list | head`: the reader has gone, which is not an error
    sys.stderr.flush()
    atexit._run_exitfuncs()
    os._exit(code)
