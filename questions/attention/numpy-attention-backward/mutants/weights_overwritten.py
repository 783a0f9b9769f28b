import numpy as np


def attention_backward(Q, K, V, dout, mask=None):
    scale = 1.0 / np.sqrt(Q.shape[-1])
    S = Q @ np.swapaxes(K, -1, -2) * scale
    keep = np.ones(S.shape, dtype=bool) if mask is None else mask
    S = np.where(keep, S, -np.inf)
    m = S.max(axis=-1, keepdims=True)
    A = np.where(keep, np.exp(S - np.where(np.isfinite(m), m, 0.0)), 0.0)
    s = A.sum(axis=-1, keepdims=True)
    A /= np.where(s > 0, s, 1.0)
    dA = dout @ np.swapaxes(V, -1, -2)
    A *= dA - (dA * A).sum(axis=-1, keepdims=True)  # A now holds dS / scale
    dS = A * scale
    dV = np.swapaxes(A, -1, -2) @ dout
    return dS @ K, np.swapaxes(dS, -1, -2) @ Q, dV
