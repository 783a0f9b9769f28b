import numpy as np


def cross_entropy(logits, labels):
    """Mean softmax cross-entropy over the batch, as a Python float.

    logits: (m, C) float64; labels: (m,) int64 class indices in [0, C).
    Must stay finite for huge logits (1e4). Do not modify the inputs.
    """
    raise NotImplementedError


def cross_entropy_grad(logits, labels):
    """d cross_entropy / d logits, a float64 array of shape (m, C)."""
    raise NotImplementedError
