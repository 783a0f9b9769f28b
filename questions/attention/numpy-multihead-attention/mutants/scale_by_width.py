import numpy as np


def softmax_masked(s, keep):
    s = np.where(keep, s, -np.inf)
    m = s.max(axis=-1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    e = np.where(keep, np.exp(s - m), 0.0)
    total = e.sum(axis=-1, keepdims=True)
    return e / np.where(total > 0, total, 1.0)


def multihead_attention(x, params, num_heads, mask=None, causal=False):
    b, n, width = x.shape
    d = width // num_heads
    q = (x @ params["W_q"] + params["b_q"]).reshape(b, n, num_heads, d).transpose(0, 2, 1, 3)
    k = (x @ params["W_k"] + params["b_k"]).reshape(b, n, num_heads, d).transpose(0, 2, 1, 3)
    v = (x @ params["W_v"] + params["b_v"]).reshape(b, n, num_heads, d).transpose(0, 2, 1, 3)
    keep = np.ones((n, n), dtype=bool) if mask is None else mask
    if causal:
        keep = keep & np.tril(np.ones((n, n), dtype=bool))
    keep = np.broadcast_to(keep, (b, n, n))[:, None]
    weights = softmax_masked(q @ k.transpose(0, 1, 3, 2) / np.sqrt(width), keep)
    out = (weights @ v).transpose(0, 2, 1, 3).reshape(b, n, width)
    return out @ params["W_o"] + params["b_o"], weights
