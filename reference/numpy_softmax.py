"""Reference: numerically stable softmax and log-softmax along an axis (float64)."""

import numpy as np


def log_softmax(x, axis=-1):
    """log softmax(x) along `axis`: x - max - log(sum(exp(x - max))), same shape as x.

    Subtracting the per-slice max makes the largest exponent exp(0) = 1, so the
    sum is in [1, n] and neither overflows nor underflows to 0.
    """
    x = np.asarray(x, dtype=np.float64)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def softmax(x, axis=-1):
    """softmax(x) along `axis`, same shape as x; each slice along `axis` sums to 1."""
    x = np.asarray(x, dtype=np.float64)
    exps = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return exps / np.sum(exps, axis=axis, keepdims=True)
