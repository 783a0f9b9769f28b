import numpy as np


def rnn_forward(x, h0, Wxh, Whh, bh):
    """Vanilla tanh RNN over a sequence: h_t = tanh(x_t @ Wxh + h_{t-1} @ Whh + bh).

    x: (T, m, n_x), h0: (m, n_h), Wxh: (n_x, n_h), Whh: (n_h, n_h), bh: (n_h,); float64.
    Returns hs: (T, m, n_h), hs[t] = h_t (h_{-1} is h0).
    """
    # TODO
    raise NotImplementedError


def rnn_backward(dhs, x, h0, Wxh, Whh, bh):
    """Backpropagation through time.

    dhs: (T, m, n_h), dhs[t] = the gradient of the loss with respect to h_t coming directly from
    the loss (not through later steps). Returns (dWxh, dWhh, dbh, dh0), shaped like Wxh, Whh, bh, h0:
    total gradients, summed over time steps and batch rows (no averaging).
    Do not modify the inputs.
    """
    # TODO: recompute the forward pass, then walk t = T-1 .. 0 carrying the gradient into h_{t-1}
    raise NotImplementedError
