"""The judge's own checks on every call: inputs left alone (also inside lists), nothing handed over changed later.

A toy question in a temporary bank: its suite never looks at the arguments, so only the
judge's default checks can catch these bugs.
"""

from __future__ import annotations

import numpy as np
import pytest

from quizzer.core.judge import BankError, judge
from quizzer.core.task import read_task
from quizzer.core.verdicts import Verdict
from quizzer.sandbox.interp import Interpreter
from toybank import make_bank

REFERENCE = '''
import numpy as np


def normalize(x):
    """x divided by its norm."""
    return x / np.linalg.norm(x)


def total(xs):
    """The sum of every array in the list xs."""
    return sum(float(np.sum(x)) for x in xs)


class Momentum:
    """Heavy-ball momentum: buffer = 0.9 * buffer + g, p -= 0.1 * buffer; updates params in place."""

    def __init__(self):
        self.buffers = None

    def step(self, params, grads):
        """One update of every array of params."""
        if self.buffers is None:
            self.buffers = [g.copy() for g in grads]
        else:
            self.buffers = [0.9 * b + g for b, g in zip(self.buffers, grads)]
        for p, b in zip(params, self.buffers):
            p -= 0.1 * b
'''

SUITE = '''
import numpy as np

from quizzer.core.suite import Test


def tests(rng):
    first = Test("normalize")
    first.call("normalize", rng.standard_normal(4))
    second = Test("total of a list")
    second.call("total", [rng.standard_normal(3), rng.standard_normal((2, 2))])
    third = Test("two momentum steps")
    opt = third.new("Momentum")
    for k in (1, 2):
        third.call(f"{opt.name}.step", [rng.standard_normal(3)], [rng.standard_normal(3)], observe=False, observe_args=(0,), label=f"step {k}")
    return [first, second, third]
'''

ENTRIES = '''
[[entries]]
name = "normalize"
type = "function"
signature = "normalize(x)"
params = ["x"]

[[entries]]
name = "total"
type = "function"
signature = "total(xs)"
params = ["xs"]

[[entries]]
name = "Momentum"
type = "class"
signature = "Momentum(); step(params, grads)"
methods = { step = ["params", "grads"] }
mutates = ["step.params"]
'''


@pytest.fixture
def task(tmp_path, monkeypatch):
    folder = make_bank(tmp_path, reference=REFERENCE, suite=SUITE)
    toml = (folder / "question.toml").read_text()
    toml = toml[: toml.index("[[entries]]")] + ENTRIES.lstrip() + toml[toml.index("\n[[mutants]]") :]
    (folder / "question.toml").write_text(toml)
    monkeypatch.setenv("QUIZZER_CONTENT", str(tmp_path))
    return read_task(folder)


def judged(task, source: str):
    return judge(task, source.encode(), seed=0, diagnose=False)


def test_the_reference_keeps_every_promise(task):
    result = judged(task, (task.reference_path).read_text())
    assert result.verdict == Verdict.accepted, result.message


def test_an_input_changed_in_place_fails_naming_it(task):
    source = task.reference_path.read_text().replace("return x / np.linalg.norm(x)", "x /= np.linalg.norm(x)\n    return x")
    result = judged(task, source)
    assert result.verdict == Verdict.wrong_answer
    (failed,) = [t for t in result.tests if t.status != "pass"]
    assert failed.name == "normalize" and "modified its input `x` in place" in failed.message


def test_an_array_inside_a_list_argument_is_checked_too(task):
    source = task.reference_path.read_text().replace("return sum(float(np.sum(x)) for x in xs)", "result = sum(float(np.sum(x)) for x in xs)\n    xs[1][0, 0] = 7.0\n    return result")
    result = judged(task, source)
    (failed,) = [t for t in result.tests if t.status != "pass"]
    assert failed.name == "total of a list" and "modified its input `xs[1]` in place" in failed.message


def test_state_that_is_the_callers_array_is_caught_when_a_later_step_changes_it(task):
    # torch's buf.mul_(m).add_(g) without the first step's clone: step 2 writes into step 1's gradient
    source = task.reference_path.read_text().replace(
        "self.buffers = [g.copy() for g in grads]", "self.buffers = list(grads)"
    ).replace("self.buffers = [0.9 * b + g for b, g in zip(self.buffers, grads)]", "for b, g in zip(self.buffers, grads):\n                b *= 0.9\n                b += g")
    result = judged(task, source)
    (failed,) = [t for t in result.tests if t.status != "pass"]
    assert failed.name == "two momentum steps"
    assert failed.message == "step 2: changed `grads[0]`, the caller's array given to step 1: it kept that array (as its state?) instead of a copy"


def test_a_declared_update_is_allowed_and_an_undeclared_one_is_not(task):
    # params is declared (`mutates = ["step.params"]`): updating it is the point. grads is not.
    source = task.reference_path.read_text().replace("p -= 0.1 * b", "p -= 0.1 * b\n            grads[0] *= 1.0 + 1e-3")
    result = judged(task, source)
    (failed,) = [t for t in result.tests if t.status != "pass"]
    assert "modified its input `grads[0]` in place" in failed.message and "params" not in failed.message


