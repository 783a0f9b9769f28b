"""Tests for numpy-attention-backward: non-square shapes, d_k != d_v, masks, causal, fully masked rows, huge scores, properties."""

import numpy as np

from quizzer.core.suite import Test

NAMES = ("dQ", "dK", "dV")


def _case(rng, b, n_q, n_k, d_k, d_v, scale=1.0):
    return (rng.standard_normal((b, n_q, d_k)) * scale, rng.standard_normal((b, n_k, d_k)) * scale,
            rng.standard_normal((b, n_k, d_v)), rng.standard_normal((b, n_q, d_v)))


def _keep(rng, b, n_q, n_k, keep=0.6):
    """A random keep-mask with at least one True in every query row."""
    mask = rng.random((b, n_q, n_k)) < keep
    for item in range(b):
        mask[item, np.arange(n_q), rng.integers(0, n_k, size=n_q)] = True
    return mask


def _grad(test, case, mask=None, label="attention_backward"):
    test.call("attention_backward", *case, mask, label=label, names=NAMES)
    return test


def _sums(observations, case, mask):
    """Properties on the submission's own gradients: dK sums to 0 over keys; dV sums to dout over live queries."""
    dQ, dK, dV = observations[0]["result"]
    if not np.allclose(dK.sum(axis=1), 0.0, atol=1e-9):
        return "dK summed over the keys is not 0 (every row of dS must sum to 0)"
    live = mask.any(axis=-1, keepdims=True)
    if not np.allclose(dV.sum(axis=1), (case[3] * live).sum(axis=1), atol=1e-9):
        return "dV summed over the keys is not dout summed over the queries that see a key"
    return None


def tests(rng):
    Q = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    K = np.array([[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]])
    V = np.array([[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]])
    dout = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    visible = [
        _grad(Test("example: (1, 2, 2) queries, 3 keys, no mask", visible=True), (Q, K, V, dout)),
        _grad(Test("example: a mask with a fully masked query", visible=True), (Q, K, V, dout), np.array([[[True, False, True], [False, False, False]]])),
    ]
    hidden = []
    for b, n_q, n_k, d_k, d_v in [(1, 1, 1, 1, 1), (2, 3, 5, 4, 2), (1, 4, 4, 3, 3), (3, 2, 6, 5, 1), (2, 5, 3, 2, 4)]:
        test = Test(f"no mask: b={b}, n_q={n_q}, n_k={n_k}, d_k={d_k}, d_v={d_v}")
        hidden.append(_grad(test, _case(rng, b, n_q, n_k, d_k, d_v, scale=1.5)))
    for b, n_q, n_k, d_k, d_v in [(2, 4, 5, 3, 2), (1, 6, 3, 4, 5)]:
        test = Test(f"random mask: b={b}, n_q={n_q}, n_k={n_k}, d_k={d_k}, d_v={d_v}")
        hidden.append(_grad(test, _case(rng, b, n_q, n_k, d_k, d_v, scale=1.5), _keep(rng, b, n_q, n_k)))
    causal = np.broadcast_to(np.tril(np.ones((5, 5), dtype=bool)), (2, 5, 5)).copy()
    hidden.append(_grad(Test("causal mask: b=2, n=5, d_k=4, d_v=3"), _case(rng, 2, 5, 5, 4, 3, scale=1.5), causal))

    mask = _keep(rng, 2, 4, 6)
    mask[0, 1] = False
    mask[1, 3] = False
    hidden.append(_grad(Test("fully masked queries: their rows of dQ are 0, and they send nothing to dK, dV"), _case(rng, 2, 4, 6, 3, 2), mask))
    mask = np.zeros((1, 3, 4), dtype=bool)
    mask[0, 0, 2] = True  # a query with a single key: weight 1, so its softmax gradient is 0
    hidden.append(_grad(Test("one query with a single key, two queries with none"), _case(rng, 1, 3, 4, 2, 3), mask))

    test = Test("huge scores (|S| ~ 1e4): no NaN or inf")
    hidden.append(_grad(test, _case(rng, 2, 3, 5, 4, 2, scale=50.0), _keep(rng, 2, 3, 5)))
    test = Test("large but finite scores, where the softmax is not saturated: d_k = 64")
    hidden.append(_grad(test, _case(rng, 1, 4, 7, 64, 3, scale=1.0)))
    test = Test("dout one-hot: the gradient of a single output entry")
    Q2, K2, V2, _ = _case(rng, 1, 3, 4, 3, 2)
    one_hot = np.zeros((1, 3, 2))
    one_hot[0, 1, 0] = 1.0
    hidden.append(_grad(test, (Q2, K2, V2, one_hot)))

    case = _case(rng, 2, 4, 5, 3, 3, scale=1.5)
    mask = _keep(rng, 2, 4, 5)
    mask[1, 0] = False
    test = Test("dK sums to 0 over the keys; dV sums to dout over the queries that see a key", compare=False, check=lambda obs, case=case, mask=mask: _sums(obs, case, mask))
    hidden.append(_grad(test, case, mask))
    return visible + hidden
