# PYTHON_ARGCOMPLETE_OK (argcomplete's global completion looks for this mark)
"""The command line: `quizzer [COMMAND]`; with no command, the app.

One module per group of commands, each with a `register(commands)` that adds its
subparsers; a command is a function `args -> exit code`. Stays light: nothing
here imports textual or torch, and NumPy only loads for the commands that judge.
The outside contract is docs/contract.md.
"""

from __future__ import annotations

import os
import sys

from quizzer import __version__
from quizzer.cli import authoring, browse, grading, judging, practice, progress
from quizzer.cli.common import EXIT_INTERRUPTED, EXIT_NO, EXIT_OK, EXIT_USAGE, Parser, UsageError

GROUPS = (browse, judging, practice, authoring, progress, grading)


def parser() -> Parser:
    """The whole command line."""
    top = Parser(prog="quizzer", description="Practise for machine-learning interviews. With no command, opens the app.")
    top.add_argument("--version", action="version", version=f"quizzer {__version__}")
    commands = top.add_subparsers(dest="command", parser_class=Parser)
    for group in GROUPS:
        group.register(commands)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one command (or the app, with none) and return its exit code."""
    # Before NumPy loads: quizzer's own arrays are tiny, and a process without BLAS threads
    # can fork the judge's sandbox directly (see judge.safe_spawner).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Whatever a command prints (a submission's output among it) never fails to encode: a lone
    # surrogate or a character the locale lacks becomes "?", not a UnicodeEncodeError after the verdict.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    try:
        top = parser()
        if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (see completion.py); exits
            from quizzer.cli.completion import complete

            complete(top)
        args = top.parse_args(argv)
        if args.command is None:
            if not (sys.stdin and sys.stdin.isatty() and sys.stdout.isatty()):
                raise UsageError("the app needs a terminal; from a script or a pipe use a command such as `quizzer list` (see `quizzer --help`)")
            from quizzer.app import run

            return run()
        return args.run(args)
    except UsageError as exc:
        print(f"quizzer: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
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
