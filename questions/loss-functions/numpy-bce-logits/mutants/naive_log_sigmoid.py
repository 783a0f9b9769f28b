import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def bce_with_logits(logits, targets):
    x, y = logits, targets
    p = 1.0 / (1.0 + np.exp(-x))
    losses = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    return float(np.sum(losses) / x.size)


def bce_with_logits_grad(logits, targets):
    x, y = logits, targets
    return (sigmoid(x) - y) / x.size
