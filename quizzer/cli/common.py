"""What every command shares: exit codes, usage errors, finding a question by its id."""

from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_NO, EXIT_USAGE = 0, 1, 2


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


