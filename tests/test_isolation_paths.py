"""What the sandboxed child may read (its `View`): the standard library and its question's packages, nothing else."""

from __future__ import annotations

import os
import sys
import types

import pytest

from quizzer import paths
from quizzer.sandbox import view as view_module
from quizzer.sandbox.view import compute, foreign_modules


def _covers(v, path: str) -> bool:
    """Whether the child would see `path` (a read root covers it and no cover hides it)."""
    real = os.path.realpath(path)

    def under(root: str) -> bool:
        return real == root or real.startswith(root.rstrip("/") + "/")

    hidden = [h for h in v.hides if under(h)]
    shown = [r for r in v.reads if under(r)]
    return bool(shown) and (not hidden or max(map(len, shown)) > max(map(len, hidden)))


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.setattr(view_module, "_PACKAGES", {})


def test_user_folders_on_sys_path_are_not_readable(tmp_path, monkeypatch, quizzer_home):
    workdir = tmp_path / "my-project"
    workdir.mkdir()
    monkeypatch.setattr(sys, "path", [str(workdir), str(quizzer_home), *sys.path])
    v = compute(("numpy",))
    assert not _covers(v, str(workdir / "solution.py"))
    assert not _covers(v, str(quizzer_home / "progress.sqlite3"))


def test_the_bank_references_and_quizzer_are_not_readable_but_numpy_and_the_stdlib_are():
    import numpy

    v = compute(("numpy",))
    assert _covers(v, numpy.__file__) and _covers(v, os.__file__)
    libs = os.path.join(os.path.dirname(os.path.dirname(numpy.__file__)), "numpy.libs")
    assert not os.path.isdir(libs) or _covers(v, libs)  # what NumPy's own extension modules load
    assert not _covers(v, str(paths.questions_dir() / "recurrent"))
    assert not _covers(v, str(paths.reference_dir() / "numpy_lstm_cell.py"))
    assert not _covers(v, str(view_module.__file__))
    assert "/" not in v.reads


def test_other_installed_packages_are_not_readable():
    import pydantic

    v = compute(("numpy",))
    assert not _covers(v, pydantic.__file__)
    torch = view_module.package_paths("torch")
    assert torch == [] or not any(_covers(v, p) for p in torch)


def test_the_site_packages_inside_the_standard_library_are_covered():
    stdlib = os.path.dirname(os.__file__)
    site = os.path.join(stdlib, "site-packages")
    v = compute(("numpy",))
    if os.path.isdir(site):
        assert site in v.hides and not _covers(v, os.path.join(site, "anything"))


def _dist(site, name: str, version: str, files: list[str], requires: list[str] = ()) -> None:
    info = site / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    for path in files:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text("")
    (info / "RECORD").write_text("".join(f"{path},sha256=x,0\n" for path in files) + f"{info.name}/RECORD,,\n../../../bin/{name},,\n")
    (info / "METADATA").write_text(f"Name: {name}\n" + "".join(f"Requires-Dist: {r}\n" for r in requires) + "\nRequires-Dist: not-a-header\n")


def test_a_package_brings_what_its_distribution_installed_and_requires_transitively(tmp_path, monkeypatch):
    site = tmp_path / "lib" / "site-packages"
    _dist(site, "fancy", "1.0", ["fancy/__init__.py", "fancy.libs/libx.so", "fancy_helpers/__init__.py"], ["Helper_Dist>=2", "extra-thing; extra == 'docs'", "other; python_version < '3'"])
    _dist(site, "helper_dist", "2.0", ["helper.py", "__pycache__/helper.cpython-311.pyc"], ["deep"])
    _dist(site, "deep", "0.1", ["deep/__init__.py"])
    _dist(site, "extra_thing", "1", ["extra_thing/__init__.py"])
    _dist(site, "unrelated", "1", ["unrelated/__init__.py"])
    monkeypatch.syspath_prepend(str(site))
    found = set(view_module.package_paths("fancy"))
    expected = {"fancy", "fancy.libs", "fancy_helpers", "fancy-1.0.dist-info", "helper.py", "__pycache__/helper.cpython-311.pyc", "helper_dist-2.0.dist-info", "deep", "deep-0.1.dist-info"}
    assert {os.path.relpath(p, site) for p in found} == expected  # not the extra's, not the unrelated, not the scripts


@pytest.mark.torch
def test_torch_brings_its_dependencies_from_its_metadata():
    pytest.importorskip("torch")
    v = compute(("numpy", "torch"))
    import jinja2
    import markupsafe
    import sympy
    import torch

    for module in (torch, sympy, jinja2, markupsafe):  # markupsafe: required by jinja2, which torch requires
        assert _covers(v, module.__file__), module.__name__


def test_a_bank_and_a_home_inside_a_read_folder_are_covered(tmp_path, monkeypatch):
    stdlib = tmp_path / "stdlib"
    for folder in ("json", "my_bank/questions/recurrent", "my_bank/reference", "my_home"):
        (stdlib / folder).mkdir(parents=True)
    monkeypatch.setattr(view_module, "stdlib_paths", lambda: [str(stdlib)])
    monkeypatch.setenv("QUIZZER_CONTENT", str(stdlib / "my_bank"))
    monkeypatch.setenv("QUIZZER_HOME", str(stdlib / "my_home"))
    v = compute(("numpy",))
    assert _covers(v, str(stdlib / "json" / "x.py"))
    for secret in ("my_home/progress.sqlite3", "my_bank/questions/recurrent/q/question.toml", "my_bank/reference/r.py"):
        assert not _covers(v, str(stdlib / secret)), secret


def test_symlinks_on_the_way_are_recreated_not_followed_out(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to("real")
    assert view_module._symlinks_on(str(tmp_path / "link" / "x")) == {str(tmp_path / "link"): "real"}


def test_a_process_holding_a_package_the_question_does_not_allow_must_not_fork_for_it(tmp_path, monkeypatch):
    site = tmp_path / "site-packages"
    site.mkdir()
    (site / "hook.pth").write_text("import os; import startup_shim\n")
    monkeypatch.syspath_prepend(str(site))
    for name in ("somepkg", "startup_shim"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    assert "somepkg" in foreign_modules(("numpy",))
    assert "startup_shim" not in foreign_modules(("numpy",))  # every interpreter here imports it at start
    assert "somepkg" not in foreign_modules(("numpy", "somepkg"))
    assert not {"numpy", "quizzer", "os"} & set(foreign_modules(("numpy",)))
