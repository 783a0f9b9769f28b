import numpy as np


def l2_loss(params, data_loss, lam):
    """data_loss plus the L2 penalty (lam / 2) * sum of squared entries of every weight; a float.

    params: dict of float64 arrays; keys starting with "W" are weights (regularized),
    keys starting with "b" are biases (not regularized).
    """
    raise NotImplementedError


def l2_grads(params, grads, lam):
    """A new dict with the same keys as grads: the gradients of l2_loss given the data-loss gradients.

    Do not modify params or grads.
    """
    raise NotImplementedError
