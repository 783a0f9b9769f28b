"""Tests for numpy-dense-layer: forward, then each gradient, square and non-square, batch of 1."""

import numpy as np

from quizzer.core.suite import Test


def _case(rng, m, n_in, n_out):
    x = rng.standard_normal((m, n_in))
    W = rng.standard_normal((n_in, n_out))
    b = rng.standard_normal(n_out)
    dy = rng.standard_normal((m, n_out))
    return x, W, b, dy


def _layer(test, case, tag=""):
    x, W, b, dy = case
    test.call("dense_forward", x, W, b, label=f"dense_forward{tag}")
    test.call("dense_backward", dy, x, W, label=f"dense_backward{tag}", names=("dx", "dW", "db"))


def _batch_grad_is_sum_of_rows(observations):
    """observations: backward on the batch, then on each row alone; dW and db add up over rows."""
    batch = observations[0]["result"]
    rows = [o["result"] for o in observations[1:]]
    try:
        dW_sum = sum(np.asarray(r[1]) for r in rows)
        db_sum = sum(np.asarray(r[2]) for r in rows)
        same = np.allclose(batch[1], dW_sum, rtol=1e-9, atol=1e-12) and np.allclose(batch[2], db_sum, rtol=1e-9, atol=1e-12)
    except (TypeError, ValueError, IndexError):
        return "dense_backward should return (dx, dW, db) arrays"
    if not same:
        return "dW and db of a batch should be the sums of the per-row dW and db (the loss gradient dy already carries any mean)"
    return None


def tests(rng):
    example = np.random.default_rng(0)
    first = Test("example: batch of 1, n_in=3, n_out=2", visible=True)
    _layer(first, (np.array([[1.0, 2.0, 3.0]]), np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]), np.array([0.5, -0.5]), np.array([[1.0, -1.0]])))
    second = Test("example: batch of 4, n_in=3, n_out=5", visible=True)
    _layer(second, _case(example, 4, 3, 5))

    hidden = []
    for m, n_in, n_out in [(1, 1, 1), (1, 5, 2), (6, 2, 7), (8, 5, 3), (3, 4, 4), (16, 9, 1)]:
        test = Test(f"batch of {m}, n_in={n_in}, n_out={n_out}")
        _layer(test, _case(rng, m, n_in, n_out))
        hidden.append(test)

    test = Test("square weights (n_in == n_out == m): a transposed gradient still differs")
    _layer(test, _case(rng, 4, 4, 4))
    hidden.append(test)

    test = Test("dW and db of a batch are sums over its rows", compare=False, check=_batch_grad_is_sum_of_rows)
    x, W, b, dy = _case(rng, 3, 4, 2)
    test.call("dense_backward", dy, x, W, label="batch")
    for row in range(3):
        test.call("dense_backward", dy[row : row + 1], x[row : row + 1], W, label=f"row {row}")
    hidden.append(test)
    return [first, second] + hidden
