"""Shared test setup: every test gets its own QUIZZER_HOME, so no test touches real user data."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def quizzer_home(tmp_path_factory, monkeypatch):
    """A fresh, empty QUIZZER_HOME for each test."""
    home = tmp_path_factory.mktemp("quizzer-home")
    monkeypatch.setenv("QUIZZER_HOME", str(home))
    return home
