import numpy as np


def dense_forward(x, W, b):
    return x @ W + b


def dense_backward(dy, x, W):
    dx = dy @ W.T
    dW = x.T @ dy
    db = np.sum(dy, axis=0, keepdims=True)
    return dx, dW, db
