import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    # softmax along the query axis instead of the key axis
    col_max = np.max(scores, axis=1, keepdims=True)
    col_max = np.where(np.isfinite(col_max), col_max, 0.0)
    exps = np.exp(scores - col_max)
    sums = exps.sum(axis=1, keepdims=True)
    weights = exps / np.where(sums > 0, sums, 1.0)
    return weights @ V, weights
