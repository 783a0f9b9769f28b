"""Nothing a user reads calls the interview notes "the seed" (the bank's internal name for the page).

RNG seeds keep their name: "--seed N", "np.random.seed(0)", "the seed 3 draws..." are fine; what is
refused is the page's name: "the seed's network", "the seed page", "Seed." as a heading, a `source`
starting with "seed". The questions call it the interview notes.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from quizzer import paths
from quizzer.core.bank import load_bank
from quizzer.core.spec import json_schema

ROOT = Path(__file__).resolve().parents[1]
# The page's name, not an RNG's: a possessive, "seed page", a bare "the seed" not followed by what an RNG seed is.
PAGE_NAME = re.compile(
    r"\bseed's|\bseed page|\*\*seed\.\*\*|\bthe seed\b(?!\s*(?:\d|=|\(|value|argument|for\b|of\b|\{))|^seed:",
    re.IGNORECASE | re.MULTILINE,
)


def page_names(text: str) -> list[str]:
    """Each place `text` calls the interview notes "the seed", with a little context."""
    return [text[max(0, m.start() - 30) : m.end() + 30].replace("\n", " ") for m in PAGE_NAME.finditer(text)]


def test_the_pattern_tells_the_page_from_an_rng_seed():
    assert page_names("Run the seed's LSTM example") and page_names("**Seed.** kaiming") and page_names("seed: Implementation")
    assert page_names("as in the seed, halve the rate")
    assert not page_names("np.random.seed(0); torch.manual_seed(1); --seed N; (seed 3877); the seed 3 draws; seeds 0 to 4")


@pytest.mark.parametrize("path", sorted(p for p in paths.questions_dir().rglob("*") if p.is_file() and "__pycache__" not in p.parts), ids=str)
def test_no_question_file_calls_the_notes_the_seed(path):
    assert page_names(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", sorted(paths.questions_dir().rglob("question.toml")), ids=lambda p: p.parent.name)
def test_no_question_cites_a_file_an_installed_app_does_not_have(path):
    assert re.findall(r"\btests/[\w/]+\.py", path.read_text(encoding="utf-8")) == []


def test_no_source_field_says_seed():
    bank = load_bank()
    assert [q.id for q in bank.questions.values() if "seed" in q.spec.source.lower()] == []


def _strings(path: Path) -> str:
    """Every string literal of a Python file: what its CLI help, messages and labels can say."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return "\n".join(node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str))


USER_FACING = sorted([*ROOT.glob("quizzer/cli/*.py"), *ROOT.glob("quizzer/app/**/*.py"), ROOT / "quizzer/core/render.py", ROOT / "quizzer/core/text.py"])
DOCS = [ROOT / "README.md", *sorted(p for p in ROOT.glob("docs/*.md") if p.name != "contract.md")]  # the contract is a verbatim copy


@pytest.mark.parametrize("path", USER_FACING + DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_user_facing_string_calls_the_notes_the_seed(path):
    text = _strings(path) if path.suffix == ".py" else path.read_text(encoding="utf-8")
    assert page_names(text) == []


def test_the_schema_authors_read_does_not_say_seed():
    assert page_names(json.dumps(json_schema())) == []
    assert "seed" not in json.dumps(json_schema()).lower()
