"""PyTorch operations a torch question may reasonably use work inside the sandbox, as they do outside it."""

from __future__ import annotations

import pytest

from quizzer import paths
from quizzer.core.bank import load_bank
from quizzer.core.judge import judge

pytestmark = [pytest.mark.torch, pytest.mark.slow]  # a torch child: about 5 s


def test_float16_autocast_runs_in_the_sandboxed_child():
    """float16 matmuls under CPU autocast need cpuinfo, which reads /proc and /sys: the child inherits it from the judge."""
    question = load_bank().get("torch-mixed-precision-step")
    source = (paths.reference_dir() / question.spec.reference).read_bytes()
    result = judge(question, source, seed=0)
    assert result.verdict.value == "accepted", result.message


def test_a_torch_zygote_leaves_no_cache_folder_in_the_hosts_tmp():
    """Importing torch._dynamo makes `$TMPDIR/torchinductor_<user>`; a zygote's TMPDIR is the host's /tmp."""
    import getpass
    from pathlib import Path

    from quizzer.sandbox.zygote import Zygote

    folder = Path("/tmp") / f"torchinductor_{getpass.getuser()}"
    if folder.exists():
        folder.rmdir()  # empty: only ever made by an import (rmdir refuses anything else)
    question = load_bank().get("torch-weight-tying")
    with Zygote() as zygote:
        result = judge(question, (paths.reference_dir() / question.spec.reference).read_bytes(), seed=0, spawner=zygote.spawn)
    assert result.verdict.value == "accepted", result.message
    assert not folder.exists()
