import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def lstm_cell_forward(x_t, h_prev, c_prev, params):
    """One LSTM step.

    x_t: (m, n_x), h_prev: (m, n_h), c_prev: (m, n_h)
    params: [Wf, bf, Wi, bi, Wo, bo, Wc, bc], each W (n_h + n_x, n_h), each b (1, n_h),
            acting on concat(h_prev, x_t) along axis 1.
    Returns (h_next, c_next), each (m, n_h).
    """
    Wf, bf, Wi, bi, Wo, bo, Wc, bc = params
    # TODO: compute the forget, input and output gates and the candidate cell state
    raise NotImplementedError
