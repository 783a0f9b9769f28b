"""The question spec: pydantic models for `question.toml`.

A question is a folder `questions/<topic>/<id>/` holding `question.toml` and,
for coding questions, `starter.py`, `suite.py` (the hidden and visible tests)
and `mutants/*.py`. Authors add folders; no code changes.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from quizzer.core.task import DEFAULTS
from quizzer.core.verdicts import Verdict  # noqa: F401 - part of the spec's vocabulary
from quizzer.paths import ID_PATTERN


class Kind(StrEnum):
    """What sort of answer a question takes."""

    coding = "coding"
    concept = "concept"
    choice = "choice"
    numeric = "numeric"


class Difficulty(StrEnum):
    """How hard a question is, as an interviewer would rate it."""

    easy = "easy"
    medium = "medium"
    hard = "hard"




class _Model(BaseModel):
    # defer_build: the schema is built on first use, so importing the spec stays cheap on the submit path.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class _Question(_Model):
    id: str = Field(pattern=ID_PATTERN, description="Unique id, also the folder name.")
    title: str = Field(min_length=3)
    topic: str = Field(pattern=ID_PATTERN, description="Also the parent folder name.")
    difficulty: Difficulty
    tags: list[str] = Field(default_factory=list)
    prompt: str = Field(min_length=10, description="Markdown; LaTeX math between $...$ or $$...$$.")
    hints: list[str] = Field(min_length=1, description="Progressive: each reveals more than the last.")
    walkthrough: str = Field(min_length=10, description="The worked answer, shown after solving or giving up.")
    source: str = Field(
        default="", description="Where the question comes from: 'interview notes: <section>' for the interview notes; empty when written for the bank."
    )
    notes: list[Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]] = Field(
        default_factory=list,
        description="Code of the interview notes the question refers to, shown with it: file names in questions/_interview_notes/, without .py.",
    )


class Entry(_Model):
    """One name the submission must define."""

    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    type: Literal["function", "class"]
    signature: str = Field(description="As the user should write it, e.g. 'f(x, axis=-1)'.")
    params: list[str] = Field(
        default_factory=list,
        description="Positional parameter names the judge passes (for a class: of __init__, without self).",
    )
    methods: dict[str, list[str]] = Field(
        default_factory=dict, description="For a class: method name -> parameter names (without self)."
    )
    attributes: list[str] = Field(default_factory=list, description="For a class: attributes the judge reads or sets.")
    mutates: list[str] = Field(
        default_factory=list,
        description="Parameters the call updates in place on purpose (the judge fails any other change to an argument); "
        "for a class, `method.param` (e.g. `step.params`) or a constructor parameter.",
    )
    reuses: list[str] = Field(
        default_factory=list,
        description="Parameters the caller goes on updating in place after the call (a training loop's weights): "
        "the judge writes into them after each call, so what a function keeps of them must be a copy; named as in `mutates`.",
    )
    doc: str = ""

    @model_validator(mode="after")
    def _mutates_named_parameters(self) -> Entry:
        for field in ("mutates", "reuses"):
            for name in getattr(self, field):
                method, _, param = name.rpartition(".")
                params = self.methods.get(method) if method else self.params
                if params is None or param not in params:
                    raise ValueError(f"{field} names {name!r}, which is not a parameter of {self.name}")
        return self


class Mutant(_Model):
    """A plausible wrong solution and the verdict the judge must give it."""

    file: str = Field(pattern=r"^[A-Za-z0-9_\-]+\.py$")
    verdict: Verdict
    bug: str = Field(min_length=5, description="What is wrong, in a sentence.")

    @model_validator(mode="after")
    def _not_accepted(self) -> Mutant:
        if self.verdict == Verdict.accepted:
            raise ValueError("a mutant must not be accepted")
        return self


class Equivalent(_Model):
    """A generated mutant (`quizzer mutate`) that no test can tell from the reference, and why."""

    mutant: str = Field(min_length=3, description="The mutant's id, as `quizzer mutate` prints it.")
    why: str = Field(min_length=10, description="Why it computes the same thing on every input the question allows.")


class Example(_Model):
    """A worked example shown with the question."""

    code: str
    output: str


class Coding(_Question):
    """Write code; a judge runs it against hidden tests and a trusted reference."""

    kind: Literal[Kind.coding]
    framework: Literal["numpy", "torch"] = "numpy"
    entries: list[Entry] = Field(min_length=1)
    allowed_imports: list[str] = Field(
        default_factory=lambda: list(DEFAULTS["allowed_imports"]),
        description="Third-party top-level modules allowed besides the standard library.",
    )
    reference: str = Field(pattern=r"^[a-z0-9_]+\.py$", description="File name in reference/.")
    time_limit_s: float = Field(default=DEFAULTS["time_limit_s"], gt=0, le=60)
    memory_limit_mb: int = Field(default=DEFAULTS["memory_limit_mb"], ge=32, le=4096)
    rtol: float = Field(default=DEFAULTS["rtol"], ge=0)
    atol: float = Field(default=DEFAULTS["atol"], ge=0)
    examples: list[Example] = Field(default_factory=list)
    mutants: list[Mutant] = Field(min_length=4)
    equivalent: list[Equivalent] = Field(default_factory=list, description="Generated mutants that are the same program in effect.")

    @model_validator(mode="after")
    def _torch_only_when_torch(self) -> Coding:
        if self.framework == "numpy" and "torch" in self.allowed_imports:
            raise ValueError("a NumPy question must not allow torch")
        return self


class Concept(_Question):
    """Answer in your own words, then grade yourself against a rubric."""

    kind: Literal[Kind.concept]
    model_answer: str = Field(min_length=20)
    rubric: list[str] = Field(min_length=3, description="Points a good answer covers.")


class Option(_Model):
    """One option of a choice question."""

    text: str
    correct: bool = False
    why: str = Field(min_length=5, description="Why this option is right or wrong.")


class Choice(_Question):
    """Pick the right option(s)."""

    kind: Literal[Kind.choice]
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _has_right_option(self) -> Choice:
        if not any(option.correct for option in self.options):
            raise ValueError("at least one option must be correct")
        return self

    @property
    def multiple(self) -> bool:
        """True when more than one option is right."""
        return sum(option.correct for option in self.options) > 1


class Numeric(_Question):
    """Give a number; it is right within the stated tolerance."""

    kind: Literal[Kind.numeric]
    answer: float
    tolerance: float = Field(ge=0, description="Absolute tolerance, in the unit.")
    unit: str = Field(description="E.g. 'parameters', 'MiB'; empty when dimensionless.")

    def is_right(self, value: float) -> bool:
        """Whether `value` is within the tolerance of the answer."""
        return abs(value - self.answer) <= self.tolerance


Spec = Annotated[Union[Coding, Concept, Choice, Numeric], Field(discriminator="kind")]
MODELS: dict[str, type[_Question]] = {"coding": Coding, "concept": Concept, "choice": Choice, "numeric": Numeric}


def parse_spec(data: dict) -> Spec:
    """Validate a parsed question.toml; raises pydantic.ValidationError naming each bad field.

    A known `kind` validates with that kind's model only (cheaper than the whole union);
    anything else goes through the union so the error says what `kind` may be.
    """
    model = MODELS.get(data.get("kind")) if isinstance(data, dict) else None
    if model is not None:
        return model.model_validate(data)
    return TypeAdapter(Spec).validate_python(data)


def json_schema() -> dict:
    """The JSON Schema of `question.toml`."""
    return TypeAdapter(Spec).json_schema()
