"""Tests for numpy-attention: shapes, masks (random, causal, fully masked rows), scale, extreme scores."""

import numpy as np

from quizzer.core.suite import Test

NAMES = ("output", "weights")


def _qkv(rng, b, n_q, n_k, d_k, d_v, scale=1.0):
    Q = rng.standard_normal((b, n_q, d_k)) * scale
    K = rng.standard_normal((b, n_k, d_k)) * scale
    V = rng.standard_normal((b, n_k, d_v))
    return Q, K, V


def _random_mask(rng, b, n_q, n_k, keep=0.6):
    """A boolean keep-mask with at least one True per query row."""
    mask = rng.random((b, n_q, n_k)) < keep
    rows = np.arange(n_q)
    for batch in range(b):
        mask[batch, rows, rng.integers(0, n_k, size=n_q)] = True
    return mask


def _causal(b, n):
    return np.broadcast_to(np.tril(np.ones((n, n), dtype=bool)), (b, n, n)).copy()


def _attend(test, Q, K, V, mask, label="scaled_dot_product_attention"):
    test.call("scaled_dot_product_attention", Q, K, V, mask, label=label, names=NAMES)


def _weights_are_distributions(observations, mask):
    """Property on the submission's own weights: finite, >= 0, zero where masked, rows sum to 1 (or 0 if fully masked)."""
    output, weights = observations[0]["result"]
    if not (np.all(np.isfinite(output)) and np.all(np.isfinite(weights))):
        return "output or weights contain NaN or inf on large scores"
    if np.any(weights < 0) or np.any(weights[~mask] != 0):
        return "weights are negative or non-zero where the mask is False"
    sums = weights.sum(axis=-1)
    want = mask.any(axis=-1).astype(float)
    if not np.allclose(sums, want, atol=1e-12):
        return "a row of weights does not sum to 1 (or to 0 for a fully masked row)"
    return None


def _batch_equals_items(observations):
    output, weights = observations[0]["result"]
    for item, observed in enumerate(observations[1:]):
        o, w = observed["result"]
        if not (np.allclose(o, output[item : item + 1], rtol=1e-12, atol=1e-14) and np.allclose(w, weights[item : item + 1], rtol=1e-12, atol=1e-14)):
            return f"batch item {item} run alone differs from the same item inside the batch"
    return None


def tests(rng):
    example = np.random.default_rng(0)
    visible = [Test("example: b=1, n_q=2, n_k=3, d_k=4, d_v=2, no mask", visible=True), Test("example: b=2, causal mask, n=3, d_k=2, d_v=4", visible=True)]
    _attend(visible[0], *_qkv(example, 1, 2, 3, 4, 2), None)
    _attend(visible[1], *_qkv(example, 2, 3, 3, 2, 4), _causal(2, 3))

    hidden = []
    for b, n_q, n_k, d_k, d_v in [(1, 1, 1, 1, 1), (3, 4, 6, 5, 2), (2, 7, 3, 8, 4), (1, 5, 9, 3, 6)]:
        test = Test(f"no mask: b={b}, n_q={n_q}, n_k={n_k}, d_k={d_k}, d_v={d_v}")
        _attend(test, *_qkv(rng, b, n_q, n_k, d_k, d_v), None)
        hidden.append(test)
    for b, n_q, n_k, d_k, d_v in [(2, 4, 5, 3, 3), (3, 6, 2, 4, 1), (1, 3, 7, 6, 5)]:
        test = Test(f"random mask: b={b}, n_q={n_q}, n_k={n_k}, d_k={d_k}, d_v={d_v}")
        _attend(test, *_qkv(rng, b, n_q, n_k, d_k, d_v), _random_mask(rng, b, n_q, n_k))
        hidden.append(test)

    test = Test("causal mask: b=2, n=5")
    _attend(test, *_qkv(rng, 2, 5, 5, 4, 3), _causal(2, 5))
    hidden.append(test)

    test = Test("scale is 1/sqrt(d_k) with d_k=16, d_v=3, n_k=5")
    _attend(test, *_qkv(rng, 2, 3, 5, 16, 3), None)
    hidden.append(test)

    test = Test("fully masked query rows give zero weights and zero output")
    mask = _random_mask(rng, 2, 4, 5)
    mask[0, 1] = False
    mask[1, 3] = False
    _attend(test, *_qkv(rng, 2, 4, 5, 3, 2), mask)
    hidden.append(test)

    test = Test("large scores (|q.k| ~ 1e4): no overflow, no NaN")
    _attend(test, *_qkv(rng, 2, 3, 6, 4, 3, scale=60.0), _random_mask(rng, 2, 3, 6))
    hidden.append(test)

    mask = _random_mask(rng, 2, 4, 6)
    mask[1, 2] = False
    test = Test("weights are distributions over kept keys, also on huge scores", compare=False, check=lambda observations, mask=mask: _weights_are_distributions(observations, mask))
    _attend(test, *_qkv(rng, 2, 4, 6, 5, 2, scale=100.0), mask)
    hidden.append(test)

    test = Test("a batch equals its items run one by one", compare=False, check=_batch_equals_items)
    Q, K, V = _qkv(rng, 3, 4, 5, 3, 2)
    mask = _random_mask(rng, 3, 4, 5)
    _attend(test, Q, K, V, mask, label="batch")
    for item in range(3):
        _attend(test, Q[item : item + 1], K[item : item + 1], V[item : item + 1], mask[item : item + 1], label=f"item {item}")
    hidden.append(test)
    return visible + hidden
