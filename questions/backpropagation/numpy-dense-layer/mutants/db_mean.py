import numpy as np


def dense_forward(x, W, b):
    return x @ W + b


def dense_backward(dy, x, W):
    dx = dy @ W.T
    dW = x.T @ dy
    db = np.mean(dy, axis=0)
    return dx, dW, db
