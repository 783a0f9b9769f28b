"""The optional cgroup layer: used only where a cgroup v2 subtree is delegated, and said so where it is not.

The project's machines have cgroup v1 and no delegation, so these tests lay out a
folder as a delegated cgroup v2 folder looks and check what quizzer reads and
writes there; what the kernel then does with the files is not tested here.
"""

from __future__ import annotations

import os

from quizzer.sandbox import cgroup
from quizzer.sandbox.launch import Limits


def _delegated(folder, controls="memory pids", procs=""):
    folder.mkdir(exist_ok=True)
    (folder / "cgroup.subtree_control").write_text(controls + "\n")
    (folder / "cgroup.procs").write_text(procs)
    return folder


def test_without_delegation_it_says_why(tmp_path, monkeypatch):
    monkeypatch.delenv(cgroup.ENV, raising=False)
    folder, why = cgroup.delegated()
    assert folder is None and why
    assert cgroup.delegated(str(tmp_path))[1].endswith("is not a cgroup v2 folder (No such file or directory)")
    assert "does not enable pids" in cgroup.delegated(str(_delegated(tmp_path / "a", "memory")))[1]
    assert "holds processes" in cgroup.delegated(str(_delegated(tmp_path / "b", procs="123\n")))[1]
    assert cgroup.enter(Limits(), str(tmp_path / "a")) is False


def test_a_delegated_folder_gets_a_cgroup_per_submission_with_its_limits(tmp_path):
    root = _delegated(tmp_path / "delegated")
    assert cgroup.delegated(str(root)) == (str(root), "")
    assert cgroup.enter(Limits(memory_mb=128, processes=16), str(root)) is True
    mine = root / f"quizzer-{os.getpid()}"
    assert int((mine / "memory.max").read_text()) == (128 + 64) << 20
    assert (mine / "memory.swap.max").read_text() == "0" and (mine / "pids.max").read_text() == "16"
    assert (mine / "cgroup.procs").read_text() == "0"  # this process moved in (the kernel reads "0" as the writer)
