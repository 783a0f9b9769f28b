import numpy as np


def sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def bce_with_logits(logits, targets):
    x, y = logits, targets
    p = np.clip(sigmoid(x), 1e-7, 1 - 1e-7)
    losses = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    return float(np.sum(losses) / x.size)


def bce_with_logits_grad(logits, targets):
    x, y = logits, targets
    p = np.clip(sigmoid(x), 1e-7, 1 - 1e-7)
    return (p - y) / x.size
