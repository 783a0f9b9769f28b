import numpy as np


def clip_grad_norm_(grads, max_norm, norm_type=2.0):
    if norm_type == float("inf"):
        total = max(np.max(np.abs(g)) for g in grads)
    else:
        total = sum(np.sum(np.abs(g) ** norm_type) for g in grads) ** (1.0 / norm_type)
    coef = max_norm / (total + 1e-6)
    if coef < 1:
        grads = [g * coef for g in grads]
    return float(total)
