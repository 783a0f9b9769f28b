"""What the judge needs of a coding question, as plain data: a `JudgeTask`.

Pydantic validates the bank (`quizzer validate`, `list`, the app). A cold
`quizzer submit` of a shipped question need not pay for that again: it reads
the same `question.toml` straight into a `JudgeTask` (no pydantic import, no
schema build), and falls back to the validated path whenever anything is off,
so a broken question still gets pydantic's message. A test holds both ways to
the same result for every question in the bank.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from quizzer import paths

# The defaults of a coding question's judge settings: the spec models use these too.
DEFAULTS = {"allowed_imports": ("numpy",), "time_limit_s": 2.0, "memory_limit_mb": 256, "rtol": 1e-6, "atol": 1e-8}


class TaskError(Exception):
    """The question file could not be read as a judge task (the validated path explains why)."""


@dataclass(frozen=True)
class JudgeTask:
    """A coding question as the judge sees it: names, limits, tolerance, where its suite and reference are."""

    id: str
    folder: Path
    reference: str
    entries: tuple[dict, ...]
    allowed_imports: tuple[str, ...]
    time_limit_s: float
    memory_limit_mb: int
    rtol: float
    atol: float
    mutants: tuple[dict, ...] = ()  # the hand-written known mistakes: file, verdict, bug (for diagnosis)

    @property
    def suite_path(self) -> Path:
        """The test suite: trusted, judge-side only."""
        return self.folder / "suite.py"

    @property
    def reference_path(self) -> Path:
        """The trusted reference solution."""
        return paths.reference_dir() / self.reference

    @classmethod
    def from_question(cls, question) -> JudgeTask:
        """From a validated `quizzer.core.bank.Question` of kind coding."""
        spec = question.spec
        entries = tuple(entry.model_dump() for entry in spec.entries)
        mutants = tuple({"file": m.file, "verdict": m.verdict.value, "bug": m.bug} for m in spec.mutants)
        return cls(
            spec.id, question.folder, spec.reference, entries, tuple(spec.allowed_imports), spec.time_limit_s, spec.memory_limit_mb, spec.rtol, spec.atol, mutants
        )


_ENTRY_KEYS = {"name": str, "type": str, "signature": str, "params": list, "methods": dict, "attributes": list, "mutates": list, "reuses": list, "doc": str}
_MUTANT_KEYS = {"file": str, "verdict": str, "bug": str}


def _plain(tables: object, keys: dict[str, type], required: tuple[str, ...]) -> tuple[dict, ...]:
    """Tables with only these keys, each of its type (absent ones filled in): else TaskError."""
    if type(tables) is not list:
        raise TaskError("not a list of tables")
    plain = []
    for table in tables:
        if type(table) is not dict or not set(required) <= set(table) <= set(keys):
            raise TaskError("a table that is not plain")
        filled = {key: table.get(key, kind()) for key, kind in keys.items()}
        if any(type(filled[key]) is not kind for key, kind in keys.items()):
            raise TaskError("a value of the wrong type")
        plain.append(filled)
    return tuple(plain)


def read_task(folder: Path) -> JudgeTask:
    """A coding question's task straight from its question.toml; TaskError on anything unexpected."""
    try:
        data = tomllib.loads((folder / "question.toml").read_text(encoding="utf-8"))
        if data.get("kind") != "coding" or data.get("id") != folder.name:
            raise TaskError("not a coding question of this folder")
        entries = _plain(data["entries"], _ENTRY_KEYS, ("name", "type", "signature"))
        mutants = _plain(data["mutants"], _MUTANT_KEYS, tuple(_MUTANT_KEYS))
        if not entries or any("." in name for e in entries if e["type"] == "function" for name in e["mutates"] + e["reuses"]):
            raise TaskError("entries are not plain")
        task = JudgeTask(
            id=data["id"],
            folder=folder,
            reference=data["reference"],
            entries=entries,
            allowed_imports=tuple(data.get("allowed_imports", DEFAULTS["allowed_imports"])),
            time_limit_s=float(data.get("time_limit_s", DEFAULTS["time_limit_s"])),
            memory_limit_mb=int(data.get("memory_limit_mb", DEFAULTS["memory_limit_mb"])),
            rtol=float(data.get("rtol", DEFAULTS["rtol"])),
            atol=float(data.get("atol", DEFAULTS["atol"])),
            mutants=mutants,
        )
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise TaskError(str(exc)) from None
    if not (0 < task.time_limit_s <= 60 and 32 <= task.memory_limit_mb <= 4096 and task.rtol >= 0 and task.atol >= 0):
        raise TaskError("limits out of range")
    if not (task.suite_path.is_file() and task.reference_path.is_file()):
        raise TaskError("missing suite or reference")
    if not (paths.within(task.suite_path, folder.parent.parent) and paths.within(task.reference_path, paths.reference_dir())):
        raise TaskError("the suite or the reference leads outside the bank")
    return task
