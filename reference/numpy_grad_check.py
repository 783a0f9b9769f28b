"""Reference: numerical gradient by central differences, and the relative error of two gradients (float64)."""

import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    """d f / d x at x, one coordinate at a time: (f(x + eps e_i) - f(x - eps e_i)) / (2 eps); shape of x.

    Perturbs copies, so x itself is never changed.
    """
    x = np.asarray(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += eps
        minus[index] -= eps
        grad[index] = (f(plus) - f(minus)) / (2.0 * eps)
    return grad


def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||) with Euclidean norms over all entries; 0.0 when both are zero."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denominator == 0.0 else float(np.linalg.norm(a - b) / denominator)
