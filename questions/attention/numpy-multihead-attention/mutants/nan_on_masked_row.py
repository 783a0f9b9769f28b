import numpy as np


def multihead_attention(x, params, num_heads, mask=None, causal=False):
    b, n, width = x.shape
    d = width // num_heads

    def heads(t):
        return t.reshape(b, n, num_heads, d).transpose(0, 2, 1, 3)

    q = heads(x @ params["W_q"] + params["b_q"])
    k = heads(x @ params["W_k"] + params["b_k"])
    v = heads(x @ params["W_v"] + params["b_v"])
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d)
    keep = np.ones((b, n, n), dtype=bool)
    if mask is not None:
        keep = keep & mask
    if causal:
        keep = keep & np.tril(np.ones((n, n), dtype=bool))
    scores = np.where(keep[:, None], scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(scores)
    weights = e / e.sum(axis=-1, keepdims=True)
    out = (weights @ v).transpose(0, 2, 1, 3).reshape(b, n, width)
    return out @ params["W_o"] + params["b_o"], weights
