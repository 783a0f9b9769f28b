"""The judge's verdicts (no pydantic here: the submit path imports this without the spec models)."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """The judge's verdicts, exactly as the contract names them."""

    accepted = "accepted"
    wrong_answer = "wrong_answer"
    runtime_error = "runtime_error"
    time_limit_exceeded = "time_limit_exceeded"
    memory_limit_exceeded = "memory_limit_exceeded"
    syntax_error = "syntax_error"
    interface_error = "interface_error"
    forbidden_import = "forbidden_import"


def verdict_label(verdict: str) -> str:
    """A verdict as the app shows it to a person ("runtime error"); the CLI and JSON keep the contract's names."""
    return verdict.replace("_", " ")
