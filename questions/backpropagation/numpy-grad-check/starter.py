import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    """Central-difference estimate of the gradient of the scalar function f at x.

    f: takes a float64 array shaped like x, returns a float. x: float64 array of any shape.
    Returns a float64 array shaped like x. x must be unchanged afterwards.
    """
    raise NotImplementedError


def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||) with Euclidean norms over all entries; 0.0 when a and b are both zero."""
    raise NotImplementedError
