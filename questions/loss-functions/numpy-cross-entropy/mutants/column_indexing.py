import numpy as np


def log_softmax(z):
    s = z - np.max(z, axis=1, keepdims=True)
    return s - np.log(np.sum(np.exp(s), axis=1, keepdims=True))


def cross_entropy(logits, labels):
    m = logits.shape[0]
    log_p = log_softmax(logits)
    return float(-np.mean(log_p[:, labels]))


def cross_entropy_grad(logits, labels):
    m = logits.shape[0]
    grad = np.exp(log_softmax(logits))
    grad[:, labels] -= 1.0
    return grad / m
