"""Tests for numpy-dropout: training and eval, forward and backward, several p and shapes."""

import numpy as np

from quizzer.core.suite import Test


def _case(rng, shape, p):
    return rng.standard_normal(shape), rng.random(shape) >= p, rng.standard_normal(shape)


def _both(test, case, p, training):
    x, mask, dy = case
    mode = "training" if training else "eval"
    test.call("dropout_forward", x, mask, p, training, label=f"dropout_forward ({mode}, p={p})")
    test.call("dropout_backward", dy, mask, p, training, label=f"dropout_backward ({mode}, p={p})")


def tests(rng):
    x = np.array([[1.0, 2.0, 3.0, 4.0]])
    mask = np.array([[True, False, True, True]])
    dy = np.array([[0.5, 0.5, -1.0, 2.0]])
    first = Test("example: training, p = 0.5", visible=True)
    _both(first, (x, mask, dy), 0.5, True)
    second = Test("example: eval, p = 0.5 (the mask is ignored)", visible=True)
    _both(second, (x, mask, dy), 0.5, False)

    hidden = []
    for shape, p in [((1,), 0.5), ((10,), 0.2), ((4, 6), 0.5), ((5, 3), 0.9), ((2, 3, 4), 0.3)]:
        test = Test(f"training, shape {shape}, p={p}")
        _both(test, _case(rng, shape, p), p, True)
        hidden.append(test)
    for shape, p in [((6,), 0.5), ((3, 4), 0.8)]:
        test = Test(f"eval, shape {shape}, p={p}")
        _both(test, _case(rng, shape, p), p, False)
        hidden.append(test)

    test = Test("p = 0: training keeps everything, unscaled")
    _both(test, _case(rng, (3, 5), 0.0), 0.0, True)
    hidden.append(test)

    test = Test("training then eval on the same input")
    case = _case(rng, (4, 4), 0.25)
    _both(test, case, 0.25, True)
    _both(test, case, 0.25, False)
    hidden.append(test)
    return [first, second] + hidden
