"""Tests for numpy-embedding: ids of 1 to 3 axes, repeated and unused ids, padding_idx (also negative), calls in sequence, init."""

import numpy as np

from quizzer.core.suite import Test


def _layer(test, rng, num, dim, padding_idx=None):
    """A layer whose weight the test sets to random values (the padding row too: torch looks it up as it is)."""
    layer = test.new("Embedding", num, dim) if padding_idx is None else test.new("Embedding", num, dim, padding_idx)
    test.set(layer, weight=rng.standard_normal((num, dim)))
    return layer


def _forward_backward(test, rng, layer, ids, dim, tag=""):
    test.method(layer, "forward", ids, label=f"forward(ids of shape {ids.shape}){tag}")
    test.method(layer, "backward", rng.standard_normal(ids.shape + (dim,)), label=f"backward(dout){tag}")


def _initialised_like_torch(num, dim, padding_row):
    def check(observations):
        weight = observations[0]["weight"]
        if type(weight) is not np.ndarray or weight.shape != (num, dim) or weight.dtype != np.float64:
            return f"weight should be a float64 array of shape {(num, dim)}"
        others = np.delete(weight, [] if padding_row is None else [padding_row], axis=0)
        if padding_row is not None and np.any(weight[padding_row]):
            return f"the padding row (padding_idx -> row {padding_row}) should start as zeros"
        if not np.all(np.isfinite(others)) or abs(others.mean()) > 0.15 or not 0.85 < others.std() < 1.15:
            return f"weight should be drawn from N(0, 1) (mean {others.mean():.3f}, std {others.std():.3f})"
        return None

    return check


def tests(rng):
    visible = []
    test = Test("example: (2, 2) ids into a 5 x 3 table, then backward with a repeated id", visible=True)
    layer = test.new("Embedding", 5, 3)
    test.set(layer, weight=np.arange(15.0).reshape(5, 3))
    test.method(layer, "forward", np.array([[0, 2], [2, 4]]), label="forward(ids)")
    dout = np.ones((2, 2, 3))
    dout[1, 0] = 0.5
    test.method(layer, "backward", dout, label="backward(dout)")
    visible.append(test)
    test = Test("example: padding_idx=-1 (the last row)", visible=True)
    layer = test.new("Embedding", 4, 2, -1)
    test.set(layer, weight=np.arange(8.0).reshape(4, 2))
    test.method(layer, "forward", np.array([3, 1, 3]), label="forward(ids)")
    test.method(layer, "backward", np.ones((3, 2)), label="backward(dout)")
    visible.append(test)

    hidden = []
    for padding_idx, row, what in [(None, None, "no padding"), (3, 3, "padding_idx 3"), (-2, 98, "padding_idx -2")]:
        test = Test(f"initial weight ({what}): float64, N(0, 1), the padding row zeros", compare=False, check=_initialised_like_torch(100, 8, row))
        layer = test.new("Embedding", 100, 8) if padding_idx is None else test.new("Embedding", 100, 8, padding_idx)
        test.get(layer, "weight", label="weight after Embedding(...)")
        hidden.append(test)

    cases = [
        (6, 3, None, np.array([4]), "one id"),
        (6, 3, None, np.array([2, 2, 2, 2]), "the same id four times"),
        (8, 4, None, rng.integers(0, 8, size=12), "12 ids from 8: repeats"),
        (5, 2, None, np.array([[1, 1, 3], [0, 1, 1]]), "(B, T) = (2, 3), id 1 four times, ids 2 and 4 unused"),
        (50, 3, None, rng.integers(0, 50, size=(2, 3)), "a vocabulary of 50, 6 ids: most rows unused"),
        (6, 2, None, rng.integers(0, 6, size=(2, 3, 4)), "3-D ids (2, 3, 4)"),
        (7, 3, 0, np.array([[0, 2, 0, 5], [3, 0, 0, 2]]), "padding_idx 0, padding in both sequences"),
        (7, 3, 4, rng.integers(0, 7, size=(3, 5)), "padding_idx 4"),
        (7, 3, -3, np.array([[4, 4, 1], [6, 4, 0]]), "padding_idx -3 (row 4)"),
        (5, 2, 2, np.array([0, 1, 3]), "padding_idx 2, not among the ids"),
    ]
    for num, dim, padding_idx, ids, what in cases:
        test = Test(f"{what}: table {num} x {dim}")
        _forward_backward(test, rng, _layer(test, rng, num, dim, padding_idx), ids, dim)
        hidden.append(test)

    test = Test("two forwards, then backward: the gradient of the last forward")
    layer = _layer(test, rng, 6, 3)
    test.method(layer, "forward", np.array([0, 1, 1]), label="forward(first ids)")
    _forward_backward(test, rng, layer, np.array([[5, 3], [3, 2]]), 3, tag=", second")
    hidden.append(test)

    test = Test("backward twice: each call returns its own gradient (no accumulation), weight unchanged")
    layer = _layer(test, rng, 5, 4, 1)
    ids = np.array([1, 3, 3, 0])
    test.method(layer, "forward", ids, label="forward(ids)")
    test.method(layer, "backward", rng.standard_normal((4, 4)), label="backward(dout), first")
    test.method(layer, "backward", rng.standard_normal((4, 4)), label="backward(dout), second")
    test.get(layer, "weight", label="weight after both backward calls")
    hidden.append(test)
    return visible + hidden
