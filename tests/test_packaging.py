"""The app works installed the way users install apps: the wheel carries the bank and the references."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds and installs a wheel

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from this checkout, as `pip install .` would build it."""
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)], capture_output=True, text=True, timeout=300
    )
    if build.returncode != 0 and "hatchling" in build.stderr:
        build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr[-2000:]
    (found,) = out.glob("quizzer-*.whl")
    return found


def test_wheel_carries_every_question_and_reference(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for spec in (ROOT / "questions").glob("*/*/question.toml"):
        assert f"quizzer/_content/questions/{spec.relative_to(ROOT / 'questions').as_posix()}" in names
    for reference in (ROOT / "reference").glob("*.py"):
        assert f"quizzer/_content/reference/{reference.name}" in names


def test_installed_wheel_runs_from_any_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("QUIZZER_CONTENT", None)
    listed = subprocess.run([sys.executable, "-m", "quizzer", "list", "--json"], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert "numpy-lstm-cell" in {row["id"] for row in json.loads(listed.stdout)}
    where = subprocess.run([sys.executable, "-c", "from quizzer import paths; print(paths.content_root())"], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert where.stdout.strip() == str(target / "quizzer" / "_content")
    reference = target / "quizzer/_content/reference/numpy_lstm_cell.py"
    submitted = subprocess.run(
        [sys.executable, "-m", "quizzer", "submit", "numpy-lstm-cell", str(reference), "--json"], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120
    )
    assert json.loads(submitted.stdout)["verdict"] == "accepted", submitted.stderr
