"""What the sandboxed child may read: installed code only, never the user's folders on sys.path."""

from __future__ import annotations

import os
import sys

from quizzer import paths
from quizzer.sandbox import isolate


def _fresh_roots(monkeypatch) -> list[str]:
    monkeypatch.setattr(isolate, "_READ_ROOTS", None)
    return isolate.read_roots()


def _covers(roots: list[str], path: str) -> bool:
    real = os.path.realpath(path)
    return any(real == root or real.startswith(root.rstrip("/") + "/") for root in roots)


def test_user_folders_on_sys_path_are_not_readable(tmp_path, monkeypatch, quizzer_home):
    workdir = tmp_path / "my-project"
    workdir.mkdir()
    monkeypatch.setattr(sys, "path", [str(workdir), str(quizzer_home), *sys.path])
    roots = _fresh_roots(monkeypatch)
    assert not _covers(roots, str(workdir / "solution.py"))
    assert not _covers(roots, str(quizzer_home / "progress.sqlite3"))


def test_the_bank_and_references_are_not_readable_but_numpy_is(monkeypatch):
    import numpy

    roots = _fresh_roots(monkeypatch)
    assert _covers(roots, numpy.__file__)
    assert _covers(roots, os.__file__)
    assert not _covers(roots, str(paths.questions_dir() / "recurrent"))
    assert not _covers(roots, str(paths.reference_dir() / "numpy_lstm_cell.py"))


def test_a_venv_inside_the_checkout_stays_readable_but_the_rest_of_the_checkout_does_not(tmp_path, monkeypatch):
    checkout = tmp_path / "clone"
    for folder in ("questions", "reference", "tests", ".git", "quizzer/sandbox", ".venv/lib/python3.11/site-packages/numpy"):
        (checkout / folder).mkdir(parents=True)
    monkeypatch.setattr(isolate, "__file__", str(checkout / "quizzer/sandbox/isolate.py"))
    monkeypatch.setattr(sys, "prefix", str(checkout / ".venv"))
    bad = isolate._forbidden_paths([])
    site = str(checkout / ".venv/lib/python3.11/site-packages")
    assert isolate._safe_roots(site, bad) == [site]
    for folder in ("questions", "reference", "tests", ".git", "quizzer"):
        assert str(checkout / folder) in bad


def test_a_bank_and_a_home_named_by_the_environment_are_not_readable_even_inside_site_packages(tmp_path, monkeypatch):
    site = tmp_path / "lib/python3.11/site-packages"
    for folder in ("numpy", "my_bank/questions/recurrent", "my_bank/reference"):
        (site / folder).mkdir(parents=True)
    (site / "sneaky").symlink_to(site / "my_bank/questions/recurrent")  # into the bank from elsewhere
    (site / "my_home").mkdir()
    monkeypatch.setenv("QUIZZER_CONTENT", str(site / "my_bank"))
    monkeypatch.setenv("QUIZZER_HOME", str(site / "my_home"))
    roots = isolate._safe_roots(str(site), isolate._forbidden_paths([str(site)]))
    assert not _covers(roots, str(site / "my_home/progress.sqlite3"))
    assert not _covers(roots, str(site / "my_bank/questions/recurrent/q/question.toml"))
    assert _covers(roots, str(site / "numpy/__init__.py"))
    assert not _covers(roots, str(site / "my_bank/questions/q.toml"))
    assert not _covers(roots, str(site / "my_bank/reference/r.py"))


def test_a_symlink_to_the_root_never_opens_the_whole_disk(tmp_path):
    folder = tmp_path / "site-packages"
    (folder / "numpy").mkdir(parents=True)
    (folder / "quizzer").mkdir()
    (folder / "rootlink").symlink_to("/")
    roots = isolate._safe_roots(str(folder), [str(folder / "quizzer")])
    assert str(folder / "numpy") in roots and not _covers(roots, str(folder / "quizzer" / "x.py"))
    assert "/" not in roots and not _covers(roots, str(folder / "quizzer"))
