import numpy as np


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    """One GRU step, exactly as torch.nn.GRUCell.

    x: (m, n_x), h: (m, n_h), float64.
    W_ih: (3 n_h, n_x), W_hh: (3 n_h, n_h), b_ih: (3 n_h,), b_hh: (3 n_h,);
    rows stacked as (reset r, update z, new n), as torch's weight_ih, weight_hh, bias_ih, bias_hh.
    Returns h_next: (m, n_h), float64. Do not modify the inputs.
    """
    n_h = h.shape[1]
    # TODO: r, z = sigmoid(...); n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn)); h_next = (1 - z) * n + z * h
    raise NotImplementedError
