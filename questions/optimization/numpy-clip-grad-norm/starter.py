import numpy as np


def clip_grad_norm_(grads, max_norm, norm_type=2.0):
    """Scale the arrays of `grads` in place so their total norm is at most about max_norm.

    Returns the total norm of all entries together, measured before clipping, as a float.
    """
    # TODO: total norm over every array; coef = max_norm / (total + 1e-6); scale only if coef < 1
    raise NotImplementedError
