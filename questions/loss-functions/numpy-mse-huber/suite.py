"""Tests for numpy-mse-huber: each loss and gradient apart, shapes, both Huber branches, the kink, delta."""

import numpy as np

from quizzer.core.suite import Test


def _case(rng, shape, scale=2.0):
    return rng.standard_normal(shape) * scale, rng.standard_normal(shape) * scale


def _mse(test, pred, target):
    test.call("mse", pred, target, label="mse")
    test.call("mse_grad", pred, target, label="mse_grad")


def _huber(test, pred, target, delta=None):
    extra = () if delta is None else (delta,)
    where = "" if delta is None else f", delta={delta}"
    test.call("huber", pred, target, *extra, label=f"huber{where}")
    test.call("huber_grad", pred, target, *extra, label=f"huber_grad{where}")


def tests(rng):
    pred = np.array([0.5, 2.0, -1.0, 4.0])
    target = np.array([0.0, 0.0, 0.0, 1.0])
    first = Test("example: mse of 4 predictions", visible=True)
    _mse(first, pred, target)
    second = Test("example: huber of the same 4 predictions, default delta 1.0", visible=True)
    _huber(second, pred, target)

    hidden = []
    for shape in [(1,), (9,), (5, 3), (2, 3, 4)]:
        test = Test(f"mse, shape {shape}")
        _mse(test, *_case(rng, shape))
        hidden.append(test)
    for shape in [(1,), (9,), (5, 3), (2, 3, 4)]:
        test = Test(f"huber, shape {shape}, default delta")
        _huber(test, *_case(rng, shape))
        hidden.append(test)
    for delta in [0.5, 2.0, 3.7]:
        test = Test(f"huber, delta={delta} passed positionally, residuals on both sides of it")
        _huber(test, *_case(rng, (6, 4), scale=delta * 1.5), delta)
        hidden.append(test)

    test = Test("huber: residuals exactly +-delta (the two branches meet)")
    delta = 2.0
    _huber(test, np.array([[2.0, -2.0, 0.0], [1.0, 3.0, -3.0]]), np.zeros((2, 3)), delta)
    hidden.append(test)

    test = Test("huber: only the quadratic branch (all |d| < delta)")
    pred, target = _case(rng, (3, 5), scale=0.1)
    _huber(test, pred, target, 5.0)
    hidden.append(test)

    test = Test("huber: only the linear branch (large residuals)")
    pred, target = _case(rng, (3, 5), scale=1e3)
    _huber(test, pred, target, 1.5)
    hidden.append(test)

    test = Test("mse: large residuals")
    _mse(test, *_case(rng, (4, 2), scale=1e3))
    hidden.append(test)
    return [first, second] + hidden
