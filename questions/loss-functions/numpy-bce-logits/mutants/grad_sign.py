import numpy as np


def sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def bce_with_logits(logits, targets):
    x, y = logits, targets
    losses = np.maximum(x, 0.0) - x * y + np.log1p(np.exp(-np.abs(x)))
    return float(np.sum(losses) / x.size)


def bce_with_logits_grad(logits, targets):
    x, y = logits, targets
    return (y - sigmoid(x)) / x.size
