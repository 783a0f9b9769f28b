import numpy as np


def dense_forward(x, W, b):
    return x @ W + b


def dense_backward(dy, x, W):
    dx = dy @ W.T
    dW = x.T @ dy
    db = dy
    return dx, dW, db
