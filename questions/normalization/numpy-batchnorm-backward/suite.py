"""Tests for numpy-batchnorm-backward: (N, C), sequences and images, one image, eps, a constant channel, offsets."""

import numpy as np

from quizzer.core.suite import Test

NAMES = ("dx", "dweight", "dbias")


def _case(rng, shape, scale=2.0, offset=1.0):
    """dy, x and a random weight (C,)."""
    return rng.standard_normal(shape), rng.standard_normal(shape) * scale + offset, rng.standard_normal(shape[1])


def _backward(test, case, eps=None, label="batch_norm_backward"):
    dy, x, weight = case
    extra = {} if eps is None else {"eps": eps}
    test.call("batch_norm_backward", dy, x, weight, label=label, names=NAMES, **extra)


def tests(rng):
    first = Test("example: (N, C) = (4, 2)", visible=True)
    x = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 10.0], [7.0, 14.0]])
    dy = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
    _backward(first, (dy, x, np.array([1.0, 2.0])))
    second = Test("example: (N, C, H, W) = (2, 2, 2, 2)", visible=True)
    dy4 = np.zeros((2, 2, 2, 2))
    dy4[0, :, 0, 0] = 1.0
    dy4[1, 1] = 0.5
    _backward(second, (dy4, np.arange(16.0).reshape(2, 2, 2, 2), np.ones(2)))

    hidden = []
    cases = [
        ((2, 1), "(N, C): two samples, one channel"),
        ((2, 5), "(N, C): two samples"),
        ((7, 3), "(N, C)"),
        ((16, 4), "(N, C): a larger batch"),
        ((3, 3), "(N, C): as many samples as channels"),
        ((4, 3, 5), "(N, C, L): sequences"),
        ((1, 2, 6), "(N, C, L): one sequence"),
        ((3, 2, 4, 5), "(N, C, H, W): non-square images"),
        ((1, 3, 2, 3), "(N, C, H, W): one image"),
        ((2, 4, 3, 4), "(N, C, H, W): as many columns as channels"),
    ]
    for shape, what in cases:
        test = Test(f"{what}: x {shape}")
        _backward(test, _case(rng, shape))
        hidden.append(test)

    test = Test("eps = 0.1 as a keyword, on channels of small variance: x (3, 2, 2, 3)")
    _backward(test, _case(rng, (3, 2, 2, 3), scale=0.1), eps=0.1, label="batch_norm_backward(..., eps=0.1)")
    hidden.append(test)

    test = Test("a constant channel (zero batch variance): finite")
    dy, x, weight = _case(rng, (3, 3, 2, 2))
    x[:, 1] = 4.0
    _backward(test, (dy, x, weight))
    hidden.append(test)

    test = Test("channels with very different scales (1e-3 and 1e3)")
    dy, x, weight = _case(rng, (6, 2))
    x[:, 0] *= 1e-3
    x[:, 1] = x[:, 1] * 1e3 + 50.0
    _backward(test, (dy, x, weight))
    hidden.append(test)

    test = Test("values with a large common offset (1e6): no catastrophic cancellation in the variance")
    _backward(test, _case(rng, (6, 2, 3), offset=1e6))
    hidden.append(test)
    return [first, second] + hidden
