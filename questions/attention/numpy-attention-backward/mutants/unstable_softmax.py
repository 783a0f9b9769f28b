import numpy as np


def attention_backward(Q, K, V, dout, mask=None):
    scale = 1.0 / np.sqrt(Q.shape[-1])
    S = Q @ np.swapaxes(K, -1, -2) * scale
    e = np.exp(S)
    if mask is not None:
        e = e * mask
    total = e.sum(axis=-1, keepdims=True)
    A = np.divide(e, total, out=np.zeros_like(e), where=total > 0)
    dV = np.swapaxes(A, -1, -2) @ dout
    dA = dout @ np.swapaxes(V, -1, -2)
    dS = A * (dA - (dA * A).sum(axis=-1, keepdims=True)) * scale
    return dS @ K, np.swapaxes(dS, -1, -2) @ Q, dV
