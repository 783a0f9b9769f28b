"""Commands that read the bank: list, show, start."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from quizzer.cli.common import EXIT_NO, EXIT_OK, UsageError, find_question, load_bank


def register(commands) -> None:
    """Add this module's commands to the parser."""
    p = commands.add_parser("list", help="list the questions")
    p.add_argument("--topic")
    p.add_argument("--kind", choices=["coding", "concept", "choice", "numeric"])
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(run=cmd_list)

    p = commands.add_parser("show", help="print a question")
    p.add_argument("id")
    p.set_defaults(run=cmd_show)

    p = commands.add_parser("start", help="write a coding question's starter file")
    p.add_argument("id")
    p.add_argument("dir", nargs="?", default=".")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(run=cmd_start)


def cmd_list(args) -> int:
    """List the bank, filtered; broken questions are named on stderr, never fatal."""
    bank = load_bank()
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
        topic_width = max((len(r["topic"]) for r in rows), default=5)
        for r in rows:
            print(f"{r['id']:<{width}}  {r['topic']:<{topic_width}}  {r['kind']:<8} {r['difficulty']:<7} {r['title']}")
    for name, errors in bank.broken.items():
        print(f"quizzer: skipped broken question {name}: {errors[0]}", file=sys.stderr)
    return EXIT_OK


def cmd_show(args) -> int:
    """Print a question, math turned into Unicode."""
    from quizzer.core.render import question_markdown

    question = find_question(args.id)
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

    question = find_question(args.id)
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
