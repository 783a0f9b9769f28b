"""Loading the question bank: every folder under `questions/`, every error collected.

One broken question never stops the others from loading: its errors are
returned beside the good questions, each naming the file and the field.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from quizzer import paths
from quizzer.core.spec import Coding, Spec, parse_spec

SPEC_FILE = "question.toml"
NOTES_FOLDER = "_interview_notes"  # beside the topic folders: the interview notes' code, quoted by questions


@dataclass(frozen=True)
class LoadError:
    """One problem with one question file: which file, which field, what is wrong."""

    file: Path
    location: str
    message: str

    def __str__(self) -> str:
        where = f" [{self.location}]" if self.location else ""
        return f"{self.file}{where}: {self.message}"


@dataclass(frozen=True)
class Question:
    """A loaded question: its validated spec and the folder it came from."""

    spec: Spec
    folder: Path

    @property
    def id(self) -> str:
        """The question's id."""
        return self.spec.id

    def file(self, name: str) -> Path:
        """A side file of the question (starter, suite, mutant)."""
        return self.folder / name

    def notes_path(self, name: str) -> Path:
        """A file of the interview notes' code that the question refers to (its `notes`)."""
        return _notes_file(self.folder, name)

    @property
    def starter_path(self) -> Path:
        """The starter a user begins from (coding questions)."""
        return self.folder / "starter.py"

    @property
    def suite_path(self) -> Path:
        """The test suite (coding questions): trusted, judge-side only."""
        return self.folder / "suite.py"

    @property
    def reference_path(self) -> Path:
        """The trusted reference solution (coding questions)."""
        assert isinstance(self.spec, Coding)
        return paths.reference_dir() / self.spec.reference


@dataclass
class Bank:
    """All questions that loaded, and every error met on the way."""

    questions: dict[str, Question] = field(default_factory=dict)
    errors: list[LoadError] = field(default_factory=list)
    broken: dict[str, list[LoadError]] = field(default_factory=dict)

    def get(self, question_id: str) -> Question | None:
        """The question with this id, or None."""
        return self.questions.get(question_id)

    @cached_property
    def topics(self) -> list[str]:
        """Topics in bank order."""
        return sorted({q.spec.topic for q in self.questions.values()})


def _location(loc: tuple) -> str:
    # pydantic puts the union tag first ("coding", "entries", 0, "name"); drop it.
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"coding", "concept", "choice", "numeric"}:
        parts = parts[1:]
    return ".".join(parts)


def load_question(folder: Path) -> tuple[Question | None, list[LoadError]]:
    """Load one question folder; on failure return every error found in it."""
    spec_file = folder / SPEC_FILE
    try:
        data = tomllib.loads(spec_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [LoadError(spec_file, "", "missing question.toml")]
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return None, [LoadError(spec_file, "", f"not valid TOML: {exc}")]
    try:
        spec = parse_spec(data)
    except ValidationError as exc:
        return None, [LoadError(spec_file, _location(e["loc"]), e["msg"]) for e in exc.errors()]
    errors = _check_folder(spec, folder, spec_file)
    return (None if errors else Question(spec, folder)), errors


def _notes_file(folder: Path, name: str) -> Path:
    """questions/_interview_notes/NAME.py of the bank holding the question folder `folder`."""
    return folder.parent.parent / NOTES_FOLDER / f"{name}.py"


def _check_folder(spec: Spec, folder: Path, spec_file: Path) -> list[LoadError]:
    """What the spec promises about its folder: names match, side files exist and lie inside the bank.

    The bank is the folder above the topic (questions/<topic>/<id>/); a symlink or a name
    leading out of it (or out of reference/) would have the judge load a file no author of
    this bank wrote, so the question is broken.
    """
    errors = []
    if spec.id != folder.name:
        errors.append(LoadError(spec_file, "id", f"id {spec.id!r} differs from folder name {folder.name!r}"))
    if spec.topic != folder.parent.name:
        errors.append(LoadError(spec_file, "topic", f"topic {spec.topic!r} differs from folder {folder.parent.name!r}"))
    bank_root = folder.parent.parent
    files = [(spec_file, bank_root, spec_file, "", "question.toml")]
    files += [(_notes_file(folder, name), bank_root, spec_file, f"notes.{i}", f"{NOTES_FOLDER}/{name}.py") for i, name in enumerate(spec.notes)]
    if isinstance(spec, Coding):
        files += [(folder / name, bank_root, folder / name, "", name) for name in ("starter.py", "suite.py")]
        files.append((paths.reference_dir() / spec.reference, paths.reference_dir(), spec_file, "reference", f"reference/{spec.reference}"))
        files += [
            (folder / "mutants" / mutant.file, bank_root, spec_file, f"mutants.{i}.file", f"mutants/{mutant.file}") for i, mutant in enumerate(spec.mutants)
        ]
    for path, root, file, location, name in files:
        if not path.is_file():
            errors.append(LoadError(file, location, f"missing {name}"))
        elif not paths.within(path, root):
            errors.append(LoadError(file, location, f"{name} leads outside {root} (to {os.path.realpath(path)})"))
    return errors


def question_folders(root: Path) -> list[Path]:
    """Every question folder under `root` (a folder holding question.toml), sorted.

    `root` may be the whole bank, one topic, or one question folder.
    """
    if (root / SPEC_FILE).is_file():
        return [root]
    # `**` does not enter a symlinked folder, but `*` does: a question or topic folder that is a
    # symlink is found as `submit ID` finds it, and reported (broken when it leads out of the bank).
    found = {*root.glob(f"**/{SPEC_FILE}"), *root.glob(f"*/{SPEC_FILE}"), *root.glob(f"*/*/{SPEC_FILE}")}
    return sorted(p.parent for p in found)


def find_question(question_id: str, root: Path | None = None) -> tuple[Question | None, list[LoadError]]:
    """Load only the question with this id (its folder is questions/<topic>/<id>/): fast for one command.

    Returns (None, []) when no folder has that name.
    """
    folders = paths.spec_files(question_id, root)
    if not folders:
        return None, []
    return load_question(folders[0].parent)


def load_bank(root: Path | None = None) -> Bank:
    """Load every question under `root` (default: the installed bank)."""
    bank = Bank()
    for folder in question_folders(root or paths.questions_dir()):
        question, errors = load_question(folder)
        if question is None:
            bank.errors.extend(errors)
            bank.broken[folder.name] = errors
            continue
        if question.id in bank.questions:
            other = bank.questions[question.id].folder
            error = LoadError(folder / SPEC_FILE, "id", f"duplicate id, also in {other}")
            bank.errors.append(error)
            bank.broken[folder.name] = [error]
            continue
        bank.errors.extend(errors)
        bank.questions[question.id] = question
    return bank
