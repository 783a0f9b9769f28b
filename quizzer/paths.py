"""Where the bank, the references and the user's data live.

Imports nothing heavy: the CLI, the judge and the sandbox child all use it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

# A question id (and a topic): also its folder's name. Exactly this, never a pattern or a path.
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
ID_PATTERN = f"^{_ID.pattern}$"


def content_root() -> Path:
    """The folder holding `questions/` and `reference/`.

    `QUIZZER_CONTENT` overrides it (an author's copy of the bank).
    An installed wheel carries them inside the package (`quizzer/_content`);
    a source checkout keeps them beside the package.
    """
    override = os.environ.get("QUIZZER_CONTENT")
    if override:  # a bank being written elsewhere (and the tests' broken copies)
        return Path(override).expanduser()
    packaged = _PACKAGE / "_content"
    if (packaged / "questions").is_dir():
        return packaged
    return _PACKAGE.parent


def questions_dir() -> Path:
    """The question bank: one folder per question, `questions/<topic>/<id>/`."""
    return content_root() / "questions"


def is_question_id(text: str) -> bool:
    """Whether `text` has the form of a question id (lower-case letters, digits, dashes): no glob, no path."""
    return _ID.fullmatch(text) is not None


def spec_files(question_id: str, root: Path | None = None) -> list[Path]:
    """The question.toml of every folder named exactly `question_id` (questions/<topic>/<id>/), sorted.

    Empty for anything that is not an id: `numpy-lstm*` or `../../tmp/x` name no question.
    """
    if not is_question_id(question_id):
        return []
    return sorted((root or questions_dir()).glob(f"*/{question_id}/question.toml"))


def within(path: Path, root: Path) -> bool:
    """Whether `path`, every symlink and `..` resolved, lies inside `root` (resolved too)."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def reference_dir() -> Path:
    """Trusted reference solutions, loaded only by the judge's own process."""
    return content_root() / "reference"


def user_home() -> Path:
    """All user data (progress database, drafts, settings): `QUIZZER_HOME` or the platform's data dir."""
    env = os.environ.get("QUIZZER_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("quizzer", appauthor=False))
