"""Shared test setup: every test gets its own QUIZZER_HOME, so no test touches real user data.

The environment a test inherits is made neutral too: no author's bank (`QUIZZER_CONTENT`), and an
editor that exits at once (`EDITOR`, `VISUAL`), so nothing a developer has set reaches a test and no
test can wait on a real editor.

The run gets a temp dir of its own (`TMPDIR`, inherited by xdist workers and every process a test
starts): at the end the controller fails the session when anything named `quizzer-run-*` (a
sandbox's folder) is left in it, and removes it when the run passed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from quizzer import paths

LEFTOVER_PATTERN = "quizzer-run-*"


@pytest.fixture(autouse=True)
def quizzer_home(tmp_path_factory, monkeypatch):
    """A fresh, empty QUIZZER_HOME for each test, and nothing else of the developer's environment."""
    home = tmp_path_factory.mktemp("quizzer-home")
    monkeypatch.setenv("QUIZZER_HOME", str(home))
    monkeypatch.delenv("QUIZZER_CONTENT", raising=False)
    monkeypatch.setenv("EDITOR", "false")
    monkeypatch.setenv("VISUAL", "false")
    return home


@pytest.fixture
def quizzer_cli():
    """`quizzer_cli(*args, env=..., input=..., timeout=...)`: run `python -m quizzer ARGS` as a user would (text, captured)."""
    def run(*args: str, env: dict | None = None, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "quizzer", *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=timeout, **kwargs
        )

    return run


@pytest.fixture
def bank_copy(tmp_path):
    """A writable copy of the bank and references (`tmp_path/content`), used through QUIZZER_CONTENT."""
    root = tmp_path / "content"
    shutil.copytree(paths.questions_dir(), root / "questions")
    shutil.copytree(paths.reference_dir(), root / "reference")
    return root


def pytest_configure(config):
    """The controller makes the run's temp dir before any worker starts (workers inherit TMPDIR)."""
    if hasattr(config, "workerinput") or os.environ.get("QUIZZER_TEST_TMPDIR"):
        return
    base = tempfile.mkdtemp(prefix="quizzer-tests-")
    os.chmod(base, 0o1777)  # like /tmp: the tests that run as an unprivileged user write here too
    os.environ["TMPDIR"] = os.environ["QUIZZER_TEST_TMPDIR"] = base
    tempfile.tempdir = None  # gettempdir() reads TMPDIR again
    config._quizzer_tmpdir = base


@pytest.hookimpl(trylast=True)  # after the plugins that still use the temp dir (textual's snapshot report)
def pytest_sessionfinish(session, exitstatus):
    """Fail the run when a sandbox left its folder behind; remove the run's temp dir after a pass."""
    base = getattr(session.config, "_quizzer_tmpdir", None)
    if base is None:
        return
    left = sorted(Path(base).glob(LEFTOVER_PATTERN))
    if left:
        print(f"\nquizzer: the tests left {len(left)} sandbox folder(s) behind: {', '.join(map(str, left[:5]))}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    if session.exitstatus == 0:
        shutil.rmtree(base, ignore_errors=True)
