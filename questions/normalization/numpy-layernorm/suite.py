"""Tests for numpy-layernorm: forward and backward apart, 2-D and 3-D inputs, eps, large offsets."""

import numpy as np

from quizzer.core.suite import Test


def _case(rng, shape, scale=2.0, offset=0.0):
    d = shape[-1]
    x = rng.standard_normal(shape) * scale + offset
    return x, rng.standard_normal(d), rng.standard_normal(d), rng.standard_normal(shape)


def _both(test, case, eps=None, tag=""):
    x, gamma, beta, dy = case
    extra = () if eps is None else (eps,)
    where = "" if eps is None else f", eps={eps:g}"
    test.call("layernorm_forward", x, gamma, beta, *extra, label=f"layernorm_forward{where}{tag}")
    test.call("layernorm_backward", dy, x, gamma, *extra, label=f"layernorm_backward{where}{tag}", names=("dx", "dgamma", "dbeta"))


def tests(rng):
    first = Test("example: 2 x 3 input, gamma = 1, beta = 0", visible=True)
    x = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 8.0]])
    _both(first, (x, np.ones(3), np.zeros(3), np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])))
    second = Test("example: 4 x 5 input, random gamma and beta", visible=True)
    _both(second, _case(np.random.default_rng(0), (4, 5)))

    hidden = []
    for shape in [(1, 4), (6, 3), (3, 6), (2, 3, 5), (2, 2, 2, 4)]:
        test = Test(f"shape {shape}")
        _both(test, _case(rng, shape))
        hidden.append(test)

    test = Test("eps passed positionally (eps=0.01) on rows of small variance")
    _both(test, _case(rng, (4, 6), scale=0.05), eps=1e-2)
    hidden.append(test)

    test = Test("d = 1: every row normalizes to 0, y = beta")
    _both(test, _case(rng, (5, 1)))
    hidden.append(test)

    test = Test("a constant row (zero variance): finite")
    x, gamma, beta, dy = _case(rng, (3, 4))
    x[1] = 7.0
    _both(test, (x, gamma, beta, dy))
    hidden.append(test)

    test = Test("rows with a large common offset (1e6): no catastrophic cancellation in the variance")
    _both(test, _case(rng, (3, 8), offset=1e6))
    hidden.append(test)
    return [first, second] + hidden
