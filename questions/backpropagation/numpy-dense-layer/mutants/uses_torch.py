import numpy as np
import torch


def dense_forward(x, W, b):
    return x @ W + b


def dense_backward(dy, x, W):
    dx = dy @ W.T
    dW = x.T @ dy
    db = np.sum(dy, axis=0)
    return dx, dW, db
