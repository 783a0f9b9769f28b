"""Tests for numpy-rmsnorm: init, normalized_shape of one, two and all axes, torch's default eps on tiny and zero slices, no weight."""

import numpy as np

from quizzer.core.suite import Test


def _tail(normalized):
    return (normalized,) if isinstance(normalized, int) else normalized


def _layer(test, rng, normalized, *args, affine=True):
    """An RMSNorm with a random weight set (so forgetting it shows)."""
    layer = test.new("RMSNorm", normalized, *args)
    if affine:
        test.set(layer, weight=rng.standard_normal(_tail(normalized)))
    return layer


def _forward_backward(test, rng, layer, x, tag=""):
    test.method(layer, "forward", x, label=f"forward(x){tag}")
    test.method(layer, "backward", rng.standard_normal(x.shape), label=f"backward(dy){tag}", names=("dx", "dweight"))


def tests(rng):
    visible = []
    test = Test("example: RMSNorm(3), a row and a row of zeros", visible=True)
    layer = test.new("RMSNorm", 3)
    test.get(layer, "weight", label="weight after RMSNorm(3)")
    test.method(layer, "forward", np.array([[1.0, 2.0, 2.0], [0.0, 0.0, 0.0]]), label="forward(x)")
    test.method(layer, "backward", np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 1.0]]), label="backward(dy)", names=("dx", "dweight"))
    visible.append(test)
    test = Test("example: entries near 1e-9, default eps and eps=1e-6", visible=True)
    tiny = np.array([1e-9, 2e-9, 2e-9])
    test.method(test.new("RMSNorm", 3), "forward", tiny, label="RMSNorm(3).forward(tiny)")
    test.method(test.new("RMSNorm", 3, 1e-6), "forward", tiny, label="RMSNorm(3, 1e-6).forward(tiny)")
    visible.append(test)
    test = Test("example: normalized_shape (2, 3), no weight", visible=True)
    layer = test.new("RMSNorm", (2, 3), None, False)
    test.get(layer, "weight", label="weight without elementwise_affine")
    test.method(layer, "forward", np.arange(12.0).reshape(2, 2, 3), label="forward(x)")
    test.method(layer, "backward", np.ones((2, 2, 3)), label="backward(dy)", names=("dx", "dweight"))
    visible.append(test)

    hidden = []
    test = Test("initial weight: ones of normalized_shape, None without elementwise_affine")
    test.get(test.new("RMSNorm", 4), "weight", label="weight after RMSNorm(4)")
    test.get(test.new("RMSNorm", (2, 3)), "weight", label="weight after RMSNorm((2, 3))")
    test.get(test.new("RMSNorm", (5,), 1e-5, False), "weight", label="weight after RMSNorm((5,), 1e-5, False)")
    hidden.append(test)

    cases = [
        ((1, 6), 6, "batch of one"),
        ((5, 4), (4,), "normalized_shape as a 1-tuple"),
        ((7,), 7, "1-D input, no leading axes"),
        ((2, 3, 5), 5, "3-D input, last axis: dweight sums over both leading axes"),
        ((2, 3, 5), (3, 5), "3-D input, normalized_shape (3, 5)"),
        ((2, 2, 3, 4), (3, 4), "4-D input, normalized_shape (3, 4)"),
        ((3, 4), (3, 4), "normalized_shape is the whole input"),
    ]
    for shape, normalized, what in cases:
        test = Test(f"{what}: x {shape}, normalized_shape {normalized!r}")
        _forward_backward(test, rng, _layer(test, rng, normalized), rng.standard_normal(shape) * 2)
        hidden.append(test)

    test = Test("no weight (elementwise_affine=False): x (3, 2, 4), normalized_shape (2, 4)")
    _forward_backward(test, rng, _layer(test, rng, (2, 4), None, False, affine=False), rng.standard_normal((3, 2, 4)))
    hidden.append(test)

    test = Test("eps=1e-3 passed positionally, on entries of order 0.03")
    _forward_backward(test, rng, _layer(test, rng, 6, 1e-3), rng.standard_normal((4, 6)) * 0.03)
    hidden.append(test)

    test = Test("entries near 1e-9 with the default eps (float64's machine epsilon)")
    _forward_backward(test, rng, _layer(test, rng, 5), rng.standard_normal((3, 5)) * 1e-9)
    hidden.append(test)

    test = Test("a slice of zeros with the default eps: y = 0, dx = g / sqrt(eps)")
    x = rng.standard_normal((3, 2, 3))
    x[1] = 0.0
    _forward_backward(test, rng, _layer(test, rng, (2, 3)), x)
    hidden.append(test)

    test = Test("entries of 1e100: no overflow in the mean of squares")
    _forward_backward(test, rng, _layer(test, rng, 4), rng.standard_normal((2, 4)) * 1e100)
    hidden.append(test)

    test = Test("two forwards, then backward twice: the last forward's gradient each time, weight unchanged")
    layer = _layer(test, rng, 4)
    test.method(layer, "forward", rng.standard_normal((2, 4)), label="forward(first x)")
    _forward_backward(test, rng, layer, rng.standard_normal((3, 4)) * 3, tag=", second")
    test.method(layer, "backward", rng.standard_normal((3, 4)), label="backward(dy) again", names=("dx", "dweight"))
    test.get(layer, "weight", label="weight after backward")
    hidden.append(test)
    return visible + hidden
