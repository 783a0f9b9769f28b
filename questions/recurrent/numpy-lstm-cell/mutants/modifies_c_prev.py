import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def lstm_cell_forward(x_t, h_prev, c_prev, params):
    Wf, bf, Wi, bi, Wo, bo, Wc, bc = params
    concat = np.concatenate((h_prev, x_t), axis=1)
    f_t = sigmoid(concat @ Wf + bf)
    i_t = sigmoid(concat @ Wi + bi)
    o_t = sigmoid(concat @ Wo + bo)
    c_tilde = np.tanh(concat @ Wc + bc)
    # Updates the caller's cell state in place to save an allocation.
    c_prev *= f_t
    c_prev += i_t * c_tilde
    h_next = o_t * np.tanh(c_prev)
    return h_next, c_prev
