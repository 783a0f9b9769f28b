"""Forbidden imports are caught however the submission spells them, and only the submission's own."""

from __future__ import annotations

import pytest

from quizzer.core.bank import find_question
from quizzer.core.judge import judge
from quizzer.sandbox.launch import spawn

QUESTION, _ = find_question("numpy-lstm-cell")


@pytest.mark.parametrize(
    "source",
    [
        "import torch\n",
        "from torch import nn\n",
        "t = __import__('torch')\n",
        "import builtins\nm = builtins.__import__('scipy')\n",
        "import importlib\ndef lstm_cell_forward(x_t, h_prev, c_prev, params):\n    importlib.import_module('torch')\n",
    ],
)
def test_forbidden_imports_however_spelled(source):
    assert judge(QUESTION, source.encode(), seed=0, spawner=spawn).verdict == "forbidden_import"


def test_the_standard_library_is_allowed_at_run_time():
    reference = (QUESTION.reference_path).read_text()
    source = "import importlib\njson = importlib.import_module('json')\nimport fractions\n" + reference
    assert judge(QUESTION, source.encode(), seed=0, spawner=spawn).verdict == "accepted"
