import numpy as np


def sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def bce_with_logits(logits, targets):
    x, y = logits, targets
    losses = x - x * y + np.log(1 + np.exp(-x))
    return float(np.sum(losses) / x.size)


def bce_with_logits_grad(logits, targets):
    x, y = logits, targets
    return (sigmoid(x) - y) / x.size
