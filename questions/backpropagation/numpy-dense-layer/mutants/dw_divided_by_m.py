import numpy as np


def dense_forward(x, W, b):
    return x @ W + b


def dense_backward(dy, x, W):
    dx = dy @ W.T
    m = x.shape[0]
    dW = x.T @ dy / m
    db = np.sum(dy, axis=0) / m
    return dx, dW, db
