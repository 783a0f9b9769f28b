import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def lstm_cell_forward(x_t, h_prev, c_prev, params):
    """One LSTM step in the interview notes' layout (see numpy-lstm-cell): returns (h_next, c_next)."""
    Wf, bf, Wi, bi, Wo, bo, Wc, bc = params
    # TODO: your LSTM cell (or paste your numpy-lstm-cell solution)
    raise NotImplementedError


def lstm_sequence(x, h0, c0, params):
    """Run the LSTM cell over a sequence.

    x: (T, m, n_x), time first; h0, c0: (m, n_h); params: [Wf, bf, Wi, bi, Wo, bo, Wc, bc],
    each W (n_h + n_x, n_h) acting on concat(h_prev, x_t), each b (1, n_h).
    Returns (hs, h_n, c_n): hs (T, m, n_h) with hs[t] the hidden state after step t,
    and the final states h_n, c_n (m, n_h). float64. Do not modify the inputs.
    """
    # TODO
    raise NotImplementedError
