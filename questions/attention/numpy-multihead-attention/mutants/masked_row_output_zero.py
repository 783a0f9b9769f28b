import numpy as np


def multihead_attention(x, params, num_heads, mask=None, causal=False):
    b, n, width = x.shape
    d = width // num_heads

    def heads(t):
        return t.reshape(b, n, num_heads, d).transpose(0, 2, 1, 3)

    q = heads(x @ params["W_q"] + params["b_q"])
    k = heads(x @ params["W_k"] + params["b_k"])
    v = heads(x @ params["W_v"] + params["b_v"])
    keep = np.ones((b, n, n), dtype=bool)
    if mask is not None:
        keep = keep & mask
    if causal:
        keep = keep & np.tril(np.ones((n, n), dtype=bool))
    scores = np.where(keep[:, None], q @ k.transpose(0, 1, 3, 2) / np.sqrt(d), -1e30)
    e = np.exp(scores - scores.max(axis=-1, keepdims=True)) * keep[:, None]
    weights = e / np.maximum(e.sum(axis=-1, keepdims=True), 1e-300)
    out = (weights @ v).transpose(0, 2, 1, 3).reshape(b, n, width)
    out = out @ params["W_o"] + params["b_o"]
    out[~keep.any(axis=-1)] = 0.0  # queries with nothing to attend to output nothing
    return out, weights
