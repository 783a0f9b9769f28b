"""A tiny bank of one coding question, written into a temporary folder, for tests of the judge's mechanisms."""

from __future__ import annotations

import textwrap
from pathlib import Path

MAX_ABS = '''
import numpy as np


def max_abs(x):
    """The largest magnitude in x."""
    return float(np.max(np.abs(x)))
'''

SUITE = '''
import numpy as np

from quizzer.core.suite import Test


def tests(rng):
    visible = Test("example", visible=True)
    visible.call("max_abs", np.array([1.0, -0.5, 2.0]))
    hidden = Test("three random numbers")
    hidden.call("max_abs", rng.standard_normal(3))
    return [visible, hidden]
'''

STARTER = '''
def max_abs(x):
    raise NotImplementedError
'''

WRONG = {
    "half.py": ("import numpy as np\n\ndef max_abs(x):\n    return float(np.max(np.abs(x))) / 2\n", "wrong_answer", "halves the answer"),
    "syntax.py": ("def max_abs(x)\n    return 0\n", "syntax_error", "a colon is missing"),
    "missing.py": ("def maxabs(x):\n    return 0.0\n", "interface_error", "misspells the name"),
    "torch.py": ("import torch\n\ndef max_abs(x):\n    return 0.0\n", "forbidden_import", "imports torch in a NumPy question"),
}

TOML = '''
id = "toy-max-abs"
title = "Largest magnitude"
topic = "toy"
kind = "coding"
difficulty = "easy"
reference = "toy_max_abs.py"
prompt = "Return the largest absolute value in x as a float."
hints = ["Take np.abs first."]
walkthrough = "float(np.max(np.abs(x))) is the infinity norm."

[[entries]]
name = "max_abs"
type = "function"
signature = "max_abs(x) -> float"
params = ["x"]
'''


def make_bank(root: Path, reference: str = MAX_ABS, suite: str = SUITE, mutants: dict | None = None, extra_toml: str = "") -> Path:
    """Write the toy bank under `root` (questions/ and reference/); return the question's folder."""
    folder = root / "questions" / "toy" / "toy-max-abs"
    (folder / "mutants").mkdir(parents=True)
    (root / "reference").mkdir()
    (root / "reference" / "toy_max_abs.py").write_text(textwrap.dedent(reference).lstrip())
    (folder / "suite.py").write_text(textwrap.dedent(suite).lstrip())
    (folder / "starter.py").write_text(STARTER.lstrip())
    toml = TOML.lstrip()
    for name, (source, verdict, bug) in {**WRONG, **(mutants or {})}.items():
        (folder / "mutants" / name).write_text(source)
        toml += f'\n[[mutants]]\nfile = "{name}"\nverdict = "{verdict}"\nbug = "{bug}"\n'
    (folder / "question.toml").write_text(toml + extra_toml)
    return folder
