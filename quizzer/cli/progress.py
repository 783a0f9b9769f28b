"""Commands that move or forget the user's progress: export, import, reset."""

from __future__ import annotations

import sys
from pathlib import Path

from quizzer.cli.common import EXIT_INTERRUPTED, EXIT_NO, EXIT_OK, UsageError, find_question, open_store


def register(commands) -> None:
    """Add this module's commands to the parser."""
    p = commands.add_parser("export", help="write your progress as JSON")
    p.add_argument("file", nargs="?", help="default: standard output")
    p.set_defaults(run=cmd_export)

    p = commands.add_parser("import", help="read progress exported by `quizzer export`")
    p.add_argument("file")
    p.set_defaults(run=cmd_import)

    p = commands.add_parser("reset", help="forget progress (all, or one question's)")
    p.add_argument("id", nargs="?")
    p.add_argument("--yes", action="store_true", help="do not ask")
    p.set_defaults(run=cmd_reset)


def cmd_export(args) -> int:
    """Write progress as JSON."""
    from quizzer.core.store import dumps

    with open_store() as store:
        text = dumps(store.export())
    if args.file:
        Path(args.file).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return EXIT_OK


def cmd_import(args) -> int:
    """Read progress written by `export`: validated whole first, then imported in one transaction."""
    from quizzer.core.progress_file import MAX_FILE_BYTES, ImportRefused, import_progress

    try:
        with open(args.file, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)  # one byte more than allowed is enough to refuse it
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    try:
        with open_store() as store:
            added = import_progress(store, data)
    except ImportRefused as exc:
        print(f"quizzer: {args.file} was not imported: {exc}", file=sys.stderr)
        return EXIT_NO
    print(f"imported {added} record(s)")
    return EXIT_OK


def cmd_reset(args) -> int:
    """Forget progress after asking."""
    if args.id:
        find_question(args.id)
    what = f"all progress on {args.id}" if args.id else "ALL your progress"
    if not args.yes:
        if not sys.stdin.isatty():
            print("quizzer: reset asks for confirmation; pass --yes when not at a terminal", file=sys.stderr)
            return EXIT_NO
        try:
            answer = input(f"Forget {what}? This cannot be undone. Type 'yes': ")
        except (EOFError, KeyboardInterrupt) as exc:
            print()  # end the prompt's line
            print(f"quizzer: {'interrupted' if isinstance(exc, KeyboardInterrupt) else 'no answer'}; nothing forgotten", file=sys.stderr)
            return EXIT_INTERRUPTED if isinstance(exc, KeyboardInterrupt) else EXIT_NO
        if answer.strip().lower() != "yes":
            print("nothing forgotten")
            return EXIT_NO
    with open_store() as store:
        store.reset(args.id)
    print(f"forgot {what}")
    return EXIT_OK
