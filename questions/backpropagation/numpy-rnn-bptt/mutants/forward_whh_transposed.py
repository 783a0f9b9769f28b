import numpy as np


def rnn_forward(x, h0, Wxh, Whh, bh):
    T = x.shape[0]
    hs = np.zeros((T,) + h0.shape)
    h = h0
    for t in range(T):
        h = np.tanh(x[t] @ Wxh + h @ Whh.T + bh)
        hs[t] = h
    return hs


def rnn_backward(dhs, x, h0, Wxh, Whh, bh):
    hs = rnn_forward(x, h0, Wxh, Whh, bh)
    T = x.shape[0]
    dWxh = np.zeros_like(Wxh)
    dWhh = np.zeros_like(Whh)
    dbh = np.zeros_like(bh)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        h_prev = hs[t - 1] if t > 0 else h0
        dh = dhs[t] + dh_next
        da = dh * (1 - hs[t] ** 2)
        dWxh += x[t].T @ da
        dWhh += h_prev.T @ da
        dbh += da.sum(axis=0)
        dh_next = da @ Whh.T
    return dWxh, dWhh, dbh, dh_next
