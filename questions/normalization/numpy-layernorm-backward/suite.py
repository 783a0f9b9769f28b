"""Tests for numpy-layernorm-backward: normalized_shape of one, two and all axes, optional weight and bias, eps, offsets."""

import numpy as np

from quizzer.core.suite import Test

NAMES = ("dx", "dweight", "dbias")


def _tail(normalized):
    return (normalized,) if isinstance(normalized, int) else normalized


def _case(rng, shape, normalized, weight=True, bias=True, scale=2.0, offset=0.0):
    """dy, x, and a random weight and bias (or None) shaped like normalized_shape."""
    tail = _tail(normalized)
    x = rng.standard_normal(shape) * scale + offset
    return rng.standard_normal(shape), x, rng.standard_normal(tail) if weight else None, rng.standard_normal(tail) if bias else None


def _backward(test, case, normalized, eps=None, label=None):
    dy, x, weight, bias = case
    extra = {} if eps is None else {"eps": eps}
    label = label or f"layer_norm_backward(dy, x, {normalized!r}, ...)"
    test.call("layer_norm_backward", dy, x, normalized, weight, bias, label=label, names=NAMES, **extra)


def tests(rng):
    first = Test("example: 2 x 3, normalized_shape 3, weight and bias", visible=True)
    x = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 8.0]])
    dy = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    _backward(first, (dy, x, np.array([1.0, 2.0, 0.5]), np.zeros(3)), 3)
    x3 = np.arange(12.0).reshape(2, 2, 3) ** 2
    dy3 = np.ones((2, 2, 3))
    dy3[:, 0] = -1.0
    second = Test("example: 2 x 2 x 3, normalized_shape (2, 3)", visible=True)
    _backward(second, (dy3, x3, np.ones((2, 3)), np.zeros((2, 3))), (2, 3))
    third = Test("example: normalized_shape (2, 3), no weight, no bias", visible=True)
    third.call("layer_norm_backward", dy3, x3, (2, 3), label="layer_norm_backward(dy, x, (2, 3))", names=NAMES)

    hidden = []
    cases = [
        ((1, 6), 6, "batch of one"),
        ((6, 4), (4,), "normalized_shape as a 1-tuple"),
        ((3, 7), 7, "more features than rows"),
        ((2, 3, 5), 5, "3-D input, last axis: dweight sums over both leading axes"),
        ((2, 3, 5), (3, 5), "3-D input, normalized_shape (3, 5)"),
        ((2, 3, 4, 5), (4, 5), "4-D input, normalized_shape (4, 5)"),
        ((2, 3, 4, 2), (3, 4, 2), "4-D input, normalized_shape (C, H, W) = (3, 4, 2)"),
        ((3, 4), (3, 4), "normalized_shape is the whole array (no leading axes)"),
        ((5, 1), 1, "slices of one entry: dx = 0"),
    ]
    for shape, normalized, what in cases:
        test = Test(f"{what}: x {shape}, normalized_shape {normalized!r}")
        _backward(test, _case(rng, shape, normalized), normalized)
        hidden.append(test)

    for weight, bias, what in [(False, False, "no weight, no bias"), (True, False, "a weight, no bias"), (False, True, "a bias, no weight")]:
        test = Test(f"{what}: x (3, 2, 4), normalized_shape (2, 4)")
        _backward(test, _case(rng, (3, 2, 4), (2, 4), weight=weight, bias=bias), (2, 4))
        hidden.append(test)

    test = Test("eps = 0.1 as a keyword, on slices of small variance")
    _backward(test, _case(rng, (4, 6), 6, scale=0.1), 6, eps=0.1)
    hidden.append(test)

    test = Test("a constant slice (zero variance): finite")
    dy, x, weight, bias = _case(rng, (3, 2, 3), (2, 3))
    x[1] = 7.0
    _backward(test, (dy, x, weight, bias), (2, 3))
    hidden.append(test)

    test = Test("slices with a large common offset (1e6): no catastrophic cancellation in the variance")
    _backward(test, _case(rng, (3, 8), 8, offset=1e6), 8)
    hidden.append(test)
    return [first, second, third] + hidden
