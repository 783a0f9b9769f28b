"""Reference: gradients of masked scaled dot-product attention with respect to Q, K and V (float64)."""

import numpy as np


def attention_backward(Q, K, V, dout, mask=None):
    """(dQ, dK, dV) of output = softmax(Q K^T / sqrt(d_k), masked) V, given dout = dL/d output.

    Q (b, n_q, d_k), K (b, n_k, d_k), V (b, n_k, d_v), dout (b, n_q, d_v); mask None or bool
    (b, n_q, n_k), True = may attend. A fully masked query has weights and output 0: no gradient.
    """
    scale = 1.0 / np.sqrt(Q.shape[-1])
    scores = Q @ np.swapaxes(K, -1, -2) * scale
    keep = np.ones_like(scores, dtype=bool) if mask is None else mask
    row_max = np.max(np.where(keep, scores, -np.inf), axis=-1, keepdims=True)
    e = np.exp(np.where(keep, scores - row_max, -np.inf))
    total = np.sum(e, axis=-1, keepdims=True)
    A = np.divide(e, total, out=np.zeros_like(e), where=total > 0)
    dV = np.swapaxes(A, -1, -2) @ dout
    dA = dout @ np.swapaxes(V, -1, -2)
    # softmax's Jacobian, row by row: dS_ij = A_ij (dA_ij - sum_k dA_ik A_ik), times the scale
    dS = A * (dA - np.sum(dA * A, axis=-1, keepdims=True)) * scale
    return dS @ K, np.swapaxes(dS, -1, -2) @ Q, dV
