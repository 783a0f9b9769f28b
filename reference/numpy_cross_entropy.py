"""Reference: softmax cross-entropy from logits and integer labels, mean over the batch (float64)."""

import numpy as np


def _log_softmax(logits):
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def cross_entropy(logits, labels):
    """Mean over the batch of -log softmax(logits)[i, labels[i]]; a Python float.

    logits: (m, C) float64; labels: (m,) integers in [0, C).
    """
    logits = np.asarray(logits, dtype=np.float64)
    m = logits.shape[0]
    return float(-np.mean(_log_softmax(logits)[np.arange(m), labels]))


def cross_entropy_grad(logits, labels):
    """d loss / d logits = (softmax(logits) - onehot(labels)) / m, shape (m, C)."""
    logits = np.asarray(logits, dtype=np.float64)
    m = logits.shape[0]
    grad = np.exp(_log_softmax(logits))
    grad[np.arange(m), labels] -= 1.0
    return grad / m
