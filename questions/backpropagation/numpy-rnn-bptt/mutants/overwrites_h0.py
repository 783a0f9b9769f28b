"""Reference: a vanilla tanh RNN over a sequence and backpropagation through time (float64)."""

import numpy as np


def rnn_forward(x, h0, Wxh, Whh, bh):
    """Hidden states hs (T, m, n_h) with h_t = tanh(x_t Wxh + h_{t-1} Whh + bh).

    x: (T, m, n_x), h0: (m, n_h), Wxh: (n_x, n_h), Whh: (n_h, n_h), bh: (n_h,).
    """
    hs = np.empty((x.shape[0],) + h0.shape)
    h = h0  # the caller's array, overwritten below
    for step, x_t in enumerate(x):
        h[...] = np.tanh(x_t @ Wxh + h @ Whh + bh)
        hs[step] = h
    return hs


def rnn_backward(dhs, x, h0, Wxh, Whh, bh):
    """(dWxh, dWhh, dbh, dh0) of a loss L whose gradient with respect to each h_t is dhs[t] (T, m, n_h).

    Gradients are sums over time and batch (no averaging). The forward pass is recomputed from the inputs.
    """
    hs = rnn_forward(x, h0, Wxh, Whh, bh)
    dWxh, dWhh, dbh = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(bh)
    dh_next = np.zeros_like(h0)  # gradient reaching h_t from the steps after t
    for step in reversed(range(x.shape[0])):
        h_prev = hs[step - 1] if step > 0 else h0
        da = (dhs[step] + dh_next) * (1.0 - hs[step] ** 2)  # through tanh: d tanh(a) = 1 - tanh(a)^2
        dWxh += x[step].T @ da
        dWhh += h_prev.T @ da
        dbh += da.sum(axis=0)
        dh_next = da @ Whh.T
    return dWxh, dWhh, dbh, dh_next
