"""Shell completion (argcomplete): command names, flags, and question ids read from the bank's folder names.

Loaded only when the shell asks for completions (`_ARGCOMPLETE` set), so an ordinary command never
pays for argcomplete; completing never loads pydantic, NumPy or the store.
"""

from __future__ import annotations

import argparse

from quizzer import paths


def question_ids(prefix: str, **_kwargs) -> list[str]:
    """The bank's question ids that start with `prefix` (a question is a folder questions/<topic>/<id>/)."""
    return sorted({spec.parent.name for spec in paths.questions_dir().glob("*/*/question.toml") if spec.parent.name.startswith(prefix)})


def complete(top: argparse.ArgumentParser) -> None:
    """Answer the shell's completion request and exit; every command's `id` argument completes to question ids."""
    import argcomplete

    for action in top._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                for argument in command._actions:
                    if argument.dest == "id":
                        argument.completer = question_ids
    argcomplete.autocomplete(top)
