"""An observed value keeps the value it had when observed, even if a later step updates it in place."""

import numpy as np
import pytest

from quizzer.core.bank import load_bank
from quizzer.core.judge import judge
from quizzer.core.spec import Verdict
from quizzer.sandbox.interp import Interpreter


class _Counter:
    def __init__(self):
        self.w = np.zeros(2)
        self.history = [np.zeros(1)]

    def step(self):
        self.w += 1.0  # in place, like `W1 -= learning_rate * dW1`
        self.history[0] += 1.0
        return self.w


def test_get_result_and_containers_are_snapshots():
    interpreter = Interpreter({"Counter": _Counter})
    interpreter.run({"op": "new", "cls": "Counter", "args": [], "kwargs": {}, "as": "c"})
    first = interpreter.run({"op": "get", "obj": "c", "attrs": ["w", "history"]})
    returned = interpreter.run({"op": "call", "fn": "c.step", "args": [], "kwargs": {}})
    interpreter.run({"op": "call", "fn": "c.step", "args": [], "kwargs": {}, "observe": False})
    assert first["w"].tolist() == [0.0, 0.0] and first["history"][0].tolist() == [0.0]
    assert returned["result"].tolist() == [1.0, 1.0]


def test_in_place_argument_updates_are_observed_per_call():
    def bump(x):
        x += 1.0

    interpreter = Interpreter({"bump": bump})
    x = np.zeros(3)
    step = {"op": "call", "fn": "bump", "args": [x], "kwargs": {}, "observe": False, "observe_args": [0]}
    first = interpreter.run(step)
    interpreter.run(step)
    assert first["arg0"].tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("question_id", ["numpy-simple-nn", "numpy-feedforward-nn"])
def test_in_place_updates_across_several_steps_are_judged_right(question_id):
    """The seed's classes update with `-=`/`+=`; the suites read the weights after each of several steps of one object."""
    question = load_bank().get(question_id)
    source = question.reference_path.read_bytes()
    result = judge(question, source, seed=3)
    assert result.verdict == Verdict.accepted, result.message
