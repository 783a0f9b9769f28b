import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class LSTMCell:
    """One LSTM step in the interview notes' layout, with its backward pass.

    params: [Wf, bf, Wi, bi, Wo, bo, Wc, bc]; each W (n_h + n_x, n_h) acts on
    concat(h_prev, x_t) along axis 1 (h_prev first); each b is (1, n_h).
    """

    def __init__(self, params):
        self.params = params

    def forward(self, x_t, h_prev, c_prev):
        """x_t (m, n_x), h_prev and c_prev (m, n_h) -> (h_next, c_next), each (m, n_h).

        Keep on self whatever backward needs (a cache).
        """
        # TODO
        raise NotImplementedError

    def backward(self, dh_next, dc_next):
        """Gradients of the loss, given dL/dh_next and dL/dc_next (each (m, n_h)), for the last forward call.

        Returns (dx, dh_prev, dc_prev, dparams): dx (m, n_x), dh_prev (m, n_h), dc_prev (m, n_h),
        dparams = [dWf, dbf, dWi, dbi, dWo, dbo, dWc, dbc] shaped like params, summed over the batch.
        """
        # TODO
        raise NotImplementedError
