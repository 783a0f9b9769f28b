import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def tanh(x):
    return np.tanh(x)


def lstm_cell_forward(x_t, h_prev, c_prev, params):
    Wf, bf, Wi, bi, Wo, bo, Wc, bc = params
    concat = np.concatenate((h_prev, x_t), axis=1)
    f_t = sigmoid(np.dot(concat, Wf) + bf)
    i_t = sigmoid(np.dot(concat, Wi) + bi)
    o_t = sigmoid(np.dot(concat, Wo) + bo)
    c_tilde = tanh(np.dot(concat, Wc) + bc)
    c_next = i_t * c_prev + f_t * c_tilde
    h_next = o_t * tanh(c_next)
    return h_next, c_next
