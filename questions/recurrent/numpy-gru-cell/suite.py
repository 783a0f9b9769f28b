"""Tests for numpy-gru-cell: shapes, saturation, and gate-by-gate isolation (z pinned, r pinned)."""

import numpy as np

from quizzer.core.suite import Test

BIG = 40.0  # a bias this large saturates a sigmoid gate to 0 or 1 (to ~1e-18)


def _case(rng, m, n_x, n_h, scale=1.0):
    x = rng.standard_normal((m, n_x)) * scale
    h = rng.standard_normal((m, n_h)) * scale
    W_ih = rng.standard_normal((3 * n_h, n_x)) * scale
    W_hh = rng.standard_normal((3 * n_h, n_h)) * scale
    b_ih = rng.standard_normal(3 * n_h) * scale
    b_hh = rng.standard_normal(3 * n_h) * scale
    return [x, h, W_ih, W_hh, b_ih, b_hh]


def _pin(case, gate, value):
    """Pin gate 'r' (rows 0:n_h) or 'z' (rows n_h:2n_h) to 0 or 1: zero its weights, bias -BIG or +BIG."""
    x, h, W_ih, W_hh, b_ih, b_hh = case
    n_h = h.shape[1]
    rows = slice(0, n_h) if gate == "r" else slice(n_h, 2 * n_h)
    W_ih[rows] = 0.0
    W_hh[rows] = 0.0
    b_ih[rows] = BIG if value == 1 else -BIG
    b_hh[rows] = 0.0
    return case


def _step(test, case, label="gru_cell"):
    test.call("gru_cell", *case, label=label)


def _rows_match_batch(observations):
    whole = observations[0]["result"]
    for row, observed in enumerate(observations[1:]):
        if not np.allclose(observed["result"], whole[row : row + 1], rtol=1e-12, atol=1e-14):
            return f"row {row} run alone differs from the same row inside the batch"
    return None


def tests(rng):
    example = np.random.default_rng(0)
    visible = [Test("example: batch of 1, n_x=3, n_h=5", visible=True), Test("example: batch of 4, n_x=2, n_h=3", visible=True)]
    _step(visible[0], _case(example, 1, 3, 5))
    _step(visible[1], _case(example, 4, 2, 3))

    hidden = []
    for m, n_x, n_h in [(1, 1, 1), (1, 4, 2), (5, 3, 7), (8, 6, 3), (2, 9, 9)]:
        test = Test(f"batch of {m}, n_x={n_x}, n_h={n_h}")
        _step(test, _case(rng, m, n_x, n_h))
        hidden.append(test)

    test = Test("update gate z pinned to 1: h_next == h (the old state is kept)")
    _step(test, _pin(_case(rng, 3, 4, 5), "z", 1), label="gru_cell with z = 1")
    hidden.append(test)
    test = Test("update gate z pinned to 0: h_next == n (the candidate)")
    _step(test, _pin(_case(rng, 3, 4, 5), "z", 0), label="gru_cell with z = 0")
    hidden.append(test)
    test = Test("z = 0 and reset gate r = 1: n = tanh(W_in x + b_in + W_hn h + b_hn)")
    _step(test, _pin(_pin(_case(rng, 4, 3, 4), "z", 0), "r", 1), label="gru_cell with z = 0, r = 1")
    hidden.append(test)
    test = Test("z = 0 and reset gate r = 0: n = tanh(W_in x + b_in), b_hn is reset too")
    _step(test, _pin(_pin(_case(rng, 4, 3, 4), "z", 0), "r", 0), label="gru_cell with z = 0, r = 0")
    hidden.append(test)

    test = Test("large pre-activations (saturated gates, no overflow)")
    _step(test, _case(rng, 4, 3, 5, scale=30.0))
    hidden.append(test)

    test = Test("n_x != n_h: W_ih is (3 n_h, n_x), used transposed")
    _step(test, _case(rng, 3, 7, 2))
    hidden.append(test)

    test = Test("a batch equals its rows run one by one", compare=False, check=_rows_match_batch)
    x, h, *weights = _case(rng, 4, 3, 4)
    test.call("gru_cell", x, h, *weights, label="batch")
    for row in range(4):
        test.call("gru_cell", x[row : row + 1], h[row : row + 1], *weights, label=f"row {row}")
    hidden.append(test)
    return visible + hidden
