import numpy as np


def bce_with_logits(logits, targets):
    """Mean binary cross-entropy of sigmoid(logits) against targets, over every element; a Python float.

    logits, targets: float64 arrays of the same shape; targets in [0, 1].
    Must stay finite for logits of any size (1e3 and beyond). Do not modify the inputs.
    """
    raise NotImplementedError


def bce_with_logits_grad(logits, targets):
    """d bce_with_logits / d logits, a float64 array shaped like logits."""
    raise NotImplementedError
