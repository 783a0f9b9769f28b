"""What every command shares: exit codes, usage errors, finding a question by its id, reading FILE, seeds."""

from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_NO, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 128 + 2  # Ctrl-C (SIGINT), as a shell reports it


class UsageError(Exception):
    """A mistake in how the command was called: one line on stderr, exit 2."""


class Parser(argparse.ArgumentParser):
    """argparse, with usage mistakes raised as `UsageError`."""

    def error(self, message: str):
        """A usage mistake: one line on stderr and exit 2, as the contract says (not argparse's usage dump)."""
        raise UsageError(message)


def open_store():
    """The progress store (QUIZZER_HOME). If a damaged database had to be moved aside, stderr says so
    first, naming the kept copy; a store that cannot be used raises `StoreError` (one line, exit 1)."""
    from quizzer.core.store import Store

    store = Store()
    if store.notice:
        print(f"quizzer: {store.notice}", file=sys.stderr)
    return store


SEED_MAX = 2**32 - 1


def seed(text: str) -> int:
    """`--seed N`: a whole number the judge's generator and the progress database both take, 0..2**32-1."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= SEED_MAX:
        raise argparse.ArgumentTypeError(f"must be a whole number from 0 to {SEED_MAX}, not {text!r}")
    return value


def read_source(path: str) -> bytes:
    """FILE's bytes (a regular file of at most 1 MiB); a usage error naming it and why not, before any judging."""
    from quizzer.core.submission import SubmissionFileError, read_submission

    try:
        return read_submission(path)
    except SubmissionFileError as exc:
        raise UsageError(f"cannot judge {path}: {exc.reason}") from None


def load_bank():
    """The whole bank, validated."""
    from quizzer.core.bank import load_bank

    return load_bank()


def find_question(question_id: str):
    """The bank's question with this id; a usage error naming why when there is none."""
    from quizzer.core import bank

    question, errors = bank.find_question(question_id)
    if question is None:
        if errors:
            raise UsageError(f"question {question_id!r} is broken: {errors[0]}")
        raise UsageError(f"unknown question id {question_id!r} (see `quizzer list`)")
    return question


def judge_task(question_id: str):
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
    question = find_question(question_id)
    from quizzer.core.spec import Coding

    if not isinstance(question.spec, Coding):
        raise UsageError(f"{question_id!r} is a {question.spec.kind.value} question: only coding questions are submitted")
    return question




class NotJudged(Exception):
    """The judge gave no verdict (the question itself is broken, or the sandbox could not run): one line, exit 1."""


def judge_source(task, source: bytes, *, seed: int | None = None, visible_only: bool = False):
    """Judge `source` on a coding question; a missing requirement (PyTorch) is a usage error, a broken
    question or a sandbox failure raises `NotJudged` with the line to print."""
    from quizzer.core.judge import BankError, MissingRequirement, SandboxError, judge

    try:
        return judge(task, source, seed=seed, visible_only=visible_only)
    except MissingRequirement as exc:
        raise UsageError(str(exc)) from None
    except BankError as exc:
        raise NotJudged(f"the question itself is broken: {exc}") from None
    except SandboxError as exc:
        raise NotJudged(f"not judged, nothing recorded: {exc}") from None


def print_markdown(text: str) -> None:
    """Markdown for a terminal (rich); piped, plain lines without the spaces rich pads every line with."""
    from rich.console import Console
    from rich.markdown import Markdown

    console = Console(soft_wrap=False)
    if console.is_terminal:
        console.print(Markdown(text))
    else:
        with console.capture() as captured:
            console.print(Markdown(text))
        print("\n".join(line.rstrip() for line in captured.get().splitlines()))


def print_result(result, as_json: bool, show_visible: bool = False) -> None:
    """Print a verdict: the contract's JSON object (one line), or `render.verdict_text` for a terminal.

    `show_visible` shows every visible test's calls, expected and got (`quizzer test`), not only
    the failing ones. What the submission produced is made safe by `json_safe` and `visible`.
    """
    if as_json:
        import json

        from quizzer.core.text import json_safe

        print(json.dumps(json_safe(result.to_json())))
    else:
        from quizzer.core.render import verdict_text

        print(verdict_text(result, show_visible=show_visible))
    sys.stdout.flush()  # here, so a reader that has gone is met now and not at exit
