"""Reference: batched scaled dot-product attention with a boolean keep-mask (float64)."""

import numpy as np


def masked_softmax(scores, keep):
    """Softmax over the last axis of `scores` using only entries where `keep` is True.

    Rows with no kept entry come out all zeros (not NaN), as torch's
    scaled_dot_product_attention returns them. The row maximum is taken over
    kept entries only, so exp never overflows and a kept entry is exp(0) = 1 at most.
    """
    filled = np.where(keep, scores, -np.inf)
    row_max = np.max(filled, axis=-1, keepdims=True)
    # A fully masked row has max -inf; use 0 there so -inf - max stays -inf, not NaN.
    row_max = np.where(np.isfinite(row_max), row_max, 0.0)
    exps = np.where(keep, np.exp(filled - row_max), 0.0)
    sums = np.sum(exps, axis=-1, keepdims=True)
    return exps / np.where(sums > 0, sums, 1.0)


def scaled_dot_product_attention(Q, K, V, mask=None):
    """(output, weights) of softmax(Q K^T / sqrt(d_k), keep=mask) V.

    Q: (b, n_q, d_k), K: (b, n_k, d_k), V: (b, n_k, d_v); mask: None or bool (b, n_q, n_k),
    True where a query may attend to a key. Returns output (b, n_q, d_v) and weights (b, n_q, n_k).
    """
    d_k = Q.shape[-1]
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(d_k)
    keep = np.ones(scores.shape, dtype=bool) if mask is None else mask
    weights = masked_softmax(scores, keep)
    return weights @ V, weights
