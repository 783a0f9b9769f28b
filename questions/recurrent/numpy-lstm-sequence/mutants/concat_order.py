import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-np.clip(x, -500, 500)))


def lstm_cell_forward(x_t, h_prev, c_prev, params):
    Wf, bf, Wi, bi, Wo, bo, Wc, bc = params
    concat = np.concatenate((x_t, h_prev), axis=1)
    f_t = sigmoid(concat @ Wf + bf)
    i_t = sigmoid(concat @ Wi + bi)
    o_t = sigmoid(concat @ Wo + bo)
    c_tilde = np.tanh(concat @ Wc + bc)
    c_next = f_t * c_prev + i_t * c_tilde
    h_next = o_t * np.tanh(c_next)
    return h_next, c_next


def lstm_sequence(x, h0, c0, params):
    h, c = h0, c0
    hs = []
    for t in range(x.shape[0]):
        h, c = lstm_cell_forward(x[t], h, c, params)
        hs.append(h)
    return np.stack(hs), h, c
