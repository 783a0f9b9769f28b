"""Reference: an LSTM cell (the interview notes' layout) with a cached forward pass and its backward pass (float64)."""

import numpy as np


def sigmoid(x):
    """Logistic function, split by sign so exp never overflows."""
    out = np.empty_like(x, dtype=np.float64)
    positive = x >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-x[positive]))
    exp_x = np.exp(x[~positive])
    out[~positive] = exp_x / (1.0 + exp_x)
    return out


class LSTMCell:
    """One LSTM step with params [Wf, bf, Wi, bi, Wo, bo, Wc, bc]: W (n_h + n_x, n_h) on concat(h_prev, x_t), b (1, n_h)."""

    def __init__(self, params):
        self.params = [np.array(p, dtype=np.float64) for p in params]
        self.cache = None

    def forward(self, x_t, h_prev, c_prev):
        """(h_next, c_next), each (m, n_h); keeps what backward needs."""
        Wf, bf, Wi, bi, Wo, bo, Wc, bc = self.params
        concat = np.concatenate((h_prev, x_t), axis=1)
        f = sigmoid(concat @ Wf + bf)
        i = sigmoid(concat @ Wi + bi)
        o = sigmoid(concat @ Wo + bo)
        c_tilde = np.tanh(concat @ Wc + bc)
        c_next = f * c_prev + i * c_tilde
        tanh_c = np.tanh(c_next)
        self.cache = (concat, c_prev, f, i, o, c_tilde, tanh_c, h_prev.shape[1])
        return o * tanh_c, c_next

    def backward(self, dh_next, dc_next):
        """(dx, dh_prev, dc_prev, dparams) for upstream gradients dL/dh_next and dL/dc_next of the last forward.

        dparams = [dWf, dbf, dWi, dbi, dWo, dbo, dWc, dbc], summed over the batch.
        """
        concat, c_prev, f, i, o, c_tilde, tanh_c, n_h = self.cache
        Wf, _, Wi, _, Wo, _, Wc, _ = self.params
        # c_next reaches the loss directly (dc_next) and through h_next = o * tanh(c_next).
        dc = dc_next  # the caller's array itself
        dc += dh_next * o * (1.0 - tanh_c**2)
        # Pre-activation gradients: sigmoid' = s (1 - s), tanh' = 1 - t^2, both from the cached outputs.
        da_f = dc * c_prev * f * (1.0 - f)
        da_i = dc * c_tilde * i * (1.0 - i)
        da_o = dh_next * tanh_c * o * (1.0 - o)
        da_c = dc * i * (1.0 - c_tilde**2)
        dparams = []
        dconcat = np.zeros_like(concat)
        for da, W in [(da_f, Wf), (da_i, Wi), (da_o, Wo), (da_c, Wc)]:
            dparams += [concat.T @ da, da.sum(axis=0, keepdims=True)]
            dconcat += da @ W.T
        return dconcat[:, n_h:], dconcat[:, :n_h], dc * f, dparams
