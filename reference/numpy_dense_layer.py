"""Reference: a dense (fully connected) layer y = x W + b, forward and backward (float64)."""

import numpy as np


def dense_forward(x, W, b):
    """y = x @ W + b. x: (m, n_in), W: (n_in, n_out), b: (n_out,) -> y: (m, n_out)."""
    return np.asarray(x, dtype=np.float64) @ W + b


def dense_backward(dy, x, W):
    """Gradients of a scalar loss given dy = dL/dy (m, n_out): (dx (m, n_in), dW (n_in, n_out), db (n_out,)).

    y_ij = sum_k x_ik W_kj + b_j, so dL/dx = dy W^T, dL/dW = x^T dy, and b is added to
    every row, so its gradient sums dy over the batch.
    """
    dy = np.asarray(dy, dtype=np.float64)
    return dy @ W.T, x.T @ dy, dy.sum(axis=0)
