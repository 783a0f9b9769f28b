import numpy as np
import torch


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    W_ir, W_iz, W_in = np.split(W_ih, 3)
    W_hr, W_hz, W_hn = np.split(W_hh, 3)
    b_ir, b_iz, b_in = np.split(b_ih, 3)
    b_hr, b_hz, b_hn = np.split(b_hh, 3)
    r = sigmoid(x @ W_ir.T + b_ir + h @ W_hr.T + b_hr)
    z = sigmoid(x @ W_iz.T + b_iz + h @ W_hz.T + b_hz)
    n = np.tanh(x @ W_in.T + b_in + r * (h @ W_hn.T + b_hn))
    return (1 - z) * n + z * h
