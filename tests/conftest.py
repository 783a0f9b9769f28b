"""Shared test setup: every test gets its own QUIZZER_HOME, so no test touches real user data."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def quizzer_home(tmp_path_factory, monkeypatch):
    """A fresh, empty QUIZZER_HOME for each test."""
    home = tmp_path_factory.mktemp("quizzer-home")
    monkeypatch.setenv("QUIZZER_HOME", str(home))
    return home


@pytest.fixture
def quizzer_cli():
    """`quizzer_cli(*args, env=..., input=..., timeout=...)`: run `python -m quizzer ARGS` as a user would (text, captured)."""
    import os
    import subprocess
    import sys

    def run(*args: str, env: dict | None = None, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "quizzer", *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=timeout, **kwargs
        )

    return run


@pytest.fixture
def bank_copy(tmp_path):
    """A writable copy of the bank and references (`tmp_path/content`), used through QUIZZER_CONTENT."""
    import shutil

    from quizzer import paths

    root = tmp_path / "content"
    shutil.copytree(paths.questions_dir(), root / "questions")
    shutil.copytree(paths.reference_dir(), root / "reference")
    return root
