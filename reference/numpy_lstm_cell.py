"""Reference: one forward step of an LSTM cell, the seed's layout (float64)."""

import numpy as np


def sigmoid(x):
    # Split by sign so neither branch overflows in exp.
    out = np.empty_like(x, dtype=np.float64)
    positive = x >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-x[positive]))
    exp_x = np.exp(x[~positive])
    out[~positive] = exp_x / (1.0 + exp_x)
    return out


def lstm_cell_forward(x_t, h_prev, c_prev, params):
    """h_next, c_next for inputs (m, n_x), state (m, n_h), params [Wf, bf, Wi, bi, Wo, bo, Wc, bc].

    Each W is (n_h + n_x, n_h) and acts on concat(h_prev, x_t) along axis 1; each b is (1, n_h).
    """
    Wf, bf, Wi, bi, Wo, bo, Wc, bc = params
    concat = np.concatenate((h_prev, x_t), axis=1)
    f_t = sigmoid(concat @ Wf + bf)
    i_t = sigmoid(concat @ Wi + bi)
    o_t = sigmoid(concat @ Wo + bo)
    c_tilde = np.tanh(concat @ Wc + bc)
    c_next = f_t * c_prev + i_t * c_tilde
    h_next = o_t * np.tanh(c_next)
    return h_next, c_next
