"""Importing progress written by `quizzer export`: all of it, or none of it.

The whole file is validated first against a model of the export format (pydantic, which also
bounds the JSON's nesting), with every field typed and bounded: a crafted or damaged file is
refused in one line naming the table and the row, before anything is written. Then every row
goes in in one transaction, and the card of each question whose review log grew is replayed
from the merged log (a card is never taken on trust).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from quizzer.core.spec import ID_PATTERN
from quizzer.core.store import DIAGNOSIS_SHOWN, MIGRATIONS, RENAMED_QUESTIONS, Store
from quizzer.core.verdicts import Verdict

MAX_FILE_BYTES = 128 * 1024 * 1024
MAX_ROWS = 1_000_000  # per table
MAX_TEXT = 8 * 1024 * 1024  # code, answers, drafts (a submission is at most 1 MiB; a draft may grow past it)
YEAR_3000 = 32_503_680_000.0

Timestamp = Annotated[float, Field(ge=0, le=YEAR_3000, allow_inf_nan=False)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
Small = Annotated[int, Field(ge=0, le=2**31 - 1)]
Rating = Annotated[int, Field(ge=1, le=4)]


class ImportRefused(ValueError):
    """The file is not an export this quizzer can import; the message says why in one line. Nothing was imported."""


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class _Row(_Strict):
    id: Annotated[int, Field(ge=1, le=2**63 - 1)] | None = None  # the exporting store's own: not kept
    question: Annotated[str, Field(max_length=200, pattern=ID_PATTERN)]


class AttemptRow(_Row):
    """One row of `attempts`."""

    at: Timestamp
    verdict: Literal[tuple(v.value for v in Verdict)]  # type: ignore[valid-type]
    passed: Small
    total: Small
    duration_ms: Small
    code: Text = ""
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)] | None = None
    answer: Text = ""

    @model_validator(mode="after")
    def _passed_at_most_total(self) -> AttemptRow:
        if self.passed > self.total:
            raise ValueError(f"passed ({self.passed}) is more than total ({self.total})")
        return self


class HintRow(_Row):
    """One row of `hints`."""

    at: Timestamp
    hint_index: Annotated[int, Field(ge=DIAGNOSIS_SHOWN, le=999)]


class GradeRow(_Row):
    """One row of `grades`."""

    at: Timestamp
    rating: Rating
    answer: Text = ""


class DraftRow(_Row):
    """One row of `drafts`."""

    code: Text
    updated: Timestamp


class GiveUpRow(_Row):
    """One row of `give_ups`."""

    at: Timestamp


def _aware(text: str | None) -> str | None:
    """An ISO date-time with its offset (FSRS compares them with aware times), or None."""
    if text is not None and datetime.fromisoformat(text).tzinfo is None:
        raise ValueError("a date-time without its UTC offset")
    return text


def _parsed(model: type[BaseModel], text: str, what: str):
    """`text` (JSON held in a column) validated by `model`; a ValueError naming `what` and the problem."""
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        raise ValueError(f"{what}: {_first_problem(exc)}") from None


class _CardJson(_Strict):
    """What `fsrs.Card.to_json` writes."""

    card_id: int
    state: Annotated[int, Field(ge=1, le=3)]
    step: Annotated[int, Field(ge=0, le=100)] | None
    stability: Annotated[float, Field(gt=0, le=1e9, allow_inf_nan=False)] | None
    difficulty: Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)] | None
    due: Annotated[str, Field(max_length=64)]
    last_review: Annotated[str, Field(max_length=64)] | None

    @field_validator("due", "last_review")
    @classmethod
    def _with_offset(cls, text: str | None) -> str | None:
        return _aware(text)


class _LogJson(_Strict):
    """What `fsrs.ReviewLog.to_dict` writes."""

    card_id: int
    rating: Rating
    review_datetime: Annotated[str, Field(max_length=64)]
    review_duration: Small | None

    @field_validator("review_datetime")
    @classmethod
    def _with_offset(cls, text: str) -> str:
        return _aware(text)


class CardRow(_Row):
    """One row of `cards`: the card must be one FSRS reads, due when the row says."""

    card: Annotated[str, Field(max_length=4096)]
    due: Timestamp

    @model_validator(mode="after")
    def _a_card_fsrs_reads(self) -> CardRow:
        from fsrs import Card

        card = Card.from_dict(_parsed(_CardJson, self.card, "card").model_dump())
        if abs(card.due.timestamp() - self.due) > 1:
            raise ValueError("due is not the card's due date")
        return self


class ReviewLogRow(_Row):
    """One row of `review_log`."""

    at: Timestamp
    rating: Rating
    log: Annotated[str, Field(max_length=4096)]

    @model_validator(mode="after")
    def _a_log_of_this_rating(self) -> ReviewLogRow:
        if _parsed(_LogJson, self.log, "log").rating != self.rating:
            raise ValueError("the log's rating is not the row's")
        return self


class Tables(_Strict):
    """The tables of an export; a missing one is empty (an export from the first schema has no give_ups)."""

    attempts: list[AttemptRow] = Field(default=[], max_length=MAX_ROWS)
    hints: list[HintRow] = Field(default=[], max_length=MAX_ROWS)
    grades: list[GradeRow] = Field(default=[], max_length=MAX_ROWS)
    drafts: list[DraftRow] = Field(default=[], max_length=MAX_ROWS)
    cards: list[CardRow] = Field(default=[], max_length=MAX_ROWS)
    review_log: list[ReviewLogRow] = Field(default=[], max_length=MAX_ROWS)
    give_ups: list[GiveUpRow] = Field(default=[], max_length=MAX_ROWS)


class ProgressExport(_Strict):
    """What `quizzer export` writes: `{"format": "quizzer-progress", "schema": N, "tables": {...}}`."""

    format: Literal["quizzer-progress"]
    schema_version: int = Field(alias="schema", ge=1)
    tables: Tables

    @field_validator("schema_version")
    @classmethod
    def _not_newer(cls, version: int) -> int:
        if version > len(MIGRATIONS):
            raise ValueError(f"made by a newer quizzer (schema {version}); this one reads up to {len(MIGRATIONS)}")
        return version


def parse_export(data: bytes | str) -> ProgressExport:
    """The export in `data` (JSON text), validated whole; `ImportRefused` saying what is wrong and where."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(f"larger than an export can be ({MAX_FILE_BYTES // 2**20} MiB)")
    try:
        return ProgressExport.model_validate_json(data)
    except ValidationError as exc:
        raise ImportRefused(_first_problem(exc)) from None


def import_progress(store: Store, data: bytes | str) -> int:
    """Validate the export in `data` whole, then add it to `store` in one transaction; the rows added.

    Raises `ImportRefused` (nothing imported) when the file is not an export this quizzer reads.
    """
    from quizzer.core.review import rebuild_card

    export = parse_export(data)
    tables = {name: [_renamed(row.model_dump(exclude={"id"})) for row in getattr(export.tables, name)] for name in Store.TABLES}
    with store.transaction():
        added, reviewed = store.add_exported(tables)
        for question in sorted(reviewed):
            rebuild_card(store, question)
    return added


def _renamed(row: dict) -> dict:
    """A row of an older export, with the question's id as the bank has it now."""
    row["question"] = RENAMED_QUESTIONS.get(row["question"], row["question"])
    return row


_PLAIN = re.compile(r"[A-Za-z0-9_]{1,64}")


def _first_problem(exc: ValidationError) -> str:
    """The first problem pydantic found, as "table attempts, row 3: at: ...", plus how many more there are."""
    errors = exc.errors(include_url=False, include_input=False)
    first = errors[0]
    where = [part if isinstance(part, int) or _PLAIN.fullmatch(part) else repr(part)[:40] for part in first["loc"]]  # keys are the file's
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "json_invalid":
        text = f"not valid JSON: {message.removeprefix('Invalid JSON: ')}"
    elif first["type"] == "model_type" and not where:
        text = "expected a quizzer progress export: a JSON object with \"format\": \"quizzer-progress\", \"schema\" and \"tables\""
    elif where[:1] == ["format"]:
        text = "not a quizzer progress export (its \"format\" is not \"quizzer-progress\")"
    elif where[:1] == ["tables"] and len(where) >= 3 and isinstance(where[2], int):
        field = ".".join(str(part) for part in where[3:])
        text = f"table {where[1]}, row {where[2] + 1}: " + (f"{field}: " if field else "") + message
    elif where[:1] == ["tables"] and len(where) == 2 and first["type"] == "extra_forbidden":
        text = f"unknown table {where[1]} (an export has {', '.join(Store.TABLES)})"
    else:
        text = (".".join(str(part) for part in where) + ": " if where else "") + message
    return text + (f" (and {len(errors) - 1} more problem{'s' * (len(errors) > 2)})" if len(errors) > 1 else "")
