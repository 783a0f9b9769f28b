import numpy as np


def masked_softmax(S, mask):
    S = np.where(mask, S, -np.inf)
    m = S.max(axis=-1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    e = np.where(mask, np.exp(S - m), 0.0)
    s = e.sum(axis=-1, keepdims=True)
    return e / np.where(s > 0, s, 1.0)


def attention_backward(Q, K, V, dout, mask=None):
    d_k = Q.shape[-1]
    if mask is None:
        mask = np.ones((Q.shape[0], Q.shape[1], K.shape[1]), dtype=bool)
    A = masked_softmax(Q @ K.transpose(0, 2, 1) / np.sqrt(d_k), mask)
    dV = A.transpose(0, 2, 1) @ dout
    dA = dout @ V.transpose(0, 2, 1)
    dS = A * dA
    dS = dS / np.sqrt(d_k)
    return dS @ K, dS.transpose(0, 2, 1) @ Q, dV
