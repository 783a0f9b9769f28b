"""The judge's probes and dotted call paths: what a suite can observe of a torch question's objects.

Each probe runs through the interpreter exactly as a test step would, on hand-made objects with the
property and without it, so each assertion fails if the probe stops telling them apart.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

from oracle import SquareOnCtx, SquareSaved

from quizzer.core import suite
from quizzer.sandbox.interp import Interpreter, StepError

pytestmark = pytest.mark.torch


class _Tied(nn.Module):
    def __init__(self, tie: bool, share_storage: bool = False):
        super().__init__()
        self.embedding = nn.Embedding(5, 3)
        self.head = nn.Linear(3, 5, bias=False)
        if tie:
            self.head.weight = self.embedding.weight
        elif share_storage:
            self.head.weight = nn.Parameter(self.embedding.weight.data)  # same memory, two Parameters

    def forward(self, tokens):
        return self.head(self.embedding(tokens))


class _NotAFunction:
    @staticmethod
    def apply(x):
        return x * x


def _observe(namespace: dict, test: suite.Test) -> list:
    """Run a test's steps through one interpreter; the observations, in order."""
    interpreter = Interpreter(namespace)
    return [observation for step in test.steps if (observation := interpreter.run(step)) is not None]


def _probe(namespace: dict, name: str, *args, new: tuple = ()) -> object:
    test = suite.Test("probe")
    if new:
        args = (test.new(*new), *args)
    test.probe(name, *args)
    return _observe(namespace, test)[-1]["result"]


@pytest.mark.parametrize("tie, share, count, same", [(True, False, 15, True), (False, False, 30, False), (False, True, 30, False)])
def test_parameter_count_and_same_parameter_tell_tied_weights_from_copies(tie, share, count, same):
    namespace = {"Model": lambda: _Tied(tie, share)}
    assert _probe(namespace, "parameter_count", new=("Model",)) == count
    assert _probe(namespace, "same_parameter", "embedding.weight", "head.weight", new=("Model",)) is same


def test_gradients_are_observed_by_name_with_none_as_zeros():
    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Linear(2, 1)

        def forward(self, x):
            return self.a(x)

    test = suite.Test("gradients")
    net = test.new("Model")
    test.probe("gradients", net)
    test.method(net, "forward", torch.ones(3, 2), observe=False)
    test.probe("cross_entropy_step", net, torch.ones(3, 2).numpy(), torch.zeros(3, dtype=torch.int64).numpy(), 0.1)
    test.probe("gradients", net)
    before, loss, after = _observe({"Model": Model}, test)
    assert set(before["result"]) == {"a.weight", "a.bias"}
    assert all(not g.any() for g in before["result"].values())
    assert loss["result"] == pytest.approx(0.0)  # one class: cross-entropy 0, gradients 0
    assert all(not g.any() for g in after["result"].values())


def test_cross_entropy_step_is_one_sgd_step_on_the_modules_parameters():
    torch.manual_seed(0)
    model = _Tied(tie=True)
    expected = _Tied(tie=True)
    expected.load_state_dict(model.state_dict())
    tokens = torch.tensor([[0, 1, 2], [3, 4, 0]])
    targets = torch.tensor([[1, 2, 3], [4, 0, 1]])
    loss = _probe({"M": lambda: model}, "cross_entropy_step", tokens.numpy(), targets.numpy(), 0.5, 0.1, new=("M",))
    want = nn.functional.cross_entropy(expected(tokens).reshape(-1, 5), targets.reshape(-1))
    want.backward()
    with torch.no_grad():
        w = expected.embedding.weight
        w -= 0.5 * (w.grad + 0.1 * w)
    assert loss == pytest.approx(want.item())
    torch.testing.assert_close(model.embedding.weight, expected.embedding.weight)


@pytest.mark.parametrize("cls, by_function, saves", [(SquareSaved, True, True), (SquareOnCtx, True, False), (_NotAFunction, False, False)])
def test_autograd_runs_the_function_and_says_whose_backward_it_is(cls, by_function, saves):
    x = torch.tensor([1.0, -2.0, 3.0], dtype=torch.float64).numpy()
    output, grads, made_by, saved = _probe({"Square": cls}, "autograd", "Square", [x], (), [1.0, 10.0, 100.0])
    torch.testing.assert_close(output, torch.tensor([1.0, 4.0, 9.0], dtype=torch.float64))
    torch.testing.assert_close(grads[0], torch.tensor([2.0, -40.0, 600.0], dtype=torch.float64))
    assert (made_by, saved) == (by_function, saves)
    assert x.tolist() == [1.0, -2.0, 3.0]


class _ShiftsInPlace(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        x -= 1.0  # the caller's tensor
        ctx.save_for_backward(x)
        return x.clone()

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output


def test_autograd_hands_the_steps_own_arrays_to_the_function_so_a_change_in_place_shows():
    x = torch.tensor([1.0, 2.0], dtype=torch.float64).numpy()
    _probe({"Shift": _ShiftsInPlace}, "autograd", "Shift", [x])
    assert x.tolist() == [0.0, 1.0]


def test_a_call_or_a_read_may_name_a_path_through_attributes_or_a_class_of_the_module():
    class Holder:
        def __init__(self):
            self.inner = nn.Linear(2, 2)

    test = suite.Test("paths")
    holder = test.new("Holder")
    test.method(holder, "inner.weight.size")
    test.call("Square.apply", torch.tensor([3.0]).numpy(), as_tensors=True)
    test.get(holder, "inner.in_features", "inner.bias")
    sizes, square, read = _observe({"Holder": Holder, "Square": SquareSaved}, test)
    assert sizes["result"] == torch.Size([2, 2])
    assert square["result"].tolist() == [9.0]
    assert read["inner.in_features"] == 2 and read["inner.bias"].shape == (2,)


@pytest.mark.parametrize("fn, probe, message", [("obj0.inner.nothing", False, "no method 'nothing'"), ("obj0.nothing.size", False, "no attribute 'nothing'"),
                                                ("missing.apply", False, "'missing' is not defined"), ("os.system", True, "unknown probe")])
def test_a_path_or_probe_that_does_not_exist_is_an_interface_error(fn, probe, message):
    class Holder:
        def __init__(self):
            self.inner = nn.Linear(2, 2)

    interpreter = Interpreter({"Holder": Holder})
    interpreter.run({"op": "new", "cls": "Holder", "args": [], "kwargs": {}, "as": "obj0"})
    with pytest.raises(StepError, match=message):
        interpreter.run({"op": "call", "fn": fn, "args": [], "kwargs": {}, "probe": probe})
