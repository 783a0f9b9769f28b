"""Reference: one GRU step exactly as torch.nn.GRUCell, weights in torch's layout (float64)."""

import numpy as np


def sigmoid(x):
    """Logistic function, split by sign so exp never overflows."""
    out = np.empty_like(x, dtype=np.float64)
    positive = x >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-x[positive]))
    exp_x = np.exp(x[~positive])
    out[~positive] = exp_x / (1.0 + exp_x)
    return out


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    """h_next (m, n_h) for x (m, n_x), h (m, n_h).

    W_ih (3 n_h, n_x), W_hh (3 n_h, n_h), b_ih and b_hh (3 n_h,), rows stacked as (reset r, update z, new n).
    """
    n_h = h.shape[1]
    gi = x @ W_ih.T + b_ih
    gh = h @ W_hh.T + b_hh
    r = sigmoid(gi[:, :n_h] + gh[:, :n_h])
    z = sigmoid(gi[:, n_h : 2 * n_h] + gh[:, n_h : 2 * n_h])
    # torch applies r to (W_hn h + b_hn), the hidden part *including* its bias.
    n = np.tanh(gi[:, 2 * n_h :] + r * gh[:, 2 * n_h :])
    return (1.0 - z) * n + z * h
