"""Tests for numpy-softmax: shapes and axes, huge and tiny logits, shift invariance, inputs untouched."""

import numpy as np

from quizzer.core.suite import Test

SHIFT = 1000.0  # exp(1000) overflows float64: an unshifted exp turns this into inf / inf


def _both(test, x, axis=None, tag=""):
    """Observe softmax and log_softmax of x (axis passed positionally when given)."""
    args = (x,) if axis is None else (x, axis)
    where = "" if axis is None else f", axis={axis}"
    test.call("softmax", *args, label=f"softmax{tag}{where}")
    test.call("log_softmax", *args, label=f"log_softmax{tag}{where}")


def _shift_invariant(observations):
    """softmax(x) and softmax(x + c) agree (observations: softmax(x), softmax(x + c))."""
    base, shifted = observations[0]["result"], observations[1]["result"]
    if not (isinstance(base, np.ndarray) and isinstance(shifted, np.ndarray) and base.shape == shifted.shape):
        return "softmax(x) and softmax(x + c) should be arrays of the same shape"
    if not np.all(np.isfinite(shifted)):
        return "softmax(x + c) has NaN or inf for a large constant c"
    if not np.allclose(base, shifted, rtol=1e-9, atol=1e-12):
        return "softmax(x + c) differs from softmax(x): adding a constant to every logit must not change softmax"
    return None


def _sums_to_one(observations):
    probs = observations[0]["result"]
    if not isinstance(probs, np.ndarray) or not np.all(np.isfinite(probs)):
        return "softmax returned NaN or inf"
    if not np.allclose(probs.sum(axis=-1), 1.0, rtol=0, atol=1e-12):
        return "a row of softmax does not sum to 1"
    if np.any(probs < 0):
        return "softmax returned a negative probability"
    return None


def tests(rng):
    example = np.random.default_rng(0)
    first = Test("example: 2 x 3 logits, default axis", visible=True)
    _both(first, np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]))
    second = Test("example: 4 x 5 logits, axis=0", visible=True)
    _both(second, example.standard_normal((4, 5)), axis=0)

    hidden = []
    for shape, axis in [((7,), None), ((1, 6), None), ((5, 3), -1), ((3, 8), 1), ((6, 2), 0), ((2, 3, 4), 1), ((2, 3, 4), 0)]:
        test = Test(f"shape {shape}" + ("" if axis is None else f", axis={axis}"))
        _both(test, rng.standard_normal(shape) * 3.0, axis=axis)
        hidden.append(test)

    test = Test("single class: softmax is 1, log_softmax is 0")
    _both(test, rng.standard_normal((4, 1)))
    hidden.append(test)

    test = Test("huge logits (around +1000): no overflow")
    _both(test, 1000.0 + rng.standard_normal((3, 5)) * 10.0)
    hidden.append(test)

    test = Test("tiny logits (around -1000): no 0/0")
    _both(test, -1000.0 + rng.standard_normal((3, 5)) * 10.0)
    hidden.append(test)

    test = Test("rows on very different scales (one near +1e4, one near -1e4)")
    x = rng.standard_normal((4, 6))
    x[0] += 1e4
    x[2] -= 1e4
    _both(test, x)
    hidden.append(test)

    test = Test("logits spread over thousands: log_softmax stays finite where softmax underflows")
    x = rng.standard_normal((3, 5)) * 500.0
    _both(test, x)
    _both(test, x.T.copy(), axis=0, tag=" (transposed)")
    hidden.append(test)

    test = Test("shift invariance: softmax(x) == softmax(x + c)", compare=False, check=_shift_invariant)
    x = rng.standard_normal((3, 4))
    test.call("softmax", x, label="softmax(x)")
    test.call("softmax", x + SHIFT, label="softmax(x + c)")
    hidden.append(test)

    test = Test("every row sums to 1, no negative entries", compare=False, check=_sums_to_one)
    test.call("softmax", rng.standard_normal((6, 9)) * 50.0, label="softmax")
    hidden.append(test)
    return [first, second] + hidden
