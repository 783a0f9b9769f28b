"""Reference: the seed's LSTM cell run over a sequence (float64)."""

import numpy as np


def sigmoid(x):
    """Logistic function, split by sign so exp never overflows."""
    out = np.empty_like(x, dtype=np.float64)
    positive = x >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-x[positive]))
    exp_x = np.exp(x[~positive])
    out[~positive] = exp_x / (1.0 + exp_x)
    return out


def lstm_cell_forward(x_t, h_prev, c_prev, params):
    """One step in the seed's layout: params [Wf, bf, Wi, bi, Wo, bo, Wc, bc], W (n_h + n_x, n_h) on concat(h, x)."""
    Wf, bf, Wi, bi, Wo, bo, Wc, bc = params
    concat = np.concatenate((h_prev, x_t), axis=1)
    f_t = sigmoid(concat @ Wf + bf)
    i_t = sigmoid(concat @ Wi + bi)
    o_t = sigmoid(concat @ Wo + bo)
    c_tilde = np.tanh(concat @ Wc + bc)
    c_next = f_t * c_prev + i_t * c_tilde
    return o_t * np.tanh(c_next), c_next


def lstm_sequence(x, h0, c0, params):
    """(hs, h_n, c_n): hs (T, m, n_h) every hidden state; h_n, c_n (m, n_h) the final state.

    x: (T, m, n_x) time first; h0, c0: (m, n_h); params as in lstm_cell_forward.
    """
    hs = np.empty((x.shape[0],) + h0.shape)
    h, c = h0, c0
    for step, x_t in enumerate(x):
        h, c = lstm_cell_forward(x_t, h, c, params)
        hs[step] = h
    return hs, h, c
