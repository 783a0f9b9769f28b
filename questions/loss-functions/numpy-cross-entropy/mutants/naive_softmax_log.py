import numpy as np


def log_softmax(z):
    e = np.exp(z)
    return np.log(e / np.sum(e, axis=1, keepdims=True))


def cross_entropy(logits, labels):
    m = logits.shape[0]
    log_p = log_softmax(logits)
    return float(-np.mean(log_p[np.arange(m), labels]))


def cross_entropy_grad(logits, labels):
    m = logits.shape[0]
    grad = np.exp(log_softmax(logits))
    grad[np.arange(m), labels] -= 1.0
    return grad / m
