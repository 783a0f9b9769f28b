"""Reference: global gradient-norm clipping, as torch.nn.utils.clip_grad_norm_ (float64)."""

import math

import numpy as np


def clip_grad_norm_(grads, max_norm, norm_type=2.0):
    """Scale every array in `grads` in place so their joint norm is at most about max_norm.

    The total norm is the norm_type-norm of all entries of all arrays together (the norm of the
    per-array norms). Returns it, measured before clipping, as a float.
    """
    norm_type = float(norm_type)
    if math.isinf(norm_type):
        norms = [float(np.max(np.abs(g))) if g.size else 0.0 for g in grads]
        total = max(norms, default=0.0)
    else:
        norms = [float(np.sum(np.abs(g) ** norm_type)) ** (1.0 / norm_type) for g in grads]
        total = float(np.sum(np.array(norms) ** norm_type)) ** (1.0 / norm_type) if norms else 0.0
    # torch adds 1e-6 so a zero norm never divides by zero, and never scales up (coefficient <= 1).
    coef = min(max_norm / (total + 1e-6), 1.0)
    for g in grads:
        g *= coef
        np.clip(g, -5.0, 5.0, out=g)  # and a value clip at 5, as in clip_grad_value_
    return total
