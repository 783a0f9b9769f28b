"""Tests for numpy-lstm-cell: batches, shapes, seeds, saturation, and gate-by-gate isolation."""

import numpy as np

from quizzer.core.suite import Test

BIG = 30.0  # a bias this large saturates a sigmoid gate to 0 or 1 (to ~1e-13)


def _params(rng, n_x, n_h, scale=1.0):
    weights = [rng.standard_normal((n_h + n_x, n_h)) * scale for _ in range(4)]
    biases = [rng.standard_normal((1, n_h)) * scale for _ in range(4)]
    Wf, Wi, Wo, Wc = weights
    bf, bi, bo, bc = biases
    return [Wf, bf, Wi, bi, Wo, bo, Wc, bc]


def _case(rng, m, n_x, n_h, scale=1.0):
    x = rng.standard_normal((m, n_x)) * scale
    h = rng.standard_normal((m, n_h)) * scale
    c = rng.standard_normal((m, n_h)) * scale
    return x, h, c, _params(rng, n_x, n_h, scale)


def _forward(test, case, label):
    x, h, c, params = case
    test.call("lstm_cell_forward", x, h, c, params, label=label, names=("h_next", "c_next"))


def _isolating(rng, gate, m=3, n_x=2, n_h=4):
    """Inputs where every gate but `gate` is pinned open (bias +BIG) so only `gate` shapes the output."""
    x, h, c, params = _case(rng, m, n_x, n_h)
    names = ["forget", "input", "output", "candidate"]
    for index, name in enumerate(names[:3]):
        if name != gate:
            params[2 * index] = np.zeros_like(params[2 * index])
            params[2 * index + 1] = np.full_like(params[2 * index + 1], BIG)
    return x, h, c, params


def _rows_match_batch(observations):
    (h_all, c_all) = observations[0]["result"]
    for row, observed in enumerate(observations[1:]):
        h_row, c_row = observed["result"]
        if not (np.allclose(h_row, h_all[row : row + 1], rtol=1e-10, atol=1e-12) and np.allclose(c_row, c_all[row : row + 1], rtol=1e-10, atol=1e-12)):
            return f"row {row} run alone differs from the same row inside the batch"
    return None


def tests(rng):
    example = np.random.default_rng(0)
    visible = [Test("example: batch of 1, n_x=3, n_h=5", visible=True), Test("example: batch of 4, n_x=2, n_h=3", visible=True)]
    _forward(visible[0], _case(example, 1, 3, 5), "lstm_cell_forward")
    _forward(visible[1], _case(example, 4, 2, 3), "lstm_cell_forward")

    hidden = []
    for m, n_x, n_h in [(1, 1, 1), (1, 4, 2), (5, 3, 7), (8, 6, 3), (2, 9, 9)]:
        test = Test(f"batch of {m}, n_x={n_x}, n_h={n_h}")
        _forward(test, _case(rng, m, n_x, n_h), "lstm_cell_forward")
        hidden.append(test)
    for gate in ["forget", "input", "output"]:
        test = Test(f"{gate} gate isolated (other gates pinned open)")
        _forward(test, _isolating(rng, gate), f"with only the {gate} gate free")
        hidden.append(test)

    test = Test("large pre-activations (saturated gates, no overflow)")
    _forward(test, _case(rng, 4, 3, 5, scale=40.0), "lstm_cell_forward")
    hidden.append(test)

    test = Test("n_x != n_h: concat is (h_prev, x_t) in that order")
    _forward(test, _case(rng, 3, 5, 2), "lstm_cell_forward")
    hidden.append(test)

    test = Test("a batch equals its rows run one by one", compare=False, check=_rows_match_batch)
    x, h, c, params = _case(rng, 4, 3, 4)
    test.call("lstm_cell_forward", x, h, c, params, label="batch")
    for row in range(4):
        test.call("lstm_cell_forward", x[row : row + 1], h[row : row + 1], c[row : row + 1], params, label=f"row {row}")
    hidden.append(test)
    return visible + hidden
