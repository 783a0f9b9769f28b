"""Reference: binary cross-entropy with logits, mean over all elements, and its gradient (float64)."""

import numpy as np


def _sigmoid(x):
    z = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def bce_with_logits(logits, targets):
    """mean(max(x, 0) - x * y + log1p(exp(-|x|))) over every element; a Python float.

    Equal to -mean(y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))), without ever forming
    sigmoid(x) or exp of a positive number.
    """
    x = np.asarray(logits, dtype=np.float64)
    y = np.asarray(targets, dtype=np.float64)
    return float(np.mean(np.maximum(x, 0.0) - x * y + np.log1p(np.exp(-np.abs(x)))))


def bce_with_logits_grad(logits, targets):
    """d loss / d logits = (sigmoid(x) - y) / N, N the number of elements; shape of logits."""
    x = np.asarray(logits, dtype=np.float64)
    y = np.asarray(targets, dtype=np.float64)
    return (_sigmoid(x) - y) / x.size