def test_returning_an_input_as_it_is_or_keeping_it_unchanged_is_fine():
    class Layer:
        def forward(self, x):
            self.cache = x  # a cache for backward, as course code keeps it
            return x  # torch's dropout returns its input in eval mode

        def backward(self, dy):
            return dy * self.cache

    interpreter = Interpreter({"Layer": Layer})
    interpreter.run({"op": "new", "cls": "Layer", "args": [], "kwargs": {}, "as": "l"})
    interpreter.run({"op": "call", "fn": "l.forward", "args": [np.ones(3)], "kwargs": {}})
    interpreter.run({"op": "call", "fn": "l.backward", "args": [np.ones(3)], "kwargs": {}})
    assert interpreter.broken == []


def test_a_reference_that_breaks_a_promise_is_a_broken_question(task, tmp_path):
    reference = task.reference_path
    reference.write_text(reference.read_text().replace("return x / np.linalg.norm(x)", "x /= np.linalg.norm(x)\n    return x"))
    with pytest.raises(BankError, match="modified its input `x`"):
        judged(task, reference.read_text())


# -- an argument the caller reuses (`reuses`): what a function keeps of it must be a copy ----------

KEEPER = '''
class Best:
    """Keeps a copy of the array with the largest sum offered so far."""

    def __init__(self):
        self.best, self.kept = float("-inf"), None

    def offer(self, x):
        """Keep x (a copy) if its sum is the largest so far."""
        if x.sum() > self.best:
            self.best, self.kept = float(x.sum()), x.copy()
'''

KEEPER_SUITE = '''
import numpy as np

from quizzer.core.suite import Test


def tests(rng):
    test = Test("three offers, the best kept")
    best = test.new("Best")
    for k, shift in enumerate((1.0, -5.0, -5.0), 1):
        test.call(f"{best.name}.offer", rng.standard_normal(3) + shift, observe=False, label=f"offer {k}")
        test.get(best, "kept", label=f"after offer {k}")
    return [test]
'''

KEEPER_ENTRY = '''
[[entries]]
name = "Best"
type = "class"
signature = "Best(); offer(x)"
methods = { offer = ["x"] }
attributes = ["kept"]
'''


def keeper_task(tmp_path, monkeypatch, declared: bool):
    folder = make_bank(tmp_path, reference=KEEPER, suite=KEEPER_SUITE)
    toml = (folder / "question.toml").read_text()
    entry = KEEPER_ENTRY.lstrip() + ('reuses = ["offer.x"]\n' if declared else "")
    (folder / "question.toml").write_text(toml[: toml.index("[[entries]]")] + entry + toml[toml.index("\n[[mutants]]") :])
    monkeypatch.setenv("QUIZZER_CONTENT", str(tmp_path))
    return read_task(folder)


@pytest.mark.parametrize("declared", [True, False])
def test_keeping_a_copy_of_a_reused_argument_is_accepted(tmp_path, monkeypatch, declared):
    task = keeper_task(tmp_path, monkeypatch, declared)
    assert judged(task, KEEPER).verdict == Verdict.accepted


def test_keeping_the_callers_array_itself_fails_when_the_caller_reuses_it(tmp_path, monkeypatch):
    # An early-stopping helper's `best = weights`: nothing writes to the array in the function, so
    # only a caller that goes on training in place shows it; `reuses` makes the judge that caller.
    aliasing = KEEPER.replace("x.copy()", "x")
    result = judged(keeper_task(tmp_path, monkeypatch, declared=True), aliasing)
    assert result.verdict == Verdict.wrong_answer
    (failed,) = [t for t in result.tests if t.status != "pass"]
    assert "kept after offer 1" in failed.message
    assert judged(keeper_task(tmp_path / "undeclared", monkeypatch, declared=False), aliasing).verdict == Verdict.accepted


def test_the_judges_own_write_into_a_reused_argument_breaks_no_promise():
    class Keeper:
        def keep(self, x, flags):
            self.kept = (x, flags)

    interpreter = Interpreter({"Keeper": Keeper})
    interpreter.run({"op": "new", "cls": "Keeper", "args": [], "kwargs": {}, "as": "k"})

    def step(**reuses):
        return {"op": "call", "fn": "k.keep", "args": [np.zeros(3)], "kwargs": {"flags": np.zeros(2, dtype=bool)}, "observe": False, **reuses}

    interpreter.run(step(reuses=[0, "flags"]))
    x, flags = interpreter.objects["k"].kept
    assert np.array_equal(x, np.ones(3)) and flags.all()  # written after the call: numbers + 1, booleans negated
    interpreter.run(step())  # not reused: left as it was
    x, flags = interpreter.objects["k"].kept
    assert np.array_equal(x, np.zeros(3)) and not flags.any()
    assert interpreter.broken == []  # the caller's own writes are no broken promise


def test_reuses_must_name_a_parameter():
    from pydantic import ValidationError

    from quizzer.core.spec import Entry

    with pytest.raises(ValidationError, match="reuses names 'step.grads', which is not a parameter of Stopper"):
        Entry(name="Stopper", type="class", signature="Stopper(); step(metric, weights)", methods={"step": ["metric", "weights"]}, reuses=["step.grads"])
