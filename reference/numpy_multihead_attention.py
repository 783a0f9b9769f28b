"""Reference: multi-head self-attention forward with given projections, as nn.MultiheadAttention (float64)."""

import numpy as np


def multihead_attention(x, params, num_heads, mask=None, causal=False):
    """Self-attention of x (b, n, width) with `num_heads` heads; returns (output (b, n, width), weights (b, heads, n, n)).

    params: W_q, W_k, W_v, W_o of shape (width, width) acting as x @ W, and b_q, b_k, b_v, b_o of shape (width,).
    Head i owns the columns i*d:(i+1)*d of the projections (d = width / num_heads). mask: None, (n, n) or
    (b, n, n) bool, True = may attend; causal also hides keys after the query. A query that may attend to
    nothing gets zero weights, so its output row is b_o.
    """
    b, n, width = x.shape
    d = width // num_heads

    def split(name):
        y = x @ params["W_" + name] + params["b_" + name]
        return y.reshape(b, n, num_heads, d).transpose(0, 2, 1, 3)  # (b, heads, n, d)

    q, k, v = split("q"), split("k"), split("v")
    keep = np.ones((b, n, n), dtype=bool) if mask is None else np.broadcast_to(mask, (b, n, n))
    if causal:
        keep = keep & np.tril(np.ones((n, n), dtype=bool))
    keep = keep[:, None]  # the same mask for every head
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d)
    row_max = np.max(np.where(keep, scores, -np.inf), axis=-1, keepdims=True)
    # A fully masked row has max -inf: its shifted scores are +inf, replaced by -inf, so exp gives 0.
    e = np.exp(np.where(keep, scores - row_max, -np.inf))
    total = np.sum(e, axis=-1, keepdims=True)
    weights = np.divide(e, total, out=np.zeros_like(e), where=total > 0)
    heads = (weights @ v).transpose(0, 2, 1, 3).reshape(b, n, width)
    return heads @ params["W_o"] + params["b_o"], weights
