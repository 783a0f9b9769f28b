"""Commands that read the bank: list, show, start."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from quizzer.cli.common import EXIT_NO, EXIT_OK, UsageError, find_question, load_bank, open_store, print_markdown


def register(commands) -> None:
    """Add this module's commands to the parser."""
    p = commands.add_parser("list", help="list the questions")
    p.add_argument("--topic")
    p.add_argument("--kind", choices=["coding", "concept", "choice", "numeric"])
    p.add_argument("--difficulty", choices=["easy", "medium", "hard"])
    p.add_argument("--status", choices=["new", "attempted", "solved", "due"], help="your progress on it (due: its review is due)")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(run=cmd_list)

    p = commands.add_parser("show", help="print a question")
    p.add_argument("id")
    p.add_argument("--walkthrough", action="store_true", help="print the worked answer (once solved or given up)")
    p.set_defaults(run=cmd_show)

    p = commands.add_parser("start", help="write a coding question's starter file and its prompt (ID.md)")
    p.add_argument("id")
    p.add_argument("dir", nargs="?", default=".")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.add_argument("--draft", action="store_true", help="write the draft saved in the app instead of the starter")
    p.add_argument("--reset", action="store_true", help="bring back the starter, overwriting your file")
    p.set_defaults(run=cmd_start)


def cmd_list(args) -> int:
    """List the bank, filtered; broken questions are named on stderr, never fatal."""
    bank = load_bank()
    topics = sorted({q.spec.topic for q in bank.questions.values()})
    if args.topic is not None and args.topic not in topics:
        raise UsageError(f"no topic {args.topic!r}; the topics are: {', '.join(topics)}")
    marks = _statuses() if args.status else {}
    rows = [
        {"id": q.spec.id, "title": q.spec.title, "topic": q.spec.topic, "kind": q.spec.kind.value, "difficulty": q.spec.difficulty.value, "tags": q.spec.tags}
        for q in bank.questions.values()
        if (args.topic is None or q.spec.topic == args.topic)
        and (args.kind is None or q.spec.kind.value == args.kind)
        and (args.difficulty is None or q.spec.difficulty.value == args.difficulty)
        and (args.status is None or marks.get(q.id, "new") == args.status)
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


def _statuses() -> dict[str, str]:
    """Per question touched: "due", "solved" or "attempted" (as the app's browser marks them)."""
    from quizzer.core import review

    with open_store() as store:
        return review.statuses(store)


def cmd_show(args) -> int:
    """Print a question, math turned into Unicode; or, with --walkthrough, its worked answer once it is open."""
    question = find_question(args.id)
    if args.walkthrough:
        return show_walkthrough(question)
    from quizzer.core.render import question_markdown

    print_markdown(question_markdown(question))
    return EXIT_OK


def show_walkthrough(question) -> int:
    """Print the walkthrough if the user solved or gave up on the question; otherwise say how to open it."""
    from quizzer.core import review

    with open_store() as store:
        open_ = review.walkthrough_open(store, question.id)
    if not open_:
        how = "quizzer watch/submit" if question.spec.kind.value == "coding" else "quizzer answer"
        print(f"quizzer: the walkthrough of {question.id} opens once you solve it ({how}) or give up: quizzer give-up {question.id}", file=sys.stderr)
        return EXIT_NO
    from quizzer.core.text import render_markdown_math

    print_markdown(f"# Walkthrough: {question.spec.title}\n\n" + render_markdown_math(question.spec.walkthrough.strip()))
    return EXIT_OK


def cmd_start(args) -> int:
    """Write a coding question's starter (or the app's draft) into DIR, with its prompt beside it as ID.md."""
    from quizzer.core.render import question_markdown
    from quizzer.core.spec import Coding

    question = find_question(args.id)
    if not isinstance(question.spec, Coding):
        raise UsageError(f"{args.id!r} is a {question.spec.kind.value} question: there is no starter file; answer it with `quizzer answer {question.id}`")
    if args.draft and args.reset:
        raise UsageError("--draft and --reset contradict each other: --reset brings back the starter")
    draft = _draft(question.id)
    if args.draft and draft is None:
        print(f"quizzer: there is no draft of {question.id} in the app; `quizzer start {question.id}` writes the starter", file=sys.stderr)
        return EXIT_NO
    folder = Path(args.dir)
    code_file = folder / f"{question.id.replace('-', '_')}.py"
    prompt_file = folder / f"{question.id}.md"
    code = draft if args.draft else question.starter_path.read_text(encoding="utf-8")
    prompt = question_markdown(question) + "\n"
    overwrite = args.force or args.reset
    for target, text in ((code_file, code), (prompt_file, prompt)):
        if target.exists() and not overwrite and _text_of(target) != text:
            print(f"quizzer: {target} exists; use --force to overwrite it (or --reset to bring back the starter)", file=sys.stderr)
            return EXIT_NO
    try:
        folder.mkdir(parents=True, exist_ok=True)
        code_file.write_text(code, encoding="utf-8")
        prompt_file.write_text(prompt, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write into {folder}: {exc.strerror or exc}") from None
    print(f"wrote {code_file} ({'your draft from the app' if args.draft else 'the starter'}) and {prompt_file} (the question)")
    if draft is not None and not args.draft:
        print(f"the app has a draft of this question: `quizzer start {question.id} --draft --force` writes it instead")
    print(f"next: quizzer watch {question.id} {code_file}   (judges it on every save; or quizzer submit once)")
    return EXIT_OK


def _text_of(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _draft(question_id: str) -> str | None:
    """The app's saved draft of a question, without creating a database when there is none yet."""
    from quizzer import paths
    from quizzer.core.store import DB_NAME

    if not (paths.user_home() / DB_NAME).exists():
        return None
    with open_store() as store:
        return store.draft(question_id)
